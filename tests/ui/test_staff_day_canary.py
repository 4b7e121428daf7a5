"""The canary scan through the staff console itself (issue 11, "must show"): a staff member
signs in, sets a visitor up at the kiosk (she chooses a canary name and PIN, gets her code,
prints her slip held and releases it), prints a sheet for the waiting room, deletes the
vault by the name she gives, and saves both reports. Afterwards the counts, the staff log and
both CSVs hold no vault name, PIN, code or vault id, and staff's screen holds none of them.

tests/ui/test_staff_numbers_canary.py scans the day's other half (her visits, her words, a
recovery, the operator's commands)."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Static

from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services
from kiosk.staff.audit import StaffAction
from kiosk.staff.numbers import Tally
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.screens.staff.menu import StaffMenuScreen
from kiosk.ui.screens.vault.setup import VaultSetupScreen
from kiosk.vault.errors import UnknownVault
from tests.printing.cupsd import PrivateCups
from tests.ui.conftest import STAFF, Kiosk
from tests.ui.helpers import fill, settle, until
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)
from tests.ui.staff_fixtures import click_and_fill, sign_in_by_keys
from tests.ui.staff_numbers_fixtures import stick  # noqa: F401 (a fixture)
from tests.ui.staff_vaults_steps import everything_held
from tests.ui.test_staff_vaults_provision import shown_code

CANARY_NAME = "pangolin-harmonica"
CANARY_PIN = "583920174"


def said(app: KioskApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


def _forms(text: str) -> set[str]:
    folded = text.casefold()
    return {text, folded, re.sub(r"[\s\-]", "", folded), text.upper()}


async def to_menu(pilot: object, app: KioskApp) -> None:
    await settle(pilot)  # type: ignore[arg-type]
    await until(pilot, lambda: isinstance(app.screen, StaffMenuScreen))  # type: ignore[arg-type]


async def test_a_day_at_the_staff_console_leaves_no_canary(
    kiosk: Kiosk,
    private_cups: PrivateCups,
    stick: Path,  # noqa: F811
) -> None:
    staff_queue = private_cups.add_queue("STAFF")
    visitor_queue = private_cups.add_queue("VISITOR")
    given = kiosk.services
    services = Services(
        directory=given.directory,
        printer=CupsPrinter(queue="STAFF", server=private_cups.server),
        visitor_printer=CupsPrinter(queue="VISITOR", server=private_cups.server),
        vaults=given.vaults,
        staff=given.staff,
        config=kiosk.config,
        numbers=given.numbers,
        audit=given.audit,
    )
    app = make_app(kiosk.config, services, kiosk.clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await sign_in_by_keys(pilot)
        await to_menu(pilot, app)

        # A visitor set up at the kiosk: staff hand over, she chooses her name and PIN.
        await pilot.click("#provision")
        await settle(pilot)
        await pilot.click("#hand-over")
        await pilot.click("#visitor-start")
        await settle(pilot)
        assert isinstance(app.screen, VaultSetupScreen)
        app.screen.query_one("#vault-name").focus()
        await pilot.press("ctrl+a", "backspace")
        await fill(pilot, CANARY_NAME)
        await pilot.press("tab")
        await fill(pilot, CANARY_PIN)
        await pilot.press("enter")
        await fill(pilot, CANARY_PIN)
        await pilot.press("enter")
        await settle(pilot)
        code = shown_code(app)
        await pilot.click("#print-slip")
        await until(pilot, lambda: said(app).startswith("Sent to the printer and held"), 60.0)
        await settle(pilot)
        await pilot.click("#release-printing")
        await until(pilot, lambda: any(visitor_queue.glob("job-*.pdf")), 60.0)
        await settle(pilot)
        await pilot.click("#have-it")
        await settle(pilot)
        await pilot.click("#understood")
        await settle(pilot)
        await pilot.click("#done")  # the staff member, back at the keyboard, signs in again
        await settle(pilot)
        await click_and_fill(pilot, "#staff-name", STAFF[0])
        await click_and_fill(pilot, "#passphrase", STAFF[1])
        await pilot.click("#sign-in")
        await to_menu(pilot, app)

        # A sheet for the waiting room, on the staff printer.
        await pilot.click("#centre-print")
        await settle(pilot)
        await pilot.click("#centre-print-button")
        await until(pilot, lambda: any(staff_queue.glob("job-*.pdf")), 60.0)
        await settle(pilot)
        await pilot.click("#back")
        await to_menu(pilot, app)

        # She wants her vault gone: the name she gives, typed again to confirm.
        await pilot.click("#vault-care")
        await settle(pilot)
        app.screen.query_one("#vault-name").focus()
        await fill(pilot, CANARY_NAME)
        await pilot.click("#look-up")
        await settle(pilot)
        await pilot.click("#delete")
        app.screen.query_one("#vault-name").focus()
        await fill(pilot, CANARY_NAME)
        await pilot.click("#confirm-delete")
        await settle(pilot)
        assert "The vault was deleted." in said(app)
        await pilot.click("#back")
        await to_menu(pilot, app)

        # The reports for the funder and the manager, saved on the stick.
        for area, save in (("#numbers", "#numbers-save"), ("#staff-log", "#log-save")):
            await pilot.click(area)
            await settle(pilot)
            await pilot.click(save)
            await settle(pilot)
            await pilot.click("#save-csv-file")
            await settle(pilot)
            await pilot.click("#back")
            await to_menu(pilot, app)
        held_on_screen = everything_held(app)

    try:
        kiosk.gatekeeper.state_of(CANARY_NAME)
        raise AssertionError("the vault is still there")
    except UnknownVault:
        pass
    counts = {
        tally: sum(day.counts[tally] for day in kiosk.services.numbers.days()) for tally in Tally
    }
    assert counts[Tally.VAULTS_CREATED] == 1 and counts[Tally.VAULTS_DELETED] == 1
    assert counts[Tally.SHEETS_SLIPS] == 1 and counts[Tally.SHEETS_HELPLINES] == 1
    assert counts[Tally.VISITS] == 0  # a staff member's session is no visit
    actions = [record.action for record in kiosk.services.audit.records()]
    assert actions[:5] == [
        StaffAction.SIGNED_IN,
        StaffAction.VAULT_MADE,
        StaffAction.SIGNED_IN,
        StaffAction.SHEETS_PRINTED,
        StaffAction.VAULT_DELETED,
    ]
    assert {record.staff for record in kiosk.services.audit.records()} == {STAFF[0]}
    assert kiosk.services.audit.verify() is None

    data = kiosk.config.data_path()
    csvs = sorted(stick.glob("*.csv"))
    assert len(csvs) == 2
    scanned = [*sorted((data / "numbers").iterdir()), *sorted((data / "staff").glob("audit*"))]
    canaries = _forms(CANARY_NAME) | _forms(CANARY_PIN) | _forms(code)
    for path in [*scanned, *csvs]:
        if path.suffix == ".lock":
            continue
        text = path.read_bytes().decode("utf-8")
        folded = text.casefold()
        squeezed = re.sub(r"[\s\-]", "", folded)
        found = [c for c in canaries if c in text or c.casefold() in folded or c in squeezed]
        assert not found, f"{path.name} holds {found}"
    assert not [c for c in canaries if c in held_on_screen]
