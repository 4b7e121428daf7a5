"""A screen that dismisses itself once, and only while it is on top: a form whose save answers
while the idle screen covers it closes when it is shown again, never from underneath."""

from __future__ import annotations

from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.frame import KioskScreen, ResultType


class ClosesOnceOnTop(KioskScreen[ResultType]):
    def __init__(self, kit: ScreenKit) -> None:
        super().__init__(kit)
        self._closed = False
        # The result waiting for the screen to be on top again (a tuple: the result may be None).
        self._close_when_shown: tuple[ResultType] | None = None

    def _close(self, result: ResultType) -> None:
        """Close once, when this screen is on top (under the idle screen: when shown again)."""
        if self._closed:
            return
        if not self.is_current:
            self._close_when_shown = (result,)
            return
        self._closed = True
        self.dismiss(result)

    def on_screen_resume(self) -> None:
        if self._close_when_shown is not None:
            self._close(self._close_when_shown[0])
