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


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "the meta table (vault id, creation date, schema version)", _meta_table),
    Migration(2, "drafts (one per kind) and notes", _drafts_and_notes),
    Migration(3, "note times as a UTC instant and the visitor's offset", _note_times_in_utc),
    Migration(4, "drafts keyed by (kind, reference), times in UTC", _drafts_by_kind_and_reference),
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
