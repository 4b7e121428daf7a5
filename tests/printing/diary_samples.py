"""Diary records for the printing tests, built from the diary's model values by hand (the
repository-backed tests seed a real vault instead)."""

from __future__ import annotations

import datetime as dt

from kiosk.diary.model import (
    Amendment,
    Answer,
    Behaviour,
    EntryContent,
    EvidenceItem,
    PoliceContact,
    RecordKind,
    Source,
    SourceKind,
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

ZONE = dt.timezone(dt.timedelta(hours=1))
CODE = "7F3A-19C2-B04E-55D1"
MARKUP = "<b>bold</b> [red]not red[/red] <style>*{color:red}</style> {{ x }} &amp;"
POLISH = "Zażółć gęślą jaźń, nie śpię od tygodnia"
ARABIC = "أرسل لي رسالة تهديد في منتصف الليل"


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ZONE)


def full_content(what: str) -> EntryContent:
    """Every field filled."""
    return EntryContent(
        when=When(
            dt.date(2026, 11, 2), dt.time(21, 30), approximate=True, end_date=dt.date(2026, 11, 5)
        ),
        where="Outside the office on Mill Street",
        what_happened=what,
        behaviours=(Behaviour.FOLLOWING, Behaviour.THREATS),
        who=Who("Tall man, grey van AB12 CDE", "his brother", Answer.YES, "a bat"),
        effect_on_you="I stopped taking the bus to work",
        technology="a tracker under the car",
        witnesses=(Witness("Anna Kowalska", "07700 900123", "colleague", Answer.YES, "typed"),),
        evidence=(EvidenceItem("screenshot", "my old phone", "photo of the screen"),),
        police=PoliceContact(
            Answer.YES, dt.date(2026, 11, 3), "Thames Valley", "PC 4411", "CAD 5678", "call back"
        ),
        what_you_did="Told my manager",
        injuries="Bruised arm, seen by GP on 4 Nov",
        related=(2,),
        source=Source(SourceKind.PAPER_NOTES, dt.date(2026, 11, 6)),
    )


def short_content(what: str, day: int = 10, where: str = "By phone") -> EntryContent:
    return EntryContent(
        when=When(dt.date(2026, 11, day)),
        where=where,
        what_happened=what,
        behaviours=(Behaviour.CALLS_MESSAGES,),
        who=Who("unknown"),
        effect_on_you="Frightened",
    )


def sample_record(*, titled: bool = False, extra: int = 0) -> DiaryRecord:
    """Entry 1 with every field and an amendment, 2 in Polish and Arabic with markup, 3
    withdrawn (its amendment erased), and ``extra`` short entries after them."""
    entries = [
        RecordEntry(
            1,
            at(6, 10),
            full_content('He said "you cannot hide from me".'),
            (RecordAmendment(at(7, 9), Amendment("wrong time", "It was 22:30, not 21:30.")),),
        ),
        RecordEntry(2, at(10, 23), short_content(f"{POLISH}. {MARKUP}\n{ARABIC}", where=ARABIC)),
        RecordEntry(
            3,
            at(11, 8),
            None,
            (RecordAmendment(at(11, 9), None),),
            RecordWithdrawal(at(12, 8), "written in error"),
        ),
    ]
    entries += [
        RecordEntry(4 + n, at(20, 8), short_content(f"Extra entry {4 + n}.", day=20))
        for n in range(extra)
    ]
    records = [
        RecordLine(1, RecordKind.ENTRY, 1, at(6, 10), dt.date(2026, 11, 2), "a1" * 32),
        RecordLine(2, RecordKind.AMENDMENT, 1, at(7, 9), None, "b2" * 32),
        RecordLine(3, RecordKind.ENTRY, 2, at(10, 23), dt.date(2026, 11, 10), "c3" * 32),
        RecordLine(4, RecordKind.ENTRY, 3, at(11, 8), dt.date(2026, 11, 11), "d4" * 32),
        RecordLine(5, RecordKind.AMENDMENT, 3, at(11, 9), None, "e5" * 32),
        RecordLine(6, RecordKind.WITHDRAWAL, 3, at(12, 8), None, "f6" * 32),
    ]
    return DiaryRecord(
        entries=tuple(entries),
        records=tuple(records),
        head_count=len(records),
        head_link="9c" * 32,
        code=CODE,
        intact=True,
        titled=titled,
    )
