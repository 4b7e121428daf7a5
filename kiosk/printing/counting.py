"""Which of the centre's counts a printed document adds to (kiosk.staff.numbers): one count per
copy that printed, by the document's kind, and nothing about what it said; and how the staff
log (kiosk.staff.audit) names a print run for the centre."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from kiosk.printing.documents import Document
from kiosk.printing.service import Sheet
from kiosk.staff.numbers import CentreNumbers, Tally

_TALLIES = {
    "helplines": Tally.SHEETS_HELPLINES,
    "practical-steps": Tally.SHEETS_STEPS,
    "wallet-card": Tally.SHEETS_CARDS,
    "diary-record": Tally.SHEETS_RECORDS,
    "plan": Tally.SHEETS_PLANS,
    "plan-card": Tally.SHEETS_PLANS,
    "recovery-slip": Tally.SHEETS_SLIPS,
}

# The kind of document each of the centre's sheets is.
SHEET_KINDS = {
    Sheet.HELPLINES: "helplines",
    Sheet.PRACTICAL_STEPS: "practical-steps",
    Sheet.WALLET_CARD: "wallet-card",
}


def document_kind(document: Document) -> str:
    """The document's kind, as its request is tagged ("helplines", "diary-record", ...)."""
    return str(type(document).__struct_config__.tag)


def count_printed(numbers: Callable[[], CentreNumbers], kind: str, copies: int = 1) -> None:
    """Count a document that printed; a kind with no count (the bench's entries) adds none.

    ``numbers`` is asked for only now, and nothing here raises: a statistic never turns a
    printed page into an error."""
    tally = _TALLIES.get(kind)
    if tally is not None:
        with contextlib.suppress(Exception):
            numbers().count(tally, copies)


# How the staff log names each sheet (in English, like the rest of the log's details).
LOG_NAMES = {
    Sheet.HELPLINES: "helpline sheet",
    Sheet.PRACTICAL_STEPS: "practical steps",
    Sheet.WALLET_CARD: "wallet card",
}


def log_detail(sheet: Sheet, copies: int, region: str, topic: str) -> str:
    """The staff log's words for a print run: what, how many, which region and topic ("all"
    for every topic). Never more than the log's 120 characters."""
    return f"{copies} x {LOG_NAMES[sheet]}, {region}, {topic or 'all'}"[:120]
