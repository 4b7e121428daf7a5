"""Start the kiosk for real: a clean environment, services from the config, then the App."""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import sys
import time
from collections.abc import Mapping, MutableMapping

from kiosk.config import Config
from kiosk.terminal import clear, hand_over

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


def run_session(config: Config) -> int:
    """One visitor session in this process. It never returns: the process ends with the app's
    SessionEnd code as soon as the app has closed the vault and handed over the screen."""
    from kiosk.hardening import forbid_core_dumps, silence_stderr

    scrub_developer_environment(os.environ)
    supervised = os.environ.pop(SUPERVISED, "") == "1"
    hold = neutral_hold_seconds(os.environ, time.monotonic())
    os.environ.pop(NEUTRAL_HOLD_UNTIL, None)
    forbid_core_dumps()
    silence_stderr()
    from kiosk.app import SessionEnd, make_app
    from kiosk.services import build_services

    app = make_app(config, build_services(config), time.time, neutral_hold=hold)
    if supervised:
        from kiosk.shared_screen import SharedScreenDriver

        app.driver_class = SharedScreenDriver
    code = int(SessionEnd.CRASHED)
    # A loop of its own: asyncio.run() would, on the way out, wait for every thread worker
    # (a sheet still rendering, a printer still followed) before the process could end.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        app.run(loop=loop)
        code = app.return_code or 0
    finally:
        title = config.quick_exit.neutral_title
        if supervised:
            hand_over(sys.stdout, title)
        else:
            # Leaving the alternate screen can leave the last frame in scrollback on some
            # terminals: clear the screen and the scrollback so the next person finds nothing.
            clear(sys.stdout, title)
        end_process(code)
    return code  # not reached


def end_process(code: int) -> None:
    """End now. The app has closed the vault and recalled the print jobs; a thread still
    rendering a sheet or following the printer must not keep the process, and the visit's
    data in its memory, alive: Python would wait for it. Its child commands (lp, lpstat) do
    not hold the session either."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    os._exit(code)
