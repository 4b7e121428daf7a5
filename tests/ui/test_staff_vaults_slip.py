"""Her recovery slip, printed from the set-up screen through a private cupsd (issue 11, items 2
and "must show"): read back with pdftotext, it carries her name and code and nothing that names
abuse, stalking or the centre; the job's title is neutral; staff's screen afterwards holds
neither."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services
from kiosk.ui.app import make_app
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_info, pdf_text
from tests.printing.test_recovery_slip import TELLING_WORDS
from tests.ui.conftest import Kiosk
from tests.ui.helpers import fill, settle, until
from tests.ui.staff_vaults_steps import NEW_NAME, NEW_PIN, everything_held, open_staff_screen
from tests.ui.test_staff_vaults_provision import shown_code


async def test_her_slip_prints_discreetly(kiosk: Kiosk, private_cups: PrivateCups) -> None:
    folder: Path = private_cups.add_queue("SLIPS")
    given = kiosk.services
    services = Services(
        directory=given.directory,
        printer=CupsPrinter(queue="SLIPS", server=private_cups.server),
        vaults=given.vaults,
        staff=given.staff,
        config=kiosk.config,
    )
    app = make_app(kiosk.config, services, kiosk.clock)
    async with app.run_test(size=(80, 24)) as pilot:
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
        code = shown_code(app)
        await pilot.click("#print-slip")
        await settle(pilot, limit=60.0)
        said = str(app.screen.query_one("#message", Static).render())
        assert said.startswith("Printed."), said
        await until(pilot, lambda: any(folder.glob("job-*.pdf")))
        await pilot.click("#have-it")
        await settle(pilot)
        await pilot.click("#understood")
        await settle(pilot)
        held = everything_held(app)
        assert code not in held and NEW_NAME not in held
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
