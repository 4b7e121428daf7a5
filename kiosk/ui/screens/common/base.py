"""Forms: text fields filled in order, with the on-screen keys, and calm refusals. The frame
every screen and dialog shares (the top bar first) is ``frame``'s; it is named here as well."""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.css.query import QueryType
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from kiosk.i18n import _

# Where every screen module has always found them.
from kiosk.ui.screens.common.frame import KioskModal as KioskModal
from kiosk.ui.screens.common.frame import KioskScreen as KioskScreen
from kiosk.ui.screens.common.frame import ResultType
from kiosk.ui.widgets.keyboard import FullKeyboard, KeyArea, LetterKeyboard
from kiosk.ui.widgets.pin_pad import PinPad
from kiosk.ui.wording import (
    WayIn,
    describe,
    not_recognised,
    nothing_checked,
    please_try_again,
    tries_left,
    try_again_in,
    try_again_now,
)
from kiosk.vault.errors import NotRecognised, TryLater


def new_pin_fields(*, message: bool = True) -> ComposeResult:
    """A new PIN typed twice, then (unless the form has its own) the line for refusals."""
    yield Label(_("New PIN: 6 or more digits, or 4 or more words"), classes="field-label")
    yield Input(id="new-pin", password=True, max_length=128)
    yield Label(_("New PIN again"), classes="field-label")
    yield Input(id="new-pin-again", password=True, max_length=128)
    if message:
        yield Static("", id="message", markup=False)


# An on-screen key area is greyed out and switched off as one: its keys take ``disabled`` from
# it. Switching each of its dozens of keys restyled the screen once a key, the largest part of
# an unlock's cost on the screen.
_KEY_AREAS = (KeyArea, FullKeyboard, LetterKeyboard, PinPad)


class FormScreen(KioskScreen[ResultType]):
    """A form of text fields: Enter moves to the next field, and on the last one submits.

    Subclasses list their field ids in ``FIELDS`` and write ``submit``; ``set_busy`` greys the
    form out while a worker runs, and ``say`` shows one calm line in ``#message``.
    """

    FIELDS: ClassVar[tuple[str, ...]] = ()
    # Fields that take letters (names, codes): the key area shows the letter keyboard for them.
    LETTER_FIELDS: ClassVar[frozenset[str]] = frozenset()
    _typing_into: str = ""
    # What the visitor types to prove it is her vault, as refusals name it.
    WAY_IN: ClassVar[WayIn] = WayIn.PIN
    # A form that asks no vault name says so in its own words (change PIN), marked with N_.
    NOT_RECOGNISED: ClassVar[str] = ""
    _wait_until: float = 0.0
    _wait_timer: Timer | None = None
    _wait_head: str = ""
    _wait_tail: str = ""

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        self.advance(event.input.id or "")

    def advance(self, current: str) -> None:
        """Enter (or OK on the on-screen keys) on a field: on to the next one, or submit."""
        if current not in self.FIELDS:
            return
        if current == self.FIELDS[-1]:
            self.submit()
        else:
            self.show_field(self.FIELDS[self.FIELDS.index(current) + 1])

    def show_field(self, field: str) -> None:
        """Bring a field into view and give it the focus (a form in steps overrides this)."""
        self.query_one(f"#{field}", Input).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        field = event.widget.id or ""
        if isinstance(event.widget, Input) and field in self.FIELDS:
            self._typing_into = field
            for area in self.query(KeyArea):
                area.letters = field in self.LETTER_FIELDS

    def _key_target(self) -> Input | None:
        """The field the on-screen keys type into: the one the visitor last chose."""
        field = self._typing_into or (self.FIELDS[0] if self.FIELDS else "")
        return self.query_one(f"#{field}", Input) if field else None

    @on(PinPad.Digit)
    @on(LetterKeyboard.Typed)
    def _key_typed(self, event: PinPad.Digit | LetterKeyboard.Typed) -> None:
        target = self._key_target()
        if target is not None and not target.disabled:
            text = event.digit if isinstance(event, PinPad.Digit) else event.text
            target.insert_text_at_cursor(text)
            target.focus()

    @on(PinPad.Erase)
    @on(LetterKeyboard.Erase)
    def _key_erase(self) -> None:
        target = self._key_target()
        if target is not None and not target.disabled:
            target.action_delete_left()
            target.focus()

    @on(PinPad.Done)
    @on(LetterKeyboard.Done)
    def _key_done(self) -> None:
        target = self._key_target()
        if target is not None and not target.disabled:
            self.advance(target.id or "")

    def submit(self) -> None:
        raise TypeError(f"{type(self).__name__} must define submit()")

    def values(self) -> list[str]:
        return [self.query_one(f"#{field}", Input).value for field in self.FIELDS]

    def clear(self, *fields: str) -> None:
        for field in fields:
            self.query_one(f"#{field}", Input).value = ""

    def set_busy(self, busy: bool) -> None:
        self._form_busy = busy
        for widget in self.query("Input, Button, KeyArea, FullKeyboard, LetterKeyboard, PinPad"):
            if not any(isinstance(ancestor, _KEY_AREAS) for ancestor in widget.ancestors):
                widget.disabled = busy

    # While busy every field and button is disabled, so Tab would land on the top bar's Exit
    # control, and the Enter a fast typist types after it would end the session.
    _form_busy: bool = False

    def focus_next(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self.focused if self._form_busy else super().focus_next(selector)

    def focus_previous(self, selector: str | type[QueryType] = "*") -> Widget | None:
        return self.focused if self._form_busy else super().focus_previous(selector)

    def say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    def refuse(self, error: Exception) -> None:
        """Say calmly why an attempt was refused; during a lock-out wait, count it down live.

        The words depend only on the error, so an unknown name reads exactly like a known one.
        """
        self._stop_waiting()
        way_in = self.WAY_IN
        if isinstance(error, TryLater):
            # Nothing was checked, so nothing may be called wrong: a right PIN typed during
            # the wait must not make her believe she has forgotten it.
            self._wait(error.retry_after, nothing_checked(), "")
        elif isinstance(error, NotRecognised):
            head = _(self.NOT_RECOGNISED) if self.NOT_RECOGNISED else not_recognised(way_in)
            tail = tries_left(error, way_in)
            if error.retry_after > 0:
                self._wait(error.retry_after, head, tail)
            else:
                self.say(f"{head} {please_try_again()}{tail}")
        else:
            self.say(describe(error, way_in))

    def _wait(self, seconds: float, head: str, tail: str) -> None:
        self._wait_until = self.kit.clock() + seconds
        self._wait_head, self._wait_tail = head, tail
        self._wait_timer = self.set_interval(1.0, self.count_down)
        self.count_down()

    def count_down(self) -> None:
        """Polled every second during a wait, from the App's clock (tests move a fake one)."""
        left = self._wait_until - self.kit.clock()
        if left > 0:
            when = try_again_in(left)
        else:
            when = try_again_now()
            self._stop_waiting()
        self.say(f"{self._wait_head} {when}{self._wait_tail}")

    def _stop_waiting(self) -> None:
        if self._wait_timer is not None:
            self._wait_timer.stop()
            self._wait_timer = None
