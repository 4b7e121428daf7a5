"""Shown after unlocking when the vault's diary does not reach the kiosk's copy of its head:
an older copy of the vault may have been put back (kiosk/diary/mirror.py). She is told plainly
and calmly, and acknowledges it; the vault is open and usable."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Button, Static

from kiosk.diary.mirror import HeadCheck
from kiosk.i18n import _
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.wording import diary_head_notice


class DiaryHeadNoticeScreen(KioskScreen[None]):
    def __init__(self, kit: ScreenKit, check: HeadCheck) -> None:
        super().__init__(kit)
        self._check = check

    def compose_body(self) -> ComposeResult:
        title, text = diary_head_notice(self._check)
        with VerticalScroll(id="diary-head-notice", classes="form centred"):
            yield Static(title, classes="title", markup=False)
            yield Static(text, classes="lead", markup=False)
            yield Button(_("I understand"), id="understood", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#understood", Button).focus()

    @on(Button.Pressed, "#understood")
    def _understood(self) -> None:
        self.dismiss(None)
