"""The numbered steps that bring a vault's database from any past layout to today's.

Each step may run code (convert rows, backfill, rebuild a table), not only DDL. A vault at
version n is upgraded on opening by steps n+1, n+2, …, each in its own transaction together
with the bump of the ``schema`` row in ``meta``: a kill or a failure inside a step leaves the
vault whole at the version before it, and the next opening tries that step again.

Never edit a released step: add a new one. tests/unit/test_vault_migrations.py builds a vault at
every past version and opens it with today's code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.vault.storage.sql import Transaction
from kiosk.vault.storage.times import MAX_OFFSET_MINUTES, local_time_as_seen, stored_time


@dataclass(frozen=True)
class Migration:
    number: int
    description: str
    apply: Callable[[Transaction], None]


def _meta_table(tx: Transaction) -> None:
    tx.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT")


def _drafts_and_notes(tx: Transaction) -> None:
    tx.execute(
        "CREATE TABLE drafts (kind TEXT PRIMARY KEY, body TEXT NOT NULL,"
        " saved_on TEXT NOT NULL, interrupted INTEGER NOT NULL) STRICT"
    )
    tx.execute(
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, written_at TEXT NOT NULL,"
        " body TEXT NOT NULL) STRICT"
    )


_OFFSET_CHECK = f"utc_offset_minutes BETWEEN -{MAX_OFFSET_MINUTES} AND {MAX_OFFSET_MINUTES}"


def _note_times_in_utc(tx: Transaction) -> None:
    """``written_at`` was the kiosk's local wall-clock time (``2026-09-21 10:00``): it becomes
    the UTC instant plus the offset the kiosk's zone had then, the one the visitor saw."""
    tx.execute(
        "CREATE TABLE notes_utc (id INTEGER PRIMARY KEY, written_utc TEXT NOT NULL,"
        f" utc_offset_minutes INTEGER NOT NULL CHECK ({_OFFSET_CHECK}),"
        " body TEXT NOT NULL) STRICT"
    )
    rows = tx.fetch_all("SELECT id, written_at, body FROM notes ORDER BY id")
    converted = []
    for note_id, written_at, body in rows:
        # Every Harbour that wrote this column wrote a date or a date and time; anything else
        # stops the step (ValueError) and the vault stays, untouched, at the version before.
        utc, offset = stored_time(local_time_as_seen(str(written_at)))
        converted.append((note_id, utc, offset, body))
    tx.execute_many(
        "INSERT INTO notes_utc (id, written_utc, utc_offset_minutes, body) VALUES (?, ?, ?, ?)",
        converted,
    )
    tx.execute("DROP TABLE notes")
    tx.execute("ALTER TABLE notes_utc RENAME TO notes")


# Drafts of a note's edit carried the note's id among their fields under this name; it is
# the reference of the draft now.
_OLD_NOTE_EDIT_FIELD = "note_id"


def _drafts_by_kind_and_reference(tx: Transaction) -> None:
    """One draft per (kind, reference) instead of per kind, and its time in UTC + offset."""
    tx.execute(
        "CREATE TABLE drafts_keyed (kind TEXT NOT NULL, reference TEXT NOT NULL,"
        " body TEXT NOT NULL, saved_utc TEXT NOT NULL,"
        f" utc_offset_minutes INTEGER NOT NULL CHECK ({_OFFSET_CHECK}),"
        " interrupted INTEGER NOT NULL, PRIMARY KEY (kind, reference)) STRICT"
    )
    rows = tx.fetch_all("SELECT kind, body, saved_on, interrupted FROM drafts ORDER BY kind")
    converted = []
    for kind, body, saved_on, interrupted in rows:
        fields = json.loads(str(body))
        reference = ""
        if kind == "note" and isinstance(fields, dict):
            reference = str(fields.pop(_OLD_NOTE_EDIT_FIELD, ""))
        saved_utc, offset = stored_time(local_time_as_seen(str(saved_on)))
        new_body = json.dumps(fields, ensure_ascii=False, sort_keys=True)
        converted.append((kind, reference, new_body, saved_utc, offset, interrupted))
    tx.execute_many(
        "INSERT INTO drafts_keyed (kind, reference, body, saved_utc, utc_offset_minutes,"
        " interrupted) VALUES (?, ?, ?, ?, ?, ?)",
        converted,
    )
    tx.execute("DROP TABLE drafts")
    tx.execute("ALTER TABLE drafts_keyed RENAME TO drafts")


