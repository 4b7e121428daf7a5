"""The diary's domain: every field stored and read back, entries numbered in the order
recorded, the model's rules refused with their codes, amendments beside the original, a
withdrawal that erases the words and keeps the record."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest

from kiosk.diary.model import (
    MAX_ITEMS,
    MAX_TEXT_CHARACTERS,
    Amendment,
    Answer,
    Behaviour,
    ContentProblem,
    EntryContent,
    EvidenceItem,
    InvalidContent,
    PoliceContact,
    RecordKind,
    Source,
    SourceKind,
    When,
    Who,
    Withdrawal,
    Witness,
)
from kiosk.diary.repository import (
    AMENDMENT_DRAFT,
    DiaryFilter,
    DiaryRepository,
    EntryWithdrawn,
    UnknownEntry,
)
from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.drafts import DraftsRepository
from tests.unit.diary_fixtures import RECORDED, content, diary, later, vault

__all__ = ["diary", "vault"]  # fixtures

EVERY_FIELD = EntryContent(
    when=When(
        date=dt.date(2026, 9, 1),
        time=dt.time(8, 15),
        approximate=True,
        end_date=dt.date(2026, 9, 14),
        end_time=dt.time(19, 0),
    ),
    where="Bus stop on Mill Road; then Instagram @someone_else",
    what_happened='He got on the bus and said "you can\'t hide from me".\nThen he followed me.',
    behaviours=(Behaviour.FOLLOWING, Behaviour.THREATS, Behaviour.SOCIAL_MEDIA),
    who=Who(
        identity="J. Smith, grey hoodie, blue Ford Focus",
        others_present="the driver",
        children_present=Answer.YES,
        weapon="none seen",
    ),
    effect_on_you="I was terrified; I changed my route to work.",
    technology="Instagram account @someone_else; phone 07700 900123",
    witnesses=(
        Witness(
            name="Ann",
            contact="ann@example.org",
            relationship="neighbour",
            willing_to_give_statement=Answer.YES,
            statement="I saw him follow her.",
        ),
        Witness(name="the bus driver"),
    ),
    evidence=(
        EvidenceItem(
            kind="screenshot",
            original_kept_at="my phone and a USB stick at my sister's",
            how_saved="screenshot with date, time and sender visible",
            filename="IMG_0042.png",
            sha256="e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            imported_utc="2026-09-15T10:00:00Z",
        ),
    ),
    police=PoliceContact(
        reported=Answer.YES,
        date=dt.date(2026, 9, 2),
        force="Cambridgeshire",
        officer="PC Jones 1234",
        reference="CC-2026-0917",
        what_police_said="They will speak to him.",
    ),
    what_you_did="Told my manager, saved the messages.",
    injuries="Bruised arm; seen at the walk-in centre on 2 September by a nurse.",
    related=(1,),
    source=Source(kind=SourceKind.PAPER_NOTES, dated=dt.date(2026, 9, 3)),
)


def test_every_field_is_stored_and_read_back_as_it_was(diary: DiaryRepository) -> None:
    diary.add(content(), recorded=RECORDED)
    added = diary.add(EVERY_FIELD, recorded=later(5))
    assert (added.number, added.content, added.recorded) == (2, EVERY_FIELD, later(5))
    read = diary.get(2)
    assert read is not None and read == added
    assert read.recorded.utcoffset() == dt.timedelta(hours=1)  # as her screen showed it
    [summary] = [s for s in diary.entries() if s.number == 2]
    assert (summary.happened, summary.approximate, summary.where) == (
        dt.date(2026, 9, 1),
        True,
        EVERY_FIELD.where,
    )
    assert summary.first_line == 'He got on the bus and said "you can\'t hide from me".'
    assert summary.behaviours == (Behaviour.FOLLOWING, Behaviour.SOCIAL_MEDIA, Behaviour.THREATS)
    assert summary.recorded == later(5)


def test_entries_are_numbered_in_the_order_recorded_and_listed_by_when_they_happened(
    diary: DiaryRepository,
) -> None:
    days = [dt.date(2026, 9, 20), dt.date(2026, 3, 1), dt.date(2026, 6, 5)]
    for minute, day in enumerate(days):
        diary.add(content(f"on {day}", day=day), recorded=later(minute))
    same_day_unknown_time = content(
        "time unknown", day=dt.date(2026, 6, 5), when=When(date=dt.date(2026, 6, 5))
    )
    diary.add(same_day_unknown_time, recorded=later(9))
    assert [(s.number, s.happened) for s in diary.entries()] == [
        (2, dt.date(2026, 3, 1)),
        (4, dt.date(2026, 6, 5)),  # an unknown time comes before a known one that day
        (3, dt.date(2026, 6, 5)),
        (1, dt.date(2026, 9, 20)),
    ]
    assert [e.number for e in diary.full_entries()] == [2, 4, 3, 1]
    assert [e.number for e in diary.full_entries([1, 3])] == [3, 1]
    assert diary.get(5) is None and diary.get(0) is None


def test_filters_by_behaviour_and_date_range(diary: DiaryRepository) -> None:
    diary.add(
        content("a", day=dt.date(2026, 1, 5), behaviours=(Behaviour.FOLLOWING,)), recorded=later(0)
    )
    diary.add(
        content("b", day=dt.date(2026, 2, 5), behaviours=(Behaviour.THREATS, Behaviour.VIOLENCE)),
        recorded=later(1),
    )
    diary.add(
        content("c", day=dt.date(2026, 3, 5), behaviours=(Behaviour.THREATS,)), recorded=later(2)
    )

    def numbers(where: DiaryFilter) -> list[int]:
        return [s.number for s in diary.entries(where)]

    assert numbers(DiaryFilter(behaviours=frozenset({Behaviour.THREATS}))) == [2, 3]
    assert numbers(
        DiaryFilter(behaviours=frozenset({Behaviour.FOLLOWING, Behaviour.VIOLENCE}))
    ) == [1, 2]
    assert numbers(DiaryFilter(behaviours=frozenset({Behaviour.OTHER}))) == []
    assert numbers(DiaryFilter(start=dt.date(2026, 2, 5))) == [2, 3]
    assert numbers(DiaryFilter(end=dt.date(2026, 2, 5))) == [1, 2]
    assert numbers(
        DiaryFilter(frozenset({Behaviour.THREATS}), dt.date(2026, 1, 1), dt.date(2026, 2, 28))
    ) == [2]


@pytest.mark.parametrize(
    ("changes", "problem", "field"),
    [
        ({"where": "  "}, ContentProblem.REQUIRED_EMPTY, "where"),
        ({"what_happened": ""}, ContentProblem.REQUIRED_EMPTY, "what_happened"),
        ({"effect_on_you": "\n"}, ContentProblem.REQUIRED_EMPTY, "effect_on_you"),
        ({"who": Who(identity=" ")}, ContentProblem.REQUIRED_EMPTY, "who.identity"),
        ({"behaviours": ()}, ContentProblem.NO_BEHAVIOUR, "behaviours"),
        (
            {"what_happened": "x" * (MAX_TEXT_CHARACTERS + 1)},
            ContentProblem.TOO_LONG,
            "what_happened",
        ),
        (
            {"witnesses": (Witness(name="a", statement="s" * (MAX_TEXT_CHARACTERS + 1)),)},
            ContentProblem.TOO_LONG,
            "witnesses[0].statement",
        ),
        (
            {"witnesses": (Witness(name="a"),) * (MAX_ITEMS + 1)},
            ContentProblem.TOO_MANY_ITEMS,
            "witnesses",
        ),
        (
            {"when": When(date=dt.date(2026, 9, 2), end_date=dt.date(2026, 9, 1))},
            ContentProblem.END_BEFORE_START,
            "when.end_date",
        ),
        (
            {"when": When(date=dt.date(2026, 9, 2), time=dt.time(10), end_time=dt.time(9))},
            ContentProblem.END_BEFORE_START,
            "when.end_time",
        ),
        ({"related": (1, 2)}, ContentProblem.UNKNOWN_RELATED_ENTRY, "related[1]"),
        ({"related": (0,)}, ContentProblem.UNKNOWN_RELATED_ENTRY, "related[0]"),
    ],
)
def test_a_broken_rule_is_refused_with_its_code_and_nothing_is_stored(
    diary: DiaryRepository, changes: dict[str, object], problem: ContentProblem, field: str
) -> None:
    diary.add(content("the first"), recorded=RECORDED)
    head = diary.head()
    with pytest.raises(InvalidContent) as refused:
        diary.add(msgspec.structs.replace(content(), **changes), recorded=later(1))
    assert (refused.value.problem, refused.value.field) == (problem, field)
    assert diary.head() == head and len(diary.entries()) == 1


def test_the_longest_allowed_text_and_a_series_on_one_day_are_accepted(
    diary: DiaryRepository,
) -> None:
    long = "y" * MAX_TEXT_CHARACTERS
    series = When(date=dt.date(2026, 9, 2), time=dt.time(9), end_time=dt.time(10))
    added = diary.add(content(long, when=series), recorded=RECORDED)
    assert diary.get(added.number) == added
    with pytest.raises(ValueError):  # a recorded time without the offset she saw
        diary.add(content(), recorded=RECORDED.replace(tzinfo=None))


def test_an_amendment_keeps_the_original_beside_it(diary: DiaryRepository) -> None:
    original = diary.add(content("He called 5 times."), recorded=RECORDED)
    amended = diary.amend(1, Amendment("I counted again", "He called 7 times."), recorded=later(60))
    assert amended.content == original.content
    assert [(a.seq, a.recorded, a.amendment) for a in amended.amendments] == [
        (2, later(60), Amendment("I counted again", "He called 7 times."))
    ]
    diary.amend(1, Amendment("and", "one voicemail"), recorded=later(61))
    entry = diary.get(1)
    assert entry is not None and len(entry.amendments) == 2
    assert diary.entries()[0].amendments == 2
    for bad in (
        Amendment("", "text"),
        Amendment("reason", " "),
        Amendment("r", "t" * (MAX_TEXT_CHARACTERS + 1)),
    ):
        with pytest.raises(InvalidContent):
            diary.amend(1, bad, recorded=later(62))
    with pytest.raises(UnknownEntry):
        diary.amend(2, Amendment("r", "t"), recorded=later(62))
    assert diary.head().count == 3


def test_a_withdrawal_erases_the_words_and_keeps_the_record(
    diary: DiaryRepository, vault: VaultDatabase
) -> None:
    diary.add(content("kept entry", police=PoliceContact(reference="REF-1")), recorded=RECORDED)
    diary.add(
        content("secret words", where="his flat", police=PoliceContact(reference="REF-2")),
        recorded=later(1),
    )
    diary.amend(2, Amendment("more", "other secret words"), recorded=later(2))
    drafts = DraftsRepository(vault)
    drafts.save(
        AMENDMENT_DRAFT, "2", {"text": "an unfinished secret"}, saved=later(3), interrupted=True
    )
    drafts.save(AMENDMENT_DRAFT, "1", {"text": "kept draft"}, saved=later(3), interrupted=True)

    withdrawn = diary.withdraw(2, Withdrawal("I was wrong about the day"), recorded=later(4))

    assert withdrawn.content is None
    assert [a.amendment for a in withdrawn.amendments] == [None]
    assert withdrawn.withdrawal is not None
    assert withdrawn.withdrawal.withdrawal == Withdrawal("I was wrong about the day")
    assert withdrawn.withdrawal.recorded == later(4)
    assert diary.get(2) == withdrawn
    line = next(s for s in diary.entries() if s.number == 2)
    assert (line.withdrawn, line.where, line.first_line, line.amendments) == (True, "", "", 1)
    assert diary.search("secret") == [] and diary.search("his flat") == []
    assert [s.number for s in diary.search("kept")] == [1]
    summary = diary.summary()
    assert (summary.entries, summary.police_references) == (1, ("REF-1",))
    assert drafts.load(AMENDMENT_DRAFT, "2") is None
    assert drafts.load(AMENDMENT_DRAFT, "1") is not None
    assert [r.kind for r in diary.chain()] == [
        RecordKind.ENTRY,
        RecordKind.ENTRY,
        RecordKind.AMENDMENT,
        RecordKind.WITHDRAWAL,
    ]
    assert diary.verify().intact
    with pytest.raises(EntryWithdrawn):
        diary.amend(2, Amendment("r", "t"), recorded=later(5))
    with pytest.raises(EntryWithdrawn):
        diary.withdraw(2, Withdrawal(), recorded=later(5))
    with pytest.raises(UnknownEntry):
        diary.withdraw(3, Withdrawal(), recorded=later(5))
    assert diary.head().count == 4


def index_pages(vault: VaultDatabase) -> str:
    """The search index's own pages (its segments, not its rows), in hexadecimal."""
    with vault.reading() as reader:
        pages = reader.fetch_all("SELECT group_concat(hex(block), '') FROM diary_search_data")
    return str(pages[0][0] or "")


def test_the_words_of_a_withdrawn_entry_are_gone_from_the_search_index(
    diary: DiaryRepository, vault: VaultDatabase
) -> None:
    """FTS5's secure-delete: the words leave the index's own pages, not only its rows (a
    plain FTS5 delete leaves them there, marked deleted, until a merge)."""
    marker = "qqjxvkwz"
    trigrams = [marker[i : i + 3].encode().hex().upper() for i in range(len(marker) - 2)]
    diary.add(content(f"I said {marker}"), recorded=RECORDED)
    assert any(trigram in index_pages(vault) for trigram in trigrams)
    diary.withdraw(1, Withdrawal(), recorded=later(1))
    assert not any(trigram in index_pages(vault) for trigram in trigrams)
