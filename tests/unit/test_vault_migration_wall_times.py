"""An old note's time, as the visitor saw it on the screen, survives the move to UTC + offset.

Harbour before schema 3 kept the kiosk's local wall-clock time and showed exactly that. Step 3
reads it in the kiosk's zone at the time of the upgrade; when that zone has no such wall time
(the hour skipped when clocks go forward, which a kiosk whose zone was changed since, from UTC
to Europe/London say, can hold), the note must still show the time it always showed.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.notes.repository import NotesRepository
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from tests.unit.test_vault_migrations import london, make_vault_at, raw_connection
from tests.unit.test_vault_rotation import NAME, PIN

__all__ = ["london"]  # the fixture, used by name below


def test_a_note_written_in_the_skipped_hour_still_shows_the_time_it_showed(
    gatekeeper: Gatekeeper, data_dir: Path, london: None
) -> None:
    folder, data_key = make_vault_at(gatekeeper, data_dir, 2)
    connection = raw_connection(folder / "vault.db", data_key)
    connection.execute("UPDATE notes SET written_at = '2026-03-29 01:30' WHERE id = 2")
    connection.close()
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        shown = {note.id: note.written_at for note in NotesRepository(vault).all()}
    assert shown == {1: "2026-09-21 10:00", 2: "2026-03-29 01:30"}
