"""The printed diary record as a document request, built from what the diary's repository read.

Runs in the session (it only copies values into ``documents.DiaryRecord``); the renderer lays
the request out with ``templates/diary-record.html``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kiosk.printing.documents import (
    DiaryRecord,
    RecordAmendment,
    RecordEntry,
    RecordLine,
    RecordScope,
    RecordWithdrawal,
)

if TYPE_CHECKING:
    from kiosk.diary.repository import ChainRecord, DiaryEntry, Verification


def record_entry(entry: DiaryEntry) -> RecordEntry:
    withdrawal = None
    if entry.withdrawal is not None:
        withdrawal = RecordWithdrawal(entry.withdrawal.recorded, entry.withdrawal.withdrawal.reason)
    return RecordEntry(
        number=entry.number,
        recorded=entry.recorded,
        content=entry.content,
        amendments=tuple(RecordAmendment(a.recorded, a.amendment) for a in entry.amendments),
        withdrawal=withdrawal,
    )


def diary_record(
    entries: Sequence[DiaryEntry],
    chain: Sequence[ChainRecord],
    verification: Verification,
    *,
    titled: bool = False,
    scope: RecordScope = RecordScope.WHOLE,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> DiaryRecord:
    """The record of ``entries`` (in the order given): the verification page lists the chain's
    records that belong to them (every record for the whole diary) and the chain's head."""
    printed = {entry.number for entry in entries}
    lines = tuple(
        RecordLine(r.seq, r.kind, r.entry_number, r.recorded, r.happened, r.digest)
        for r in chain
        if scope is RecordScope.WHOLE or r.entry_number in printed
    )
    return DiaryRecord(
        entries=tuple(record_entry(entry) for entry in entries),
        records=lines,
        head_count=verification.head.count,
        head_link=verification.head.link,
        code=verification.code,
        intact=verification.intact,
        titled=titled,
        scope=scope,
        start=start,
        end=end,
    )
