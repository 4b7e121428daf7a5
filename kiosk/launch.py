"""Start the kiosk for real: a clean environment, services from the config, then the App."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import MutableMapping

from kiosk.config import Config

# Textual reads these when it is imported. The kiosk keeps only what a terminal host or
# textual-serve legitimately sets; devtools, logging to a file, screenshots, scripted key
# presses and "allow signals" are never honoured on a kiosk.
_KEPT_TEXTUAL_VARIABLES = frozenset({"TEXTUAL_DRIVER", "TEXTUAL_FPS", "TEXTUAL_COLOR_SYSTEM"})


def scrub_developer_environment(environ: MutableMapping[str, str]) -> list[str]:
    """Remove Textual's developer switches; returns the names removed."""
    removed = [
        name
        for name in list(environ)
        if name.startswith("TEXTUAL") and name not in _KEPT_TEXTUAL_VARIABLES
    ]
    for name in removed:
        del environ[name]
    return removed


def run_kiosk(config: Config) -> int:
    scrub_developer_environment(os.environ)
    from kiosk.app import make_app
    from kiosk.services import build_services

    app = make_app(config, build_services(config), time.time)
    app.run()
    # Leaving the alternate screen can leave the last frame in scrollback on some terminals:
    # clear the screen and the scrollback so the next person finds nothing.
    sys.stdout.write("\x1b[H\x1b[2J\x1b[3J")
    sys.stdout.flush()
    return 0
