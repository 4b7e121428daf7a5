"""One process per visitor session, under a small supervisor that never sees a secret.

Python cannot reliably wipe its own memory, so the only sure way to leave no PIN, key or
plaintext behind is to end the process that held them. The supervisor starts a session,
waits for it to end, and starts the next one. It ignores the terminal's interrupt keys, so
nobody can drop to a shell in the moment between sessions.

The supervisor owns the screen: it enters the terminal's alternate screen once (no scrollback)
and leaves it, cleared, when the kiosk stops. A session that ends leaves the neutral screen
showing; the next session starts on that same neutral screen, drops keys for
``quick_exit.neutral_hold_seconds`` and waits for a key before it shows the welcome screen. So
after a quick exit the neutral screen stays, steady, with no blank frame in between.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import termios
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from kiosk.i18n import N_, _, use_language
from kiosk.session.console_font import KeptFont
from kiosk.session.ends import SessionEnd
from kiosk.session.environment import session_environment
from kiosk.session.first_session import QUIET_SIGNALS, FirstSession, SessionProcess
from kiosk.session.terminal import (
    CLEAR_ALL,
    ENTER_ALTERNATE_SCREEN,
    LEAVE_ALTERNATE_SCREEN,
    SHOW_CURSOR,
    discard_typed_keys,
    hand_over,
    set_title,
    show_neutral,
)

if TYPE_CHECKING:
    from kiosk.config import Config

SORRY = N_("Sorry, something went wrong. Please ask staff for help.")
SORRY_SECONDS = 5.0
# Five failed starts within a minute means something is wrong with the machine, not with a
# visitor's session: stop and say so instead of flickering forever.
MAX_QUICK_FAILURES = 5
QUICK_FAILURE_WINDOW = 60.0
# How long the next session waits for a dead one's held printing to be cancelled (a local
# scheduler answers in milliseconds; a remote one that does not answer is not waited for).
SWEEP_SECONDS = 3.0


@contextlib.contextmanager
def quiet_terminal(stream: TextIO) -> Iterator[None]:
    """Between sessions the terminal echoes nothing: keys typed after a quick exit must not
    appear on the neutral screen. The original settings come back when the kiosk stops."""
    try:
        fd = stream.fileno()
        saved = termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error, io.UnsupportedOperation):
        yield
        return
    quiet = termios.tcgetattr(fd)
    quiet[3] &= ~(termios.ECHO | termios.ICANON | termios.ECHONL | termios.ISIG)
    try:
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
        yield
    finally:
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(fd, termios.TCSANOW, saved)


@contextlib.contextmanager
def restored_terminal(stream: TextIO, saved: list[Any]) -> Iterator[None]:
    """The terminal already set quiet (``FirstSession.release_when_ready``): the settings from
    before come back when the kiosk stops."""
    try:
        yield
    finally:
        with contextlib.suppress(termios.error, OSError, ValueError, io.UnsupportedOperation):
            termios.tcsetattr(stream.fileno(), termios.TCSANOW, saved)


class Supervisor:
    def __init__(
        self,
        config: Config,
        command: Sequence[str],
        out: TextIO = sys.stdout,
        sleep: float = SORRY_SECONDS,
        first: FirstSession | None = None,
        why_sessions_fail: Callable[[], tuple[str, int] | None] | None = None,
    ) -> None:
        """``why_sessions_fail``: the kiosk command's start checks made again (the config, the
        helpline and plan files), for when sessions keep failing: the problem's one line and
        exit code, or None."""
        self._config = config
        self._why_sessions_fail = why_sessions_fail
        self._command = list(command)
        self._out = out
        self._sorry_seconds = sleep
        self._child: subprocess.Popen[bytes] | SessionProcess | None = None
        self._first = first
        self._stopping = False

    def _on_terminate(self, signum: int, frame: FrameType | None) -> None:
        self._stopping = True
        if self._child is not None and self._child.poll() is None:
            self._child.terminate()

    @staticmethod
    def _wait_for(child: subprocess.Popen[bytes] | SessionProcess) -> int:
        """The session's exit code. A session that was stopped (SIGSTOP) is ended: a stopped
        session would leave the kiosk frozen on its last screen."""
        while True:
            try:
                _pid, status = os.waitpid(child.pid, os.WUNTRACED)
            except ChildProcessError:
                return child.returncode if child.returncode is not None else SessionEnd.CRASHED
            except InterruptedError:
                continue
            if os.WIFSTOPPED(status):
                child.kill()
                continue
            code = os.waitstatus_to_exitcode(status)
            child.returncode = code
            return code

    def cancel_held_printing(self, pid: int | None) -> None:
        """Cancel what session ``pid`` (every session, for None) left held in the print queue.

        A session cancels its own held jobs as it ends; one killed outright (``kill -9``)
        cannot, and its pages would wait in the queue for anyone to release at the printer.
        It wrote their ids down (kiosk.printing.held_jobs); this finds them and cancels them,
        before the next session starts unless the print server is slow to answer (then it
        goes on in the background). Never raises: the next session must start regardless.
        """
        from kiosk.printing.held_jobs import has_records

        data_dir = self._config.data_path()
        with contextlib.suppress(Exception):
            if not has_records(data_dir, pid):
                return
            sweeper = threading.Thread(
                target=_sweep_held, args=(self._config, pid), name="held-print", daemon=True
            )
            sweeper.start()
            sweeper.join(SWEEP_SECONDS)

    def run(self) -> int:
        first = self._first
        if first is not None and first.drawing:
            # The first session is drawing already, on the screen set for it.
            saved = first.hand_screen_over()
            with restored_terminal(sys.stdin, saved) if saved else contextlib.nullcontext():
                return self._run(screen_set=True)
        with quiet_terminal(sys.stdin):
            return self._run()

    def _start_session(self, hold_until: float | None) -> subprocess.Popen[bytes] | SessionProcess:
        first, self._first = self._first, None
        if first is not None:
            first.release()
            return first.process
        return subprocess.Popen(self._command, env=session_environment(os.environ, hold_until))

    def _run(self, *, screen_set: bool = False) -> int:
        for quiet in QUIET_SIGNALS:
            signal.signal(quiet, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, self._on_terminate)
        signal.signal(signal.SIGHUP, self._on_terminate)
        # The console's font, put back after each session (larger text, docs/ACCESSIBILITY.md).
        font = KeptFont(_terminal_fd(sys.stdin))
        quick = self._config.quick_exit
        # The visitor may read its two sentences (below) in the kiosk's language.
        use_language(self._config.kiosk.language)
        failures: deque[float] = deque()
        farewell = ""
        hold_until: float | None = None
        if screen_set:
            set_title(self._out, quick.neutral_title)
            self._out.flush()
        else:
            self._out.write(ENTER_ALTERNATE_SCREEN)
            show_neutral(self._out, quick.neutral_title, quick.neutral_text)
        # Held printing a session left behind when the kiosk last stopped (a power cut).
        self.cancel_held_printing(None)
        try:
            while not self._stopping:
                # Whatever she kept typing after the exit belongs to no one: never to the
                # next session (a session drawing already has had nothing typed before it).
                if not screen_set:
                    discard_typed_keys(_terminal_fd(sys.stdin))
                screen_set = False
                started = time.monotonic()
                self._child = self._start_session(hold_until)
                code = self._wait_for(self._child)
                font.restore()
                self.cancel_held_printing(self._child.pid)
                self._child = None
                if code == SessionEnd.STAFF_CLOSED:
                    # Staff left the kiosk: the kiosk command ends with this code too, which
                    # the service does not restart (RestartPreventExitStatus in the unit).
                    return int(SessionEnd.STAFF_CLOSED)
                if self._stopping:
                    return 0
                if code == 0:
                    # The session ended on the neutral screen: it stays as it is (clearing it
                    # would flash a blank frame) until the next session, started on it, lets
                    # a key after the hold bring the welcome screen.
                    hold_until = time.monotonic() + quick.neutral_hold_seconds
                    hand_over(self._out, quick.neutral_title)
                    continue
                hold_until = None
                if time.monotonic() - started < QUICK_FAILURE_WINDOW:
                    failures.append(time.monotonic())
                while failures and time.monotonic() - failures[0] > QUICK_FAILURE_WINDOW:
                    failures.popleft()
                if len(failures) >= MAX_QUICK_FAILURES:
                    farewell = _("The kiosk cannot start. Please ask staff for help.") + "\n"
                    found = self._what_went_wrong()
                    if found is None:
                        return 1
                    # A file changed since the kiosk started (a helpline file broken by
                    # hand): the line and exit code a start with it would have given.
                    line, code = found
                    farewell += f"kiosk: {line}\n"
                    return code
                # Whatever a crashed session left on screen goes in the same write as this.
                show_neutral(self._out, quick.neutral_title, _(SORRY))
                time.sleep(self._sorry_seconds)
                show_neutral(self._out, quick.neutral_title, quick.neutral_text)
            return 0
        finally:
            # Clear the kiosk's screen, leave it, and clear what is beneath and the scrollback.
            self._out.write(CLEAR_ALL + LEAVE_ALTERNATE_SCREEN + CLEAR_ALL + SHOW_CURSOR + farewell)
            self._out.flush()

    def _what_went_wrong(self) -> tuple[str, int] | None:
        if self._why_sessions_fail is None:
            return None
        try:
            return self._why_sessions_fail()
        except Exception:  # the supervisor says its farewell whatever the checks do
            return None


def _terminal_fd(stream: TextIO) -> int | None:
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        return stream.fileno()
    return None


def _sweep_held(config: Config, pid: int | None) -> None:
    from kiosk.printing.cups import CupsPrinter
    from kiosk.printing.held_jobs import sweep

    with contextlib.suppress(Exception):
        sweep(config.data_path(), CupsPrinter(server=config.printing.cups_server), pid)
