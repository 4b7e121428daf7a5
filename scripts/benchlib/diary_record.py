"""A made-up diary record for the bench, built from the diary's model values as the print screen
builds one: every entry with the fields a typical entry fills, every tenth with an amendment,
every fiftieth withdrawn, and the closing verification page listing every record."""

from __future__ import annotations

import datetime as dt
import hashlib

from kiosk.diary.model import (
    Amendment,
    Answer,
    Behaviour,
    EntryContent,
    PoliceContact,
    RecordKind,
    When,
    Who,
    Witness,
)
from kiosk.printing.documents import (
    DiaryRecord,
    RecordAmendment,
    RecordEntry,
    RecordLine,
    RecordWithdrawal,
)

_ZONE = dt.UTC
_WHAT = (
    "He was waiting outside the building again when I left work, across the road by the bus "
    'stop. He said "I will always find you" and followed me to the station. I wrote down the '
    "time and what he wore: a grey hoodie and jeans."
)


def _digest(seq: int) -> str:
    return hashlib.sha256(str(seq).encode()).hexdigest()


def made_up_record(count: int) -> DiaryRecord:
    """``count`` entries, the same every time."""
    entries = []
    lines = []
    seq = 0
    start = dt.datetime(2025, 1, 1, 9, tzinfo=_ZONE)
    for number in range(1, count + 1):
        recorded = start + dt.timedelta(hours=13 * number)
        happened = (recorded - dt.timedelta(hours=20)).date()
        content = EntryContent(
            when=When(happened, dt.time(8 + number % 12, (number * 7) % 60)),
            where="Outside the office on Mill Street",
            what_happened=f"{number}. {_WHAT}",
            behaviours=(Behaviour.FOLLOWING, Behaviour.TURNING_UP),
            who=Who("The man from number 12, grey van", children_present=Answer.NO),
            effect_on_you="I could not sleep and took a taxi home the next day.",
            witnesses=(Witness("A colleague", "07700 900123", "works with me", Answer.YES),),
            police=PoliceContact(Answer.YES, happened, "Thames Valley", "PC 4411", "CAD 5678"),
            what_you_did="Told my manager and saved the messages.",
        )
        seq += 1
        lines.append(RecordLine(seq, RecordKind.ENTRY, number, recorded, happened, _digest(seq)))
        amendments: tuple[RecordAmendment, ...] = ()
        withdrawal = None
        if number % 10 == 0:
            seq += 1
            later = recorded + dt.timedelta(hours=2)
            amendments = (RecordAmendment(later, Amendment("wrong time", "It was an hour later.")),)
            lines.append(RecordLine(seq, RecordKind.AMENDMENT, number, later, None, _digest(seq)))
        if number % 50 == 0:
            seq += 1
            later = recorded + dt.timedelta(hours=3)
            withdrawal = RecordWithdrawal(later, "written in error")
            amendments = tuple(RecordAmendment(a.recorded, None) for a in amendments)
            lines.append(RecordLine(seq, RecordKind.WITHDRAWAL, number, later, None, _digest(seq)))
        entries.append(
            RecordEntry(
                number,
                recorded,
                None if withdrawal else content,
                amendments,
                withdrawal,
            )
        )
    return DiaryRecord(
        entries=tuple(entries),
        records=tuple(lines),
        head_count=seq,
        head_link=_digest(-seq),
        code="7F3A-19C2-B04E-55D1",
        intact=True,
    )
