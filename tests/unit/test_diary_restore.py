"""A diary's records restored verbatim into another vault's empty diary (what kiosk/portable's
import does): the same chain from the same origin, the same list, search and summary, the
withdrawn entry still withdrawn with its date and behaviours."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.diary.model import Amendment, Behaviour, PoliceContact, Withdrawal
from kiosk.diary.repository import DiaryRepository
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from tests.unit.diary_fixtures import content, later
from tests.unit.test_vault_rotation import NAME, PIN


def test_records_restored_into_another_vault_read_and_verify_the_same(
    gatekeeper: Gatekeeper,
) -> None:
    gatekeeper.provision(NAME, PIN, PIN)
    gatekeeper.provision("second-vault", PIN, PIN)
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        source = DiaryRepository(vault)
        source.add(
            content("Zażółć gęślą", police=PoliceContact(reference="REF-1")), recorded=later(0)
        )
        source.add(
            content(
                "taken back later",
                day=dt.date(2026, 8, 1),
                behaviours=(Behaviour.THREATS, Behaviour.FOLLOWING),
            ),
            recorded=later(1),
        )
        source.amend(1, Amendment("detail", "a red car"), recorded=later(2))
        source.amend(2, Amendment("detail", "words to erase"), recorded=later(3))
        source.withdraw(2, Withdrawal("wrong day"), recorded=later(4))
        source.add(content("the third"), recorded=later(5))
        records, erased, origin = source.stored_records(), source.erased_whens(), vault.vault_id
        expected = (source.entries(), source.summary(), source.chain(), source.head())
        assert list(erased) == [2] and erased[2].behaviours == (
            Behaviour.FOLLOWING,
            Behaviour.THREATS,
        )
    with VaultService(gatekeeper).open("second-vault", PIN) as vault:
        copy = DiaryRepository(vault)
        copy.restore(records, erased, origin=origin)
        assert copy.verify().intact
        assert (copy.entries(), copy.summary(), copy.chain(), copy.head()) == expected
        assert copy.stored_records() == records
        assert [s.number for s in copy.search("zazolc")] == [1]
        assert [s.number for s in copy.search("red car")] == [1]
        assert copy.search("erase") == []
        entry = copy.get(2)
        assert entry is not None and entry.content is None and entry.withdrawal is not None
        # It goes on from there as any diary does.
        copy.add(content("the fourth"), recorded=later(6))
        assert copy.verify().intact and copy.head().count == len(records) + 1
        with pytest.raises(ValueError):
            copy.restore(records, erased, origin=origin)  # only into an empty diary
