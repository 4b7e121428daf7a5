"""Shown before a vault is opened for the first time: what the quick exit does, and honestly
what it cannot do."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from kiosk.i18n import _
from kiosk.i18n.formats import format_list
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.common.frame import key_label


def intro_text(keys: str, escape_twice: bool, shift_three_times: bool, keep_drafts: bool) -> str:
    ways = [
        _("press {keys}").format(keys=keys),
        _("select 'Exit this page' in the top right corner"),
    ]
    if escape_twice:
        ways.append(_("press Esc twice quickly"))
    if shift_three_times:
        ways.append(_("press Shift three times (on keyboards and terminals that allow it)"))
    unsaved = (
        _("Anything you were typing is saved, locked inside your vault, marked as unfinished.")
        if keep_drafts
        else _("Anything you were typing and had not saved is thrown away.")
    )
    return "\n".join(
        [
            # Translators: {ways} is a list of actions joined by the separator below.
            _("If someone comes near, you can leave at once. To do it: {ways}.").format(
                # Translators: what separates the ways to leave in the sentence above.
                ways=_("; ").join(ways)
            ),
            "",
            _(
                "What happens: the screen changes at once to a plain welcome screen. Your vault "
                "is locked, and anything waiting to print is cancelled. {unsaved} To come back, "
                "you need your vault name and your PIN."
            ).format(unsaved=unsaved),
            "",
            _(
                "What it cannot do: it cannot take back paper that has already printed. It "
                "cannot undo what someone has already seen, or hide that you were using the "
                "kiosk. It does not make you safe on its own. Please talk to staff about your "
                "safety."
            ),
            "",
            _(
                "If you leave the kiosk alone for a while, it hides your vault and asks whether "
                "you are still there, then locks."
            ),
        ]
    )


class QuickExitIntroScreen(KioskScreen[None]):
    def compose_body(self) -> ComposeResult:
        quick = self.kit.config.quick_exit
        keys = format_list([key_label(key) for key in quick.keys], style="or")
        text = intro_text(
            keys,
            quick.escape_twice,
            quick.shift_three_times,
            self.kit.config.session.keep_interrupted_drafts,
        )
        with VerticalScroll(id="intro", classes="form centred"):
            yield Static(_("Before you start: leaving quickly"), classes="title", markup=False)
            yield Static(text, classes="lead", markup=False)
            yield Button(_("I understand"), id="understood", variant="primary")

    def on_mount(self) -> None:
        # Not query_one: a screen mounted while the App closes may have no children.
        for button in self.query("#understood").results(Button):
            button.focus()

    @on(Button.Pressed, "#understood")
    def _understood(self) -> None:
        self.dismiss(None)
