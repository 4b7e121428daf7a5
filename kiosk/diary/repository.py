"""The diary of one open vault: append-only records linked in a hash chain.

The signatures and read types below are the contract the diary screens, the printed record,
the export and the operator commands are written against.

Records: every entry, amendment and withdrawal is one record in the chain, numbered ``seq`` from
1 in the order they were stored. A record's ``digest`` is SHA-256 over its canonical content
document; its ``link`` is SHA-256 over the previous record's link and its own digest (the first
record's "previous link" is derived from the vault id; kiosk/diary/chain.py). A withdrawal erases
the words of the entry and of its amendments but keeps every digest, so the chain still verifies.

The tables (migration 5) enforce the same rules in SQL with triggers: nothing is ever deleted,
and the only update is a withdrawal's erasing of words. Each write is one transaction: a kill
at any moment leaves the whole record or none of it.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import cast

import msgspec

from kiosk.diary.chain import genesis, next_link, reading_code, record_digest
from kiosk.diary.model import (
    Amendment,
    Behaviour,
    EntryContent,
    RecordKind,
    Withdrawal,
    canonical_json,
)
from kiosk.diary.search import SearchTerms, amendment_words, entry_words, search_terms
from kiosk.diary.summary import every_month
from kiosk.diary.validation import check_amendment, check_entry, check_withdrawal
from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.drafts import DraftsRepository
from kiosk.vault.storage.sql import Reader, Row, SqlValue, Transaction
from kiosk.vault.storage.times import shown_time, stored_time

# A diary entry's unfinished form is the draft ("diary_entry", ""); an unfinished amendment of
# entry n is ("diary_amendment", "n").
ENTRY_DRAFT = "diary_entry"
AMENDMENT_DRAFT = "diary_amendment"


@dataclass(frozen=True)
class ChainHead:
    """How far the chain goes: the number of records and the last record's link (hex)."""

    count: int
    link: str


@dataclass(frozen=True)
class ChainRecord:
    """One record as the verification page lists it."""

    seq: int
    kind: RecordKind
    entry_number: int
    recorded: dt.datetime  # aware, in the offset the visitor's screen showed
    happened: dt.date | None  # an entry's "when" date; None for amendments and withdrawals
    digest: str
    link: str


@dataclass(frozen=True)
class AmendmentRead:
    seq: int
    recorded: dt.datetime
    amendment: Amendment | None  # None: erased by a withdrawal


@dataclass(frozen=True)
class WithdrawalRead:
    seq: int
    recorded: dt.datetime
    withdrawal: Withdrawal


@dataclass(frozen=True)
class DiaryEntry:
    """One entry with everything that was added to it since."""

    number: int  # the entry's number, shown to her: 1, 2, 3 … in the order recorded
    seq: int
    recorded: dt.datetime
    content: EntryContent | None  # None: withdrawn (its words are erased)
    digest: str
    amendments: tuple[AmendmentRead, ...]
    withdrawal: WithdrawalRead | None


@dataclass(frozen=True)
class EntrySummary:
    """One line of the list: enough to show and filter without reading the whole entry."""

    number: int
    recorded: dt.datetime
    happened: dt.date
    approximate: bool
    where: str  # "" when withdrawn
    first_line: str  # of what happened; "" when withdrawn
    behaviours: tuple[Behaviour, ...]
    amendments: int
    withdrawn: bool


@dataclass(frozen=True)
class DiaryFilter:
    behaviours: frozenset[Behaviour] = frozenset()  # any of these; empty: all
    start: dt.date | None = None  # happened on or after
    end: dt.date | None = None  # happened on or before


@dataclass(frozen=True)
class ConductSummary:
    """Counts only: never a score."""

    entries: int  # not withdrawn
    by_behaviour: dict[Behaviour, int]
    by_month: dict[str, int]  # "YYYY-MM" of when it happened, every month from first to latest
    police_references: tuple[str, ...]  # distinct, in the order first given
    first: dt.date | None
    latest: dt.date | None


@dataclass(frozen=True)
class VerificationProblem:
    seq: int
    # A code: "digest" (content changed), "link" (the chain broken), "order" (a record missing
    # or out of place), "erased" (words gone without a withdrawal), "mirror" (the chain falls
    # short of, or differs from, the head kept outside the vault: an older copy).
    what: str


