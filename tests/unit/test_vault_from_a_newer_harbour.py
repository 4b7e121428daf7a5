"""A vault upgraded by a newer Harbour, opened again by this one (an update rolled back).

Its files are whole; only this Harbour is too old to read them. Calling it damaged sends staff
to the advice for damaged vaults ("restore its folder from a backup, or delete the vault with
the visitor's agreement"), and either loses what she wrote since the backup, or everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.operator.admin import _for_staff
from kiosk.ui.wording import describe
from kiosk.vault.errors import VaultDamaged, VaultError, VaultFromNewerHarbour
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.migrations import SCHEMA_VERSION
from tests.unit.test_vault_migrations import make_vault_at, raw_connection, stored_version
from tests.unit.test_vault_rotation import NAME, NEW_PIN, PIN


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


def test_a_vault_from_a_newer_harbour_is_left_as_it_was_and_staff_are_told_to_update(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    folder, data_key = make_vault_at(gatekeeper, data_dir, SCHEMA_VERSION)
    connection = raw_connection(folder / "vault.db", data_key)
    connection.execute("UPDATE meta SET v = ? WHERE k = 'schema'", (str(SCHEMA_VERSION + 1),))
    connection.close()
    before = (folder / "vault.db").read_bytes()
    with pytest.raises(VaultFromNewerHarbour) as refused:
        VaultService(gatekeeper).open(NAME, PIN)
    assert describe(refused.value) == (
        "This vault was last opened by a newer version of the kiosk. "
        "Nothing has been changed. Please ask staff for help."
    )
    assert (folder / "vault.db").read_bytes() == before
    assert stored_version(folder, data_key) == SCHEMA_VERSION + 1
    advice = _for_staff(refused.value)
    assert "newer Harbour" in advice
    assert "do not delete" in advice
    assert "backup" in advice and "restore its folder" not in advice


def test_a_pin_change_on_a_vault_from_a_newer_harbour_changes_nothing(
    gatekeeper: Gatekeeper,
) -> None:
    gatekeeper.provision(NAME, PIN, PIN)
    with VaultService(gatekeeper).open(NAME, PIN) as vault, vault.transaction() as tx:
        tx.execute("UPDATE meta SET v = ? WHERE k = 'schema'", (str(SCHEMA_VERSION + 1),))
    # The re-keyed copy would be made by this Harbour, in a layout it does not know.
    with pytest.raises(VaultFromNewerHarbour):
        gatekeeper.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
    with pytest.raises(VaultFromNewerHarbour):
        VaultService(gatekeeper).open(NAME, PIN)  # the old PIN still the one that works
