"""What a session process needs before and after its App: a clean environment, the neutral
hold, and an end that nothing can hold up (kiosk/ui/visit.py runs the App between)."""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

from kiosk.printing import render_server
from kiosk.session.hardening import forbid_core_dumps, silence_stderr

# Set by the supervisor in each session's environment (never secrets, only how to start).
# "1": the supervisor owns the screen; the session hands it over instead of clearing it.
SUPERVISED = "HARBOUR_SUPERVISED"
# A time.monotonic() reading (one clock for every process): the last session ended, so this
# one starts on the neutral screen and drops keys until then; the first key after it brings
# the welcome screen.
NEUTRAL_HOLD_UNTIL = "HARBOUR_NEUTRAL_HOLD_UNTIL"

# Textual reads these when it is imported. The kiosk keeps only what a terminal host or
# textual-serve legitimately sets; devtools, logging to a file, screenshots, scripted key
# presses and "allow signals" are never honoured on a kiosk. PYTHON* start-up hooks could
# run code or open an interactive prompt inside a session, so they go too.
_KEPT_TEXTUAL_VARIABLES = frozenset({"TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM"})
_DROPPED_PYTHON_VARIABLES = frozenset(
    {"PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONBREAKPOINT", "PYTHONDEVMODE", "PYTHONFAULTHANDLER"}
)


def _dropped(name: str) -> bool:
    if name.startswith("TEXTUAL"):
        return name not in _KEPT_TEXTUAL_VARIABLES
    return name in _DROPPED_PYTHON_VARIABLES


def scrubbed_environment(environ: Mapping[str, str]) -> dict[str, str]:
    return {name: value for name, value in environ.items() if not _dropped(name)}


def scrub_developer_environment(environ: MutableMapping[str, str]) -> list[str]:
    """Remove Textual's developer switches in place; returns the names removed."""
    removed = [name for name in list(environ) if _dropped(name)]
    for name in removed:
        del environ[name]
    return removed


def neutral_hold_seconds(environ: Mapping[str, str], now: float) -> float | None:
    """How much longer keys are dropped on the neutral screen; None when there is no hold."""
    raw = environ.get(NEUTRAL_HOLD_UNTIL, "")
    try:
        until = float(raw)
    except ValueError:
        return None
    if not math.isfinite(until):
        return None
    return max(0.0, until - now)


@dataclass(frozen=True)
class SessionStart:
    """What the supervisor told this session process through its environment."""

    supervised: bool  # the supervisor owns the screen: hand it over instead of clearing it
    hold_seconds: float | None  # keys are dropped on the neutral screen this much longer


def prepare_session() -> SessionStart:
    """Make this process fit to hold a visit, before Textual is imported: no developer
    switches in the environment, no core dumps, nothing on stderr."""
    scrub_developer_environment(os.environ)
    supervised = os.environ.pop(SUPERVISED, "") == "1"
    hold = neutral_hold_seconds(os.environ, time.monotonic())
    os.environ.pop(NEUTRAL_HOLD_UNTIL, None)
    forbid_core_dumps()
    silence_stderr()
    # Forked now, not dumpable and single-threaded, before a vault is open: see render_server.
    render_server.start()
    return SessionStart(supervised=supervised, hold_seconds=hold)


def end_process(code: int) -> None:
    """End now. The app has closed the vault and recalled the print jobs; a thread still
    rendering a sheet or following the printer must not keep the process, and the visit's
    data in its memory, alive: Python would wait for it. Its child commands (lp, lpstat) do
    not hold the session either."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    os._exit(code)
