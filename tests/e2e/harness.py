"""A real terminal for the real kiosk: a private tmux server, its pane, and the processes in it.

Everything here waits by polling what the terminal shows, never by sleeping a fixed time and
hoping, so the tests hold up on a slow two-core machine. Keys go in bursts, with no pause
between them, as a fast typist's do: the kiosk hands each key on to whatever has the focus
when its turn comes (kiosk/ui/key_order.py), so nothing here waits for a field to take the focus.
"""

from __future__ import annotations

import itertools
import os
import re
import shlex
import signal
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

# The canaries: distinctive values that cannot turn up anywhere by chance. The PIN is one the
# PIN policy accepts (no pattern, no date, not a common choice).
VAULT_NAME = "zebracanaryvault"
PIN = "739164"
NOTE = "CANARY-NOTE-Q7X9"
STAFF_NAME = "Tester"
STAFF_PASSPHRASE = "long staff passphrase"

# What the screens say: enough of each to know which screen is showing.
NEUTRAL_TEXT = "Welcome. Information and leaflets are available at the desk."
WELCOME = "Open my vault"  # "Welcome" alone would also match the neutral text
UNLOCK = "Vault name"
INTRO = "Before you start: leaving quickly"
HOME = "Your vault"
NOTES = "Write a note"
EDITOR = "New note"
UNFINISHED = "You have an unfinished note from last time"
RESTORED = "This is what you were writing when the kiosk last closed"
NOT_RECOGNISED = "not recognised"
MASK = "•"  # what Textual shows for each character of a password field

EXIT_REPORT = "harbour-test: the command exited with status "

# A lone Esc is told apart from the start of an escape sequence only by the pause after it.
ESCAPE_PAUSE = 0.3
POLL = 0.1
# What wakes the neutral screen after its hold: a key that does nothing on the welcome screen.
WAKE_KEY = "Left"
WAKE_POLL = 0.4
FIRST_SCREEN_TIMEOUT = 30.0
SCREEN_TIMEOUT = 20.0


