"""The render server: a small process, forked (never exec'd) from the session while it is still
single-threaded and holds nothing secret, that forks one renderer per document.

Why not start ``python -m ...`` per render: exec makes a process dumpable again, and until the
new interpreter hardened itself any process of the kiosk's user could open its descriptors in
``/proc`` (or trace it) and read the request, a recovery code or a diary. A process forked
without exec keeps the session's "not dumpable", so neither the server nor a renderer is ever
readable by another process, and the sockets between them are made in processes that are not
dumpable either.

Per render the session sends the server two fresh socket ends: ``data`` (the request in, the
PDF out) and ``status`` (the renderer's pidfd, then its wait status once the server reaped it).
The session cancels a render by SIGKILL through that pidfd, which names that process and no
other. The server dies with the session (PDEATHSIG, and the end of its control socket); each
renderer dies with the server. Linux only.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import select
import signal
import socket
import struct
import threading
from typing import NoReturn

from kiosk.printing.child_process import die_with_parent, forbid_core_dumps, name_process
from kiosk.printing.render_worker import EXIT_FAILED, EXIT_PARENT_GONE, render

# The names /proc shows (at most 15 bytes): a forked process keeps the session's command line.
SERVER_NAME = "kiosk-rendersrv"
RENDERER_NAME = "kiosk-renderer"

PID = struct.Struct("=i")
_RENDER = b"R"
_WARM = b"W"


class RenderServer:
    """The session's end of its render server. ``spawn`` may be called from any thread."""

    def __init__(self, pid: int, control: socket.socket) -> None:
        self.pid = pid
        self._control = control
        self._lock = threading.Lock()

    def spawn(self) -> tuple[socket.socket, socket.socket]:
        """A new renderer: (data, status) sockets; ``status`` first carries its pidfd."""
        data, their_data = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        status, their_status = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            with self._lock:
                socket.send_fds(
                    self._control,
                    [_RENDER],
                    [their_data.fileno(), their_status.fileno()],
                    socket.MSG_NOSIGNAL,
                )
        except OSError:
            data.close()
            status.close()
            raise
        finally:
            their_data.close()
            their_status.close()
        return data, status

    def warm(self) -> None:
        """Have the server load WeasyPrint and its fonts now, in the background, so that each
        renderer it forks starts with them loaded instead of spending a second on them."""
        with self._lock, contextlib.suppress(OSError):
            self._control.send(_WARM, socket.MSG_NOSIGNAL)

    def stop(self) -> None:
        """End the server (its renderers die with it) and reap it."""
        with self._lock:
            self._control.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


_server: RenderServer | None = None
_server_lock = threading.Lock()


def _single_threaded() -> bool:
    if threading.current_thread() is not threading.main_thread():
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def start(*, other_threads_idle: bool = False) -> None:
    """Start this process's render server, if not yet running. Call it early, in the main
    thread, before any other thread exists and before anything secret is in memory: the
    server is a copy of this process. Quietly does nothing where that is not so.

    ``other_threads_idle`` is for a test runner's worker process, whose only other thread waits
    on its own channel and holds nothing the server needs; a kiosk never passes it."""
    with _server_lock:
        _start_locked(other_threads_idle=other_threads_idle)


def _start_locked(*, other_threads_idle: bool = False) -> RenderServer | None:
    global _server
    if _server is not None:
        if _alive(_server.pid):
            return _server
        _server.stop()
        _server = None
    if not (_single_threaded() or other_threads_idle):
        return None
    parent = os.getpid()
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the server process; it never returns
        ours.close()
        _serve(parent, theirs)
    theirs.close()
    _server = RenderServer(pid, ours)
    return _server


def warm() -> None:
    """Load WeasyPrint in this process's render server, if it runs (see ``RenderServer.warm``).
    For after the session's first frame: not to compete with its start."""
    with _server_lock:
        running = _server
    if running is not None:
        running.warm()


def stop() -> None:
    """End this process's render server, if it runs, and reap it."""
    global _server
    with _server_lock:
        running, _server = _server, None
    if running is not None:
        running.stop()


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    return False


def server() -> RenderServer:
    """This process's render server, started now if it safely can be; OSError if not."""
    with _server_lock:
        running = _start_locked()
    if running is None:
        raise OSError(0, "the render server was not started with the session")
    return running


# ----------------------------------------------------------------------------------------------
# In the server process.


def _serve(parent: int, control: socket.socket) -> NoReturn:
    code = EXIT_FAILED
    try:
        code = _server_loop(parent, control)
    finally:
        os._exit(code)


def _leave_the_session_behind(keep: int) -> None:
    """Nothing of the session but memory: not its terminal, files or sockets. Its objects are
    frozen so that collecting them can never close a descriptor this process reuses. Then
    collections are on, whatever the session had (it starts without them, kiosk.__main__):
    a render makes plenty of garbage."""
    gc.freeze()
    gc.enable()
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(3, keep)
    os.closerange(keep + 1, os.sysconf("SC_OPEN_MAX"))


