"""Steps for the vaults stream's staff screens (issue 11, items 2 and 3), shared by the Pilot
tests and the snapshots."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from kiosk.ui.app import KioskApp
from kiosk.ui.screens.staff.context import StaffContext
from kiosk.ui.screens.staff.provision import ProvisionScreen
from kiosk.ui.screens.staff.retention import UnusedVaultsScreen
from kiosk.ui.screens.staff.vault_care import VaultCareScreen
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.service import VaultService
from tests.ui.helpers import settle

STAFF = StaffContext("Sam")
NEW_NAME = "amber-field"
NEW_PIN = "739164"


def screen_text(app: App[None]) -> str:
    """What the screen shows, as text (no styles)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def everything_held(app: App[None]) -> str:
    """Every text any screen in the stack holds, shown or not: fields' values, Statics' text."""
    parts = [screen_text(app)]
    for screen in app.screen_stack:
        for field in screen.query(Input):
            parts.append(field.value)
        for static in screen.query(Static):
            parts.append(str(static.render()))
    return "\n".join(parts)


async def open_staff_screen(pilot: Pilot[None], screen: str) -> None:
    app = pilot.app
    assert isinstance(app, KioskApp)
    # The welcome screen draws first (pushed over before its first frame, its after-refresh
    # work waits for ever, and every settle() waits its limit out with it).
    await settle(pilot)
    made = {
        "provision": ProvisionScreen,
        "vault-care": VaultCareScreen,
        "unused-vaults": UnusedVaultsScreen,
    }[screen](app.kit, STAFF)
    app.push_screen(made)
    await settle(pilot)


def pending_code(gatekeeper: Gatekeeper, name: str, pin: str) -> str | None:
    with VaultService(gatekeeper).open(name, pin) as vault:
        return vault.pending_recovery_code
