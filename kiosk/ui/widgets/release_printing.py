""" "Release my printing": her held documents print only when she is standing at the printer.

With held printing (``[printing] hold_vault_documents``), her record, her plan, her card and a
recovery slip wait in the printer's queue until she presses this. It is shown only while
something of hers is held (and for the answer after she pressed it), with one calm line saying
what to do, on the print screens and on the vault's home. The release runs in a thread (lp and
lpstat), never on the screen's; a quick exit meanwhile cancels whatever has not started.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Static

from kiosk.i18n import _
from kiosk.printing.counting import count_printed
from kiosk.printing.service import Outcome, Result, release_held
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.wording import release_outcome


class ReleasePrinting(Horizontal):
    class Released(Message):
        """Her held documents were released; ``printed``: every one of them printed."""

        def __init__(self, printed: bool) -> None:
            super().__init__()
            self.printed = printed

    def __init__(self, kit: ScreenKit, *, compact: bool = False) -> None:
        """``compact``: the button alone, beside another, and the answer in its place once
        pressed (the vault's home has no room for the line; the print screen said it)."""
        super().__init__(id="release-box", classes="compact" if compact else "")
        self._kit = kit
        self._compact = compact
        self._releasing = False
        self._answer = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="release-note", markup=False)
        yield Button(_("Release my printing"), id="release-printing", variant="primary")

    def on_mount(self) -> None:
        self.show_held()

    def show_held(self, *, focus: bool = False, fresh: bool = False) -> None:
        """Show the control if something of hers is held (``focus``: and focus it).

        After a release its answer stays in the line until ``fresh`` (a new print, or she came
        back to the screen). Compact, the answer takes the button's place."""
        if fresh:
            self._answer = ""
        # Asked by a screen resuming before this widget's own children are mounted (its
        # on_mount asks again then): nothing to show yet, and no NoMatches for the visitor.
        button = next(iter(self.query("#release-printing").results(Button)), None)
        if button is None or not self.query("#release-note"):
            return
        held = self._kit.print_jobs.held
        answering = bool(self._answer) and not self._releasing
        button.display = held and not self._releasing and not (self._compact and answering)
        if answering:
            self._note(self._answer)
        elif held and not self._releasing:
            self._note(_("Standing at the printer? Press Release my printing."))
        self.query_one("#release-note", Static).display = not (self._compact and button.display)
        self.display = held or self._releasing or answering
        if focus and button.display:
            button.focus()

    def _note(self, text: str) -> None:
        self.query_one("#release-note", Static).update(text)

    @on(Button.Pressed, "#release-printing")
    def _release(self, event: Button.Pressed) -> None:
        event.stop()
        if self._releasing or not self._kit.print_jobs.held:
            return
        self._releasing, self._answer = True, ""
        self._note(_("Releasing…"))
        self.show_held()
        self._run()

    @work(thread=True, exclusive=True, exit_on_error=False, group="release-printing")
    def _run(self) -> None:
        kit = self._kit
        call = self.app.call_from_thread
        outcome = release_held(
            kit.visitor_printer,
            kit.print_jobs,
            printed=lambda kind: count_printed(lambda: kit.numbers, kind),
            progress=lambda: call(self._note, _("Printing…")),
        )
        if not kit.session.ending:
            call(self._released, outcome)

    def _released(self, outcome: Outcome) -> None:
        self._releasing = False
        self._answer = release_outcome(outcome)
        self.post_message(self.Released(outcome.result is Result.PRINTED))
        if self.is_attached:
            self.show_held(focus=True)