# The diary (kiosk/diary/repository.py). ``diary_records`` is the hash chain: every entry,
# amendment and withdrawal, append-only. ``diary_entries`` and ``diary_behaviours`` hold what
# the list, its filters and the summary need without decoding an entry's JSON; ``diary_search``
# holds the folded words of every entry and amendment. The triggers make the diary append-only
# in SQL, whatever code runs: no row is ever deleted, and the one update allowed is a
# withdrawal's erasing of words (the entry's and its amendments' content, the list's words).
_DIARY_KINDS = "('entry', 'amendment', 'withdrawal')"
_WITHDRAWN = (
    "EXISTS (SELECT 1 FROM diary_records w WHERE w.kind = 'withdrawal'"
    " AND w.entry_number = OLD.{column})"
)
_DIARY_STATEMENTS = (
    "CREATE TABLE diary_records (seq INTEGER PRIMARY KEY,"
    f" kind TEXT NOT NULL CHECK (kind IN {_DIARY_KINDS}),"
    " entry_number INTEGER NOT NULL CHECK (entry_number >= 1),"
    " recorded_utc TEXT NOT NULL,"
    f" utc_offset_minutes INTEGER NOT NULL CHECK ({_OFFSET_CHECK}),"
    " content TEXT,"  # canonical JSON; NULL once a withdrawal erased it
    " digest TEXT NOT NULL CHECK (length(digest) = 64),"
    " link TEXT NOT NULL CHECK (length(link) = 64)) STRICT",
    "CREATE UNIQUE INDEX diary_one_entry_each ON diary_records (entry_number) WHERE kind = 'entry'",
    "CREATE UNIQUE INDEX diary_one_withdrawal_each ON diary_records (entry_number)"
    " WHERE kind = 'withdrawal'",
    "CREATE INDEX diary_records_by_entry ON diary_records (entry_number, kind)",
    # The list counts each entry's amendments and finds the withdrawals from these two alone.
    "CREATE INDEX diary_amendments_each ON diary_records (entry_number) WHERE kind = 'amendment'",
    # The entry's recorded-at time is repeated here so the list never reads diary_records,
    # whose rows carry the whole content.
    "CREATE TABLE diary_entries (number INTEGER PRIMARY KEY,"
    " seq INTEGER NOT NULL UNIQUE REFERENCES diary_records (seq),"
    " recorded_utc TEXT NOT NULL,"
    f" utc_offset_minutes INTEGER NOT NULL CHECK ({_OFFSET_CHECK}),"
    " happened_date TEXT NOT NULL, happened_time TEXT NOT NULL,"
    " approximate INTEGER NOT NULL CHECK (approximate IN (0, 1)),"
    " place TEXT NOT NULL, first_line TEXT NOT NULL, police_reference TEXT NOT NULL,"
    # The behaviours again, joined by commas, so the list needs no subquery per entry
    # (diary_behaviours is what filters and counts use).
    " behaviours TEXT NOT NULL) STRICT",
    "CREATE INDEX diary_entries_by_happened ON diary_entries"
    " (happened_date, happened_time, number)",
    "CREATE TABLE diary_behaviours ("
    " number INTEGER NOT NULL REFERENCES diary_entries (number), behaviour TEXT NOT NULL,"
    " PRIMARY KEY (number, behaviour)) STRICT, WITHOUT ROWID",
    "CREATE INDEX diary_behaviours_by_behaviour ON diary_behaviours (behaviour, number)",
    # rowid = the record's seq. The words are folded (kiosk/diary/folding.py) before they come
    # here; the trigram tokenizer finds parts of words.
    "CREATE VIRTUAL TABLE diary_search USING fts5(words, tokenize = 'trigram')",
    # Which entry a searchable record belongs to, in rows of a few bytes: a search that read it
    # from diary_records (or from the index's own row store) decrypted a page of words per hit.
    "CREATE TABLE diary_search_entries (seq INTEGER PRIMARY KEY REFERENCES diary_records (seq),"
    " entry_number INTEGER NOT NULL) STRICT",
    # A withdrawal deletes its rows: secure-delete takes the words out of the index's own
    # pages too, not only out of its row store.
    "INSERT INTO diary_search (diary_search, rank) VALUES ('secure-delete', 1)",
    # A record comes last in the chain, whole, and an amendment or a withdrawal only to an
    # entry that is there and not withdrawn.
    "CREATE TRIGGER diary_records_append_only_insert BEFORE INSERT ON diary_records"
    " WHEN NEW.content IS NULL"
    " OR NEW.seq IS NOT (SELECT coalesce(max(seq), 0) + 1 FROM diary_records)"
    " OR (NEW.kind = 'entry' AND NEW.entry_number IS NOT"
    "  (SELECT coalesce(max(entry_number), 0) + 1 FROM diary_records WHERE kind = 'entry'))"
    " OR (NEW.kind <> 'entry' AND (NOT EXISTS (SELECT 1 FROM diary_records e"
    "  WHERE e.kind = 'entry' AND e.entry_number = NEW.entry_number)"
    "  OR EXISTS (SELECT 1 FROM diary_records w"
    "  WHERE w.kind = 'withdrawal' AND w.entry_number = NEW.entry_number)))"
    " BEGIN SELECT RAISE(ABORT, 'diary records are appended in order, whole'); END",
    "CREATE TRIGGER diary_records_never_deleted BEFORE DELETE ON diary_records"
    " BEGIN SELECT RAISE(ABORT, 'diary records are never deleted'); END",
    "CREATE TRIGGER diary_records_only_erased BEFORE UPDATE ON diary_records"
    " WHEN NOT (NEW.content IS NULL AND OLD.kind IN ('entry', 'amendment')"
    " AND NEW.seq IS OLD.seq AND NEW.kind IS OLD.kind"
    " AND NEW.entry_number IS OLD.entry_number AND NEW.recorded_utc IS OLD.recorded_utc"
    " AND NEW.utc_offset_minutes IS OLD.utc_offset_minutes"
    " AND NEW.digest IS OLD.digest AND NEW.link IS OLD.link"
    f" AND {_WITHDRAWN.format(column='entry_number')})"
    " BEGIN SELECT RAISE(ABORT, 'diary records are only ever erased by a withdrawal'); END",
    "CREATE TRIGGER diary_entries_match_a_record BEFORE INSERT ON diary_entries"
    " WHEN NOT EXISTS (SELECT 1 FROM diary_records r WHERE r.seq = NEW.seq"
    " AND r.kind = 'entry' AND r.entry_number = NEW.number AND r.content IS NOT NULL"
    " AND r.recorded_utc IS NEW.recorded_utc"
    " AND r.utc_offset_minutes IS NEW.utc_offset_minutes)"
    " BEGIN SELECT RAISE(ABORT, 'a diary entry row needs its record'); END",
    "CREATE TRIGGER diary_entries_never_deleted BEFORE DELETE ON diary_entries"
    " BEGIN SELECT RAISE(ABORT, 'diary entries are never deleted'); END",
    "CREATE TRIGGER diary_entries_only_erased BEFORE UPDATE ON diary_entries"
    " WHEN NOT (NEW.place = '' AND NEW.first_line = '' AND NEW.police_reference = ''"
    " AND NEW.number IS OLD.number AND NEW.seq IS OLD.seq"
    " AND NEW.recorded_utc IS OLD.recorded_utc"
    " AND NEW.utc_offset_minutes IS OLD.utc_offset_minutes"
    " AND NEW.happened_date IS OLD.happened_date AND NEW.happened_time IS OLD.happened_time"
    " AND NEW.approximate IS OLD.approximate AND NEW.behaviours IS OLD.behaviours"
    f" AND {_WITHDRAWN.format(column='number')})"
    " BEGIN SELECT RAISE(ABORT, 'diary entries are only ever erased by a withdrawal'); END",
    "CREATE TRIGGER diary_search_entries_match_a_record BEFORE INSERT ON diary_search_entries"
    " WHEN NOT EXISTS (SELECT 1 FROM diary_records r WHERE r.seq = NEW.seq"
    " AND r.entry_number = NEW.entry_number AND r.kind IN ('entry', 'amendment'))"
    " BEGIN SELECT RAISE(ABORT, 'a searchable record needs its record'); END",
    "CREATE TRIGGER diary_search_entries_never_deleted BEFORE DELETE ON diary_search_entries"
    " BEGIN SELECT RAISE(ABORT, 'diary search entries are never deleted'); END",
    "CREATE TRIGGER diary_search_entries_never_changed BEFORE UPDATE ON diary_search_entries"
    " BEGIN SELECT RAISE(ABORT, 'diary search entries are never changed'); END",
    "CREATE TRIGGER diary_behaviours_only_while_recording BEFORE INSERT ON diary_behaviours"
    " WHEN NEW.number IS NOT (SELECT max(number) FROM diary_entries)"
    " BEGIN SELECT RAISE(ABORT, 'behaviours are given with their entry'); END",
    "CREATE TRIGGER diary_behaviours_never_deleted BEFORE DELETE ON diary_behaviours"
    " BEGIN SELECT RAISE(ABORT, 'diary behaviours are never deleted'); END",
    "CREATE TRIGGER diary_behaviours_never_changed BEFORE UPDATE ON diary_behaviours"
    " BEGIN SELECT RAISE(ABORT, 'diary behaviours are never changed'); END",
)


