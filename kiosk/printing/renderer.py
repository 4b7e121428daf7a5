"""Render a document to PDF in a separate process that can be cancelled at any moment.

The session never lays a document out itself: a 500-entry diary takes seconds of WeasyPrint
work that a thread could not stop, and the session must end within a frame of a quick exit.
So each render runs in its own process, forked by the session's render server (see
``render_server``: forked, never exec'd, so no other process of the kiosk's user can read
it): the request goes in over a socket, the PDF comes back over it (never through a file),
and cancelling is SIGKILL then reaping. The renderer also dies with the session (PDEATHSIG),
has no core dumps and runs below the session's priority.

A render started with a session's ``SessionPrintJobs`` is cancelled when that session's
printing is closed, which a quick exit does first.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import threading
import time

from kiosk import i18n
from kiosk.printing import documents, render_server
from kiosk.printing.cups import SessionPrintJobs
from kiosk.printing.render_worker import EXIT_BAD_REQUEST, EXIT_NO_FONTS, EXIT_PARENT_GONE

# A 500-entry document takes seconds; a renderer still busy after this is stuck.
RENDER_TIMEOUT_SECONDS = 300.0
# SIGKILL is not refused; this bounds the wait for the kernel to tear the process down.
REAP_SECONDS = 2.0
# Forking a renderer takes milliseconds; a server silent this long is stuck.
SPAWN_SECONDS = 10.0
_PID = render_server.PID

_WHY = {
    EXIT_NO_FONTS: "the PDF library or its fonts could not be loaded (kiosk doctor checks them)",
    EXIT_BAD_REQUEST: "the renderer did not understand the request",
    EXIT_PARENT_GONE: "the renderer lost its session",
}


class RenderError(Exception):
    """The document could not be made; ``str()`` is one calm line saying why."""


class RenderCancelled(RenderError):
    """The session ended while the document was being made."""

    def __init__(self) -> None:
        super().__init__("the session ended before the document was ready")


class RenderProcess:
    """One renderer process, forked at once by the render server. ``run`` once; ``cancel``
    from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the pidfd, between run and cancel
        self._status_lock = threading.Lock()  # one reader of the status socket at a time
        self._cancelled = False
        self._wait_status: int | None = None
        # Set before the server is asked: a server that does not answer in time is closed
        # below, and must end in its OSError, not in a missing attribute.
        self._pidfd: int | None = None
        self._data, self._status = render_server.server().spawn()
        try:
            self._status.settimeout(SPAWN_SECONDS)
            message, fds, _, _ = socket.recv_fds(self._status, 16, 1, socket.MSG_CMSG_CLOEXEC)
        except OSError:
            self._close()
            raise
        if len(message) != _PID.size or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            self._close()
            raise OSError(0, "the render server did not answer")
        (self.pid,) = _PID.unpack(message)
        # A pidfd names this process and no other, even after its pid is reused.
        self._pidfd = fds[0]

    def cancel(self) -> None:
        """Kill the renderer and wait until it is reaped; ``run`` then raises
        ``RenderCancelled``."""
        self._cancelled = True
        self._kill()
        self._reaped(REAP_SECONDS)

    def _kill(self) -> None:
        with self._lock:
            if self._pidfd is not None:
                with contextlib.suppress(OSError):
                    signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)

    def _reaped(self, limit: float) -> int | None:
        """The renderer's wait status, once its server has reaped it; None if not in ``limit``."""
        with self._status_lock:
            if self._wait_status is None and self._status.fileno() >= 0:
                with contextlib.suppress(OSError):
                    if select.select([self._status], [], [], limit)[0]:
                        message = self._status.recv(16)
                        if len(message) == _PID.size:
                            (self._wait_status,) = _PID.unpack(message)
            return self._wait_status

    def _close(self) -> None:
        with self._status_lock:
            self._data.close()
            self._status.close()
        with self._lock:
            if self._pidfd is not None:
                os.close(self._pidfd)
                self._pidfd = None

    def _exchange(self, request: bytes, timeout: float) -> bytes:
        """Send the request, then read the PDF until the renderer closes its end."""
        deadline = time.monotonic() + timeout
        chunks = []
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._data.settimeout(timeout)
            self._data.sendall(request, socket.MSG_NOSIGNAL)
            self._data.shutdown(socket.SHUT_WR)
            while True:
                self._data.settimeout(max(deadline - time.monotonic(), 0.001))
                chunk = self._data.recv(1 << 16)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)

    def run(self, request: bytes, timeout: float = RENDER_TIMEOUT_SECONDS) -> bytes:
        try:
            pdf = self._exchange(request, timeout)
        except TimeoutError:
            raise RenderError(f"the renderer took longer than {timeout:g} s") from None
        finally:
            # However this ends (cancelled, timed out, interrupted), no renderer is left.
            self._kill()
            wait_status = self._reaped(REAP_SECONDS)
            self._close()
        if self._cancelled:
            raise RenderCancelled
        if wait_status is None:
            raise RenderError("the renderer stopped unexpectedly")
        code = os.waitstatus_to_exitcode(wait_status)
        if code != 0 or not pdf.startswith(b"%PDF"):
            if code < 0:
                raise RenderError(f"the renderer stopped unexpectedly (signal {-code})")
            raise RenderError(_WHY.get(code, "the renderer could not make the document"))
        return pdf


def render_pdf(
    document: documents.Document,
    *,
    jobs: SessionPrintJobs | None = None,
    timeout: float = RENDER_TIMEOUT_SECONDS,
    language: str | None = None,
) -> bytes:
    """The document as PDF, made in a renderer process; raises ``RenderError`` (one line).

    In ``language``, or else the language the session speaks now (the visitor's choice).
    With ``jobs``, closing them (the session's end) cancels the render: ``RenderCancelled``.
    """
    request = documents.encode_request(document, language or i18n.language())
    if jobs is None:
        return _started().run(request, timeout)
    # Registered before its process is forked, so that a session ending at any moment finds
    # it: closing the jobs then waits for the fork and kills and reaps what it made.
    starting = _Starting()
    if not jobs.add_render(starting.cancel):
        raise RenderCancelled
    try:
        try:
            process = _started()
        except BaseException:
            starting.started(None)
            raise
        starting.started(process)
        return process.run(request, timeout)
    finally:
        jobs.remove_render(starting.cancel)


def _started() -> RenderProcess:
    try:
        return RenderProcess()
    except OSError as error:
        raise RenderError(f"the renderer could not be started ({error.strerror})") from None


class _Starting:
    """A render whose process is being forked: ``cancel`` waits for it, then kills it."""

    def __init__(self) -> None:
        self._forked = threading.Event()
        self._process: RenderProcess | None = None

    def started(self, process: RenderProcess | None) -> None:
        self._process = process
        self._forked.set()

    def cancel(self) -> None:
        self._forked.wait(SPAWN_SECONDS)
        if self._process is not None:
            self._process.cancel()
