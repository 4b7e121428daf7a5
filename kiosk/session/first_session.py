"""The kiosk's first session, started the moment the ``kiosk`` command runs.

Everything the command does before this is time the visitor waits for: so this module imports
next to nothing (no ``subprocess``, no ``typing``, no ``contextlib``, nothing of the kiosk but
the environment's names), the session process is forked from the command as it has just
started (a second interpreter's start cost a twentieth of the time to the first frame), and the
command line, the config and the helpline files are read afterwards, side by side with the
session loading. The
session waits (``kiosk.session.launch``) for the word to go before it draws anything: the
supervisor gives it once those checks have passed and the neutral screen is up; if they fail,
the session is ended unseen and the one-line error is all there is.
"""

from __future__ import annotations

# ``_signal``, not ``signal``: that module is this one with its numbers wrapped in enums, and
# importing enum (with collections and functools) would cost 4 ms before the session starts.
import _signal  # type: ignore[import-not-found]
import os
import sys
import termios

from kiosk.session.environment import GO_FD, READY_FD, python_start_hooks, session_environment
from kiosk.session.terminal import discard_typed_keys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (12 ms) at start
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path
    from typing import Any

# The terminal's interrupt keys: ignored by the supervisor and by every session it starts.
QUIET_SIGNALS: tuple[int, ...] = (_signal.SIGINT, _signal.SIGQUIT, _signal.SIGTSTP)
_OPTIONS = ("--config", "--data-dir")


def session_arguments(config_path: Path | str | None, data_dir: Path | str | None) -> list[str]:
    """``kiosk session`` with these options; ``None`` leaves an option out: the session then
    finds it as the kiosk command did."""
    arguments = ["session"]
    if config_path is not None:
        arguments += ["--config", str(config_path)]
    if data_dir is not None:
        arguments += ["--data-dir", str(data_dir)]
    return arguments


def session_command(config_path: Path | str | None, data_dir: Path | str | None) -> list[str]:
    """The command line of a later session: a fresh interpreter running ``kiosk session``."""
    return [sys.executable, "-m", "kiosk", *session_arguments(config_path, data_dir)]


def plain_run_options(
    argv: Sequence[str], command: str = "run"
) -> tuple[str | None, str | None] | None:
    """``--config`` and ``--data-dir`` when ``argv`` only runs the kiosk (``kiosk [run]`` with
    those options, each at most once, spelt out in full; ``command`` names another command
    that takes only those options); ``None`` for anything else, which the full command line
    then reads (and explains, if it is wrong)."""
    given: dict[str, str] = {}
    commands = 0
    words = list(argv)
    while words:
        word = words.pop(0)
        if word == command:
            commands += 1
            continue
        name, equals, value = word.partition("=")
        if name not in _OPTIONS or name in given:
            return None
        if not equals:
            if not words or words[0].startswith("-"):
                return None
            value = words.pop(0)
        given[name] = value
    if commands > 1:
        return None
    return given.get("--config"), given.get("--data-dir")


