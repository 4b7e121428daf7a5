"""Print or save a sheet: render it, check the printer, submit, and follow the job.

One entry point for the kiosk screens and the ``kiosk print`` command. The result is an
``Outcome`` that says what happened as a code and its details, never as a sentence: the
screens word it in the visitor's language, the command in English for staff.
"""

from __future__ import annotations

import contextlib
import enum
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.helplines.model import Region
from kiosk.printing.cups import (
    JobState,
    Printer,
    PrintingError,
    PrintJob,
    Reason,
    SessionPrintJobs,
)
from kiosk.printing.documents import Document, HelplineSheet, PracticalSteps, wallet_card_for
from kiosk.printing.pdf_sink import SaveError, SaveProblem, save_pdf
from kiosk.printing.renderer import RenderCancelled, render_pdf


class Sheet(enum.Enum):
    HELPLINES = "helplines"
    PRACTICAL_STEPS = "practical-steps"
    WALLET_CARD = "wallet-card"


def sheet_document(sheet: Sheet, region: Region, *, qr_url: str = "", topic: str = "") -> Document:
    """The document for a sheet; ``topic`` ("" for all) keeps only that topic's helplines."""
    if sheet is Sheet.HELPLINES:
        return HelplineSheet(region, qr_url=qr_url, topic=topic)
    if sheet is Sheet.PRACTICAL_STEPS:
        return PracticalSteps(region, topic=topic)
    return wallet_card_for(region, topic)


def render(
    sheet: Sheet,
    region: Region,
    *,
    qr_url: str = "",
    topic: str = "",
    jobs: SessionPrintJobs | None = None,
) -> bytes:
    """The sheet as PDF, from a renderer process that ``jobs.close()`` cancels.

    Raises ``RenderError`` (``RenderCancelled`` once the session has ended).
    """
    return render_pdf(sheet_document(sheet, region, qr_url=qr_url, topic=topic), jobs=jobs)


class CancellableRender:
    """One render the visitor may cancel herself; the session's end cancels it as well.

    Its own ``SessionPrintJobs`` holds the renderer: ``cancel`` closes those (kill, then reap),
    and the session's jobs close them too, which a quick exit does first.
    """

    def __init__(self, session_jobs: SessionPrintJobs) -> None:
        self._session = session_jobs
        self._mine = SessionPrintJobs()

    def render(self, document: Document) -> bytes:
        """Raises ``RenderError`` (``RenderCancelled`` once cancelled or the session ended)."""
        if not self._session.add_render(self.cancel):
            raise RenderCancelled
        try:
            return render_pdf(document, jobs=self._mine)
        finally:
            self._session.remove_render(self.cancel)

    def cancel(self) -> None:
        """Blocks until the renderer is reaped (a thread, not the screen's, should call it)."""
        self._mine.close()

    @property
    def cancelled(self) -> bool:
        return self._mine.closed


class Result(enum.Enum):
    """What became of one sheet."""

    PRINTED = "printed"
    HELD = "held"
    """In the queue, held, until she presses "Release my printing" (``release_held``)."""
    SAVED = "saved"
    SESSION_ENDED = "session-ended"
    """The visitor left first: nothing was (or will be) printed."""
    NOT_PRINTED = "not-printed"
    """The printer took the job but it failed or did not finish."""
    PRINTING_PROBLEM = "printing-problem"
    """The printer could not take it: ``reason`` says why."""
    SAVE_PROBLEM = "save-problem"
    """The PDF was not saved: ``save_problem`` says why."""
    NOT_MADE = "not-made"
    """The document itself could not be made: ``detail`` says why, for staff."""


@dataclass(frozen=True)
class Outcome:
    result: Result
    reason: Reason | None = None
    save_problem: SaveProblem | None = None
    saved_as: Path | None = None
    """The saved file, for ``SAVED``."""
    detail: str = ""
    """For staff and logs only: never shown to a visitor."""

    @property
    def done(self) -> bool:
        return self.result in (Result.PRINTED, Result.SAVED)


def print_sheet(
    pdf: bytes,
    printer: Printer,
    *,
    copies: int = 1,
    jobs: SessionPrintJobs | None = None,
    progress: Callable[[], None] = lambda: None,
    timeout: float = 120.0,
    held_kind: str = "",
) -> Outcome:
    """Submit and follow one job; never raises for a printing problem, it says what happened.

    ``progress`` is called once the printer has the job (the screen then says "Printing…").
    With ``held_kind`` (the document's kind) and ``jobs``, the job is submitted held and
    nothing is followed: the outcome is ``HELD`` until ``release_held``."""
    ended = jobs.closed if jobs is not None else False
    if ended:
        return Outcome(Result.SESSION_ENDED)
    held = bool(held_kind) and jobs is not None
    try:
        printer.check()
        with jobs.sending() if jobs is not None else contextlib.nullcontext():
            job: PrintJob = printer.submit(pdf, copies=copies, held=held)
            if jobs is not None and not jobs.add(job, held_kind=held_kind if held else ""):
                # The visitor left while this was being sent: it must not come out of the
                # printer. The session's recall waits for this before the process ends.
                printer.cancel(job)
                return Outcome(Result.SESSION_ENDED)
        if held:
            return Outcome(Result.HELD)
        progress()
        stop = (lambda: jobs.closed) if jobs is not None else (lambda: False)
        state = printer.wait(job, timeout=timeout, stop=stop)
    except PrintingError as error:
        return Outcome(Result.PRINTING_PROBLEM, reason=error.reason, detail=error.detail)
    if jobs is not None and jobs.closed:
        return Outcome(Result.SESSION_ENDED)
    if state is JobState.DONE:
        return Outcome(Result.PRINTED)
    return Outcome(Result.NOT_PRINTED)


