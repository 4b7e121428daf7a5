"""A visitor changes her PIN from inside her open vault, through the service: her session's
connection to the database is closed while the service rotates the key (her session lock
handed over, never let go), and reopened with the new key the service sends back."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.vault.errors import NotRecognised, VaultDamaged, VaultInUse
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.remote import RemoteGatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import is_open_elsewhere, open_database
from tests.gatekeeper_service.conftest import Running, child_service

NAME, PIN, NEW_PIN = "quiet river", "483920", "572913"


def _change_inside_the_open_vault(remote: RemoteGatekeeper, data: Path) -> None:
    made = remote.provision(NAME, PIN, PIN)
    old_key = remote.unlock(NAME, PIN)
    old = bytes(old_key.data_key)
    vault = VaultService(remote).open(NAME, PIN)
    try:
        with vault.transaction() as tx:
            tx.execute("INSERT INTO meta (k, v) VALUES ('written', 'before the change')")

        remote.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)

        # Still open, on the re-keyed file, with what she wrote; and never let go meanwhile.
        assert vault.meta()["written"] == "before the change"
        assert vault.full_check()
        assert is_open_elsewhere(data / "vaults" / made.vault_id)
    finally:
        vault.close()
    with pytest.raises(NotRecognised):
        remote.unlock(NAME, PIN)
    with VaultService(remote).open(NAME, NEW_PIN) as reopened:
        assert reopened.meta()["written"] == "before the change"
    # The key was rotated: the old one opens nothing any more.
    with pytest.raises(VaultDamaged):
        open_database(data / "vaults" / made.vault_id, made.vault_id, bytearray(old))


def test_a_pin_change_inside_the_open_vault_through_the_service(
    service: Running, remote: RemoteGatekeeper
) -> None:
    _change_inside_the_open_vault(remote, service.data_dir)


def test_a_pin_change_inside_the_open_vault_through_a_service_process(
    data_dir: Path, socket_dir: Path
) -> None:
    Gatekeeper.initialise(data_dir, data_dir / "gatekeeper" / "kiosk.secret")
    service = child_service(data_dir, socket_dir / "g.sock")
    remote = RemoteGatekeeper(socket_dir / "g.sock", data_dir)
    try:
        _change_inside_the_open_vault(remote, data_dir)
    finally:
        remote.close()
        code, log = service.stop()
    assert code == 0 and "Traceback" not in log


def test_a_vault_open_in_another_connections_session_is_in_use(
    service: Running, remote: RemoteGatekeeper
) -> None:
    remote.provision(NAME, PIN, PIN)
    other = service.client()
    try:
        with VaultService(remote).open(NAME, PIN) as vault:
            with pytest.raises(VaultInUse):
                other.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
            assert vault.full_check()  # untouched, still open
        assert remote.unlock(NAME, PIN).vault_id  # the old PIN still works
    finally:
        other.close()