class SessionProcess:
    """A session process spawned here: what the supervisor uses of ``subprocess.Popen``."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped by whoever waited for it
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self) -> int | None:
        while self.returncode is None:
            try:
                _pid, status = os.waitpid(self.pid, 0)
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        # Only to a process not yet reaped: once reaped, its pid may be someone else's.
        if self.poll() is None:
            try:  # noqa: SIM105 - contextlib is not loaded this early
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass

    def terminate(self) -> None:
        self.send_signal(_signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(_signal.SIGKILL)


class FirstSession:
    """The first session, started before the kiosk command has read its config and helpline
    files. It checks the config and the data folder itself (the helpline files it reads only
    after its first frame), says when they have passed, and then waits for the word to draw:
    the command gives it (``release_when_ready``) once its own checks, made while the session
    loads, have passed, and the screen is set. A session whose checks failed ends without a
    word, unseen, and the command's checks then say what is wrong; so does one whose command
    found a broken file."""

    def __init__(self, process: SessionProcess, go: int, ready: int) -> None:
        self.process = process
        self._go: int | None = go
        self._ready: int | None = ready
        # The terminal's settings before the kiosk set them, while the screen is ours to
        # give back (``hand_screen_over``).
        self._terminal: list[Any] | None = None
        self.drawing = False

    def release_when_ready(self) -> None:
        """Wait for the session's word that its checks passed; then set the terminal as the
        supervisor keeps it (the alternate screen, cleared; no echo) and let it draw."""
        from kiosk.session.terminal import CLEAR_ALL, ENTER_ALTERNATE_SCREEN, HIDE_CURSOR

        if self._ready is None:
            return
        try:
            word = os.read(self._ready, 1)
        except OSError:
            word = b""
        os.close(self._ready)
        self._ready = None
        if word != b"1":
            return  # it has ended: the command's own checks say why, or the supervisor does
        # From now on the kiosk is running: the interrupt keys are ignored, as the supervisor
        # ignores them, and nothing typed so far reaches the session.
        for quiet in QUIET_SIGNALS:
            _signal.signal(quiet, _signal.SIG_IGN)
        # Until the supervisor runs (and takes these over), a stop ends the command, and its
        # way out ends this session and gives the screen back (kiosk.__main__, ``abandon``).
        for stop in (_signal.SIGTERM, _signal.SIGHUP):
            _signal.signal(stop, _stop_before_supervising)
        self._terminal = _quiet_terminal(0)
        discard_typed_keys(0)
        screen = ENTER_ALTERNATE_SCREEN + CLEAR_ALL + HIDE_CURSOR
        try:  # noqa: SIM105 - contextlib is not loaded this early
            os.write(1, screen.encode())
        except OSError:
            pass
        self.drawing = True
        self.release()

    def hand_screen_over(self) -> list[Any] | None:
        """The supervisor owns the screen from now on: the terminal settings it restores."""
        terminal, self._terminal = self._terminal, None
        return terminal

    def release(self) -> None:
        """The checks passed and the screen is set: let the session draw."""
        if self._go is not None:
            try:  # noqa: SIM105 - contextlib is not loaded this early
                os.write(self._go, b"1")
            except OSError:
                pass
            self._close()

    def abandon(self) -> None:
        """End the session unseen, if it still runs: the kiosk is not starting after all. A
        screen set for it and not handed over is cleared and left, as the supervisor does."""
        self._close()
        self.process.kill()
        self.process.wait()
        terminal = self.hand_screen_over()
        if terminal is not None:
            from kiosk.session.terminal import CLEAR_ALL, LEAVE_ALTERNATE_SCREEN, SHOW_CURSOR

            try:
                os.write(1, (CLEAR_ALL + LEAVE_ALTERNATE_SCREEN + CLEAR_ALL + SHOW_CURSOR).encode())
                termios.tcsetattr(0, termios.TCSANOW, terminal)
            except (OSError, termios.error):
                pass

    def _close(self) -> None:
        for end in (self._go, self._ready):
            if end is not None:
                try:  # noqa: SIM105 - contextlib is not loaded this early
                    os.close(end)
                except OSError:
                    pass
        self._go = self._ready = None


def _stop_before_supervising(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _quiet_terminal(fd: int) -> list[Any] | None:
    """No echo, no line editing, no interrupt keys: as the supervisor keeps the terminal
    between sessions (``kiosk.session.supervisor.quiet_terminal``). Returns the settings before."""
    try:
        saved = termios.tcgetattr(fd)
        quiet = termios.tcgetattr(fd)
        quiet[3] &= ~(termios.ECHO | termios.ICANON | termios.ECHONL | termios.ISIG)
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
    except (OSError, termios.error):
        return None
    return saved


def _close_descriptors_but(keep: tuple[int, ...]) -> None:
    """Close every descriptor besides 0, 1, 2 and ``keep``: whatever started the kiosk may
    have left some open, and a forked process keeps even those marked close-on-exec."""
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:  # no /proc: every number up to the highest kept one
        open_fds = list(range(3, max(keep, default=2) + 1))
    for fd in open_fds:
        if fd > 2 and fd not in keep:
            try:  # noqa: SIM105 - contextlib is not loaded this early
                os.close(fd)
            except OSError:  # the listing's own descriptor, closed by now
                pass


def _become_first_session(
    run: Callable[[list[str]], int],
    arguments: list[str],
    env: dict[str, str],
    keep: tuple[int, ...],
) -> None:
    """In the forked child: become ``kiosk session`` as a fresh process of its own would start
    (its environment, its command line's words, no descriptor but the terminal and its two
    pipes), run it, and end. It never returns into the kiosk command's code."""
    code = 1
    try:
        _close_descriptors_but(keep)
        os.environ.clear()
        os.environ.update(env)
        sys.argv = [sys.argv[0], *arguments]
        code = run(arguments)
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def start_first_session(
    argv: Sequence[str], run: Callable[[list[str]], int]
) -> FirstSession | None:
    """Start the first session now when ``argv`` runs the kiosk on a terminal; ``None`` when
    it does anything else (the command line then does it, or says what is wrong). The session
    is a forked child that runs ``run(["session", ...])``: ``kiosk session``, handed over by
    the composition root (kiosk.__main__), as a later session's command line runs it."""
    given = plain_run_options(argv)
    if given is None or not (os.isatty(0) and os.isatty(1)):
        return None
    if python_start_hooks(os.environ):
        # This interpreter started with a hook a session must not run under (an interactive
        # prompt, developer mode): the supervisor starts every session, this one included,
        # as a fresh interpreter without them.
        return None
    os.umask(0o077)
    discard_typed_keys(0)
    wait_end, go_end = os.pipe()
    ready_end, say_end = os.pipe()
    os.set_inheritable(wait_end, True)
    os.set_inheritable(say_end, True)
    env = session_environment(os.environ, None)
    env[GO_FD] = str(wait_end)
    env[READY_FD] = str(say_end)
    arguments = session_arguments(*given)
    # A session inherits ignored interrupt keys, as it does from the running supervisor.
    saved = {quiet: _signal.signal(quiet, _signal.SIG_IGN) for quiet in QUIET_SIGNALS}
    try:
        # This process has loaded next to nothing and runs no other thread yet: the child
        # starts as clean as a new interpreter would, without the cost of starting one.
        pid = os.fork()
    except OSError:
        pid = -1
    if pid == 0:
        os.close(go_end)
        os.close(ready_end)
        _become_first_session(run, arguments, env, keep=(wait_end, say_end))
    os.close(wait_end)
    os.close(say_end)
    for quiet, handler in saved.items():
        _signal.signal(quiet, handler)
    if pid < 0:
        os.close(go_end)
        os.close(ready_end)
        return None
    return FirstSession(SessionProcess(pid), go_end, ready_end)
