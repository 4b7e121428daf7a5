"""What the kiosk and the operator's commands use to open vaults: gatekeeper, then storage.

The data key passes through here for the few milliseconds between the gatekeeper and
SQLCipher, and is wiped as soon as SQLCipher holds it.
"""

from __future__ import annotations

from kiosk.vault.crypto import wipe
from kiosk.vault.gatekeeper import Gatekeeper, UnlockedKey
from kiosk.vault.store import VaultDatabase, open_database


def _open(key: UnlockedKey) -> VaultDatabase:
    try:
        return open_database(key.vault_dir, key.vault_id, key.data_key)
    finally:
        wipe(key.data_key)


class VaultService:
    def __init__(self, gatekeeper: Gatekeeper) -> None:
        self.gatekeeper = gatekeeper

    def open(self, name: str, secret: str) -> VaultDatabase:
        return _open(self.gatekeeper.unlock(name, secret))

    def open_with_recovery(
        self, name: str, code: str, new_secret: str, new_again: str
    ) -> tuple[VaultDatabase, str]:
        """Recover, then open; returns the vault and the new recovery code to show once."""
        key, new_code = self.gatekeeper.recover(name, code, new_secret, new_again)
        return _open(key), new_code
