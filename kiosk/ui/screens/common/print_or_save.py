"""What the screens that print or save her own documents share (the diary record, the safety
plan and its card): Print and Save as PDF start a render, which Cancel, Back and the session's
end all stop; the bar and its stage show while it runs; printing held at the printer is
released from the screen. Each screen says what to make (``_start``) and how to make it (a
worker running ``render_and_deliver``, kiosk.ui.screens.common.delivery).

Returns True when something was printed or saved while the screen was open.
"""

from __future__ import annotations

import threading
from abc import abstractmethod
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.widgets import Button, Static

from kiosk.i18n import _
from kiosk.printing.pdf_sink import SaveError, chosen_folder
from kiosk.printing.service import CancellableRender, Outcome, Result, save_roots
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.widgets.release_printing import ReleasePrinting
from kiosk.ui.widgets.save_place import SavePlaceChoice
from kiosk.ui.wording import describe_outcome


class PrintOrSaveScreen(KioskScreen[bool]):
    # The ids of each screen's own controls (its stylesheet rules and tests name them).
    PRINT_ID: ClassVar[str]
    SAVE_ID: ClassVar[str]
    CANCEL_ID: ClassVar[str]
    PROGRESS_ID: ClassVar[str]
    STAGE_ID: ClassVar[str]

    def __init__(self, kit: ScreenKit) -> None:
        super().__init__(kit)
        self._busy = False
        self._cancelled = False
        self._rendering: CancellableRender | None = None
        self._made = False  # something was printed or saved while the screen was open

    @abstractmethod
    def _start(self, *, save: bool) -> None:
        """Print (or save) what she chose, or say why not."""

    # -- what shows --------------------------------------------------------------------------

    def _show_busy(self) -> None:
        self.query_one(f"#{self.PROGRESS_ID}").display = self._busy
        self.query_one(f"#{self.CANCEL_ID}", Button).display = self._busy
        self.query_one(f"#{self.PRINT_ID}", Button).disabled = self._busy
        self.query_one(f"#{self.SAVE_ID}", Button).disabled = self._busy

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    def _stage(self, text: str) -> None:
        if self.is_attached:  # a worker may report after Back took the screen away
            self.query_one(f"#{self.STAGE_ID}", Static).update(text)

    def _past_cancelling(self, text: str) -> None:
        """The document is made and on its way: Cancel could no longer stop it, so it goes."""
        if self.is_attached:
            self.query_one(f"#{self.CANCEL_ID}", Button).display = False
            self._stage(text)

    # -- starting and finishing --------------------------------------------------------------

    def _save_folder(self) -> Path | None:
        """The folder she chose to save in, checked; None, with the reason said, if it cannot
        be used."""
        typed = self.query_one(SavePlaceChoice).wanted()
        try:
            return chosen_folder(typed, save_roots(self.kit.config.save_path()))
        except SaveError as error:
            self._say(describe_outcome(Outcome(Result.SAVE_PROBLEM, save_problem=error.problem)))
            return None

    def _begin(self, stage: str) -> None:
        """Busy from now on: the bar and ``stage`` show, and Cancel has the focus."""
        self._busy, self._cancelled, self._rendering = True, False, None
        self._show_busy()
        self._say("")
        self._stage(stage)
        self.query_one(f"#{self.CANCEL_ID}", Button).focus()

    def _finished(self, message: str, done: bool = False) -> None:
        """It was printed or saved (``done``), or not: ``message`` says which."""
        self._busy, self._rendering = False, None
        self._made = self._made or done
        self._on_finished(done)
        if self.is_attached:
            self._show_busy()
            self._say(message)
            self.query_one(f"#{self.PRINT_ID}", Button).focus()
            self.query_one(ReleasePrinting).show_held(focus=True, fresh=True)

    def _on_finished(self, done: bool) -> None:
        """What a screen notes when a document is finished, before it is said."""

    @on(ReleasePrinting.Released)
    def _released(self, released: ReleasePrinting.Released) -> None:
        self._on_released(released)
        if self.focused is None:  # the button she pressed is gone once it printed
            self.query_one(f"#{self.PRINT_ID}", Button).focus()

    def _on_released(self, released: ReleasePrinting.Released) -> None:
        """What a screen notes when her held printing is released."""

    # -- the buttons -------------------------------------------------------------------------

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        pressed = event.button.id
        if pressed == self.PRINT_ID:
            self._start(save=False)
        elif pressed == self.SAVE_ID:
            self._start(save=True)
        elif pressed == self.CANCEL_ID:
            self._stop()
            self._stage(_("Cancelling…"))
        elif pressed == "back":
            self._stop()
            self.dismiss(self._made)

    def _stop(self) -> None:
        if not self._busy:
            return
        self._cancelled = True
        render = self._rendering
        if render is None:  # nothing rendering yet (the vault still being read): dropped
            self._finished(_("Cancelled. Nothing was printed or saved."))
            return
        # Kill and reap take milliseconds, but never on the screen's thread; and not in one of
        # the screen's workers, which Back would cancel before it ran.
        threading.Thread(target=render.cancel, name="cancel render", daemon=True).start()
