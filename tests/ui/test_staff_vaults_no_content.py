"""No staff path can read a vault or reset a counter (issue 11, "must show").

A vault holds a note with a canary, and its PIN has stopped after ten wrong tries. Staff then go
through every vault flow of the console: look it up, try to delete it with the wrong name,
guide her to recovery, set up another vault for someone else, list the unused vaults and keep
them. The canary is never on any screen nor held by any widget; the attempt counters and the
vault's own files are byte for byte as they were; her PIN is still stopped."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from kiosk.notes.repository import NotesRepository
from kiosk.staff.care import VaultCare
from kiosk.ui.screens.staff.context import Handover
from kiosk.ui.screens.staff.vault_care import VaultCareScreen
from kiosk.vault.gatekeeper import VaultState
from kiosk.vault.service import VaultService
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.conftest import STAFF as STAFF_SIGN_IN
from tests.ui.helpers import fill, settle
from tests.ui.staff_fixtures import click_and_fill
from tests.ui.staff_vaults_steps import (
    NEW_PIN,
    STAFF,
    everything_held,
    open_staff_screen,
)
from tests.ui.test_staff_vaults_care import look_up, stop_the_pin
from tests.ui.test_staff_vaults_provision import focus_on

CANARY = "CANARY-lilac-7f3e"


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".lock")
    }


def test_vault_care_offers_no_way_in() -> None:
    offered = {name for name in dir(VaultCare) if not name.startswith("_")}
    assert offered == {
        "suggest_name",
        "check_name_free",
        "provision",
        "confirm_code_kept",
        "state_of",
        "delete",
        "unused",
        "delete_unused",
    }


async def test_no_staff_path_reads_a_vault_or_resets_a_counter(kiosk: Kiosk) -> None:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        NotesRepository(vault).add(CANARY, written=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    stop_the_pin(kiosk.gatekeeper, kiosk.clock)
    data = kiosk.config.data_path()
    vault_id = kiosk.gatekeeper.state_of(NAME).vault_id
    counters = (data / "gatekeeper" / "counters.json").read_bytes()
    her_files = fingerprint(data / "vaults" / vault_id)
    seen: list[str] = []

    async def look(pilot: Pilot[None]) -> None:
        await settle(pilot)
        seen.append(everything_held(pilot.app))

    app = kiosk.app()
    results: list[Any] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # A visitor's vault: her state, a delete refused for a wrong name, then recovery.
        app.push_screen(VaultCareScreen(app.kit, STAFF), results.append)
        await look(pilot)
        await look_up(pilot, NAME)
        await look(pilot)
        await pilot.click("#delete")
        await fill(pilot, "someone-else")
        await pilot.press("enter")
        await look(pilot)
        await look_up(pilot, NAME)
        await pilot.click("#to-recovery")
        await look(pilot)
        # Setting up a vault for another visitor, start to end.
        await open_staff_screen(pilot, "provision")
        await pilot.click("#suggest")
        await look(pilot)
        await pilot.press("enter")
        await pilot.press("enter")
        await fill(pilot, NEW_PIN)  # the suggested name kept; the focus is on her PIN
        await pilot.press("enter")
        await fill(pilot, NEW_PIN)
        await pilot.press("enter")
        await look(pilot)
        await focus_on(pilot, "have-it")
        await pilot.press("enter")
        await look(pilot)
        await pilot.press("enter")
        await look(pilot)
        await pilot.click("#done")
        # After a handover, staff sign in again before the console is theirs.
        await click_and_fill(pilot, "#staff-name", STAFF_SIGN_IN[0])
        await click_and_fill(pilot, "#passphrase", STAFF_SIGN_IN[1])
        await pilot.click("#sign-in")
        await look(pilot)
        # Unused vaults, a year on: listed, and kept. The fake clock's jump is not an idle
        # spell; without this the console's one-minute lock could ask "Still there?" first.
        app.kit.session.idle_limit_seconds = 10**9
        kiosk.clock.advance(400 * 86400)
        await open_staff_screen(pilot, "unused-vaults")
        await look(pilot)
        await pilot.click("#delete-unused")
        await look(pilot)
        await pilot.click("#no")
        await look(pilot)
    assert results == [Handover.RECOVERY]
    assert len(seen) == 12  # the staff sign-in after the handover too
    assert all(CANARY not in text and CANARY.casefold() not in text.casefold() for text in seen)
    assert (data / "gatekeeper" / "counters.json").read_bytes() == counters
    assert fingerprint(data / "vaults" / vault_id) == her_files
    assert kiosk.gatekeeper.state_of(NAME).state is VaultState.PIN_DISABLED
