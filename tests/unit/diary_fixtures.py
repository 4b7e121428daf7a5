"""A diary in a real vault (fast KDF) and entries to put in it, shared by the diary's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import msgspec
import pytest

from kiosk.diary.model import Behaviour, EntryContent, PoliceContact, When, Who
from kiosk.diary.repository import DiaryRepository
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import VaultDatabase
from tests.unit.test_vault_rotation import NAME, PIN

# The visitor's screen showed UTC+1 (summer in London).
RECORDED = dt.datetime(2026, 9, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def later(minutes: int) -> dt.datetime:
    return RECORDED + dt.timedelta(minutes=minutes)


def content(
    what: str = "He was waiting outside the house when I came home.",
    *,
    day: dt.date = dt.date(2026, 9, 20),
    where: str = "Outside my house",
    behaviours: tuple[Behaviour, ...] = (Behaviour.TURNING_UP,),
    **changes: object,
) -> EntryContent:
    """A valid entry; any field can be changed by name."""
    base = EntryContent(
        when=When(date=day, time=dt.time(21, 30)),
        where=where,
        what_happened=what,
        behaviours=behaviours,
        who=Who(identity="My ex-partner, D."),
        effect_on_you="I could not sleep and stayed with my sister.",
        police=PoliceContact(),
    )
    return msgspec.structs.replace(base, **changes)


@pytest.fixture
def vault(gatekeeper: Gatekeeper) -> Iterator[VaultDatabase]:
    gatekeeper.provision(NAME, PIN, PIN)
    with VaultService(gatekeeper).open(NAME, PIN) as opened:
        yield opened


@pytest.fixture
def diary(vault: VaultDatabase) -> DiaryRepository:
    return DiaryRepository(vault)
