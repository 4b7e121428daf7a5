"""The gentle "entries were added since your last copy" reminder: the record count at her last
export or printed record, kept inside the vault."""

from __future__ import annotations

from kiosk.diary.copies import KeptCopies
from kiosk.diary.model import Amendment
from kiosk.diary.repository import DiaryRepository
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import VaultDatabase
from tests.unit.diary_fixtures import content, later, vault
from tests.unit.test_vault_rotation import NAME, PIN

__all__ = ["vault"]  # a fixture


def test_no_copy_yet_counts_every_record_and_a_copy_counts_none(vault: VaultDatabase) -> None:
    copies = KeptCopies(vault)
    assert copies.records_since_copy() == 0  # an empty diary: nothing to remind her of
    diary = DiaryRepository(vault)
    diary.add(content(), recorded=later(1))
    diary.amend(1, Amendment("detail", "It was raining."), recorded=later(2))
    assert copies.records_since_copy() == 2
    copies.copy_made()
    assert copies.records_since_copy() == 0
    diary.add(content("Again"), recorded=later(3))
    assert copies.records_since_copy() == 1


def test_a_copy_of_fewer_records_never_undoes_a_fuller_one(vault: VaultDatabase) -> None:
    diary = DiaryRepository(vault)
    for minute in range(3):
        diary.add(content(f"Entry {minute}"), recorded=later(minute))
    copies = KeptCopies(vault)
    copies.copy_made(3)
    copies.copy_made(1)  # a printed record of the first entry only, later
    assert copies.records_since_copy() == 0
    copies.copy_made(2)
    diary.add(content("Entry 4"), recorded=later(9))
    assert copies.records_since_copy() == 1


def test_the_count_is_kept_in_the_vault_across_visits(gatekeeper: Gatekeeper) -> None:
    gatekeeper.provision(NAME, PIN, PIN)
    with VaultService(gatekeeper).open(NAME, PIN) as first:
        DiaryRepository(first).add(content(), recorded=later(1))
        KeptCopies(first).copy_made()
        DiaryRepository(first).add(content("Later"), recorded=later(2))
    with VaultService(gatekeeper).open(NAME, PIN) as again:
        assert KeptCopies(again).records_since_copy() == 1
