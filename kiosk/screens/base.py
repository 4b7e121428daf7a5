"""Every kiosk screen and dialog starts with the top bar, so Exit is always in the top row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from kiosk.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from kiosk.app import KioskApp

ResultType = TypeVar("ResultType")


def _top_bar(screen: Screen[Any]) -> TopBar:
    app: KioskApp = screen.app  # type: ignore[assignment]
    keys = app.config.quick_exit.keys
    return TopBar(app.config.quick_exit.neutral_title, keys[0].upper() if keys else "")


class _KioskFrame:
    """What every screen and dialog share: the App typed as the kiosk, and the top bar first."""

    app: Any

    @property
    def kiosk(self) -> KioskApp:
        return self.app  # type: ignore[no-any-return]

    def compose(self) -> ComposeResult:
        yield _top_bar(self)  # type: ignore[arg-type]
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()


class KioskScreen(_KioskFrame, Screen[ResultType]):
    """A full screen. Subclasses write ``compose_body``; the top bar comes first."""


class KioskModal(_KioskFrame, ModalScreen[ResultType]):
    """A dialog. It repeats the top bar so the Exit control is never hidden behind it."""


def new_pin_fields() -> ComposeResult:
    """A new PIN typed twice, then the line where refusals are explained."""
    yield Label("New PIN (6 or more digits, or four or more words)", classes="field-label")
    yield Input(id="new-pin", password=True, max_length=128)
    yield Label("New PIN again", classes="field-label")
    yield Input(id="new-pin-again", password=True, max_length=128)
    yield Static("", id="message", markup=False)


class FormScreen(KioskScreen[ResultType]):
    """A form of text fields: Enter moves to the next field, and on the last one submits.

    Subclasses list their field ids in ``FIELDS`` and write ``submit``; ``set_busy`` greys the
    form out while a worker runs, and ``say`` shows one calm line in ``#message``.
    """

    FIELDS: ClassVar[tuple[str, ...]] = ()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        current = event.input.id or ""
        if current not in self.FIELDS:
            return
        if current == self.FIELDS[-1]:
            self.submit()
        else:
            self.query_one(f"#{self.FIELDS[self.FIELDS.index(current) + 1]}", Input).focus()

    def submit(self) -> None:
        raise TypeError(f"{type(self).__name__} must define submit()")

    def values(self) -> list[str]:
        return [self.query_one(f"#{field}", Input).value for field in self.FIELDS]

    def clear(self, *fields: str) -> None:
        for field in fields:
            self.query_one(f"#{field}", Input).value = ""

    def set_busy(self, busy: bool) -> None:
        for widget in self.query("Input, Button"):
            widget.disabled = busy

    def say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)
