"""A vault made at every past schema version opens with today's code, whole and upgraded.

Each old database is built the way Harbour at that version left it: only the first n numbered
steps, then rows written in that version's layout (notes with local wall-clock times, drafts
keyed by kind alone). Opening it runs the missing steps, each in its own transaction with its
version bump; a failure or a kill inside a step leaves the vault whole at the version before.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from kiosk.diary.repository import DiaryRepository
from kiosk.notes.repository import NotesRepository
from kiosk.vault import fsutil
from kiosk.vault.crypto import new_data_key, wipe
from kiosk.vault.errors import VaultDamaged
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.gatekeeper.namemap import NameMap, name_handle
from kiosk.vault.gatekeeper.secret import load_secret
from kiosk.vault.ids import new_vault_id
from kiosk.vault.names import normalise_name
from kiosk.vault.recovery import generate_code
from kiosk.vault.service import VaultService
from kiosk.vault.storage import database
from kiosk.vault.storage.database import raw_key
from kiosk.vault.storage.drafts import DraftsRepository
from kiosk.vault.storage.migrations import MIGRATIONS, SCHEMA_VERSION, Migration, set_version
from kiosk.vault.storage.sql import Transaction
from tests.unit.diary_fixtures import content as diary_content
from tests.unit.test_vault_rotation import NAME, PIN, write_legacy_slots

# Notes as Harbour before version 3 wrote them: the kiosk's local wall-clock time. In London
# the first is in summer time (UTC+1), the second in winter (UTC+0).
OLD_NOTES = [
    (1, "2026-09-21 10:00", "He was outside the house again"),
    (2, "2026-01-15 09:30", "A message from a new number"),
]
# What they become: (id, UTC instant, offset the visitor saw, shown time, body).
NEW_NOTES = [
    (1, "2026-09-21T09:00:00Z", 60, "2026-09-21 10:00", "He was outside the house again"),
    (2, "2026-01-15T09:30:00Z", 0, "2026-01-15 09:30", "A message from a new number"),
]


@pytest.fixture
def london(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The kiosk's clock zone, where the visitor saw the old local times."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def raw_connection(path: Path, data_key: bytearray) -> sqlcipher3.Connection:
    connection = sqlcipher3.connect(str(path), isolation_level=None)
    key = raw_key(data_key)
    connection.set_key(key)
    wipe(key)
    return connection


def write_rows_of_version(tx: Transaction, version: int) -> None:
    """What a visitor had in her vault at ``version``, in that version's layout."""
    tx.execute("INSERT INTO meta (k, v) VALUES ('quick_exit_explained', 'yes')")
    if version == 2:
        tx.execute_many("INSERT INTO notes (id, written_at, body) VALUES (?, ?, ?)", OLD_NOTES)
    if version >= 3:
        tx.execute_many(
            "INSERT INTO notes (id, written_utc, utc_offset_minutes, body) VALUES (?, ?, ?, ?)",
            [(i, utc, offset, body) for i, utc, offset, _, body in NEW_NOTES],
        )
    edit = {"text": "an unfinished edit of note 1"}
    if version in (2, 3):
        # One draft per kind: an edit carried the note's id among its fields.
        tx.execute(
            "INSERT INTO drafts (kind, body, saved_on, interrupted) VALUES (?, ?, ?, ?)",
            ("note", json.dumps({**edit, "note_id": "1"}), "2026-09-22", 1),
        )
    if version >= 4:
        tx.execute(
            "INSERT INTO drafts (kind, reference, body, saved_utc, utc_offset_minutes,"
            " interrupted) VALUES (?, ?, ?, ?, ?, ?)",
            ("note", "1", json.dumps(edit), "2026-09-21T23:00:00Z", 60, 1),
        )


def build_database_at(path: Path, version: int, vault_id: str, data_key: bytearray) -> None:
    connection = raw_connection(path, data_key)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN")
    tx = Transaction(connection)
    for step in MIGRATIONS[:version]:
        step.apply(tx)
        if step.number == 1:
            tx.execute_many(
                "INSERT INTO meta (k, v) VALUES (?, ?)",
                [("vault_id", vault_id), ("created", "2026-10-01"), ("schema", "1")],
            )
    set_version(tx, version)
    write_rows_of_version(tx, version)
    connection.execute("COMMIT")
    connection.close()


