"""The wizard's one dialog: a person she trusts (name, number, what they will do)."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from kiosk.i18n import _
from kiosk.plan.answers import TrustedContact
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskModal
from kiosk.ui.screens.common.tap_keys import LastTextField, type_by_tap
from kiosk.ui.screens.plan.plan_prompts import label

MAX_LINE_CHARACTERS = 200


class ContactDialog(KioskModal[TrustedContact | None]):
    """``for_prompt``: the (section id, prompt id) she is adding to; a visit that ends while
    she types here keeps what she typed with the plan (``unsaved``)."""

    def __init__(self, kit: ScreenKit, for_prompt: tuple[str, str]) -> None:
        super().__init__(kit)
        self.for_prompt = for_prompt

    def unsaved(self) -> TrustedContact | None:
        """What is typed so far, if anything (a visit ending now must not lose it)."""
        if not self.is_mounted:
            return None
        name, number, note = (
            self.query_one(f"#c-{field}", Input).value.strip()
            for field in ("name", "number", "note")
        )
        if not (name or number or note):
            return None
        return TrustedContact(name=name or number or "…", number=number, note=note)

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="wide p-item-form"):
            yield Static(_("Add someone you trust"), classes="title", markup=False)
            yield label(_("Name (or what you call them)"))
            yield Input(id="c-name", max_length=MAX_LINE_CHARACTERS)
            yield label(_("Their number"))
            yield Input(id="c-number", max_length=MAX_LINE_CHARACTERS)
            yield label(_("What they will do, or when to call them (you may leave this)"))
            yield Input(id="c-note", max_length=MAX_LINE_CHARACTERS)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Add"), id="add", variant="primary")
                yield Button(_("On-screen keys"), id="keys")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self._last_field = LastTextField()
        self.query_one("#c-name", Input).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._last_field.chosen(event)

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#keys")
    def _keys(self) -> None:
        target = self._last_field.target(self)
        if target is not None:
            type_by_tap(self, self.kit, target)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        name, number, note = (
            self.query_one(f"#c-{field}", Input).value.strip()
            for field in ("name", "number", "note")
        )
        if not name:
            self.query_one("#message", Static).update(
                _("Please give a name, or what you call them.")
            )
            return
        self.dismiss(TrustedContact(name=name, number=number, note=note))