def _diary(tx: Transaction) -> None:
    for statement in _DIARY_STATEMENTS:
        tx.execute(statement)


# The safety plan (kiosk/plan/repository.py). ``plan_versions`` keeps every version she saved,
# numbered from 1, with its answers as canonical JSON; ``plan_in_progress`` is the one plan she
# is working on (a single row), kept at every step of the wizard. Both are replaced or deleted
# under the connection's secure_delete, like every other table.
_PLAN_STATEMENTS = (
    "CREATE TABLE plan_versions (number INTEGER PRIMARY KEY CHECK (number >= 1),"
    " saved_utc TEXT NOT NULL,"
    f" utc_offset_minutes INTEGER NOT NULL CHECK ({_OFFSET_CHECK}),"
    " review_on TEXT CHECK (review_on IS NULL OR length(review_on) = 10),"
    " content_version INTEGER NOT NULL CHECK (content_version >= 1),"
    " answers TEXT NOT NULL) STRICT",
    "CREATE TABLE plan_in_progress (slot INTEGER PRIMARY KEY CHECK (slot = 1),"
    " position TEXT NOT NULL,"
    " based_on INTEGER CHECK (based_on IS NULL OR based_on >= 1),"
    " saved_utc TEXT NOT NULL,"
    f" utc_offset_minutes INTEGER NOT NULL CHECK ({_OFFSET_CHECK}),"
    " answers TEXT NOT NULL) STRICT",
)


def _plan(tx: Transaction) -> None:
    for statement in _PLAN_STATEMENTS:
        tx.execute(statement)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the meta table (vault id, creation date, schema version)", _meta_table),
    Migration(2, "drafts (one per kind) and notes", _drafts_and_notes),
    Migration(3, "note times as a UTC instant and the visitor's offset", _note_times_in_utc),
    Migration(4, "drafts keyed by (kind, reference), times in UTC", _drafts_by_kind_and_reference),
    Migration(5, "the diary: an append-only hash chain, its list and its search", _diary),
    Migration(6, "the safety plan: its saved versions and the plan in progress", _plan),
)
SCHEMA_VERSION = MIGRATIONS[-1].number
assert [m.number for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))


def read_version(tx: Transaction) -> int:
    row = tx.fetch_one("SELECT v FROM meta WHERE k = 'schema'")
    if row is None:
        raise LookupError("no schema version")
    return int(str(row[0]))


def set_version(tx: Transaction, number: int) -> None:
    tx.execute("UPDATE meta SET v = ? WHERE k = 'schema'", (str(number),))
