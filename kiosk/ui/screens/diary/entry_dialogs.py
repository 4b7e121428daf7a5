"""The entry form's small dialogs, each with a typed result: a witness, an evidence item,
taking up an unfinished entry, and leaving the form (typing by mouse: common.tap_keys)."""

from __future__ import annotations

import enum
from abc import abstractmethod
from typing import TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static, TextArea

from kiosk.diary.model import Answer, EvidenceItem, Witness
from kiosk.i18n import _
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskModal
from kiosk.ui.screens.common.tap_keys import LastTextField, type_by_tap
from kiosk.ui.screens.diary.entry_steps import ANSWER_LABELS


def _label(text: str) -> Label:
    return Label(text, classes="field-label", markup=False)


ItemT = TypeVar("ItemT")


class _ItemDialog(KioskModal[ItemT]):
    """A form of a few fields with Add and Cancel; Enter in a field moves to the next."""

    def compose_fields(self) -> ComposeResult:
        yield from ()

    def heading(self) -> str:
        return ""

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="wide d-item-form"):
            yield Static(self.heading(), classes="title", markup=False)
            yield from self.compose_fields()
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Add"), id="add", variant="primary")
                yield Button(_("On-screen keys"), id="keys")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self._last_field = LastTextField()
        self.query(Input).first().focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._last_field.chosen(event)

    @on(Button.Pressed, "#keys")
    def _keys(self) -> None:
        target = self._last_field.target(self)
        if target is not None:
            type_by_tap(self, self.kit, target)

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def unsaved(self) -> ItemT | None:
        """What is typed so far as the item Add would give, unchecked, or None when nothing
        is: a visit that ends now keeps it with the entry (kiosk.ui.screens.diary.
        entry_form, ``draft_fields``)."""
        if not self.is_mounted:
            return None
        item = self.typed()
        return None if item == self.blank() else item

    @abstractmethod
    def typed(self) -> ItemT:
        """The item as its fields hold it now."""

    @abstractmethod
    def blank(self) -> ItemT:
        """The item with nothing typed."""


class WitnessDialog(_ItemDialog[Witness | None]):
    def heading(self) -> str:
        return _("Add a witness")

    def compose_fields(self) -> ComposeResult:
        with Horizontal(classes="d-pair"):
            with Vertical(classes="d-field"):
                yield _label(_("Name"))
                yield Input(id="w-name")
            with Vertical(classes="d-field"):
                yield _label(_("How to contact them"))
                yield Input(id="w-contact")
        yield _label(_("How they know you (friend, neighbour, colleague …)"))
        yield Input(id="w-relationship")
        yield _label(_("Willing to give a statement?"))
        yield RadioSet(
            *(
                RadioButton(_(label), id=f"w-willing-{a.value}", value=a is Answer.UNKNOWN)
                for a, label in ANSWER_LABELS.items()
            ),
            id="w-willing",
            classes="d-answers",
        )
        yield _label(_("Their statement, or what they saw (you may leave this)"))
        yield TextArea(id="w-statement", soft_wrap=True, show_line_numbers=False)

    def blank(self) -> Witness:
        return Witness(name="")

    def typed(self) -> Witness:
        pressed = self.query_one("#w-willing", RadioSet).pressed_button
        willing = Answer((pressed.id or "").removeprefix("w-willing-")) if pressed else None
        return Witness(
            name=self.value("w-name"),
            contact=self.value("w-contact"),
            relationship=self.value("w-relationship"),
            willing_to_give_statement=willing or Answer.UNKNOWN,
            statement=self.query_one("#w-statement", TextArea).text.strip(),
        )

    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        name = self.value("w-name")
        if not name:
            self.query_one("#message", Static).update(
                _("Please give the witness's name (or a description if you do not know it).")
            )
            return
        self.dismiss(self.typed())


class EvidenceDialog(_ItemDialog[EvidenceItem | None]):
    def heading(self) -> str:
        return _("Add an evidence item")

    def compose_fields(self) -> ComposeResult:
        yield _label(_("What it is (screenshot, voicemail, letter, photo …)"))
        yield Input(id="e-kind")
        yield _label(_("Where the original is kept"))
        yield Input(id="e-kept")
        yield _label(_("How it was saved (for example a screenshot showing date, time and sender)"))
        yield Input(id="e-saved")

    def blank(self) -> EvidenceItem:
        return EvidenceItem(kind="")

    def typed(self) -> EvidenceItem:
        return EvidenceItem(
            kind=self.value("e-kind"),
            original_kept_at=self.value("e-kept"),
            how_saved=self.value("e-saved"),
        )

    @on(Button.Pressed, "#add")
    def _add(self) -> None:
        kind = self.value("e-kind")
        if not kind:
            self.query_one("#message", Static).update(_("Please say what the evidence is."))
            return
        self.dismiss(self.typed())


class DraftOfferDialog(KioskModal[bool]):
    """An unfinished entry is kept: take it up (True) or start a new one (False)."""

    def __init__(self, kit: ScreenKit, question: str) -> None:
        super().__init__(kit)
        self._question = question

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self._question, markup=False, classes="lead")
            with Horizontal(classes="buttons"):
                yield Button(_("Continue it"), id="continue", variant="primary")
                yield Button(_("Start a new one"), id="new")

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#new")
    def _new(self) -> None:
        self.dismiss(False)


class Leaving(enum.Enum):
    KEEP = "keep"  # keep what is written as the unfinished entry, for next time
    THROW_AWAY = "throw_away"
    STAY = "stay"


class LeaveDialog(KioskModal[Leaving]):
    def compose_body(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                _(
                    "Leave this entry for now? What you have written can be kept safe in your "
                    "vault, and offered to you next time."
                ),
                markup=False,
                classes="lead",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Keep it for later"), id="keep", variant="primary")
                yield Button(_("Throw it away"), id="throw", variant="error")
            yield Button(_("Go back to the entry"), id="stay")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(Leaving.KEEP)

    @on(Button.Pressed, "#throw")
    def _throw(self) -> None:
        self.dismiss(Leaving.THROW_AWAY)

    @on(Button.Pressed, "#stay")
    def _stay(self) -> None:
        self.dismiss(Leaving.STAY)
