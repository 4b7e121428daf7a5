"""Her recovery slip, printed from the set-up screen through a private cupsd (issue 11, items 2
and "must show"): read back with pdftotext, it carries her name and code and nothing that names
abuse, stalking or the centre; the job's title is neutral; staff's screen afterwards holds
neither. The slip is hers: held on the visitors' printer until she releases it, and cancelled
when she says she has her code without releasing it."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services
from kiosk.ui.app import KioskApp, make_app
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_info, pdf_text
from tests.printing.test_recovery_slip import TELLING_WORDS
from tests.ui.conftest import Kiosk
from tests.ui.helpers import fill, settle, until
from tests.ui.staff_vaults_steps import NEW_NAME, NEW_PIN, everything_held, open_staff_screen
from tests.ui.test_staff_vaults_provision import shown_code


def slip_app(kiosk: Kiosk, private_cups: PrivateCups) -> tuple[KioskApp, Path, Path]:
    """The kiosk with a staff queue and a visitors' queue: the slip must go to the second."""
    staff_folder: Path = private_cups.add_queue("STAFF")
    visitor_folder: Path = private_cups.add_queue("SLIPS")
    given = kiosk.services
    services = Services(
        directory=given.directory,
        printer=CupsPrinter(queue="STAFF", server=private_cups.server),
        visitor_printer=CupsPrinter(queue="SLIPS", server=private_cups.server),
        vaults=given.vaults,
        staff=given.staff,
        config=kiosk.config,
        numbers=given.numbers,
        audit=given.audit,
    )
    return make_app(kiosk.config, services, kiosk.clock), staff_folder, visitor_folder


async def to_her_code(pilot: Pilot[None], app: KioskApp) -> str:
    await settle(pilot)
    await open_staff_screen(pilot, "provision")
    await pilot.press("enter")
    await pilot.press("enter")
    await fill(pilot, NEW_NAME)
    await pilot.press("tab")
    await fill(pilot, NEW_PIN)
    await pilot.press("enter")
    await fill(pilot, NEW_PIN)
    await pilot.press("enter")
    await settle(pilot)
    return shown_code(app)


def said(app: KioskApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


async def test_her_slip_prints_discreetly(kiosk: Kiosk, private_cups: PrivateCups) -> None:
    app, staff_folder, folder = slip_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        code = await to_her_code(pilot, app)
        await pilot.click("#print-slip")
        await until(pilot, lambda: said(app).startswith("Sent to the printer and held"), 60.0)
        await settle(pilot)
        assert not any(folder.glob("job-*.pdf")), "held: nothing printed before she releases it"
        await pilot.click("#release-printing")
        await until(pilot, lambda: any(folder.glob("job-*.pdf")), 60.0)
        await settle(pilot)
        await pilot.click("#have-it")
        await settle(pilot)
        await pilot.click("#understood")
        await settle(pilot)
        held = everything_held(app)
        assert code not in held and NEW_NAME not in held
    assert not any(staff_folder.glob("job-*.pdf"))
    (job,) = folder.glob("job-*.pdf")
    pdf = job.read_bytes()
    text = pdf_text(pdf)
    assert code in text and NEW_NAME in text
    lowered = text.casefold()
    assert [word for word in TELLING_WORDS if word in lowered] == []
    assert pdf_info(pdf)["Title"] == "Document"
    (title,) = folder.glob("job-*.title")
    assert title.read_text().strip().casefold() not in {"", *TELLING_WORDS}
    assert not any(word in title.read_text().casefold() for word in TELLING_WORDS)


async def test_a_slip_she_did_not_release_is_cancelled_when_she_has_her_code(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, _staff_folder, folder = slip_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_her_code(pilot, app)
        await pilot.click("#print-slip")
        await until(pilot, lambda: said(app).startswith("Sent to the printer and held"), 60.0)
        assert private_cups.run("lpstat", "-o", check=False).stdout.strip()
        await settle(pilot)
        await pilot.click("#have-it")
        await settle(pilot)
        await until(
            pilot, lambda: not private_cups.run("lpstat", "-o", check=False).stdout.strip(), 30.0
        )
        await pilot.click("#understood")
        await settle(pilot)
    assert not any(folder.glob("job-*.pdf"))