@dataclass(frozen=True)
class Verification:
    head: ChainHead
    problems: tuple[VerificationProblem, ...]

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def code(self) -> str:
        """The chain's verification code printed on every page: the head link, grouped."""
        return reading_code(self.head.link)


# Where an imported diary keeps the id of the vault its chain was started in (chain_origin).
CHAIN_ORIGIN_KEY = "diary_chain_origin"


@dataclass(frozen=True)
class StoredRecord:
    """One record exactly as stored, for the export and the import (kiosk/portable)."""

    seq: int
    kind: RecordKind
    entry_number: int
    recorded_utc: str
    utc_offset_minutes: int
    content: bytes | None  # canonical JSON; None where a withdrawal erased it
    digest: str
    link: str


@dataclass(frozen=True)
class ErasedWhen:
    """What is kept of a withdrawn entry's "when" (the list still shows it in its place)."""

    happened: dt.date
    time: dt.time | None
    approximate: bool
    behaviours: tuple[Behaviour, ...] = ()  # the types of behaviour stay in the list too


class UnknownEntry(LookupError):
    """No entry has that number."""

    def __init__(self, number: int) -> None:
        super().__init__(f"no diary entry {number}")
        self.number = number


class EntryWithdrawn(LookupError):
    """The entry was withdrawn: nothing more can be added to it."""

    def __init__(self, number: int) -> None:
        super().__init__(f"diary entry {number} was withdrawn")
        self.number = number


FIRST_LINE_CHARACTERS = 200  # of what happened, kept for the list

_ENTRY_DECODER = msgspec.json.Decoder(EntryContent)
_AMENDMENT_DECODER = msgspec.json.Decoder(Amendment)
_WITHDRAWAL_DECODER = msgspec.json.Decoder(Withdrawal)
_BEHAVIOUR_ORDER = {behaviour: index for index, behaviour in enumerate(Behaviour)}

_SUMMARY_COLUMNS = (
    "SELECT e.number, e.recorded_utc, e.utc_offset_minutes, e.happened_date, e.approximate,"
    " e.place, e.first_line, e.behaviours FROM diary_entries e"
)
_CHRONOLOGICAL = " ORDER BY e.happened_date, e.happened_time, e.number"
_RECORD_COLUMNS = (
    "SELECT seq, kind, entry_number, recorded_utc, utc_offset_minutes, content, digest, link"
    " FROM diary_records"
)


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line[:FIRST_LINE_CHARACTERS]


def _time_key(time: dt.time | None) -> str:
    """How the time of day sorts: an unknown time before every known one on that day."""
    return "" if time is None else time.isoformat()


@dataclass(frozen=True)
class _Listing:
    """What the list's rows (diary_entries, diary_behaviours) keep of an entry's content."""

    happened: dt.date
    time: dt.time | None
    approximate: bool
    place: str
    first_line: str
    police_reference: str
    behaviours: tuple[Behaviour, ...]


def _listing(content: EntryContent) -> _Listing:
    when = content.when
    return _Listing(
        when.date,
        when.time,
        when.approximate,
        content.where.strip(),
        _first_line(content.what_happened),
        content.police.reference.strip(),
        _behaviours(",".join(b.value for b in content.behaviours)),
    )


@functools.lru_cache(maxsize=4096)
def _behaviours(joined: str) -> tuple[Behaviour, ...]:
    """An entry's behaviours from their ``group_concat``, in the model's order (cached: a
    diary has few distinct combinations, and the list reads thousands of entries)."""
    found = {Behaviour(value) for value in joined.split(",") if value}
    return tuple(sorted(found, key=_BEHAVIOUR_ORDER.__getitem__))


# The columns of _SUMMARY_COLUMNS as the STRICT table guarantees them: the list converts
# thousands of rows, so they are taken as they come, not converted one by one.
_SummaryRow = tuple[int, str, int, str, int, str, str, str]


