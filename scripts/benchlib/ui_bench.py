"""Cold start and quick exit, measured in a real pseudo-terminal, for a Harbour visitor session
and for a bare Textual app run the same way in the same run.

* Cold start: from forking the process to the first read that brings a known text.
* Quick exit: from writing F12 (``ESC [ 2 4 ~``) to the first read that brings the neutral
  text, and to the session process having ended (seen to within about 50 ms; issue 7 asks
  for 0.5 s). Only output written after the key counts: Harbour's bottom screen already holds the
  neutral text, so older output must not be mistaken for the answer.

Each round starts one bare app, one Harbour session that stays on its welcome screen, and one
that opens a vault first; the first round is a warm-up (file caches, bytecode, and the vault's
first-open "Before you start" screen) and is not counted.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .bare_app import NEUTRAL_TEXT, READY_TEXT
from .pty_app import PtyApp

F12 = "\x1b[24~"
SETTLE_SECONDS = 0.3  # after the awaited text, so the app is idle before the next key
ROWS, COLUMNS = 24, 80

BARE_APP = Path(__file__).resolve().with_name("bare_app.py")
# Only on the welcome screen: the bottom screen's neutral text also starts with "Welcome".
WELCOME_TEXT = "Everything here is private"
UNLOCK_TEXT = "Vault name"
INTRO_TEXT = "I understand"
VAULT_TEXT = "Your vault"
DEFAULT_NEUTRAL_TEXT = "Welcome. Information and leaflets are available at the desk."

STAFF_PASSPHRASE = "long staff passphrase"  # noqa: S105 - a throwaway data folder
VAULT_NAME = "bench-vault"
VAULT_PIN = "583920"


@dataclass
class UiSamples:
    """Seconds for the timings, KiB for peak resident memory (VmHWM)."""

    bare_start: list[float] = field(default_factory=list)
    bare_exit: list[float] = field(default_factory=list)
    bare_rss: list[int] = field(default_factory=list)
    harbour_start: list[float] = field(default_factory=list)
    harbour_exit_welcome: list[float] = field(default_factory=list)
    harbour_exit_vault: list[float] = field(default_factory=list)
    harbour_ended_vault: list[float] = field(default_factory=list)
    harbour_rss_welcome: list[int] = field(default_factory=list)
    harbour_rss_vault: list[int] = field(default_factory=list)
    harbour_exit_codes: list[int | None] = field(default_factory=list)


@dataclass
class ColdStarts:
    """Seconds from fork to the first frame, the bare app and the whole ``kiosk`` command
    measured alternately in one run, so both see the same machine load."""

    bare: list[float] = field(default_factory=list)
    kiosk: list[float] = field(default_factory=list)


def kiosk_command() -> list[str]:
    """The installed console script next to this interpreter, else ``python -m kiosk``."""
    script = Path(sys.executable).with_name("kiosk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "kiosk"]


class Harbour:
    """A temporary data folder and config, set up with the real ``kiosk admin`` commands."""

    def __init__(self, folder: Path) -> None:
        self.config = folder / "kiosk.toml"
        self.data = folder / "data"
        self.config.write_text('[kdf]\nprofile = "standard"\n')
        self.neutral_text = DEFAULT_NEUTRAL_TEXT
        self._admin(["init", "--staff-name", "Bench"], [STAFF_PASSPHRASE, STAFF_PASSPHRASE])
        self._admin(["vault", "create", "--name", VAULT_NAME], [VAULT_PIN, VAULT_PIN])

    def _place(self) -> list[str]:
        return ["--config", str(self.config), "--data-dir", str(self.data)]

    def _admin(self, command: list[str], lines: list[str]) -> None:
        subprocess.run(
            [*kiosk_command(), "admin", *command, *self._place()],
            input="".join(f"{line}\n" for line in lines),
            text=True,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def session(self) -> PtyApp:
        argv = [sys.executable, "-m", "kiosk", "session", *self._place()]
        return PtyApp(argv, cwd=self.data.parent, rows=ROWS, columns=COLUMNS)

    def kiosk(self) -> PtyApp:
        """The ``kiosk`` command as a centre runs it: the supervisor, which starts a session."""
        argv = [*kiosk_command(), *self._place()]
        return PtyApp(argv, cwd=self.data.parent, rows=ROWS, columns=COLUMNS)


def _quick_exit(app: PtyApp, neutral: str, ended: list[float] | None = None) -> float:
    """Press F12 once the app is idle; seconds until the neutral text shows. With ``ended``,
    also the seconds until the process has ended."""
    app.settle(SETTLE_SECONDS)
    mark = app.mark()
    pressed = app.send(F12)
    _, seen = app.wait_for(neutral, since=mark, timeout=15)
    if ended is not None and app.wait_exit(15) is not None:
        ended.append(time.perf_counter() - pressed)
    return seen - pressed


def _bare_round(samples: UiSamples) -> None:
    with PtyApp(
        [sys.executable, str(BARE_APP)], cwd=BARE_APP.parent, rows=ROWS, columns=COLUMNS
    ) as app:
        _, seen = app.wait_for(READY_TEXT, timeout=30)
        samples.bare_start.append(seen - app.started)
        app.settle(SETTLE_SECONDS)
        samples.bare_rss.append(app.peak_rss_kib() or 0)
        samples.bare_exit.append(_quick_exit(app, NEUTRAL_TEXT))
        app.wait_exit(5)  # it exits after the neutral frame; close() terminates it otherwise


def _harbour_welcome_round(harbour: Harbour, samples: UiSamples) -> None:
    with harbour.session() as app:
        _, seen = app.wait_for(WELCOME_TEXT, timeout=30)
        samples.harbour_start.append(seen - app.started)
        app.settle(SETTLE_SECONDS)
        samples.harbour_rss_welcome.append(app.peak_rss_kib() or 0)
        samples.harbour_exit_welcome.append(_quick_exit(app, harbour.neutral_text))
        samples.harbour_exit_codes.append(app.wait_exit(10))


def _open_vault(app: PtyApp) -> None:
    """Welcome → Open my vault (focused) → name, Tab, PIN, Enter → past any first-open intro."""
    app.wait_for(WELCOME_TEXT, timeout=30)
    app.settle(SETTLE_SECONDS)
    mark = app.mark()
    app.send("\r")
    app.wait_for(UNLOCK_TEXT, since=mark, timeout=15)
    app.settle(SETTLE_SECONDS)
    app.send(VAULT_NAME)
    app.settle(0.1)
    app.send("\t")
    app.settle(0.1)
    mark = app.mark()
    app.send(VAULT_PIN + "\r")
    seen, _ = app.wait_for(INTRO_TEXT, VAULT_TEXT, since=mark, timeout=60)
    if seen == VAULT_TEXT:  # the intro, if any, is pushed on top of the vault's home
        app.settle(SETTLE_SECONDS)
        if INTRO_TEXT not in app.text_since(mark):
            return
    app.settle(SETTLE_SECONDS)
    mark = app.mark()
    app.send("\r")  # "I understand" has the focus
    app.wait_for(VAULT_TEXT, since=mark, timeout=15)


def _harbour_vault_round(harbour: Harbour, samples: UiSamples) -> None:
    with harbour.session() as app:
        _open_vault(app)
        app.settle(SETTLE_SECONDS)
        samples.harbour_rss_vault.append(app.peak_rss_kib() or 0)
        samples.harbour_exit_vault.append(
            _quick_exit(app, harbour.neutral_text, samples.harbour_ended_vault)
        )
        samples.harbour_exit_codes.append(app.wait_exit(10))


def measure(repeats: int, *, warm_up: bool = True) -> UiSamples:
    """``repeats`` counted rounds, after one uncounted warm-up round unless ``warm_up`` is off."""
    with tempfile.TemporaryDirectory(prefix="harbour-bench-") as folder:
        harbour = Harbour(Path(folder))
        counted = UiSamples()
        first = 0 if warm_up else 1
        for round_number in range(first, repeats + 1):
            samples = counted if round_number else UiSamples()  # round 0 warms up
            _bare_round(samples)
            _harbour_welcome_round(harbour, samples)
            _harbour_vault_round(harbour, samples)
        return counted


def _bare_start() -> float:
    with PtyApp(
        [sys.executable, str(BARE_APP)], cwd=BARE_APP.parent, rows=ROWS, columns=COLUMNS
    ) as app:
        _, seen = app.wait_for(READY_TEXT, timeout=30)
        return seen - app.started


def _kiosk_start(harbour: Harbour) -> float:
    """Supervisor and first session together, to the welcome screen's first frame."""
    with harbour.kiosk() as app:
        _, seen = app.wait_for(WELCOME_TEXT, timeout=30)
        return seen - app.started


def measure_cold_start(repeats: int, *, warm_up: bool = True) -> ColdStarts:
    """``repeats`` pairs (bare app, then ``kiosk``), after one uncounted warm-up pair unless
    ``warm_up`` is off."""
    with tempfile.TemporaryDirectory(prefix="harbour-bench-") as folder:
        harbour = Harbour(Path(folder))
        counted = ColdStarts()
        if warm_up:
            _bare_start()
            _kiosk_start(harbour)
        for _ in range(repeats):
            counted.bare.append(_bare_start())
            counted.kiosk.append(_kiosk_start(harbour))
        return counted