def skip_or_fail(reason: str) -> None:
    """A missing tool or permission skips locally, but is a failure in CI, never a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing requirement is a failure)", pytrace=False)
    pytest.skip(reason=reason)


# -- processes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Process:
    pid: int
    ppid: int
    argv: tuple[str, ...]
    name: str = ""  # the kernel's name for it: a render server forked from a session keeps
    # the session's command line but is named kiosk-rendersrv (or kiosk-renderer)

    @property
    def is_session(self) -> bool:
        """One visitor session: ``python -m kiosk session …``, or the first session, forked
        from the kiosk command and keeping its command line, by its name."""
        if self.name.startswith("kiosk-render"):
            return False
        return self.argv[1:4] == ("-m", "kiosk", "session") or self.name == "kiosk-session"


def sessions(processes: Iterable[Process]) -> list[Process]:
    """The visitor sessions among ``processes``. A render server is forked from its session and
    renames itself a moment later; until then it looks like a session, but its parent is one."""
    looks_like_session = [p for p in processes if p.is_session]
    pids = {p.pid for p in looks_like_session}
    return [p for p in looks_like_session if p.ppid not in pids]


def _read_process(pid: int) -> Process | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    # The command name is in parentheses and may itself hold spaces or parentheses.
    name = stat.split("(", 1)[1].rsplit(")", 1)[0]
    fields = stat.rsplit(")", 1)[1].split()
    state, ppid = fields[0], int(fields[1])
    if state in ("Z", "X"):
        return None
    argv = tuple(part.decode(errors="replace") for part in raw.split(b"\0") if part)
    return Process(pid, ppid, argv, name)


def process_table() -> dict[int, Process]:
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            process = _read_process(int(entry.name))
            if process is not None:
                table[process.pid] = process
    return table


def descendants(root: int) -> list[Process]:
    """``root`` and every process below it, found by following the parent links in /proc."""
    table = process_table()
    if root not in table:
        return []
    children: dict[int, list[int]] = {}
    for process in table.values():
        children.setdefault(process.ppid, []).append(process.pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(table[pid])
        todo.extend(children.get(pid, []))
    return found


def alive(process: Process) -> bool:
    """Still running, and still the same program (a recycled pid does not count)."""
    now = _read_process(process.pid)
    return now is not None and now.argv == process.argv


# -- the terminal ----------------------------------------------------------------------------


class TmuxSession:
    """One command in a detached tmux pane, on a private server that nothing else shares."""

    _serial = itertools.count()

    def __init__(
        self,
        command: Sequence[str],
        *,
        width: int = 100,
        height: int = 30,
        report_exit: bool = False,
    ) -> None:
        """``report_exit`` runs the command under ``sh``, which prints its exit status.

        (tmux 3.3 does not always collect a pane's exit status: now and then, on a busy
        machine, the ended command stays a zombie and ``#{pane_dead_status}`` stays empty.)
        """
        self.socket = f"harbour-test-{os.getpid()}-{next(self._serial)}"
        self._env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}
        self._seen: dict[int, Process] = {}
        argv = ["env", "TERM=xterm-256color", *command]
        if report_exit:
            script = f'"$@"; echo "{EXIT_REPORT}$?"'
            argv = ["sh", "-c", script, "sh", *argv]
        shell_command = shlex.join(argv)
        # remain-on-exit keeps an ended command's pane, and what it last showed, to look at,
        # instead of the server quietly going away with what the test needs to see.
        try:
            self._tmux(
                "start-server",
                ";",
                "set-option",
                "-g",
                "remain-on-exit",
                "on",
                ";",
                "new-session",
                "-d",
                "-s",
                "k",
                "-x",
                str(width),
                "-y",
                str(height),
                shell_command,
            )
            self.pane_pid = int(self._tmux("display-message", "-p", "-t", "k", "#{pane_pid}"))
            self._socket_path = Path(self._tmux("display-message", "-p", "#{socket_path}"))
        except BaseException:
            self._tmux("kill-server", check=False)
            raise

    def _tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-u", "-L", self.socket, "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            env=self._env,
            timeout=15,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout.rstrip("\n")

    # -- keys ----------------------------------------------------------------------------

    def send_keys(self, *keys: str, pause: float = 0.0) -> None:
        """tmux key names ("Enter", "Tab", "F12", "C-c"), all in one burst.

        ``pause`` waits afterwards, for a test that then checks something did *not* happen.
        """
        self._tmux("send-keys", "-t", "k", *keys)
        time.sleep(pause)

    def type(self, text: str, pause: float = 0.0) -> None:
        """Literal text as one burst of bytes: "\\t" is Tab and "\\r" is Enter, as a terminal
        sends them. No key name is looked up, so any text goes as it is."""
        self._tmux("send-keys", "-t", "k", "-H", *(f"{byte:02x}" for byte in text.encode()))
        time.sleep(pause)

    def press_escape(self, times: int = 1) -> None:
        for _ in range(times):
            self.send_keys("Escape", pause=ESCAPE_PAUSE)

    # -- what the terminal shows ------------------------------------------------------------

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "k")

    def saved_screen(self) -> str:
        """The normal screen kept beneath the alternate screen the sessions draw on ("" if none).

        While a session runs, this is where the supervisor's neutral screen, and anything the
        terminal echoed onto it, still sit; ``capture-pane`` without ``-a`` never shows it.
        """
        return self._tmux("capture-pane", "-p", "-a", "-t", "k", check=False)

    def history(self) -> str:
        """Everything the terminal still holds: scrollback, screen and any saved screen."""
        shown = self._tmux("capture-pane", "-p", "-S", "-", "-E", "-", "-t", "k")
        return f"{shown}\n{self.saved_screen()}"

    def pane_dead(self) -> bool:
        return self._tmux("display-message", "-p", "-t", "k", "#{pane_dead}") == "1"

    def wait_until(
        self,
        condition: Callable[[str], bool],
        description: str,
        timeout: float = SCREEN_TIMEOUT,
    ) -> str:
        """Poll the screen until ``condition(screen)``; fail showing the last screen."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if condition(screen):
                return screen
            if self.pane_dead():
                self.fail_ended(f"waiting for {description}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"timed out after {timeout:g} s waiting for {description}; "
                    f"the screen was:\n{screen}",
                    pytrace=False,
                )
            time.sleep(POLL)

    def fail_ended(self, doing: str) -> NoReturn:
        """The command in the pane ended when it should not have: say so at once."""
        pytest.fail(
            f"the pane's command ended while {doing}; the terminal holds:\n{self.history()}",
            pytrace=False,
        )

    def wait_for(self, text: str, timeout: float = SCREEN_TIMEOUT) -> str:
        return self.wait_until(lambda screen: text in screen, repr(text), timeout)

    def wait_for_exit(self, timeout: float = SCREEN_TIMEOUT) -> int:
        """The exit status of a command started with ``report_exit``, once it has ended."""
        # In the history too: tmux's "Pane is dead" line can scroll the report off the screen.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(re.escape(EXIT_REPORT) + r"(\d+)", self.history())
            if match:
                return int(match.group(1))
            time.sleep(POLL)
        pytest.fail(
            f"the command did not exit within {timeout:g} s; the screen was:\n{self.screen()}",
            pytrace=False,
        )

    def wait_for_any(self, *texts: str, timeout: float = SCREEN_TIMEOUT) -> str:
        """Wait until one of ``texts`` shows; return that text."""
        screen = self.wait_until(
            lambda screen: any(text in screen for text in texts),
            " or ".join(map(repr, texts)),
            timeout,
        )
        return next(text for text in texts if text in screen)

    # -- processes --------------------------------------------------------------------------

    def processes(self) -> list[Process]:
        """The pane's command and everything it started (remembered for the clean-up)."""
        found = descendants(self.pane_pid)
        self._seen.update((process.pid, process) for process in found)
        return found

    def kill(self) -> None:
        """Stop the server and everything in the pane; force only what refuses to go."""
        self.processes()
        self._tmux("kill-server", check=False)
        leftovers: Iterable[Process] = self._seen.values()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            leftovers = [process for process in leftovers if alive(process)]
            if not leftovers:
                break
            time.sleep(POLL)
        for process in leftovers:
            if alive(process):
                os.kill(process.pid, signal.SIGKILL)
        # tmux 3.3 leaves its socket file behind after kill-server.
        self._socket_path.unlink(missing_ok=True)


# -- the kiosk's files ---------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A config file and a data folder holding one vault, as an operator would set them up."""

    kiosk: Path
    config: Path
    data: Path
    name: str = VAULT_NAME
    pin: str = PIN

    def location(self) -> list[str]:
        return ["--config", str(self.config), "--data-dir", str(self.data)]

    def run_command(self) -> list[str]:
        return [str(self.kiosk), *self.location()]

    def admin(self, *args: str, stdin: str) -> str:
        result = subprocess.run(
            [str(self.kiosk), "admin", *args, *self.location()],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, f"kiosk admin {' '.join(args)}: {result.stderr}"
        return result.stdout


# -- the kiosk in the terminal ---------------------------------------------------------------


class KioskTerminal:
    """The supervisor running in a ``TmuxSession``, with the visitor's moves as methods."""

    def __init__(self, term: TmuxSession) -> None:
        self.term = term

    @property
    def supervisor(self) -> Process:
        processes = [p for p in self.term.processes() if not p.is_session]
        kiosk = [p for p in processes if any(arg.endswith("kiosk") for arg in p.argv[:2])]
        assert kiosk, f"no supervisor process in the pane: {processes}"
        return kiosk[0]

    def session_pid(self) -> int | None:
        pids = [p.pid for p in sessions(self.term.processes())]
        assert len(pids) <= 1, f"more than one session process: {pids}"
        return pids[0] if pids else None

    def wait_for_fresh_welcome(
        self, previous: int | None = None, timeout: float = FIRST_SCREEN_TIMEOUT
    ) -> int:
        """Wait for a session other than ``previous`` to show its welcome; return its pid."""
        deadline = time.monotonic() + timeout
        pid = None
        while time.monotonic() < deadline:
            pid = self.session_pid()
            if pid is not None and pid != previous and WELCOME in self.term.screen():
                return pid
            if self.term.pane_dead():
                self.term.fail_ended("waiting for a fresh session")
            time.sleep(POLL)
        pytest.fail(
            f"no fresh session (previous pid {previous}, now {pid}) showed its welcome within "
            f"{timeout:g} s; the screen was:\n{self.term.screen()}",
            pytrace=False,
        )

    def unlock(self, name: str, pin: str) -> None:
        """From the welcome screen: Enter, the name, Tab, the PIN and Enter, in one burst."""
        self.term.type(f"\r{name}\t{pin}\r")

    def open_vault(self, name: str = VAULT_NAME, pin: str = PIN) -> None:
        """Unlock and arrive at the vault's home, through the first-time explanation if shown."""
        self.unlock(name, pin)
        # The standard KDF takes a moment (more on a busy machine).
        shown = self.term.wait_for_any(INTRO, HOME, timeout=FIRST_SCREEN_TIMEOUT)
        if shown == INTRO:
            self.term.wait_for("I understand")
            self.term.send_keys("Enter")
        self.term.wait_until(
            lambda screen: HOME in screen and "My notes" in screen and INTRO not in screen,
            "the vault's home",
        )

    def open_note_editor(self) -> None:
        """From the vault's home: My notes (focused), then Write a note (focused)."""
        self.term.send_keys("Enter")
        self.term.wait_for(NOTES)
        self.term.send_keys("Enter")
        self.term.wait_for(EDITOR)

    def quick_exit(self, session: int, hidden: Sequence[str]) -> int:
        """F12: the neutral screen replaces ``hidden`` at once; after the hold, a key brings a
        fresh session's welcome. Its pid."""
        self.term.send_keys("F12")
        self.term.wait_until(
            lambda screen: NEUTRAL_TEXT in screen and not any(text in screen for text in hidden),
            f"the quick exit to hide {list(hidden)}",
            timeout=5,
        )
        return self.come_back(session)

    def come_back(self, previous: int, timeout: float = FIRST_SCREEN_TIMEOUT) -> int:
        """After a session ended, the neutral screen holds; once the next session runs and the
        hold is over, a key (one the welcome screen ignores) brings its welcome. Its pid."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid = self.session_pid()
            if pid not in (None, previous):
                if WELCOME in self.term.screen():
                    return pid
                self.term.send_keys(WAKE_KEY)
            if self.term.pane_dead():
                self.term.fail_ended("waiting for the next visitor's welcome")
            time.sleep(WAKE_POLL)
        pytest.fail(
            f"no fresh session after {previous} showed its welcome within {timeout:g} s; "
            f"the screen was:\n{self.term.screen()}",
            pytrace=False,
        )
