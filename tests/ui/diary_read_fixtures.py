"""A diary in the test kiosk's real vault (fast KDF), seeded through DiaryRepository, and the
steps to reach each of the diary's reading screens (for the Pilot tests and the snapshots)."""

from __future__ import annotations

import datetime as dt

import msgspec
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from kiosk.diary.mirror import DiaryWriter
from kiosk.diary.model import (
    Amendment,
    Answer,
    Behaviour,
    EntryContent,
    PoliceContact,
    When,
    Who,
    Withdrawal,
)
from kiosk.vault.service import VaultService
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import open_vault, settle

# The visitor's screen showed UTC+1.
ZONE = dt.timezone(dt.timedelta(hours=1))
RECORDED = dt.datetime(2026, 9, 21, 10, 0, tzinfo=ZONE)
MARKUP = "[bold]not bold[/bold] [link=x]y[/link] \x1b[31mred\x1b[0m"


def content(
    what: str,
    day: dt.date,
    *,
    where: str = "Outside my house",
    behaviours: tuple[Behaviour, ...] = (Behaviour.TURNING_UP,),
    **changes: object,
) -> EntryContent:
    base = EntryContent(
        when=When(date=day, time=dt.time(21, 30)),
        where=where,
        what_happened=what,
        behaviours=behaviours,
        who=Who(identity="My ex-partner, D."),
        effect_on_you="I could not sleep and stayed with my sister.",
    )
    return msgspec.structs.replace(base, **changes)


# Five entries over four months, more each month: the summary's rise shows at a glance.
ENTRIES = (
    content(
        "He was waiting outside the house when I came home.",
        dt.date(2026, 6, 3),
        police=PoliceContact(reported=Answer.YES, force="Met", reference="CAD 4411/03JUN"),
    ),
    content(
        "He followed me from the station to the bus stop.",
        dt.date(2026, 7, 14),
        where="Central station",
        behaviours=(Behaviour.FOLLOWING,),
    ),
    content(
        'Text message: "I know where you are."',
        dt.date(2026, 8, 2),
        where="My phone",
        behaviours=(Behaviour.CALLS_MESSAGES, Behaviour.THREATS),
        when=When(date=dt.date(2026, 8, 2), approximate=True),
    ),
    content(
        "He stood across the road from my work for an hour.",
        dt.date(2026, 9, 1),
        where="Outside work, Mill Lane",
        behaviours=(Behaviour.FOLLOWING, Behaviour.TURNING_UP),
        related=(2,),
    ),
    content(
        "A letter under the door, no stamp. I did not touch it.",
        dt.date(2026, 9, 12),
        behaviours=(Behaviour.LETTERS_GIFTS,),
    ),
)


def seed(kiosk: Kiosk, entries: tuple[EntryContent, ...] = ENTRIES) -> None:
    """Store ``entries`` as the kiosk does (the kiosk's copy of the chain head follows)."""
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        diary = DiaryWriter(vault, kiosk.gatekeeper)
        for n, entry in enumerate(entries):
            diary.add(entry, recorded=RECORDED + dt.timedelta(minutes=n))


def amend_and_withdraw(kiosk: Kiosk) -> None:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        diary = DiaryWriter(vault, kiosk.gatekeeper)
        diary.amend(
            1,
            Amendment(reason="I remembered the time", text="It was nearer 22:00."),
            recorded=RECORDED + dt.timedelta(days=1),
        )
        diary.withdraw(3, Withdrawal(reason="Wrong day"), recorded=RECORDED + dt.timedelta(days=2))


def screen_text(app: App[None]) -> str:
    """What the screen shows, as text (no styles)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def shown(widget: Static) -> str:
    """All the text a Static holds (beyond what fits on the screen)."""
    return str(widget.render())


async def to_diary(pilot: Pilot[None]) -> None:
    await open_vault(pilot)
    await pilot.click("#diary")
    await settle(pilot)
