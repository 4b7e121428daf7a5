"""Writes of several repositories in one ``vault.transaction()`` block are one unit."""

from __future__ import annotations

import pytest

from kiosk.notes.repository import NotesRepository
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.journeys import WRITTEN
from tests.unit.test_vault_rotation import NAME, PIN


def test_a_failure_late_in_a_unit_undoes_what_every_repository_wrote_in_it(
    gatekeeper: Gatekeeper,
) -> None:
    gatekeeper.provision(NAME, PIN, PIN)
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        drafts = DraftsRepository(vault)
        drafts.save("note", "", {"text": "kept"}, saved=WRITTEN, interrupted=True)
        with pytest.raises(LookupError), vault.transaction():
            NotesRepository(vault).add("a new note", written=WRITTEN)
            drafts.discard("note", "")
            NotesRepository(vault).update(99, "no such note")  # refused: the unit fails
        assert NotesRepository(vault).all() == []
        assert [draft.fields for draft in drafts.all()] == [{"text": "kept"}]
        with vault.transaction():
            NotesRepository(vault).add("a new note", written=WRITTEN)
            drafts.discard("note", "")
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        assert [note.body for note in NotesRepository(vault).all()] == ["a new note"]
        assert DraftsRepository(vault).all() == []
