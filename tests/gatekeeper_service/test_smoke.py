from __future__ import annotations

from kiosk.vault.remote import RemoteGatekeeper
from kiosk.vault.service import VaultService


def test_provision_then_unlock_through_the_socket(remote: RemoteGatekeeper) -> None:
    made = remote.provision("quiet river", "483920", "483920")
    vault = VaultService(remote).open("quiet river", "483920")
    try:
        assert vault.vault_id == made.vault_id
    finally:
        vault.close()