def make_vault_at(gatekeeper: Gatekeeper, data_dir: Path, version: int) -> tuple[Path, bytearray]:
    """A vault whose database is at ``version``; returns its folder and its data key."""
    vault_id = new_vault_id()
    folder = data_dir / "vaults" / vault_id
    folder.mkdir(mode=0o700)
    data_key = new_data_key()
    build_database_at(folder / "vault.db", version, vault_id, data_key)
    pepper = load_secret(data_dir / "gatekeeper" / "kiosk.secret")
    write_legacy_slots(folder, vault_id, data_key, pepper, generate_code())
    NameMap(data_dir / "gatekeeper").save({name_handle(pepper, normalise_name(NAME)): vault_id})
    return folder, data_key


def stored(folder: Path, data_key: bytearray, sql: str) -> list[tuple[object, ...]]:
    """Rows read straight from the file, as no repository would show them."""
    connection = raw_connection(folder / "vault.db", data_key)
    try:
        return [tuple(row) for row in connection.execute(sql).fetchall()]
    finally:
        connection.close()


def stored_version(folder: Path, data_key: bytearray) -> int:
    return int(str(stored(folder, data_key, "SELECT v FROM meta WHERE k = 'schema'")[0][0]))


def assert_everything_kept(gatekeeper: Gatekeeper, version: int) -> None:
    """Opened with today's code: upgraded, and every row of ``version`` still there."""
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        assert vault.meta()["schema"] == str(SCHEMA_VERSION)
        assert vault.meta()["created"] == "2026-10-01"
        assert vault.meta()["quick_exit_explained"] == "yes"
        notes = NotesRepository(vault).all()
        expected = [] if version < 2 else [(i, shown, body) for i, _, _, shown, body in NEW_NOTES]
        assert sorted((n.id, n.written_at, n.body) for n in notes) == expected
        drafts = DraftsRepository(vault).all()
        if version >= 2:
            assert [(d.kind, d.reference, d.fields) for d in drafts] == [
                ("note", "1", {"text": "an unfinished edit of note 1"})
            ]
            assert drafts[0].interrupted
        else:
            assert drafts == []
        assert vault.full_check()