def release_held(
    printer: Printer,
    jobs: SessionPrintJobs,
    *,
    printed: Callable[[str], None] = lambda kind: None,
    progress: Callable[[], None] = lambda: None,
    timeout: float = 120.0,
) -> Outcome:
    """Let every held job of the session print, and follow them until they are done.

    ``printed(kind)`` is called for each job that printed (the centre's numbers). A job that
    could not be released (cancelled meanwhile, the scheduler down) is said as a problem; the
    others still print."""
    held = jobs.take_held()
    if not held:
        return Outcome(Result.NOT_PRINTED, detail="nothing held")
    outcome = Outcome(Result.PRINTED)
    released: list[tuple[PrintJob, str]] = []
    for job, kind in held:
        if jobs.closed:
            return Outcome(Result.SESSION_ENDED)
        try:
            printer.release(job)
            released.append((job, kind))
        except PrintingError as error:
            if error.reason is not Reason.JOB_FAILED:
                # The printing system did not answer: the job is still held, so she can try
                # again (a job cancelled meanwhile is gone for good).
                jobs.hold_again(job, kind)
            outcome = Outcome(Result.PRINTING_PROBLEM, reason=error.reason, detail=error.detail)
    if released:
        progress()
    for job, kind in released:
        try:
            state = printer.wait(job, timeout=timeout, stop=lambda: jobs.closed)
        except PrintingError as error:
            outcome = Outcome(Result.PRINTING_PROBLEM, reason=error.reason, detail=error.detail)
            continue
        if jobs.closed:
            return Outcome(Result.SESSION_ENDED)
        if state is JobState.DONE:
            printed(kind)
        elif outcome.result is Result.PRINTED:
            outcome = Outcome(Result.NOT_PRINTED)
    return outcome


def save_sheet(pdf: bytes, folder: Path, jobs: SessionPrintJobs | None = None) -> Outcome:
    """With ``jobs``, the session's end removes a file still being written: a quick exit
    mid-save leaves no hidden part-file holding the sheet (the whole file stays or nothing)."""
    removals: list[Callable[[], None]] = []

    def started(temporary: Path) -> bool:
        if jobs is None:
            return True
        removals.append(functools.partial(temporary.unlink, missing_ok=True))
        return jobs.add_render(removals[-1])  # close() runs it as it cancels renders

    try:
        path = save_pdf(pdf, folder, started=started)
    except SaveError as error:
        if jobs is not None and jobs.closed:
            return Outcome(Result.SESSION_ENDED)
        return Outcome(Result.SAVE_PROBLEM, save_problem=error.problem, detail=error.detail)
    finally:
        for removal in removals:
            if jobs is not None:
                jobs.remove_render(removal)
    # The name stays neutral (a folder listing must not say what was saved), so the message
    # says in plain words where to find it.
    return Outcome(Result.SAVED, saved_as=path)


# Where desktop systems mount removable drives, and how deep below each a drive's own folder
# is: /media/<user>/<label>, /run/media/<user>/<label>. What is under /mnt was mounted by hand
# (by staff, for anything), so it may be typed but is not offered (depth 0). Read at each call,
# so a test can point it at a folder of its own.
REMOVABLE_ROOTS: tuple[tuple[Path, int], ...] = (
    (Path("/media"), 2),
    (Path("/run/media"), 2),
    (Path("/mnt"), 0),
)
# A hostile or broken machine could show hundreds of "drives"; a few is all she needs.
MAX_DRIVES = 8


def save_roots(configured: Path | None) -> list[Path]:
    """The folders a visitor may save into (and anything below them): where USB sticks are
    mounted, and the folder staff configured."""
    roots = [root for root, _depth in REMOVABLE_ROOTS]
    return [*roots, configured] if configured is not None else roots


def is_removable(folder: Path) -> bool:
    """Whether ``folder`` is on a removable drive (a USB stick), as desktop systems mount them."""
    real = folder.resolve()
    return any(real.is_relative_to(root.resolve()) for root, _depth in REMOVABLE_ROOTS)


@dataclass(frozen=True)
class SavePlace:
    """A folder offered to save into: the configured one (``drive`` is None) or a USB stick's
    top folder (``drive`` is its label, the folder's name, untrusted: show it literally)."""

    folder: Path
    drive: str | None = None


def save_places(configured: Path | None) -> list[SavePlace]:
    """The folders she can save into now, without typing: the configured folder, then every
    drive mounted under the removable roots (at most ``MAX_DRIVES``).

    A drive is a real folder exactly at its root's depth that she can write to: links are
    skipped at every level (a link could lead anywhere), and so is what is not writable (a
    root-owned mount point left behind by a stick pulled out). ``chosen_folder`` still checks
    the one she picks.
    """
    places = [SavePlace(configured)] if configured is not None and configured.is_dir() else []
    seen = {os.path.realpath(place.folder) for place in places}
    drives = 0
    for root, depth in REMOVABLE_ROOTS:
        for folder in _folders_at(Path(os.path.realpath(root)), depth):
            real = os.path.realpath(folder)
            if drives < MAX_DRIVES and real not in seen and os.access(real, os.W_OK | os.X_OK):
                places.append(SavePlace(folder, drive=folder.name))
                seen.add(real)
                drives += 1
    return places


def _folders_at(root: Path, depth: int) -> list[Path]:
    """The real folders (no links) ``depth`` levels below ``root``, in name order."""
    level = [root]
    for _level in range(depth):
        below: list[Path] = []
        for folder in level:
            try:
                with os.scandir(folder) as entries:
                    below.extend(
                        Path(entry.path) for entry in entries if entry.is_dir(follow_symlinks=False)
                    )
            except OSError:
                continue
        level = sorted(below)[:64]
    return level if depth else []
