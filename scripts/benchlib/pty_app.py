"""Run a terminal app in a real pseudo-terminal and wait for text to appear on its screen.

The app gets a pty as its controlling terminal (stdin, stdout and stderr: Textual draws on
stderr), 80x24 unless told otherwise, TERM=xterm-256color. Its output is read without
blocking and kept; ``wait_for`` strips escape sequences from what arrived since a mark and
looks for plain text in it. Textual writes each line of a frame as a cursor move followed by
styled runs of text, so a line's words stay together once the escapes are gone; cursor moves
become line breaks so that text from two lines never runs together.

Nobody answers the app's terminal queries (device attributes and the like); Textual does not
wait for answers, so nothing blocks.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import termios
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

# Cursor position (CSI row;col H or f) and other cursor moves that start a new run of text.
_CURSOR_MOVE = re.compile(rb"\x1b\[[0-9;]*[HfABCDEFGd]")
# Any other CSI sequence, OSC sequences (ended by BEL or ST), DCS/APC/PM/SOS strings, and
# two-character escapes such as ESC = or ESC 7.
_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    rb"|\x1b[PX^_][^\x1b]*\x1b\\"
    rb"|\x1b[@-Z\\-_]"
    rb"|\x1b[ -/][@-~]"
)


Found = TypeVar("Found")


def plain_text(raw: bytes) -> str:
    """What a person would read in ``raw``: escapes removed, cursor moves as line breaks."""
    text = _ESCAPES.sub(b"", _CURSOR_MOVE.sub(b"\n", raw))
    return text.decode("utf-8", errors="replace")


class TimedOut(Exception):
    """The text did not appear in time (or the app ended); shows what was seen instead."""

    def __init__(self, wanted: Sequence[str], seen: str) -> None:
        tail = "\n".join(line.strip() for line in seen[-4000:].splitlines() if line.strip())
        super().__init__(
            f"{list(wanted)!r} did not appear before the time limit or the app's end; "
            f"the last text it drew:\n{tail}"
        )


def terminal_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The caller's environment, as a terminal emulator would pass it, minus size overrides."""
    env = {
        name: value
        for name, value in environ.items()
        if name not in {"COLUMNS", "LINES"} and not name.startswith("TEXTUAL")
    }
    env["TERM"] = "xterm-256color"
    return env


class PtyApp:
    """One process on its own pseudo-terminal. Use as a context manager, so it is always reaped."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        rows: int = 24,
        columns: int = 80,
    ) -> None:
        environment = terminal_environment(os.environ if env is None else env)
        size = struct.pack("HHHH", rows, columns, 0, 0)
        self.output = bytearray()
        self.started = time.perf_counter()
        pid, fd = os.forkpty()
        if pid == 0:  # the child: size the terminal before the app can ask for it, then exec
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, size)
                if cwd is not None:
                    os.chdir(cwd)
                os.execve(argv[0], list(argv), environment)  # noqa: S606 - argv is ours, no shell
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self._status: int | None = None
        os.set_blocking(fd, False)

    # -- reading -----------------------------------------------------------------------------

    def _read(self, timeout: float) -> bool:
        """Read what is available within ``timeout``; False once the terminal is closed."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0.0))
        if not ready:
            return True
        try:
            chunk = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return True
        except OSError:  # EIO: every process holding the terminal has gone
            return False
        if not chunk:
            return False
        self.output += chunk
        return True

    def mark(self) -> int:
        """A position in the output; later waits can look only at what came after it."""
        return len(self.output)

    def text_since(self, mark: int = 0) -> str:
        return plain_text(bytes(self.output[mark:]))

    def wait_for(self, *wanted: str, since: int = 0, timeout: float = 30.0) -> tuple[str, float]:
        """Read until one of ``wanted`` shows after ``since``; returns it and the clock time
        (``time.perf_counter``) of the read that brought it."""

        def found() -> str | None:
            text = self.text_since(since)
            return next((item for item in wanted if item in text), None)

        return self._wait(found, wanted, since, timeout)

    def wait_for_all(self, *wanted: str, since: int = 0, timeout: float = 30.0) -> float:
        """Read until every one of ``wanted`` shows after ``since`` (a whole screen, not just
        its first line drawn); returns the clock time of the read that brought the last."""

        def found() -> str | None:
            text = self.text_since(since)
            return wanted[0] if all(item in text for item in wanted) else None

        return self._wait(found, wanted, since, timeout)[1]

    def wait_for_bytes(self, wanted: bytes, *, since: int = 0, timeout: float = 30.0) -> float:
        """Read until the raw bytes ``wanted`` (a colour, say) are drawn after ``since``;
        returns the clock time of the read that brought them."""

        def found() -> bytes | None:
            return wanted if wanted in self.output[since:] else None

        return self._wait(found, [repr(wanted)], since, timeout)[1]

    def _wait(
        self, found: Callable[[], Found | None], wanted: Sequence[str], since: int, timeout: float
    ) -> tuple[Found, float]:
        deadline = time.perf_counter() + timeout
        while True:
            if (item := found()) is not None:
                return item, time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0 or not self._read(min(left, 0.5)):
                # One last look: the closing read may have brought it.
                if (item := found()) is not None:
                    return item, time.perf_counter()
                raise TimedOut(wanted, self.text_since(since))

    def settle(self, seconds: float) -> None:
        """Keep reading (so the app never blocks on a full terminal) for ``seconds``."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            if not self._read(left):
                return

    # -- writing -----------------------------------------------------------------------------

    def send(self, data: str | bytes) -> float:
        """Write keys to the terminal; returns the clock time just after the write."""
        raw = data.encode() if isinstance(data, str) else data
        while raw:
            try:
                written = os.write(self.fd, raw)
            except BlockingIOError:
                self._read(0.01)
                continue
            raw = raw[written:]
        return time.perf_counter()

    # -- the process -------------------------------------------------------------------------

    def peak_rss_kib(self) -> int | None:
        """VmHWM from /proc: the process's peak resident memory so far."""
        return _status_kib(self.pid, "VmHWM:")

    def rss_kib(self) -> int | None:
        """VmRSS from /proc: the process's resident memory now."""
        return _status_kib(self.pid, "VmRSS:")

    def tree_rss_kib(self) -> int:
        """VmRSS of the process and every process under it (the kiosk command's sessions)."""
        return sum(_status_kib(pid, "VmRSS:") or 0 for pid in _tree(self.pid))

    def _poll(self) -> int | None:
        if self._status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._status = os.waitstatus_to_exitcode(status)
        return self._status

    def wait_exit(self, timeout: float) -> int | None:
        """Drain the terminal until the process ends by itself; None if it did not in time."""
        deadline = time.perf_counter() + timeout
        while self._poll() is None:
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            if not self._read(min(left, 0.05)):
                time.sleep(0.01)
        return self._status

    def stop(self, grace: float = 2.0) -> int | None:
        """SIGTERM, then SIGKILL if it has not gone after ``grace`` seconds."""
        if self._poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGTERM)
            if self.wait_exit(grace) is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                self._status = -signal.SIGKILL
        return self._status

    def close(self) -> None:
        try:
            self.stop()
        finally:
            with contextlib.suppress(OSError):
                os.close(self.fd)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _status_kib(pid: int, field: str) -> int | None:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1])
    return None


def _tree(pid: int) -> list[int]:
    """The process and its descendants, from /proc's children lists (one per thread)."""
    found = [pid]
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                for child in children.read().split():
                    found += _tree(int(child))
    return found
