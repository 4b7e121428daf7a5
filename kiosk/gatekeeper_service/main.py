"""``kiosk gatekeeper serve``: run the gatekeeper service until SIGTERM."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import TextIO

from kiosk.config import Config
from kiosk.gatekeeper_service.listening import ListeningError, activated_socket, bound_socket
from kiosk.gatekeeper_service.server import GatekeeperServer
from kiosk.services import in_process_gatekeeper
from kiosk.staff.accounts import StaffAccounts
from kiosk.vault.errors import KioskSecretProblem
from kiosk.vault.gatekeeper import Gatekeeper


def serve(config: Config, socket_path: Path | None, out: TextIO | None = None) -> int:
    """Serve on the socket systemd passed, else on ``socket_path`` (made 0660), else on the
    config's ``[gatekeeper] socket``. Returns 0 after SIGTERM or SIGINT."""
    log = out or sys.stderr
    try:
        # Before the first call, not at the first that loads the secret: a vault list or a
        # delete never loads it, and must not act on folders someone else put there.
        Gatekeeper.check_folders(config.data_path())
    except KioskSecretProblem as problem:
        raise ListeningError(f"not serving: {problem.detail}") from None
    listener = activated_socket()
    if listener is None:
        path = socket_path or (Path(config.gatekeeper.socket) if config.gatekeeper.socket else None)
        if path is None:
            raise ListeningError(
                "no socket: start it from its systemd socket unit, give --socket PATH, or set "
                "[gatekeeper] socket in the settings file"
            )
        listener = bound_socket(path)
        where = str(path)
    else:
        where = "the socket systemd passed"
    server = GatekeeperServer(
        listener,
        gatekeeper=in_process_gatekeeper(config),
        staff=StaffAccounts(config.data_path()),
        rebuild=lambda: in_process_gatekeeper(config),
        log=log,
    )
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda _signum, _frame: server.stop())
    log.write(f"gatekeeper: serving on {where}\n")
    log.flush()
    server.serve_forever()
    log.write("gatekeeper: stopped\n")
    log.flush()
    return 0
