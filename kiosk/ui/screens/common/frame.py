"""Every kiosk screen and dialog starts with the top bar, so Exit is always in the top row.

Its own module, apart from the forms in ``base``: the welcome screen is built on it, and a
session's start then loads no text field, on-screen keyboard or PIN pad (issue 8, cold start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar, cast

from textual import events
from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen

from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.first_show import DrawnAfterTheBatch, StyledAsMounted
from kiosk.ui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from kiosk.ui.widgets.select import Select

ResultType = TypeVar("ResultType")


def key_label(key: str) -> str:
    """A key's name as the keyboard shows it: "f12" is "F12", "ctrl+e" is "Ctrl+E"."""
    return "+".join(part.capitalize() for part in key.split("+"))


def exit_key_label(kit: ScreenKit) -> str:
    """The first quick-exit key, the one the screens name."""
    keys = kit.config.quick_exit.keys
    return key_label(keys[0]) if keys else ""


def _top_bar(kit: ScreenKit) -> TopBar:
    return TopBar(kit.config.quick_exit.neutral_title, exit_key_label(kit))


class _KioskFrame(StyledAsMounted):
    """What every screen and dialog share: the kit it is given, and the top bar first."""

    kit: ScreenKit

    def compose(self) -> ComposeResult:
        yield _top_bar(self.kit)
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        close_lists_pressed_outside(cast("Screen[object]", self), event)


def close_lists_pressed_outside(screen: Screen[object], event: events.MouseDown) -> None:
    """Textual's Select closes its list when it loses focus, but a press on words or empty
    space moves no focus: the list stayed open over the screen for a visitor using only the
    mouse. A press anywhere outside an open list closes it, choosing nothing. (By its CSS
    name: importing the Select here would load it before the first frame.)

    What was pressed is found by where: a press from the terminal names no widget (only
    Pilot's do), and read as "outside" it closed the list before its option was chosen."""
    expanded = list(screen.query("Select.-expanded"))
    if not expanded:
        return
    try:
        pressed, _ = screen.get_widget_at(int(event.screen_x), int(event.screen_y))
    except Exception:  # nothing there (the screen going): leave the lists as they are
        return
    for select in expanded:
        if not (pressed is select or select in pressed.ancestors):
            cast("Select[object]", select).expanded = False


class KioskScreen(_KioskFrame, DrawnAfterTheBatch, Screen[ResultType]):
    """A full screen. Subclasses write ``compose_body``; the top bar comes first."""

    def __init__(self, kit: ScreenKit) -> None:
        super().__init__()
        self.kit = kit


class KioskModal(_KioskFrame, DrawnAfterTheBatch, ModalScreen[ResultType]):
    """A dialog. It repeats the top bar so the Exit control is never hidden behind it."""

    def __init__(self, kit: ScreenKit) -> None:
        super().__init__()
        self.kit = kit
