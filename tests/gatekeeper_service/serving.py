"""``HARBOUR_TEST_GATEKEEPER=service``: the test fixtures that build a gatekeeper for the
kiosk (tests/ui's ``kiosk``) give it the service's client instead, on a real unix socket,
served from a thread by the same in-process gatekeeper the test sets up and inspects."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.gatekeeper_service import GatekeeperServer, bound_socket
from kiosk.staff.accounts import StaffAccounts
from kiosk.staff.remote import RemoteStaffAccounts
from kiosk.vault.gatekeeper import Gatekeeper, VaultEvent
from kiosk.vault.remote import RemoteGatekeeper


def service_mode() -> bool:
    return os.environ.get("HARBOUR_TEST_GATEKEEPER", "") == "service"


@contextlib.contextmanager
def served(
    gatekeeper: Gatekeeper,
    staff: StaffAccounts,
    data_dir: Path,
    on_event: Callable[[VaultEvent], None] | None = None,
) -> Iterator[tuple[RemoteGatekeeper, RemoteStaffAccounts]]:
    """The client and its staff accounts (one connection), for as long as the block lasts."""
    # The tests run as root, whom the service takes as an administrator: tests that set up
    # accounts or vaults through the kiosk's services, without a sign-in, keep working. The
    # kiosk's narrower rights are tested in tests/gatekeeper_service/test_rules.py.
    folder = Path(tempfile.mkdtemp(prefix="hg-", dir="/tmp"))
    server = GatekeeperServer(bound_socket(folder / "g.sock"), gatekeeper=gatekeeper, staff=staff)
    server.serve_in_thread()
    client = RemoteGatekeeper(folder / "g.sock", data_dir, on_event=on_event)
    try:
        yield client, RemoteStaffAccounts(client.connection)
    finally:
        client.close()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
