"""Every kiosk screen and dialog starts with the top bar, so Exit is always in the top row.

Its own module, apart from the forms in ``base``: the welcome screen is built on it, and a
session's start then loads no text field, on-screen keyboard or PIN pad (issue 8, cold start).
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen

from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.first_show import DrawnAfterTheBatch, StyledAsMounted
from kiosk.ui.widgets.top_bar import TopBar

ResultType = TypeVar("ResultType")


def _top_bar(kit: ScreenKit) -> TopBar:
    keys = kit.config.quick_exit.keys
    return TopBar(kit.config.quick_exit.neutral_title, keys[0].upper() if keys else "")


class _KioskFrame(StyledAsMounted):
    """What every screen and dialog share: the kit it is given, and the top bar first."""

    kit: ScreenKit

    def compose(self) -> ComposeResult:
        yield _top_bar(self.kit)
        yield from self.compose_body()

    def compose_body(self) -> ComposeResult:
        yield from ()


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
