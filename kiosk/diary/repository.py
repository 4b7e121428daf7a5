"""The diary of one open vault: append-only records linked in a hash chain.

INTERFACE DRAFT (lead, 21:45): the signatures and read types below are the contract the diary
screens, the printed record, the export and the operator commands are written against. The
diary-core helper implements the bodies (and may add to this interface, never silently change it).

Records: every entry, amendment and withdrawal is one record in the chain, numbered ``seq`` from
1 in the order they were stored. A record's ``digest`` is SHA-256 over its canonical content
document; its ``link`` is SHA-256 over the previous record's link and its own digest (the first
record's "previous link" is derived from the vault id). A withdrawal erases the words of the entry
and of its amendments but keeps every digest, so the chain still verifies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.diary.model import Amendment, Behaviour, EntryContent, RecordKind, Withdrawal
from kiosk.vault.storage.database import VaultDatabase

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
    what: str  # a code: "digest", "link", "missing", "order", "mirror"


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
        raise NotImplementedError


class DiaryRepository:
    """The diary of one open vault. Only this class writes the diary's SQL."""

    def __init__(self, vault: VaultDatabase) -> None:
        self._vault = vault

    def add(self, content: EntryContent, *, recorded: dt.datetime) -> DiaryEntry:
        """Store a new entry; ``recorded`` is the system clock's aware time (the visitor's
        offset). Raises ``InvalidContent`` for a broken rule."""
        raise NotImplementedError

    def amend(self, number: int, amendment: Amendment, *, recorded: dt.datetime) -> DiaryEntry:
        raise NotImplementedError

    def withdraw(self, number: int, withdrawal: Withdrawal, *, recorded: dt.datetime) -> DiaryEntry:
        raise NotImplementedError

    def get(self, number: int) -> DiaryEntry | None:
        raise NotImplementedError

    def entries(self, where: DiaryFilter = DiaryFilter()) -> list[EntrySummary]:
        """Chronological by when it happened (then by number)."""
        raise NotImplementedError

    def full_entries(self, numbers: list[int] | None = None) -> list[DiaryEntry]:
        """For the printed record and the export: chosen entries, or all, chronologically."""
        raise NotImplementedError

    def search(self, query: str, where: DiaryFilter = DiaryFilter()) -> list[EntrySummary]:
        """Full text inside the vault: diacritics folded, partial words, any script."""
        raise NotImplementedError

    def summary(self) -> ConductSummary:
        raise NotImplementedError

    def head(self) -> ChainHead:
        raise NotImplementedError

    def chain(self) -> list[ChainRecord]:
        raise NotImplementedError

    def verify(self, mirror: ChainHead | None = None) -> Verification:
        """Recompute every digest and link; with ``mirror`` (the gatekeeper's copy of the head),
        also check that the chain reaches it (an older copy of the vault falls short)."""
        raise NotImplementedError
