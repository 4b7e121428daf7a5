"""Render a document, then print it or save it as PDF: the one flow the print screens share
(the diary record, the safety plan and its card), run in a screen's thread worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from kiosk.i18n import _
from kiosk.printing.counting import count_printed, document_kind
from kiosk.printing.documents import Document
from kiosk.printing.renderer import RenderCancelled
from kiosk.printing.service import CancellableRender, Outcome, Result, print_sheet, save_sheet
from kiosk.ui.screen_kit import ScreenKit


class DeliveringScreen(Protocol):
    """What the flow needs of its screen: each method is called on the screen's own thread."""

    @property
    def kit(self) -> ScreenKit: ...

    _cancelled: bool

    def _finished(self, message: str, done: bool = False) -> None: ...

    def _past_cancelling(self, text: str) -> None: ...

    def _stage(self, text: str) -> None: ...


def render_and_deliver(
    screen: DeliveringScreen,
    call_from_thread: Callable[..., object],
    render: CancellableRender,
    document: Document,
    *,
    folder: Path | None,
    not_prepared: Callable[[], str],
    worded: Callable[[Outcome], str],
) -> None:
    """Render ``document``; then save it in ``folder`` (if given) or print it on the visitors'
    printer, held when the centre holds her documents. Nothing is printed or saved once the
    session is ending or she cancelled; the screen hears how it went."""
    kit = screen.kit
    try:
        pdf = render.render(document)
    except RenderCancelled:
        if not kit.session.ending:
            call_from_thread(screen._finished, _("Cancelled. Nothing was printed or saved."))
        return
    except Exception:
        if not kit.session.ending:
            call_from_thread(screen._finished, not_prepared())
        return
    if kit.session.ending:
        return  # she left while it was being prepared: nothing is printed or saved
    if render.cancelled or screen._cancelled:
        call_from_thread(screen._finished, _("Cancelled. Nothing was printed or saved."))
        return
    if folder is not None:
        call_from_thread(screen._past_cancelling, _("Saving…"))
        outcome = save_sheet(pdf, folder, kit.print_jobs)
    else:
        call_from_thread(screen._past_cancelling, _("Sending to the printer…"))

        def printing() -> None:
            call_from_thread(screen._stage, _("Printing…"))

        # Her own documents go to the visitors' printer and, as the centre chose, wait there
        # held until she releases them standing by it (kiosk/ui/widgets/release_printing.py).
        kind = document_kind(document)
        hold = kit.config.printing.hold_vault_documents
        outcome = print_sheet(
            pdf,
            kit.visitor_printer,
            jobs=kit.print_jobs,
            progress=printing,
            held_kind=kind if hold else "",
        )
        if outcome.result is Result.PRINTED:
            count_printed(lambda: kit.numbers, kind)
    call_from_thread(screen._finished, worded(outcome), outcome.done)
