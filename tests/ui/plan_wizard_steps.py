"""Ways into and through the plan wizard, written once for its Pilot tests and snapshots."""

from __future__ import annotations

import functools

from textual.pilot import Pilot

from kiosk.plan.content import PlanContent, load_plan_content
from kiosk.plan.repository import PlanInProgress
from kiosk.services import Services
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.plan.wizard import PlanWizardScreen
from tests.ui.conftest import Kiosk
from tests.ui.helpers import open_vault, settle


@functools.cache
def shipped_content() -> PlanContent:
    return load_plan_content(None)


def with_plan_content(kiosk: Kiosk) -> Kiosk:
    """The kiosk of the UI tests, with the shipped plan content (the command line reads it
    from the config; the test services are built without one)."""
    services = kiosk.services
    kiosk.services = Services(
        directory=services.directory,
        printer=services.printer,
        vaults=services.vaults,
        staff=services.staff,
        plan_content=shipped_content(),
    )
    return kiosk


def field(section_id: str, prompt_id: str) -> str:
    """The widget id of a prompt on its section's page."""
    section = shipped_content().section(section_id)
    assert section is not None
    index = next(i for i, p in enumerate(section.prompts) if p.id == prompt_id)
    return f"p-{index}"


class Result:
    """What the wizard was dismissed with."""

    def __init__(self) -> None:
        self.values: list[int | None] = []

    def __call__(self, value: int | None) -> None:
        self.values.append(value)


async def open_wizard(
    pilot: Pilot[None], *, resume: PlanInProgress | None = None, vault: bool = True
) -> tuple[PlanWizardScreen, Result]:
    """The vault open (unless ``vault`` is False: the pages alone, for pictures) and the
    wizard on top (the plan screen that offers it is another stream's; it pushes this)."""
    if vault:
        await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    wizard = PlanWizardScreen(app.kit, resume=resume)
    result = Result()
    app.push_screen(wizard, result)
    await settle(pilot)
    return wizard, result
