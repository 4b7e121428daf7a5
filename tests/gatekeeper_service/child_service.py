"""A gatekeeper service in a child process for the tests that kill it: the real server on a
real socket, with the KDF parameters the test asks for (``python -m`` this module)."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

from kiosk.gatekeeper_service import GatekeeperServer, bound_socket
from kiosk.staff.accounts import StaffAccounts
from kiosk.vault.gatekeeper import Gatekeeper, KdfPolicy
from kiosk.vault.kdf import KdfParams

TINY = KdfParams(memory_kib=8, iterations=1, parallelism=1)


def policy(pin_memory_kib: int) -> KdfPolicy:
    """Fast everywhere but the PIN slot, whose cost the test chooses (a window to kill in)."""
    pin = TINY if pin_memory_kib <= TINY.memory_kib else KdfParams(pin_memory_kib, 3, 1)
    return KdfPolicy(pin=pin, recovery=TINY, floor=TINY)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data")
    parser.add_argument("socket")
    parser.add_argument("--pin-memory-kib", type=int, default=TINY.memory_kib)
    parser.add_argument("--as-kiosk", action="store_true", help="every peer is the kiosk")
    args = parser.parse_args()
    data = Path(args.data)
    gatekeeper = Gatekeeper(
        data, data / "gatekeeper" / "kiosk.secret", kdf=policy(args.pin_memory_kib)
    )
    server = GatekeeperServer(
        bound_socket(Path(args.socket)),
        gatekeeper=gatekeeper,
        staff=StaffAccounts(data),
        administrator_uids=frozenset() if args.as_kiosk else None,
    )
    signal.signal(signal.SIGTERM, lambda _signum, _frame: server.stop())
    sys.stderr.write("serving\n")
    sys.stderr.flush()
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
