"""A picture of every step of the diary's entry form, its review and its dialogs, at 80x24 and
120x40, compared with the reviewed snapshots in tests/ui/__snapshots__/. After a deliberate
change: look at snapshot_report.html, then run with --snapshot-update."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from kiosk.diary.model import Answer, Behaviour, EvidenceItem, SourceKind, Witness
from kiosk.diary.repository import DiaryRepository
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.diary.amend import AmendDialog, WithdrawDialog
from kiosk.ui.screens.diary.entry_form import EntryFormScreen
from kiosk.ui.screens.diary.entry_state import FormState, to_content
from tests.ui.conftest import Kiosk
from tests.ui.diary_form_steps import click
from tests.ui.helpers import open_vault, settle
from tests.ui.journeys import WRITTEN

FILLED = FormState(
    date="20/09/2026",
    time="20:15",
    approximate=True,
    where="Bus stop on Mill Road",
    what_happened=(
        'He stood across the road for twenty minutes, then walked past and said "[b]I know '
        'where you live[/b]". He left towards the station.'
    ),
    behaviours=[Behaviour.FOLLOWING, Behaviour.THREATS],
    technology="",
    identity="Former partner, grey hoodie",
    others_present="Two people waiting for the bus",
    children_present=Answer.NO,
    witnesses=[Witness("Ann Lee", "07700 900456", "Neighbour", Answer.YES)],
    evidence=[EvidenceItem("Photo of him", "My phone", "Photo with date and time shown")],
    police_reported=Answer.YES,
    police_date="20/09/2026",
    police_force="Cambridgeshire",
    police_officer="PC Shah 4521",
    police_reference="CAD 1234/20SEP",
    police_said="An officer will call within 48 hours.",
    effect="Shaking, could not sleep; took a taxi to work the next day.",
    what_you_did="Called 101, told my sister.",
    source_kind=SourceKind.TYPED_HERE,
)


async def _form(pilot: Pilot[None]) -> EntryFormScreen:
    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    form = EntryFormScreen(app.kit)
    app.push_screen(form)
    await settle(pilot)
    return form


def step(number: int) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def journey(pilot: Pilot[None]) -> None:
        form = await _form(pilot)
        form._apply(FormState(**{f: getattr(FILLED, f) for f in FILLED.__struct_fields__}))
        form._show_step(number, focus=True)
        await settle(pilot)

    return journey


def _dialog(selector: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def journey(pilot: Pilot[None]) -> None:
        await _form(pilot)
        button = {"#d-add-witness": 4, "#d-add-evidence": 5, "#d-keys": 1, "#d-leave": 1}
        form = pilot.app.screen
        assert isinstance(form, EntryFormScreen)
        form._apply(FormState(**{f: getattr(FILLED, f) for f in FILLED.__struct_fields__}))
        form._show_step(button[selector], focus=True)
        await settle(pilot)
        await click(pilot, selector)

    return journey


async def _amend(pilot: Pilot[None]) -> None:
    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(AmendDialog(app.kit, 3))
    await settle(pilot)


async def _withdraw(pilot: Pilot[None]) -> None:
    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.push_screen(WithdrawDialog(app.kit, 3))
    await settle(pilot)


async def _links(pilot: Pilot[None]) -> None:
    """Step 9 with two earlier entries to link to, one of them ticked."""
    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    assert app.vault is not None
    diary = DiaryRepository(app.vault)
    for n, what in enumerate(("He rang [b]14[/b] times.", "He was at the school gate."), 1):
        state = FormState(**{f: getattr(FILLED, f) for f in FILLED.__struct_fields__})
        state.date, state.what_happened = f"1{n}/09/2026", what
        diary.add(to_content(state, dt.date(2026, 9, 21)), recorded=WRITTEN)
    form = EntryFormScreen(app.kit)
    app.push_screen(form)
    await settle(pilot)
    form._show_step(8, focus=True)
    await settle(pilot)
    await pilot.press("down", "space")


async def _refused(pilot: Pilot[None]) -> None:
    await _form(pilot)
    await click(pilot, "#d-next")


STATES: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    **{f"step-{n + 1}": step(n) for n in range(10)},
    "links": _links,
    "refused": _refused,
    "witness": _dialog("#d-add-witness"),
    "evidence": _dialog("#d-add-evidence"),
    "on-screen-keys": _dialog("#d-keys"),
    "leave": _dialog("#d-leave"),
    "amend": _amend,
    "withdraw": _withdraw,
}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("state", list(STATES))
def test_entry_form(
    kiosk: Kiosk,
    state: str,
    size: tuple[int, int],
    snap_compare: Callable[..., bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The recorded-at time on the review is shown in the machine's zone: one zone for all.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    async def run_before(pilot: Pilot[None]) -> None:
        await STATES[state](pilot)
        await pilot.pause(0.3)  # a clicked button's highlight passes

    try:
        assert snap_compare(kiosk.app(), terminal_size=size, run_before=run_before)
    finally:
        monkeypatch.undo()
        time.tzset()
