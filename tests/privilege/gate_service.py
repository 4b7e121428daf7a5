"""The gatekeeper service as its unit runs it, in a fresh interpreter started as root.

``python -m tests.privilege.gate_service DATA FD``: FD is the listening socket (handed
over as systemd's socket activation hands it, as descriptor 3). The service was once a fork
of the pytest worker; a fork of a process with threads keeps each lock one of them held at
that moment, held for ever, and once, under load, such a service never stopped. A fresh
interpreter has none. It imports what it needs while still root (the checkout may sit in a
folder only root can enter, a clean clone in a 0700 temporary folder), then becomes the
service's user, as its unit makes it.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import os
import pkgutil
import signal
import sys
from pathlib import Path

GATE_UID = GATE_GID = 61001
KIOSK_GID = 61002
# Each unlock derives a key with this much memory: long enough to kill a client mid-way.
PIN_MEMORY_KIB = 64 * 1024
_PR_SET_MDWE, _PR_MDWE_REFUSE_EXEC_GAIN = 65, 1


# The libraries the service's calls use, imported whole: the kiosk's modules import some of
# them inside functions, and they import parts of themselves late (cryptography's backends),
# all unreadable once the service has left root in a clean clone.
SERVICE_LIBRARIES = ("argon2", "cryptography", "msgspec", "sqlcipher3")


def import_every_kiosk_module() -> None:
    """Whatever a process run as another user imports late must be loaded before it
    leaves root."""
    package = importlib.import_module("kiosk")
    for module in pkgutil.walk_packages(package.__path__, "kiosk."):
        if module.name != "kiosk.__main__":
            importlib.import_module(module.name)


def import_whole(name: str) -> None:
    package = importlib.import_module(name)
    for module in pkgutil.walk_packages(getattr(package, "__path__", []), f"{name}."):
        with contextlib.suppress(ImportError):  # a part for another platform or an extra
            importlib.import_module(module.name)


def serve(data: Path, listener_fd: int) -> int:
    import_every_kiosk_module()
    for library in SERVICE_LIBRARIES:
        import_whole(library)
    from kiosk.gatekeeper_service import GatekeeperServer
    from kiosk.gatekeeper_service.listening import activated_socket
    from kiosk.staff.accounts import StaffAccounts
    from kiosk.vault.gatekeeper import Gatekeeper, KdfPolicy
    from kiosk.vault.kdf import KdfParams

    os.setgroups([KIOSK_GID])  # SupplementaryGroups=kiosk
    os.setgid(GATE_GID)
    os.setuid(GATE_UID)  # User=harbour-gate
    os.umask(0o077)  # UMask=0077
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_MDWE, _PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0:
        return 3  # MemoryDenyWriteExecute=yes, in the kernel's own form
    if listener_fd != 3:
        os.dup2(listener_fd, 3)  # socket activation: the listening socket is descriptor 3
        os.close(listener_fd)
    os.environ["LISTEN_FDS"], os.environ["LISTEN_PID"] = "1", str(os.getpid())
    activated = activated_socket()
    if activated is None:
        return 4
    # The key derivation's cost is the test's (long enough to kill a client mid-way, and no
    # longer); everything else is what ``kiosk gatekeeper serve`` runs.
    tiny = KdfParams(memory_kib=8, iterations=1, parallelism=1)
    gatekeeper = Gatekeeper(
        data,
        data / "gatekeeper" / "kiosk.secret",
        kdf=KdfPolicy(pin=KdfParams(PIN_MEMORY_KIB, 1, 1), recovery=tiny, floor=tiny),
    )
    server = GatekeeperServer(activated, gatekeeper=gatekeeper, staff=StaffAccounts(data))
    signal.signal(signal.SIGTERM, lambda _signum, _frame: server.stop())
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(serve(Path(sys.argv[1]), int(sys.argv[2])))
