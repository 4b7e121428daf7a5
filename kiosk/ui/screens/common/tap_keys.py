"""Typing by mouse or touch alone: the on-screen keys in a dialog of their own, for any text
field of a form (the diary's entry and its dialogs, the plan, notes, amendments)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from kiosk.i18n import _
from kiosk.text import terminal_safe, typed_text
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskModal
from kiosk.ui.widgets.keyboard import FullKeyboard, LetterKeyboard


class TapKeysDialog(KioskModal[str | None]):
    """Type into a field by mouse or touch alone: on the on-screen keys, then Done. The full
    keyboard (letters, capitals, signs): the form asks for dates with "/", times with ":" and
    her words in quotation marks."""

    def __init__(
        self,
        kit: ScreenKit,
        field_name: str,
        text: str,
        hand_on: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(kit)
        self._field_name, self._text = field_name, text
        self._given = text
        self._hand_on = hand_on

    def hand_on_typing(self) -> None:
        """The visit is ending: what she tapped so far goes into the field, as Done would
        put it (kiosk.ui.app, ``HandsOnTyping``)."""
        if self._hand_on is not None and self._text != self._given:
            self._hand_on(typed_text(self._text))

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="wide"):
            yield Static(self._field_name, classes="title", markup=False)
            yield Static("", id="tap-text", markup=False)
            with Horizontal(classes="d-tap"):
                yield FullKeyboard()
                with Vertical(classes="d-tap-buttons"):
                    yield Button(_("Done"), id="tap-done", variant="primary")
                    yield Button(_("Cancel"), id="tap-cancel")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        tail = self._text[-200:]
        self.query_one("#tap-text", Static).update(terminal_safe(tail) + "▏")

    @on(LetterKeyboard.Typed)
    def _typed(self, event: LetterKeyboard.Typed) -> None:
        self._text += event.text
        self._show()

    @on(LetterKeyboard.Erase)
    def _erase(self) -> None:
        self._text = self._text[:-1]
        self._show()

    @on(LetterKeyboard.Done)
    @on(Button.Pressed, "#tap-done")
    def _done(self) -> None:
        self.dismiss(typed_text(self._text))

    @on(Button.Pressed, "#tap-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def label_for(field: Widget) -> str:
    """The words of the label shown just before ``field`` (its own, or its row's)."""
    node: Widget = field
    while isinstance(node.parent, Widget):
        siblings = list(node.parent.children)
        for widget in reversed(siblings[: siblings.index(node)]):
            if isinstance(widget, Label):
                return str(widget.render())
        node = node.parent
    return ""


def type_by_tap(screen: Screen[Any], kit: ScreenKit, field: Input | TextArea) -> None:
    """Let ``field`` be written on the on-screen keys (by mouse or touch alone)."""
    text = field.value if isinstance(field, Input) else field.text

    def put(result: str) -> None:
        if isinstance(field, Input):
            field.value = result.replace("\n", " ")
        else:
            field.load_text(result)

    def typed(result: str | None) -> None:
        if result is not None:
            put(result)
            field.focus()

    screen.app.push_screen(TapKeysDialog(kit, label_for(field), text, hand_on=put), typed)


class LastTextField:
    """Remembers the text field the visitor last chose, for the on-screen keys to type into."""

    def __init__(self) -> None:
        self.field_id = ""

    def chosen(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, (Input, TextArea)):
            self.field_id = event.widget.id or ""

    def target(self, within: Widget) -> Input | TextArea | None:
        fields = [w for w in within.query("Input, TextArea") if not w.disabled and w.display]
        chosen = [w for w in fields if w.id == self.field_id]
        target = (chosen or fields)[0] if (chosen or fields) else None
        return target if isinstance(target, (Input, TextArea)) else None