def _settle_signals() -> None:
    """The session owns the terminal and the visit: a Ctrl+C or a stop meant for the session
    must not kill or freeze a render half-way. The session ends a renderer with SIGKILL."""
    for ignored in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU):
        with contextlib.suppress(ValueError, OSError):
            signal.signal(ignored, signal.SIG_IGN)
    for default in (signal.SIGTERM, signal.SIGCHLD):
        with contextlib.suppress(ValueError, OSError):
            signal.signal(default, signal.SIG_DFL)


def _above_standard_streams(control: socket.socket) -> socket.socket:
    """The control socket on a descriptor above 2, which become /dev/null."""
    if control.fileno() > 2:
        return control
    moved = fcntl.fcntl(control.fileno(), fcntl.F_DUPFD_CLOEXEC, 3)
    control.close()
    return socket.socket(fileno=moved)


def _server_loop(parent: int, control: socket.socket) -> int:
    if not die_with_parent(parent):
        return EXIT_PARENT_GONE
    forbid_core_dumps()
    name_process(SERVER_NAME)
    control = _above_standard_streams(control)
    _leave_the_session_behind(control.fileno())
    _settle_signals()
    # Below the session, so a long render never slows the quick exit's frame.
    with contextlib.suppress(OSError):
        os.nice(10)
    me = os.getpid()
    # pidfd -> (pid, status socket) of each renderer not yet reaped.
    children: dict[int, tuple[int, socket.socket]] = {}
    warm = "no"
    while True:
        if warm == "asked" and not children:
            # Only while no render is in flight: while warming, a cancelled renderer could not
            # be reaped, and the session waits for that.
            _warm()
            warm = "done"
        watched: list[socket.socket | int] = [control, *children]
        ready, _, _ = select.select(watched, [], [])
        for pidfd in [fd for fd in ready if isinstance(fd, int)]:
            pid, status = children.pop(pidfd)
            _, wait_status = os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                status.send(PID.pack(wait_status), socket.MSG_NOSIGNAL)
            status.close()
            os.close(pidfd)
        if control not in ready:
            continue
        try:
            message, fds, _, _ = socket.recv_fds(control, 16, 2, socket.MSG_CMSG_CLOEXEC)
        except OSError:
            return 0
        if not message:  # the session has ended
            return 0
        if message == _WARM and not fds:
            warm = "asked" if warm == "no" else warm
            continue
        if message != _RENDER or len(fds) != 2:
            for fd in fds:
                os.close(fd)
            continue
        data, status = (socket.socket(fileno=fd) for fd in fds)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the renderer; it never returns
            control.close()
            status.close()
            for other_pidfd, (_, other) in children.items():
                other.close()
                os.close(other_pidfd)
            _renderer(me, data)
        data.close()
        pidfd = os.pidfd_open(pid)
        try:
            socket.send_fds(status, [PID.pack(pid)], [pidfd], socket.MSG_NOSIGNAL)
        except OSError:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        children[pidfd] = (pid, status)


def _warm() -> None:
    """Import WeasyPrint and lay out made-up documents, which loads Pango, fontconfig, the
    fonts and the QR code library. None starts a thread, so forking from here stays safe.
    Every template is read here too, in every session: read only when a renderer needs it,
    a template's access time would date the first safety plan or diary record printed."""
    from kiosk.i18n import SOURCE_LANGUAGE, read_every_catalogue
    from kiosk.printing.documents import RecoverySlip, dummy_entries, encode_request
    from kiosk.printing.sheets import environment

    for made_up in (dummy_entries(1), RecoverySlip(name="warm-up", code="0000")):
        with contextlib.suppress(Exception):
            render(encode_request(made_up, SOURCE_LANGUAGE))
    read_every_catalogue()  # nor is a catalogue read when a sheet is printed in its language
    templates = environment()
    for name in templates.list_templates():
        with contextlib.suppress(Exception):
            templates.get_template(name)


# ----------------------------------------------------------------------------------------------
# In a renderer process.


def _renderer(server_pid: int, data: socket.socket) -> NoReturn:
    code = EXIT_FAILED
    try:
        code = _render_one(server_pid, data)
    finally:
        os._exit(code)


def _render_one(server_pid: int, data: socket.socket) -> int:
    if not die_with_parent(server_pid):
        return EXIT_PARENT_GONE
    name_process(RENDERER_NAME)
    chunks = []
    while chunk := data.recv(1 << 16):
        chunks.append(chunk)
    code, pdf = render(b"".join(chunks))
    if code == 0:
        try:
            data.sendall(pdf)
        except OSError:  # the session stopped listening
            return EXIT_FAILED
    return code
