"""Every kiosk screen and dialog starts with the top bar, so Exit is always in the top row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen

from kiosk.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from kiosk.app import KioskApp

ResultType = TypeVar("ResultType")


def _top_bar(screen: Screen[Any]) -> TopBar:
    app: KioskApp = screen.app  # type: ignore[assignment]
    keys = app.config.quick_exit.keys
    return TopBar(app.config.quick_exit.neutral_title, keys[0].upper() if keys else "")


class KioskScreen(Screen[ResultType]):
    """A full screen. Subclasses write ``compose_body``; the top bar comes first."""

    @property
    def kiosk(self) -> KioskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield _top_bar(self)
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()


class KioskModal(ModalScreen[ResultType]):
    """A dialog. It repeats the top bar so the Exit control is never hidden behind it."""

    @property
    def kiosk(self) -> KioskApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield _top_bar(self)
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()
