"""Print or save a sheet: render it, check the printer, submit, and follow the job.

One entry point for the kiosk screens and the ``kiosk print`` command, so both give the same
calm messages for the same problems.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.helplines.model import Region
from kiosk.printing.cups import JobState, Printer, PrintingError, PrintJob, SessionPrintJobs
from kiosk.printing.documents import Document, HelplineSheet, PracticalSteps, WalletCard
from kiosk.printing.pdf_sink import SaveError, save_pdf
from kiosk.printing.renderer import render_pdf


class Sheet(enum.Enum):
    HELPLINES = "helplines"
    PRACTICAL_STEPS = "practical-steps"
    WALLET_CARD = "wallet-card"


def render(
    sheet: Sheet, region: Region, *, qr_url: str = "", jobs: SessionPrintJobs | None = None
) -> bytes:
    """The sheet as PDF, from a renderer process that ``jobs.close()`` cancels.

    Raises ``RenderError`` (``RenderCancelled`` once the session has ended).
    """
    if sheet is Sheet.HELPLINES:
        document: Document = HelplineSheet(region, qr_url=qr_url)
    elif sheet is Sheet.PRACTICAL_STEPS:
        document = PracticalSteps(region)
    else:
        document = WalletCard(region)
    return render_pdf(document, jobs=jobs)


SESSION_ENDED = "The session ended before the sheet was printed."


@dataclass(frozen=True)
class Outcome:
    done: bool
    message: str


def print_sheet(
    pdf: bytes,
    printer: Printer,
    *,
    copies: int = 1,
    jobs: SessionPrintJobs | None = None,
    progress: Callable[[str], None] = lambda _: None,
    timeout: float = 120.0,
) -> Outcome:
    """Submit and follow one job; never raises for a printing problem, it says what happened."""
    ended = jobs.closed if jobs is not None else False
    if ended:
        return Outcome(False, SESSION_ENDED)
    try:
        printer.check()
        with jobs.sending() if jobs is not None else contextlib.nullcontext():
            job: PrintJob = printer.submit(pdf, copies=copies)
            if jobs is not None and not jobs.add(job):
                # The visitor left while this was being sent: it must not come out of the
                # printer. The session's recall waits for this before the process ends.
                printer.cancel(job)
                return Outcome(False, SESSION_ENDED)
        progress("Printing… please wait by the printer.")
        stop = (lambda: jobs.closed) if jobs is not None else (lambda: False)
        state = printer.wait(job, timeout=timeout, stop=stop)
    except PrintingError as error:
        return Outcome(False, str(error))
    if jobs is not None and jobs.closed:
        return Outcome(False, SESSION_ENDED)
    if state is JobState.DONE:
        return Outcome(True, "Printed. Please collect your sheet from the printer.")
    return Outcome(False, "The sheet could not be printed. Please ask staff for help.")


def save_sheet(pdf: bytes, folder: Path) -> Outcome:
    try:
        path = save_pdf(pdf, folder)
    except SaveError as error:
        return Outcome(False, str(error))
    # The name stays neutral (a folder listing must not say what was saved), so the message
    # says in plain words where to find it.
    return Outcome(True, f"Saved to {describe_folder(folder)} as {path.name}.")


# Where desktop systems mount removable drives: /media/<user>/<label>, /run/media/<user>/<label>.
_REMOVABLE_ROOTS = (("media",), ("run", "media"), ("mnt",))


def describe_folder(folder: Path) -> str:
    """'the USB stick "KINGSTON"' for a removable drive, else 'the folder "saved"'."""
    parts = folder.resolve().parts[1:]
    removable = any(parts[: len(root)] == root for root in _REMOVABLE_ROOTS)
    kind = "the USB stick" if removable else "the folder"
    return f'{kind} "{folder.name}"' if folder.name else kind
