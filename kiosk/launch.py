"""Start the kiosk for real: build services from the config and run the App."""

from __future__ import annotations

import sys
import time

from kiosk.config import Config


def run_kiosk(config: Config) -> int:
    from kiosk.app import make_app
    from kiosk.services import build_services

    app = make_app(config, build_services(config), time.time)
    app.run()
    # Leaving the alternate screen can leave the last frame in scrollback on some terminals:
    # clear the screen and the scrollback so the next person finds nothing.
    sys.stdout.write("\x1b[H\x1b[2J\x1b[3J")
    sys.stdout.flush()
    return 0
