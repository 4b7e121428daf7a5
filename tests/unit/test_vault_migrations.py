"""A vault made at every past schema version opens with today's code, whole and upgraded.

Each old database is built by hand, statement by statement, the way Harbour at that version
left it, not through today's ``create_database``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from kiosk.notes.repository import add_note, list_notes
from kiosk.vault.crypto import new_data_key, wipe
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.gatekeeper.namemap import NameMap, name_handle
from kiosk.vault.gatekeeper.secret import load_secret
from kiosk.vault.ids import new_vault_id
from kiosk.vault.names import normalise_name
from kiosk.vault.recovery import generate_code
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import MIGRATIONS, SCHEMA_VERSION, raw_key
from tests.unit.test_vault_rotation import NAME, PIN, write_legacy_slots


def build_database_at(path: Path, version: int, vault_id: str, data_key: bytearray) -> None:
    connection = sqlcipher3.connect(str(path), isolation_level=None)
    key = raw_key(data_key)
    connection.set_key(key)
    wipe(key)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN")
    for statements in MIGRATIONS[:version]:
        for statement in statements:
            connection.execute(statement)
    connection.executemany(
        "INSERT INTO meta (k, v) VALUES (?, ?)",
        [("vault_id", vault_id), ("created", "2026-10-01"), ("schema", str(version))],
    )
    connection.execute("COMMIT")
    connection.close()


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_a_vault_from_every_past_schema_opens_and_is_upgraded(
    gatekeeper: Gatekeeper, data_dir: Path, version: int
) -> None:
    vault_id = new_vault_id()
    folder = data_dir / "vaults" / vault_id
    folder.mkdir(mode=0o700)
    data_key = new_data_key()
    build_database_at(folder / "vault.db", version, vault_id, data_key)
    pepper = load_secret(data_dir / "gatekeeper" / "kiosk.secret")
    write_legacy_slots(folder, vault_id, data_key, pepper, generate_code())
    names = NameMap(data_dir / "gatekeeper")
    names.save({name_handle(pepper, normalise_name(NAME)): vault_id})

    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        assert vault.meta()["schema"] == str(SCHEMA_VERSION)
        assert vault.meta()["created"] == "2026-10-01"
        add_note(vault, "written after the upgrade", written_at="2026-11-29")
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        assert [note.body for note in list_notes(vault)] == ["written after the upgrade"]
        assert vault.full_check()
