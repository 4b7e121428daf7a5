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
import time
from collections import deque
from collections.abc import Iterator, Sequence
from types import FrameType
from typing import TYPE_CHECKING, TextIO

from kiosk.i18n import N_, _, use_language
from kiosk.session.ends import SessionEnd
from kiosk.session.launch import GO_FD, NEUTRAL_HOLD_UNTIL, SUPERVISED, scrubbed_environment
from kiosk.session.terminal import (
    CLEAR_ALL,
    ENTER_ALTERNATE_SCREEN,
    LEAVE_ALTERNATE_SCREEN,
    SHOW_CURSOR,
    hand_over,
    show_neutral,
)

if TYPE_CHECKING:
    from pathlib import Path

    from kiosk.config import Config

SORRY = N_("Sorry, something went wrong. Please ask staff for help.")
SORRY_SECONDS = 5.0
# Five failed starts within a minute means something is wrong with the machine, not with a
# visitor's session: stop and say so instead of flickering forever.
MAX_QUICK_FAILURES = 5
QUICK_FAILURE_WINDOW = 60.0
# The terminal's interrupt keys: ignored by the supervisor and by every session it starts.
_QUIET_SIGNALS = (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP)


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


def discard_typed_keys(stream: TextIO) -> None:
    with contextlib.suppress(OSError, ValueError, termios.error, io.UnsupportedOperation):
        termios.tcflush(stream.fileno(), termios.TCIFLUSH)


def session_command(config_path: Path | str | None, data_dir: Path | str | None) -> list[str]:
    """``None`` leaves an option out: the session then finds it as the kiosk command did."""
    command = [sys.executable, "-m", "kiosk", "session"]
    if config_path is not None:
        command += ["--config", str(config_path)]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return command


def _session_environment(hold_until: float | None) -> dict[str, str]:
    env = scrubbed_environment(os.environ)
    env[SUPERVISED] = "1"
    env.pop(NEUTRAL_HOLD_UNTIL, None)
    env.pop(GO_FD, None)
    if hold_until is not None:
        env[NEUTRAL_HOLD_UNTIL] = repr(hold_until)
    return env


_OPTIONS = ("--config", "--data-dir")


def plain_run_options(argv: Sequence[str]) -> tuple[str | None, str | None] | None:
    """``--config`` and ``--data-dir`` when ``argv`` only runs the kiosk (``kiosk [run]`` with
    those options, each at most once, spelt out in full); ``None`` for anything else, which
    the full command line then reads (and explains, if it is wrong)."""
    given: dict[str, str] = {}
    commands = 0
    words = list(argv)
    while words:
        word = words.pop(0)
        if word == "run":
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


class FirstSession:
    """The first session, started before the kiosk command has read its config and helpline
    files, so the two start side by side. It waits (``kiosk.session.launch``) for the word to
    go before it draws anything: the supervisor gives it once the checks have passed and the
    neutral screen is up; if they fail, the session is ended unseen and the one-line error is
    all there is."""

    def __init__(self, process: subprocess.Popen[bytes], go: int) -> None:
        self.process = process
        self._go: int | None = go

    def release(self) -> None:
        """The checks passed and the screen is set: let the session draw."""
        if self._go is not None:
            with contextlib.suppress(OSError):
                os.write(self._go, b"1")
            self._close()

    def abandon(self) -> None:
        """End the session unseen, if it still runs: the kiosk is not starting after all."""
        self._close()
        if self.process.returncode is None:
            with contextlib.suppress(OSError):
                self.process.kill()
            self.process.wait()

    def _close(self) -> None:
        if self._go is not None:
            with contextlib.suppress(OSError):
                os.close(self._go)
            self._go = None


def start_first_session(argv: Sequence[str]) -> FirstSession | None:
    """Start the first session now when ``argv`` runs the kiosk on a terminal; ``None`` when
    it does anything else (the command line then does it, or says what is wrong)."""
    given = plain_run_options(argv)
    if given is None or not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    os.umask(0o077)
    discard_typed_keys(sys.stdin)
    wait_end, go_end = os.pipe()
    os.set_inheritable(go_end, False)
    env = _session_environment(None)
    env[GO_FD] = str(wait_end)
    # A session inherits ignored interrupt keys, as it does from the running supervisor.
    saved = {quiet: signal.signal(quiet, signal.SIG_IGN) for quiet in _QUIET_SIGNALS}
    try:
        process = subprocess.Popen(
            session_command(*given),
            env=env,
            pass_fds=(wait_end,),
        )
    except OSError:
        os.close(go_end)
        return None
    finally:
        os.close(wait_end)
        for quiet, handler in saved.items():
            signal.signal(quiet, handler)
    return FirstSession(process, go_end)


class Supervisor:
    def __init__(
        self,
        config: Config,
        command: Sequence[str],
        out: TextIO = sys.stdout,
        sleep: float = SORRY_SECONDS,
        first: FirstSession | None = None,
    ) -> None:
        self._config = config
        self._command = list(command)
        self._out = out
        self._sorry_seconds = sleep
        self._child: subprocess.Popen[bytes] | None = None
        self._first = first
        self._stopping = False

    def _on_terminate(self, signum: int, frame: FrameType | None) -> None:
        self._stopping = True
        if self._child is not None and self._child.poll() is None:
            self._child.terminate()

    @staticmethod
    def _wait_for(child: subprocess.Popen[bytes]) -> int:
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

    def run(self) -> int:
        with quiet_terminal(sys.stdin):
            return self._run()

    def _start_session(self, hold_until: float | None) -> subprocess.Popen[bytes]:
        first, self._first = self._first, None
        if first is not None:
            first.release()
            return first.process
        return subprocess.Popen(self._command, env=_session_environment(hold_until))

    def _run(self) -> int:
        for quiet in _QUIET_SIGNALS:
            signal.signal(quiet, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, self._on_terminate)
        signal.signal(signal.SIGHUP, self._on_terminate)
        quick = self._config.quick_exit
        # The visitor may read its two sentences (below) in the kiosk's language.
        use_language(self._config.kiosk.language)
        failures: deque[float] = deque()
        farewell = ""
        hold_until: float | None = None
        self._out.write(ENTER_ALTERNATE_SCREEN)
        show_neutral(self._out, quick.neutral_title, quick.neutral_text)
        try:
            while not self._stopping:
                # Whatever she kept typing after the exit belongs to no one: never to the
                # next session.
                discard_typed_keys(sys.stdin)
                started = time.monotonic()
                self._child = self._start_session(hold_until)
                code = self._wait_for(self._child)
                self._child = None
                if code == SessionEnd.STAFF_CLOSED or self._stopping:
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
                    return 1
                # Whatever a crashed session left on screen goes in the same write as this.
                show_neutral(self._out, quick.neutral_title, _(SORRY))
                time.sleep(self._sorry_seconds)
                show_neutral(self._out, quick.neutral_title, quick.neutral_text)
            return 0
        finally:
            # Clear the kiosk's screen, leave it, and clear what is beneath and the scrollback.
            self._out.write(CLEAR_ALL + LEAVE_ALTERNATE_SCREEN + CLEAR_ALL + SHOW_CURSOR + farewell)
            self._out.flush()
