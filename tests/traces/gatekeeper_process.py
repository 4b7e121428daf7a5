"""The gatekeeper as its own process (``kiosk gatekeeper serve``), when this kiosk has it.

Until the service exists the gatekeeper runs inside each session process, and the trace scan
covers it there; once it exists the scan starts it, points the kiosk at its socket
(``[gatekeeper] socket``) and reads its memory after the visit as well.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import time
from pathlib import Path

STARTUP_SECONDS = 30.0


def service_available() -> bool:
    return importlib.util.find_spec("kiosk.gatekeeper_service") is not None


class GatekeeperProcess:
    """``kiosk gatekeeper serve --socket PATH`` on the site's config, until ``stop``."""

    def __init__(self, kiosk: Path, location: list[str], socket_path: Path, log: Path) -> None:
        """``location``: ``--config FILE --data-dir FOLDER``, as the kiosk is given them."""
        self.socket_path = socket_path
        self.log = log
        with log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(kiosk), "gatekeeper", "serve", *location, "--socket", str(socket_path)],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=out,
            )
        deadline = time.monotonic() + STARTUP_SECONDS
        while not socket_path.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(
                    f"the gatekeeper service did not start: {log.read_text(errors='replace')}"
                )
            time.sleep(0.05)

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)


def config_lines(socket_path: Path) -> str:
    return f"[gatekeeper]\nsocket = {json.dumps(os.fspath(socket_path))}\n"