def _summary(row: Row, amendments: collections.Counter[int], withdrawn: set[int]) -> EntrySummary:
    number, utc, offset, happened, approximate, place, first, joined = cast(_SummaryRow, row)
    return EntrySummary(
        number=number,
        recorded=shown_time(utc, offset),
        happened=dt.date.fromisoformat(happened),
        approximate=bool(approximate),
        where=place,
        first_line=first,
        behaviours=_behaviours(joined),
        amendments=amendments.get(number, 0),
        withdrawn=number in withdrawn,
    )


def _summaries(reader: Reader, sql: str, parameters: list[SqlValue]) -> list[EntrySummary]:
    """The list's lines for ``sql`` (``_SUMMARY_COLUMNS`` and conditions), with the counts of
    amendments and the withdrawals read in one grouped query beside it, not one per entry."""
    rows = reader.fetch_all(sql, parameters)
    if not rows:
        return []
    # Counted here: a GROUP BY over the same index cost SQLCipher twenty times more (3 ms at
    # 10 000 entries) than reading the numbers.
    amended = reader.fetch_all("SELECT entry_number FROM diary_records WHERE kind = 'amendment'")
    amendments = collections.Counter(cast(int, number) for (number,) in amended)
    withdrawals = reader.fetch_all(
        "SELECT entry_number FROM diary_records WHERE kind = 'withdrawal'"
    )
    withdrawn = {cast(int, number) for (number,) in withdrawals}
    return [_summary(row, amendments, withdrawn) for row in rows]


def _filter_sql(where: DiaryFilter) -> tuple[str, list[SqlValue]]:
    """ " AND …" conditions on ``e`` (diary_entries) for a filter, and their parameters."""
    sql = ""
    parameters: list[SqlValue] = []
    if where.behaviours:
        chosen = sorted(behaviour.value for behaviour in where.behaviours)
        marks = ", ".join("?" for _ in chosen)
        sql += (  # only "?" marks are joined into it
            " AND e.number IN (SELECT b.number FROM diary_behaviours b"  # noqa: S608
            f" WHERE b.behaviour IN ({marks}))"
        )
        parameters += chosen
    if where.start is not None:
        sql += " AND e.happened_date >= ?"
        parameters.append(where.start.isoformat())
    if where.end is not None:
        sql += " AND e.happened_date <= ?"
        parameters.append(where.end.isoformat())
    return sql, parameters


def _search_sql(terms: SearchTerms) -> tuple[str, list[SqlValue]]:
    """ " AND …" keeping the entries in which every word is found: in the entry or in one of
    its amendments (each word may be in a different one)."""
    sql = ""
    parameters: list[SqlValue] = []
    for word in terms.words:
        conditions = []
        if word.match is not None:
            conditions.append("diary_search MATCH ?")
            parameters.append(word.match)
        if word.contains is not None:
            conditions.append("instr(s.words, ?) > 0")
            parameters.append(word.contains)
        sql += (  # fixed text; the words are parameters
            " AND e.number IN (SELECT m.entry_number FROM diary_search s"  # noqa: S608
            " JOIN diary_search_entries m ON m.seq = s.rowid"
            f" WHERE {' AND '.join(conditions)})"
        )
    return sql, parameters


@dataclass(frozen=True)
class _Stored:
    """One row of diary_records as stored."""

    seq: int
    kind: RecordKind
    entry_number: int
    recorded_utc: str
    offset: int
    content: bytes | None
    digest: str
    link: str

    @property
    def recorded(self) -> dt.datetime:
        return shown_time(self.recorded_utc, self.offset)


def _stored(row: Row) -> _Stored:
    seq, kind, number, utc, offset, content, digest, link = row
    return _Stored(
        seq=int(str(seq)),
        kind=RecordKind(str(kind)),
        entry_number=int(str(number)),
        recorded_utc=str(utc),
        offset=int(str(offset)),
        content=None if content is None else str(content).encode("utf-8"),
        digest=str(digest),
        link=str(link),
    )


