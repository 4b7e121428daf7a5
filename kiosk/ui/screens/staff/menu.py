"""The staff menu: every staff area, signing out, and leaving the kiosk. Staff never open a
vault; each area is its own screen, loaded only when it is chosen."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from kiosk.i18n import N_, _
from kiosk.staff.audit import StaffAction
from kiosk.text import terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.common.dialogs import ConfirmDialog
from kiosk.ui.screens.staff.context import Handover, StaffContext, as_visitor
from kiosk.ui.wording import overdue_entries

StaffArea = Callable[[ScreenKit, StaffContext], Screen[Handover | None]]


@dataclass(frozen=True)
class MenuEntry:
    """A button of the menu; ``module``/``class_name``: the staff area it opens (none for
    signing out and leaving the kiosk, which the menu does itself)."""

    button_id: str
    label: str  # marked with N_, said through _ when shown
    module: str = ""
    class_name: str = ""
    variant: ButtonVariant = "default"


_AREAS = "kiosk.ui.screens.staff"
ENTRIES = (
    MenuEntry("provision", N_("Set up a vault"), f"{_AREAS}.provision", "ProvisionScreen"),
    MenuEntry("vault-care", N_("A visitor's vault"), f"{_AREAS}.vault_care", "VaultCareScreen"),
    MenuEntry("unused-vaults", N_("Unused vaults"), f"{_AREAS}.retention", "UnusedVaultsScreen"),
    MenuEntry(
        "centre-print", N_("Print for the centre"), f"{_AREAS}.centre_print", "CentrePrintScreen"
    ),
    MenuEntry(
        "directory-care",
        N_("Helpline directory"),
        f"{_AREAS}.directory_care",
        "DirectoryCareScreen",
    ),
    MenuEntry("numbers", N_("Centre numbers"), f"{_AREAS}.numbers", "CentreNumbersScreen"),
    MenuEntry("staff-log", N_("Staff log"), f"{_AREAS}.audit_log", "StaffLogScreen"),
    MenuEntry("accounts", N_("Staff accounts"), f"{_AREAS}.accounts", "StaffAccountsScreen"),
    MenuEntry("back", N_("Back to the welcome screen"), variant="primary"),
    MenuEntry("leave-kiosk", N_("Leave the kiosk"), variant="error"),
)


def staff_area(entry: MenuEntry) -> StaffArea:
    """The entry's screen class, imported now: a session that never opens it never loads it."""
    return cast(StaffArea, getattr(importlib.import_module(entry.module), entry.class_name))


class StaffMenuScreen(KioskScreen[Handover | None]):
    """Dismissed when staff sign out: with ``Handover.RECOVERY`` when an area hands the
    keyboard to the visitor (the welcome screen then gives her "I forgot my PIN": no staff
    screen imports a visitor's screen, which would bring the vault's code with it)."""

    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self._staff = staff

    def compose_body(self) -> ComposeResult:
        with Vertical(id="staff-menu", classes="centred"):
            title = _("Staff: {name}").format(name=terminal_safe(self._staff.name))
            yield Static(title, classes="title", markup=False)
            yield Static(self._freshness(), id="freshness", markup=False)
            with Grid(id="staff-menu-grid"):
                for entry in ENTRIES:
                    yield Button(_(entry.label), id=entry.button_id, variant=entry.variant)

    def _freshness(self) -> str:
        today = dt.datetime.fromtimestamp(self.kit.clock()).date()
        regions = self.kit.directory.regions.values()
        return overdue_entries(sum(len(region.stale(today)) for region in regions))

    def on_mount(self) -> None:
        self.query_one("#provision", Button).focus()

    def on_screen_resume(self) -> None:
        # Back from the helpline directory, where entries were checked or corrected.
        self.query_one("#freshness", Static).update(self._freshness())

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        entry = next((e for e in ENTRIES if e.button_id == event.button.id), None)
        if entry is None:
            return
        event.stop()
        if entry.button_id == "back":
            as_visitor(self.kit)
            self.dismiss(None)
        elif entry.button_id == "leave-kiosk":
            self._leave()
        else:
            area = staff_area(entry)
            self.app.push_screen(area(self.kit, self._staff), self._area_done)

    def _area_done(self, result: Handover | None) -> None:
        if result is None or self.kit.session.ending:
            return
        # Signed out first; the menu goes, so below her screen is the welcome screen.
        as_visitor(self.kit)
        self.dismiss(Handover.RECOVERY if result is Handover.RECOVERY else None)

    def _leave(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if not yes or self.kit.session.ending:
                return
            # Staff must always be able to leave: a log that cannot be written does not stop it.
            with contextlib.suppress(OSError):
                self.kit.audit.record(StaffAction.KIOSK_CLOSED, self._staff.name)
            self.kit.session.close_kiosk()

        self.app.push_screen(
            ConfirmDialog(
                self.kit,
                _(
                    "Leave the kiosk? It closes and stays closed: nobody can use it until "
                    "it is started again."
                ),
                _("Leave the kiosk"),
                _("Stay"),
            ),
            confirmed,
        )
