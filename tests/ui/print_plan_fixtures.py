"""The plan's print screen on a real vault holding one saved plan (tests/printing/plan_samples),
with the sample content, and a printer that is a private cupsd's capture queue when given."""

from __future__ import annotations

import datetime as dt

from textual.pilot import Pilot

from kiosk.plan.answers import PlanAnswers
from kiosk.plan.repository import PlanRepository
from kiosk.printing.cups import CupsPrinter, Printer
from kiosk.services import Services
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.screens.plan.print_plan import PrintPlanScreen
from tests.printing.plan_samples import ANSWERS, CONTENT
from tests.ui.conftest import Kiosk
from tests.ui.helpers import open_vault, settle

SAVED = dt.datetime(2026, 11, 1, 10, 30, tzinfo=dt.UTC)


def plan_app(kiosk: Kiosk, printer: Printer | None = None, **changes: object) -> KioskApp:
    given = kiosk.services
    services = Services(
        directory=given.directory,
        printer=printer or given.printer,
        vaults=given.vaults,
        staff=given.staff,
        plan_content=CONTENT,
    )
    return make_app(kiosk.app(**changes).config, services, kiosk.clock)


def capture_printer(server: str) -> CupsPrinter:
    return CupsPrinter(queue="CAPTURE", server=server)


async def open_print_plan(pilot: Pilot[None], answers: PlanAnswers = ANSWERS) -> None:
    """Unlock, save the plan (the sample one) as version 1, and open its print screen."""
    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp) and app.vault is not None
    plans = PlanRepository(app.vault)
    plans.save_version(answers, content_version=CONTENT.version, saved=SAVED)
    version = plans.latest()
    assert version is not None
    app.push_screen(PrintPlanScreen(app.kit, version))
    await settle(pilot)