def _entry_from(records: list[_Stored]) -> DiaryEntry:
    """An entry from its records, in seq order (the entry's own first)."""
    first = records[0]
    amendments: list[AmendmentRead] = []
    withdrawal: WithdrawalRead | None = None
    for record in records[1:]:
        if record.kind is RecordKind.AMENDMENT:
            text = None if record.content is None else _AMENDMENT_DECODER.decode(record.content)
            amendments.append(AmendmentRead(record.seq, record.recorded, text))
        elif record.kind is RecordKind.WITHDRAWAL and record.content is not None:
            withdrawal = WithdrawalRead(
                record.seq, record.recorded, _WITHDRAWAL_DECODER.decode(record.content)
            )
    return DiaryEntry(
        number=first.entry_number,
        seq=first.seq,
        recorded=first.recorded,
        content=None if first.content is None else _ENTRY_DECODER.decode(first.content),
        digest=first.digest,
        amendments=tuple(amendments),
        withdrawal=withdrawal,
    )


class DiaryRepository:
    """The diary of one open vault. Only this class writes the diary's SQL."""

    def __init__(self, vault: VaultDatabase) -> None:
        self._vault = vault

    # -- writing --

    def _append(
        self,
        tx: Transaction,
        kind: RecordKind,
        number: int,
        recorded: tuple[str, int],
        content: bytes,
    ) -> _Stored:
        """Add one record at the end of the chain, inside the caller's transaction."""
        tail = tx.fetch_one("SELECT seq, link FROM diary_records ORDER BY seq DESC LIMIT 1")
        if tail is None:
            seq, previous = 1, genesis(self._origin(tx))
        else:
            seq, previous = int(str(tail[0])) + 1, str(tail[1])
        utc, offset = recorded
        digest = record_digest(kind, number, seq, utc, offset, content)
        record = _Stored(
            seq, kind, number, utc, offset, content, digest, next_link(previous, digest)
        )
        tx.execute(
            "INSERT INTO diary_records (seq, kind, entry_number, recorded_utc,"
            " utc_offset_minutes, content, digest, link) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, kind.value, number, utc, offset, content.decode("utf-8"), digest, record.link),
        )
        return record

    def _index(self, tx: Transaction, seq: int, number: int, words: str) -> None:
        """Make a record's (folded) words searchable."""
        tx.execute("INSERT INTO diary_search (rowid, words) VALUES (?, ?)", (seq, words))
        tx.execute(
            "INSERT INTO diary_search_entries (seq, entry_number) VALUES (?, ?)", (seq, number)
        )

    def add(self, content: EntryContent, *, recorded: dt.datetime) -> DiaryEntry:
        """Store a new entry; ``recorded`` is the system clock's aware time (the visitor's
        offset). Raises ``InvalidContent`` for a broken rule."""
        when = stored_time(recorded)
        encoded = canonical_json(content)
        with self._vault.transaction() as tx:
            row = tx.fetch_one("SELECT coalesce(max(number), 0) FROM diary_entries")
            so_far = 0 if row is None else int(str(row[0]))
            check_entry(content, entries_so_far=so_far)
            number = so_far + 1
            record = self._append(tx, RecordKind.ENTRY, number, when, encoded)
            self._list(tx, record, content, None)
        return DiaryEntry(number, record.seq, record.recorded, content, record.digest, (), None)

    def _list(
        self,
        tx: Transaction,
        record: _Stored | StoredRecord,
        content: EntryContent | None,
        erased: ErasedWhen | None,
    ) -> None:
        """The list's and the search's rows of an entry record: from its ``content``, or for
        a withdrawn entry being restored, from what the list kept (``erased``)."""
        if content is not None:
            listing = _listing(content)
            happened, time, approximate = listing.happened, listing.time, listing.approximate
            joined = ",".join(b.value for b in listing.behaviours)
            words = (listing.place, listing.first_line)
            reference = listing.police_reference
        else:
            assert erased is not None
            happened, time, approximate = erased.happened, erased.time, erased.approximate
            joined = ",".join(b.value for b in erased.behaviours)
            words, reference = ("", ""), ""
        behaviours = _behaviours(joined)
        recorded_utc, offset = (
            (record.recorded_utc, record.offset)
            if isinstance(record, _Stored)
            else (record.recorded_utc, record.utc_offset_minutes)
        )
        tx.execute(
            "INSERT INTO diary_entries (number, seq, recorded_utc, utc_offset_minutes,"
            " happened_date, happened_time, approximate, place, first_line,"
            " police_reference, behaviours) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.entry_number,
                record.seq,
                recorded_utc,
                offset,
                happened.isoformat(),
                _time_key(time),
                int(approximate),
                *words,
                reference,
                ",".join(behaviour.value for behaviour in behaviours),
            ),
        )
        tx.execute_many(
            "INSERT INTO diary_behaviours (number, behaviour) VALUES (?, ?)",
            [(record.entry_number, behaviour.value) for behaviour in behaviours],
        )
        if content is not None:
            self._index(tx, record.seq, record.entry_number, entry_words(content))

    def _writable(self, tx: Transaction, number: int) -> None:
        """Raise unless entry ``number`` exists and is not withdrawn."""
        row = tx.fetch_one(
            "SELECT EXISTS (SELECT 1 FROM diary_entries WHERE number = ?),"
            " EXISTS (SELECT 1 FROM diary_records WHERE kind = 'withdrawal'"
            " AND entry_number = ?)",
            (number, number),
        )
        assert row is not None
        if not row[0]:
            raise UnknownEntry(number)
        if row[1]:
            raise EntryWithdrawn(number)

    def amend(self, number: int, amendment: Amendment, *, recorded: dt.datetime) -> DiaryEntry:
        """Add a dated amendment to entry ``number``; the entry itself stays as it was.
        Raises ``InvalidContent``, ``UnknownEntry`` or ``EntryWithdrawn``."""
        check_amendment(amendment)
        when = stored_time(recorded)
        with self._vault.transaction() as tx:
            self._writable(tx, number)
            record = self._append(tx, RecordKind.AMENDMENT, number, when, canonical_json(amendment))
            self._index(tx, record.seq, number, amendment_words(amendment))
            entry = self._read_entry(tx, number)
        assert entry is not None
        return entry

    def withdraw(self, number: int, withdrawal: Withdrawal, *, recorded: dt.datetime) -> DiaryEntry:
        """Withdraw entry ``number``: a withdrawal record is added, and the words of the entry,
        of its amendments, of its search rows and of an unfinished amendment are erased.
        Raises ``InvalidContent``, ``UnknownEntry`` or ``EntryWithdrawn``."""
        check_withdrawal(withdrawal)
        when = stored_time(recorded)
        with self._vault.transaction() as tx:
            self._writable(tx, number)
            self._append(tx, RecordKind.WITHDRAWAL, number, when, canonical_json(withdrawal))
            tx.execute(
                "DELETE FROM diary_search WHERE rowid IN (SELECT seq FROM diary_records"
                " WHERE entry_number = ? AND kind IN ('entry', 'amendment'))",
                (number,),
            )
            tx.execute(
                "UPDATE diary_records SET content = NULL"
                " WHERE entry_number = ? AND kind IN ('entry', 'amendment')",
                (number,),
            )
            tx.execute(
                "UPDATE diary_entries SET place = '', first_line = '', police_reference = ''"
                " WHERE number = ?",
                (number,),
            )
            DraftsRepository(self._vault).discard(AMENDMENT_DRAFT, str(number))
            entry = self._read_entry(tx, number)
        assert entry is not None
        return entry

    # -- reading --

    def _read_entry(self, reader: Reader, number: int) -> DiaryEntry | None:
        rows = reader.fetch_all(f"{_RECORD_COLUMNS} WHERE entry_number = ? ORDER BY seq", (number,))
        records = [_stored(row) for row in rows]
        if not records or records[0].kind is not RecordKind.ENTRY:
            return None
        return _entry_from(records)

    def get(self, number: int) -> DiaryEntry | None:
        with self._vault.reading() as reader:
            return self._read_entry(reader, number)

    def entries(self, where: DiaryFilter = DiaryFilter()) -> list[EntrySummary]:
        """Chronological by when it happened (then by number)."""
        sql, parameters = _filter_sql(where)
        with self._vault.reading() as reader:
            return _summaries(
                reader, f"{_SUMMARY_COLUMNS} WHERE 1{sql}{_CHRONOLOGICAL}", parameters
            )

    def full_entries(self, numbers: list[int] | None = None) -> list[DiaryEntry]:
        """For the printed record and the export: chosen entries, or all, chronologically."""
        with self._vault.reading() as reader:
            order = [
                int(str(row[0]))
                for row in reader.fetch_all(
                    "SELECT e.number FROM diary_entries e"
                    " ORDER BY e.happened_date, e.happened_time, e.number"
                )
            ]
            rows = reader.fetch_all(f"{_RECORD_COLUMNS} ORDER BY seq")
        by_entry: dict[int, list[_Stored]] = {}
        for row in rows:
            record = _stored(row)
            by_entry.setdefault(record.entry_number, []).append(record)
        wanted = None if numbers is None else set(numbers)
        chosen = order if wanted is None else [n for n in order if n in wanted]
        return [_entry_from(by_entry[number]) for number in chosen]

    def search(self, query: str, where: DiaryFilter = DiaryFilter()) -> list[EntrySummary]:
        """Full text inside the vault: diacritics folded, partial words, any script.

        Every word of the query must be found, in the entry or in one of its amendments (each
        word may be in a different record of it). A query with no words lists every entry.
        """
        terms = search_terms(query)
        if terms.empty:
            return self.entries(where)
        filter_sql, filter_parameters = _filter_sql(where)
        search_sql, search_parameters = _search_sql(terms)
        conditions = filter_sql + search_sql
        parameters = filter_parameters + search_parameters
        with self._vault.reading() as reader:
            return _summaries(
                reader, f"{_SUMMARY_COLUMNS} WHERE 1{conditions}{_CHRONOLOGICAL}", parameters
            )

    def summary(self) -> ConductSummary:
        """Counts of the entries not withdrawn: every behaviour (zeros included, in the
        model's order), every month from the first to the latest, the police references."""
        with self._vault.reading() as reader:
            behaviours = reader.fetch_all(
                "SELECT b.behaviour, count(*) FROM diary_behaviours b"
                " JOIN diary_entries e ON e.number = b.number"
                " WHERE NOT EXISTS (SELECT 1 FROM diary_records w"
                "  WHERE w.kind = 'withdrawal' AND w.entry_number = e.number)"
                " GROUP BY b.behaviour"
            )
            months = reader.fetch_all(
                "SELECT substr(e.happened_date, 1, 7), count(*) FROM diary_entries e"
                " WHERE NOT EXISTS (SELECT 1 FROM diary_records w"
                "  WHERE w.kind = 'withdrawal' AND w.entry_number = e.number)"
                " GROUP BY 1"
            )
            references = reader.fetch_all(
                "SELECT e.police_reference FROM diary_entries e"
                " WHERE e.police_reference <> '' AND NOT EXISTS (SELECT 1 FROM diary_records w"
                "  WHERE w.kind = 'withdrawal' AND w.entry_number = e.number)"
                " ORDER BY e.number"
            )
            span = reader.fetch_one(
                "SELECT count(*), min(e.happened_date), max(e.happened_date)"
                " FROM diary_entries e WHERE NOT EXISTS (SELECT 1 FROM diary_records w"
                "  WHERE w.kind = 'withdrawal' AND w.entry_number = e.number)"
            )
        assert span is not None
        counted = {Behaviour(str(value)): int(str(count)) for value, count in behaviours}
        count, first, latest = span
        return ConductSummary(
            entries=int(str(count)),
            by_behaviour={behaviour: counted.get(behaviour, 0) for behaviour in Behaviour},
            by_month=every_month({str(month): int(str(n)) for month, n in months}),
            police_references=tuple(dict.fromkeys(str(row[0]) for row in references)),
            first=None if first is None else dt.date.fromisoformat(str(first)),
            latest=None if latest is None else dt.date.fromisoformat(str(latest)),
        )

    # -- the chain --

    def head(self) -> ChainHead:
        with self._vault.reading() as reader:
            row = reader.fetch_one("SELECT seq, link FROM diary_records ORDER BY seq DESC LIMIT 1")
        if row is None:
            return ChainHead(0, genesis(self.chain_origin()))
        return ChainHead(int(str(row[0])), str(row[1]))

    def chain(self) -> list[ChainRecord]:
        with self._vault.reading() as reader:
            rows = reader.fetch_all(
                "SELECT r.seq, r.kind, r.entry_number, r.recorded_utc, r.utc_offset_minutes,"
                " e.happened_date, r.digest, r.link"
                " FROM diary_records r LEFT JOIN diary_entries e ON e.seq = r.seq ORDER BY r.seq"
            )
        return [
            ChainRecord(
                seq=int(str(seq)),
                kind=RecordKind(str(kind)),
                entry_number=int(str(number)),
                recorded=shown_time(str(utc), int(str(offset))),
                happened=None if happened is None else dt.date.fromisoformat(str(happened)),
                digest=str(digest),
                link=str(link),
            )
            for seq, kind, number, utc, offset, happened, digest, link in rows
        ]

    def verify(self, mirror: ChainHead | None = None) -> Verification:
        """Recompute every digest and link; with ``mirror`` (the gatekeeper's copy of the head),
        also check that the chain reaches it (an older copy of the vault falls short)."""
        with self._vault.reading() as reader:
            rows = reader.fetch_all(f"{_RECORD_COLUMNS} ORDER BY seq")
        problems: list[VerificationProblem] = []
        # Each record is checked against its stored neighbours, so a problem is reported where
        # it is: a changed content at its digest, a changed link at it and at the next record.
        origin = self.chain_origin()
        previous = genesis(origin)
        records: list[_Stored] = []
        for index, row in enumerate(rows, start=1):
            try:
                record = _stored(row)
            except ValueError:  # a kind or a number no Harbour wrote: changed outside it
                problems.append(VerificationProblem(index, "digest"))
                previous = str(row[-1])
                continue
            records.append(record)
            if record.seq != index:
                problems.append(VerificationProblem(record.seq, "order"))
            if record.content is not None and record.digest != record_digest(
                record.kind,
                record.entry_number,
                record.seq,
                record.recorded_utc,
                record.offset,
                record.content,
            ):
                problems.append(VerificationProblem(record.seq, "digest"))
            try:
                linked = next_link(previous, record.digest) == record.link
            except ValueError:  # a digest or a link that is not hexadecimal
                linked = False
            if not linked:
                problems.append(VerificationProblem(record.seq, "link"))
            previous = record.link
        withdrawn = {r.entry_number for r in records if r.kind is RecordKind.WITHDRAWAL}
        for record in records:
            if record.content is None and record.entry_number not in withdrawn:
                problems.append(VerificationProblem(record.seq, "erased"))
        told = {problem.seq for problem in problems}  # one problem a record is enough
        problems.extend(self._unlike_their_records(records, told))
        head = ChainHead(len(rows), str(rows[-1][-1])) if rows else ChainHead(0, genesis(origin))
        links = {record.seq: record.link for record in records}
        if mirror is not None and mirror.count > 0 and links.get(mirror.count) != mirror.link:
            problems.append(VerificationProblem(mirror.count, "mirror"))
        return Verification(head, tuple(sorted(problems, key=lambda p: p.seq)))

    def _unlike_their_records(
        self, records: list[_Stored], told: set[int]
    ) -> list[VerificationProblem]:
        """Entries whose list rows (what the list, the filters and the summary read) are not
        what their record says: changed outside Harbour, with its triggers dropped. Told as
        the record changed after it was written, which is what she would be shown."""
        with self._vault.reading() as reader:
            listed = {
                int(str(row[0])): tuple(str(value) for value in row[1:])
                for row in reader.fetch_all(
                    "SELECT number, seq, happened_date, happened_time, approximate, place,"
                    " first_line, police_reference, behaviours FROM diary_entries"
                )
            }
            behaviours: dict[int, set[str]] = collections.defaultdict(set)
            for number, behaviour in reader.fetch_all(
                "SELECT number, behaviour FROM diary_behaviours"
            ):
                behaviours[int(str(number))].add(str(behaviour))
        found: list[VerificationProblem] = []
        for record in records:
            if record.kind is not RecordKind.ENTRY or record.content is None or record.seq in told:
                continue
            try:
                listing = _listing(msgspec.json.decode(record.content, type=EntryContent))
            except (msgspec.DecodeError, ValueError):
                continue  # its digest already does not match, or it is reported so
            expected = (
                str(record.seq),
                listing.happened.isoformat(),
                _time_key(listing.time),
                str(int(listing.approximate)),
                listing.place,
                listing.first_line,
                listing.police_reference,
                ",".join(b.value for b in listing.behaviours),
            )
            number = record.entry_number
            if listed.get(number) != expected or behaviours.get(number, set()) != {
                b.value for b in listing.behaviours
            }:
                found.append(VerificationProblem(record.seq, "digest"))
        entries = {r.entry_number for r in records if r.kind is RecordKind.ENTRY}
        for number, row in listed.items():
            if number not in entries:  # a list row with no entry record at all
                found.append(VerificationProblem(int(row[0]), "order"))
        return found

    # -- export and import (kiosk/portable; the chain helper's block) ----------------------------

    def _origin(self, reader: Reader) -> str:
        row = reader.fetch_one("SELECT v FROM meta WHERE k = ?", (CHAIN_ORIGIN_KEY,))
        return self._vault.vault_id if row is None else str(row[0])

    def chain_origin(self) -> str:
        """The id of the vault this chain was started in (its first link derives from it):
        this vault's own id, unless the diary was imported from another vault's export."""
        with self._vault.reading() as reader:
            return self._origin(reader)

    def stored_records(self) -> list[StoredRecord]:
        """Every record as stored, in chain order (content None where a withdrawal erased it)."""
        with self._vault.reading() as reader:
            rows = reader.fetch_all(f"{_RECORD_COLUMNS} ORDER BY seq")
        return [
            StoredRecord(
                r.seq, r.kind, r.entry_number, r.recorded_utc, r.offset, r.content, r.digest, r.link
            )
            for r in map(_stored, rows)
        ]

    def erased_whens(self) -> dict[int, ErasedWhen]:
        """What the list keeps of each withdrawn entry: when it happened."""
        with self._vault.reading() as reader:
            rows = reader.fetch_all(
                "SELECT e.number, e.happened_date, e.happened_time, e.approximate, e.behaviours"
                " FROM diary_entries e JOIN diary_records r ON r.seq = e.seq"
                " WHERE r.content IS NULL ORDER BY e.number"
            )
        return {
            int(str(number)): ErasedWhen(
                dt.date.fromisoformat(str(date)),
                dt.time.fromisoformat(str(time)) if time else None,
                bool(approximate),
                _behaviours(str(joined)),
            )
            for number, date, time, approximate, joined in rows
        }

    def restore(
        self,
        records: Sequence[StoredRecord],
        erased: Mapping[int, ErasedWhen],
        *,
        origin: str,
    ) -> None:
        """Write an already verified chain into this empty diary, record for record (the same
        digests and links, from ``origin``), with its list and search rows, in one transaction.

        Erased words are stored as they were: an erased record is written with empty words,
        which the withdrawal that erased them then clears, as the triggers allow only then.
        """
        with self._vault.transaction() as tx:
            if tx.fetch_one("SELECT 1 FROM diary_records LIMIT 1") is not None:
                raise ValueError("a diary is restored only into an empty one")
            if origin != self._vault.vault_id:
                tx.execute(
                    "INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (CHAIN_ORIGIN_KEY, origin)
                )
            for record in records:
                self._restore_one(tx, record, erased)
            tx.execute(
                "UPDATE diary_records SET content = NULL WHERE content = ''"
                " AND kind IN ('entry', 'amendment')"
            )

    def _restore_one(
        self, tx: Transaction, record: StoredRecord, erased: Mapping[int, ErasedWhen]
    ) -> None:
        text = "" if record.content is None else record.content.decode("utf-8")
        tx.execute(
            "INSERT INTO diary_records (seq, kind, entry_number, recorded_utc,"
            " utc_offset_minutes, content, digest, link) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.seq,
                record.kind.value,
                record.entry_number,
                record.recorded_utc,
                record.utc_offset_minutes,
                text,
                record.digest,
                record.link,
            ),
        )
        if record.kind is RecordKind.AMENDMENT and record.content is not None:
            words = amendment_words(_AMENDMENT_DECODER.decode(record.content))
            self._index(tx, record.seq, record.entry_number, words)
        elif record.kind is RecordKind.ENTRY and record.content is not None:
            self._list(tx, record, _ENTRY_DECODER.decode(record.content), None)
        elif record.kind is RecordKind.ENTRY:
            self._list(tx, record, None, erased[record.entry_number])
