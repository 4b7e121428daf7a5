"""A vault upgraded by a newer Harbour, opened again by this one (an update rolled back).

Its files are whole; only this Harbour is too old to read them. Calling it damaged sends staff
to the advice for damaged vaults ("restore its folder from a backup, or delete the vault with
the visitor's agreement"), and either loses what she wrote since the backup, or everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.vault.errors import VaultDamaged, VaultError
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.migrations import SCHEMA_VERSION
from tests.unit.test_vault_migrations import make_vault_at, raw_connection
from tests.unit.test_vault_rotation import NAME, PIN


def test_a_vault_from_a_newer_harbour_is_not_called_damaged(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    folder, data_key = make_vault_at(gatekeeper, data_dir, SCHEMA_VERSION)
    connection = raw_connection(folder / "vault.db", data_key)
    connection.execute("UPDATE meta SET v = ? WHERE k = 'schema'", (str(SCHEMA_VERSION + 1),))
    connection.close()
    with pytest.raises(VaultError) as refused:
        VaultService(gatekeeper).open(NAME, PIN)
    assert not isinstance(refused.value, VaultDamaged)
    assert "damaged" not in str(refused.value)