def test_the_steps_are_numbered_one_by_one_from_one() -> None:
    assert [step.number for step in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
    # times in UTC (3), drafts keyed by kind and reference (4), the diary (5)
    assert SCHEMA_VERSION >= 5


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_a_vault_from_every_past_schema_opens_and_is_upgraded(
    gatekeeper: Gatekeeper, data_dir: Path, version: int, london: None
) -> None:
    make_vault_at(gatekeeper, data_dir, version)
    assert_everything_kept(gatekeeper, version)
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        written = dt.datetime(2026, 11, 29, 18, 5, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
        NotesRepository(vault).add("written after the upgrade", written=written)
        DiaryRepository(vault).add(diary_content(), recorded=written)
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        newest = NotesRepository(vault).all()[0]
        assert (newest.body, newest.written_at) == ("written after the upgrade", "2026-11-29 18:05")
        diary = DiaryRepository(vault)
        assert [entry.first_line for entry in diary.entries()] == [diary_content().what_happened]
        assert diary.verify().intact and diary.head().count == 1
        assert vault.full_check()


def test_old_local_note_times_become_utc_with_the_offset_the_visitor_saw(
    gatekeeper: Gatekeeper, data_dir: Path, monkeypatch: pytest.MonkeyPatch, london: None
) -> None:
    folder, data_key = make_vault_at(gatekeeper, data_dir, 2)
    with VaultService(gatekeeper).open(NAME, PIN):
        pass
    assert stored(
        folder, data_key, "SELECT id, written_utc, utc_offset_minutes, body FROM notes ORDER BY id"
    ) == [(i, utc, offset, body) for i, utc, offset, _, body in NEW_NOTES]
    assert stored(folder, data_key, "SELECT kind, reference, saved_utc FROM drafts") == [
        ("note", "1", "2026-09-21T23:00:00Z")  # midnight of 22 September in London's summer
    ]
    # The kiosk moves to another zone: the notes still show the time the visitor saw.
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        shown = [(n.id, n.written_at, n.written.utcoffset()) for n in NotesRepository(vault).all()]
    assert sorted(shown) == [
        (1, "2026-09-21 10:00", dt.timedelta(hours=1)),
        (2, "2026-01-15 09:30", dt.timedelta(0)),
    ]


def test_a_draft_of_an_edit_and_a_draft_of_a_new_note_are_kept_side_by_side(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    make_vault_at(gatekeeper, data_dir, 2)
    saved = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        drafts = DraftsRepository(vault)
        drafts.save("note", "", {"text": "a new note"}, saved=saved, interrupted=True)
        drafts.save("note", "2", {"text": "an edit of note 2"}, saved=saved, interrupted=True)
        drafts.save("note", "2", {"text": "a later edit of 2"}, saved=saved, interrupted=False)
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        drafts = DraftsRepository(vault)
        assert [(d.reference, d.fields["text"]) for d in drafts.all()] == [
            ("", "a new note"),
            ("1", "an unfinished edit of note 1"),
            ("2", "a later edit of 2"),
        ]
        drafts.discard("note", "1")
        assert drafts.load("note", "1") is None
        assert drafts.load("note") is not None and drafts.load("note", "2") is not None
        with pytest.raises(ValueError):
            drafts.save("note", "\x1b[2J", {}, saved=saved, interrupted=True)
        with pytest.raises(ValueError):
            drafts.save("note", "", {}, saved=saved.replace(tzinfo=None), interrupted=True)


def failing_at(number: int) -> tuple[Migration, ...]:
    def fail(tx: Transaction) -> None:
        MIGRATIONS[number - 1].apply(tx)
        raise RuntimeError("the disk went away half-way")

    return tuple(
        Migration(m.number, m.description, fail) if m.number == number else m for m in MIGRATIONS
    )


@pytest.mark.parametrize("number", range(3, SCHEMA_VERSION + 1))
def test_a_step_that_fails_leaves_the_vault_at_the_version_before(
    gatekeeper: Gatekeeper,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    number: int,
    london: None,
) -> None:
    folder, data_key = make_vault_at(gatekeeper, data_dir, 2)
    monkeypatch.setattr(database, "MIGRATIONS", failing_at(number))
    with pytest.raises(VaultDamaged):
        VaultService(gatekeeper).open(NAME, PIN)
    assert stored_version(folder, data_key) == number - 1
    if number == 3:  # the step that failed changed nothing: the old layout and rows are there
        assert stored(folder, data_key, "SELECT id, written_at, body FROM notes") == OLD_NOTES
    monkeypatch.setattr(database, "MIGRATIONS", MIGRATIONS)
    assert_everything_kept(gatekeeper, 2)


def killed_at(label: str, gatekeeper: Gatekeeper) -> None:
    """Open the vault in a child that SIGKILLs itself at the durable step ``label``."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest

        def hook(seen: str) -> None:
            if seen == label:
                os.kill(os.getpid(), signal.SIGKILL)

        fsutil.fault_hook = hook
        try:
            VaultService(gatekeeper).open(NAME, PIN).close()
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@pytest.mark.parametrize("number", range(3, SCHEMA_VERSION + 1))
def test_a_kill_inside_a_step_leaves_the_vault_at_the_version_before(
    gatekeeper: Gatekeeper, data_dir: Path, number: int, london: None
) -> None:
    folder, data_key = make_vault_at(gatekeeper, data_dir, 2)
    killed_at(f"migration {number} applied", gatekeeper)  # applied and bumped, not committed
    assert stored_version(folder, data_key) == number - 1
    if number == 3:
        assert stored(folder, data_key, "SELECT id, written_at, body FROM notes") == OLD_NOTES
    assert_everything_kept(gatekeeper, 2)


def test_an_old_time_no_harbour_wrote_stops_the_step_and_loses_nothing(
    gatekeeper: Gatekeeper, data_dir: Path, london: None
) -> None:
    folder, data_key = make_vault_at(gatekeeper, data_dir, 2)
    connection = raw_connection(folder / "vault.db", data_key)
    connection.execute("UPDATE notes SET written_at = 'yesterday, late' WHERE id = 2")
    connection.close()
    with pytest.raises(VaultDamaged):
        VaultService(gatekeeper).open(NAME, PIN)
    assert stored_version(folder, data_key) == 2
    assert stored(folder, data_key, "SELECT id, written_at, body FROM notes") == [
        OLD_NOTES[0],
        (2, "yesterday, late", OLD_NOTES[1][2]),
    ]


def test_a_time_without_the_visitors_offset_is_refused(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    make_vault_at(gatekeeper, data_dir, SCHEMA_VERSION)
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        with pytest.raises(ValueError):
            NotesRepository(vault).add("no zone", written=dt.datetime(2026, 11, 29, 12, 0))
        assert len(NotesRepository(vault).all()) == len(NEW_NOTES)
