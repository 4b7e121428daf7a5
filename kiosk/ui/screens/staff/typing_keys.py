"""Typing by pointing on staff screens that are not forms in steps (a helpline's details, the
numbers' dates): the on-screen keys type into the field staff last chose, as on a FormScreen,
and OK does what Enter does there."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.widgets import Input

from kiosk.ui.screens.common.frame import KioskScreen, ResultType
from kiosk.ui.widgets.keyboard import LetterKeyboard


class KeyedScreen(KioskScreen[ResultType]):
    """Subclasses list the fields the keys may type into, in order, and say what OK does."""

    KEY_FIELDS: ClassVar[tuple[str, ...]] = ()
    _typing_into: str = ""

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input) and event.widget.id in self.KEY_FIELDS:
            self._typing_into = event.widget.id or ""

    def _key_target(self) -> Input | None:
        field = self._typing_into or (self.KEY_FIELDS[0] if self.KEY_FIELDS else "")
        target = self.query_one(f"#{field}", Input) if field else None
        return target if target is not None and not target.disabled else None

    @on(LetterKeyboard.Typed)
    def _key_typed(self, event: LetterKeyboard.Typed) -> None:
        target = self._key_target()
        if target is not None:
            target.insert_text_at_cursor(event.text)
            target.focus()

    @on(LetterKeyboard.Erase)
    def _key_erase(self) -> None:
        target = self._key_target()
        if target is not None:
            target.action_delete_left()
            target.focus()

    @on(LetterKeyboard.Done)
    def _key_done(self) -> None:
        target = self._key_target()
        if target is not None:
            self.keys_done(target)

    def keys_done(self, field: Input) -> None:
        """OK on the on-screen keys, in ``field``: as Enter, on to the next field."""
        fields = self.KEY_FIELDS
        at = fields.index(field.id) if field.id in fields else len(fields) - 1
        if at + 1 < len(fields):
            self.query_one(f"#{fields[at + 1]}", Input).focus()
        else:
            field.focus()
            self.focus_next()
