"""What the kiosk and the operator's commands use to open vaults: gatekeeper, then storage.

The data key passes through here for the few milliseconds between the gatekeeper and
SQLCipher, and is wiped as soon as SQLCipher holds it.
"""

from __future__ import annotations

import contextlib

from kiosk.vault.crypto import wipe
from kiosk.vault.errors import RecoveredButNotOpened, VaultError
from kiosk.vault.gatekeeper import Gate, UnlockedKey
from kiosk.vault.storage.database import VaultDatabase, open_database


def _open(gatekeeper: Gate, key: UnlockedKey) -> VaultDatabase:
    try:
        vault = open_database(key.vault_dir, key.vault_id, key.data_key)
    finally:
        wipe(key.data_key)
    # With the vault open (its lock held), finish what a killed PIN change or recovery left:
    # a second slot generation, temporary or previous copies of wrapped keys. A failure here
    # (a full disk) leaves them for the next opening and must not keep the visitor out.
    with contextlib.suppress(VaultError, OSError):
        gatekeeper.tidy_after_opening(key.vault_id)
    return vault


class VaultService:
    def __init__(self, gatekeeper: Gate) -> None:
        self.gatekeeper = gatekeeper

    def open(self, name: str, secret: str) -> VaultDatabase:
        return _open(self.gatekeeper, self.gatekeeper.unlock(name, secret))

    def open_with_recovery(
        self, name: str, code: str, new_secret: str, new_again: str
    ) -> tuple[VaultDatabase, str]:
        """Recover, then open; returns the vault and the new recovery code to show once.

        The old code stops working the moment the new one is issued, so if opening then fails
        (in use, damaged) the new code travels with the error: it must still be shown.
        """
        key, new_code = self.gatekeeper.recover(name, code, new_secret, new_again)
        try:
            return _open(self.gatekeeper, key), new_code
        except VaultError as error:
            raise RecoveredButNotOpened(error, new_code) from None
