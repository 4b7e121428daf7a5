"""Start the kiosk for real: a clean environment, services from the config, then the App."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping, MutableMapping

from kiosk.config import Config
from kiosk.terminal import clear

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


def run_session(config: Config) -> int:
    """One visitor session in this process; returns the app's SessionEnd code."""
    from kiosk.hardening import forbid_core_dumps, silence_stderr

    scrub_developer_environment(os.environ)
    forbid_core_dumps()
    silence_stderr()
    from kiosk.app import make_app
    from kiosk.services import build_services

    app = make_app(config, build_services(config), time.time)
    try:
        app.run()
    finally:
        # Leaving the alternate screen can leave the last frame in scrollback on some
        # terminals: clear the screen and the scrollback so the next person finds nothing.
        clear(sys.stdout, config.quick_exit.neutral_title)
    return app.return_code or 0
