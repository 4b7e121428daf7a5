"""The welcome screen: three ways in, and no hint of who used the kiosk before."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static

from kiosk.i18n import _
from kiosk.ui.screens.common.frame import KioskScreen, exit_key_label
from kiosk.ui.widgets.buttons import Button as WelcomeButton
from kiosk.ui.widgets.display_options import DisplayOptions
from kiosk.ui.widgets.drawn_row import DrawnRow
from kiosk.ui.widgets.language_choice import LanguageChoice

if TYPE_CHECKING:
    from textual.css.query import QueryType
    from textual.widget import Widget

    from kiosk.ui.screens.staff.context import Handover, StaffContext


class WelcomeScreen(KioskScreen[None]):
    def compose_body(self) -> ComposeResult:
        with Vertical(id="welcome", classes="centred"):
            yield Static(_("Welcome"), classes="title", markup=False)
            yield Static(
                _(
                    "Everything here is private. Press {key}, or 'Exit this page' at the top, "
                    "to leave any screen at once."
                ).format(key=exit_key_label(self.kit)),
                classes="lead",
                markup=False,
            )
            # One container that centres its buttons (kiosk.tcss), not a Center around a
            # menu: each container is work before the first frame.
            with Vertical(id="welcome-menu"):
                yield WelcomeButton(_("Open my vault"), id="open-vault", variant="primary")
                yield WelcomeButton(_("Helplines and printing"), id="helplines")
                yield WelcomeButton(_("Staff"), id="staff")
            yield LanguageChoice(self.kit.config.kiosk.offered_languages())
            yield DisplayOptions(id="display-options")

    def on_mount(self) -> None:
        self.query_one("#open-vault", Button).focus()

    # Each language on the chooser, and each display choice, is a stop for Tab and Shift+Tab,
    # as a Button or a Checkbox each was.

    def focus_next(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self._tab(selector, forward=True)

    def focus_previous(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self._tab(selector, forward=False)

    def _tab(self, selector: str | type[QueryType], *, forward: bool) -> Widget | None:
        row = self.focused
        if isinstance(row, DrawnRow) and row.tab_within(forward):
            return row
        moved = super().focus_next(selector) if forward else super().focus_previous(selector)
        if isinstance(moved, DrawnRow):
            moved.tabbed_into(forward)
        return moved

    @on(LanguageChoice.Chosen)
    async def _language_chosen(self) -> None:
        """Everything on this screen, the top bar too, redrawn in the language she chose."""
        await self.recompose()
        self.query_one(LanguageChoice).focus_current()

    @on(Button.Pressed, "#open-vault")
    def _open_vault(self) -> None:
        from kiosk.ui.screens.vault.unlock import UnlockScreen

        self.app.push_screen(UnlockScreen(self.kit))

    @on(Button.Pressed, "#helplines")
    def _helplines(self) -> None:
        from kiosk.ui.screens.helplines.directory import HelplinesScreen

        self.app.push_screen(HelplinesScreen(self.kit))

    @on(Button.Pressed, "#staff")
    def _staff(self) -> None:
        from kiosk.ui.screens.staff.sign_in import StaffSignInScreen

        self.app.push_screen(StaffSignInScreen(self.kit), self._signed_in)

    def _signed_in(self, staff: StaffContext | None) -> None:
        if staff is None or self.kit.session.ending:
            return
        from kiosk.ui.screens.staff.menu import StaffMenuScreen

        self.app.push_screen(StaffMenuScreen(self.kit, staff), self._signed_out)

    def _signed_out(self, handover: Handover | None) -> None:
        """Staff signed out (the menu switched the idle limit back); a handover gives the
        visitor her screen here, on the welcome screen, with nothing of staff's below it."""
        from kiosk.ui.screens.staff.context import Handover

        # The next person finds the welcome as fresh: Enter opens a vault, not staff sign-in.
        self.query_one("#open-vault", Button).focus()
        if handover is Handover.RECOVERY and not self.kit.session.ending:
            from kiosk.ui.screens.vault.recovery import ForgotPinScreen

            self.app.push_screen(ForgotPinScreen(self.kit))
