"""The diary is append-only in SQL itself, whatever code runs: each trigger of migration 5 is
tried through a raw SQLCipher connection opened with the vault's key, as an attacker with the
key or a buggy Harbour would, and refuses."""

# The statements below are built from the tests' own constants, to try every change.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from kiosk.diary.model import Amendment, Withdrawal
from kiosk.diary.repository import DiaryRepository
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.migrations import SCHEMA_VERSION
from tests.unit.diary_fixtures import content, later
from tests.unit.test_vault_migrations import make_vault_at, raw_connection
from tests.unit.test_vault_rotation import NAME, PIN

DIGEST = "ab" * 32


@pytest.fixture
def raw(gatekeeper: Gatekeeper, data_dir: Path) -> Iterator[sqlcipher3.Connection]:
    """Entries 1 (amended), 2 (withdrawn) and 3, then the database through a raw connection."""
    folder, data_key = make_vault_at(gatekeeper, data_dir, SCHEMA_VERSION)
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        diary = DiaryRepository(vault)
        for minute in range(3):
            diary.add(content(f"entry {minute + 1}"), recorded=later(minute))
        diary.amend(1, Amendment("a detail", "It was 21:45."), recorded=later(4))
        diary.withdraw(2, Withdrawal("not about him"), recorded=later(5))
    connection = raw_connection(folder / "vault.db", data_key)
    yield connection
    connection.close()


def refused(connection: sqlcipher3.Connection, sql: str, because: str) -> None:
    with pytest.raises(sqlcipher3.IntegrityError, match=because):
        connection.execute(sql)


def rows(connection: sqlcipher3.Connection, sql: str) -> list[tuple[object, ...]]:
    return [tuple(row) for row in connection.execute(sql).fetchall()]


def test_no_record_is_ever_deleted(raw: sqlcipher3.Connection) -> None:
    for seq in (1, 2, 4, 5):  # an entry, a withdrawn entry, an amendment, a withdrawal
        refused(raw, f"DELETE FROM diary_records WHERE seq = {seq}", "never deleted")
    assert rows(raw, "SELECT count(*) FROM diary_records") == [(5,)]


@pytest.mark.parametrize(
    "change",
    [
        "content = '{}'",  # a new text for an entry
        "content = NULL",  # erasing an entry that was not withdrawn
        "digest = '" + DIGEST + "'",
        "link = '" + DIGEST + "'",
        "recorded_utc = '2020-01-01T00:00:00Z'",
        "utc_offset_minutes = 0",
        "entry_number = 3",
        "kind = 'amendment'",
        "seq = 99",
    ],
)
def test_a_record_that_is_not_withdrawn_is_never_changed(
    raw: sqlcipher3.Connection, change: str
) -> None:
    before = rows(raw, "SELECT * FROM diary_records ORDER BY seq")
    for seq in (1, 3, 4):  # entry 1, entry 3, entry 1's amendment
        refused(raw, f"UPDATE diary_records SET {change} WHERE seq = {seq}", "only ever erased")
    assert rows(raw, "SELECT * FROM diary_records ORDER BY seq") == before


def test_a_withdrawn_record_keeps_its_digest_link_and_time(raw: sqlcipher3.Connection) -> None:
    assert rows(raw, "SELECT content FROM diary_records WHERE seq = 2") == [(None,)]
    for change in ("digest = '" + DIGEST + "'", "link = '" + DIGEST + "'", "content = 'back'"):
        refused(raw, f"UPDATE diary_records SET {change} WHERE seq = 2", "only ever erased")
    # The withdrawal record itself is never erased or changed.
    refused(raw, "UPDATE diary_records SET content = NULL WHERE seq = 5", "only ever erased")


@pytest.mark.parametrize(
    ("values", "why"),
    [
        ("(6, 'entry', 4, '2026-09-21T09:00:00Z', 60, NULL, '{d}', '{d}')", "no content"),
        ("(7, 'entry', 4, '2026-09-21T09:00:00Z', 60, '{{}}', '{d}', '{d}')", "a gap in seq"),
        ("(3, 'entry', 4, '2026-09-21T09:00:00Z', 60, '{{}}', '{d}', '{d}')", "seq reused"),
        ("(6, 'entry', 9, '2026-09-21T09:00:00Z', 60, '{{}}', '{d}', '{d}')", "entry skipped"),
        ("(6, 'entry', 1, '2026-09-21T09:00:00Z', 60, '{{}}', '{d}', '{d}')", "entry twice"),
        ("(6, 'amendment', 7, '2026-09-21T09:00:00Z', 60, '{{}}', '{d}', '{d}')", "no entry"),
        ("(6, 'amendment', 2, '2026-09-21T09:00:00Z', 60, '{{}}', '{d}', '{d}')", "withdrawn"),
        ("(6, 'withdrawal', 2, '2026-09-21T09:00:00Z', 60, '{{}}', '{d}', '{d}')", "withdrawn"),
    ],
)
def test_a_record_is_only_ever_appended_whole_at_the_end(
    raw: sqlcipher3.Connection, values: str, why: str
) -> None:
    sql = f"INSERT INTO diary_records VALUES {values.format(d=DIGEST)}"
    with pytest.raises(sqlcipher3.IntegrityError):
        raw.execute(sql)
    assert rows(raw, "SELECT count(*) FROM diary_records") == [(5,)], why


def test_the_lists_rows_are_never_deleted_and_only_erased_after_a_withdrawal(
    raw: sqlcipher3.Connection,
) -> None:
    refused(raw, "DELETE FROM diary_entries WHERE number = 1", "never deleted")
    refused(raw, "DELETE FROM diary_entries WHERE number = 2", "never deleted")
    for change in (
        "place = 'elsewhere'",
        "happened_date = '2020-01-01'",
        "approximate = 1",
        "behaviours = 'other'",
        "recorded_utc = '2020-01-01T00:00:00Z'",
    ):
        refused(raw, f"UPDATE diary_entries SET {change} WHERE number = 1", "only ever erased")
    # Entry 1 was not withdrawn: its words stay, even "erased" the way a withdrawal would.
    refused(
        raw,
        "UPDATE diary_entries SET place = '', first_line = '', police_reference = ''"
        " WHERE number = 1",
        "only ever erased",
    )
    # Entry 2 was: its words are gone and its date cannot be moved.
    assert rows(raw, "SELECT place, first_line FROM diary_entries WHERE number = 2") == [("", "")]
    refused(raw, "UPDATE diary_entries SET happened_date = '2020-01-01' WHERE number = 2", "erased")
    refused(raw, "UPDATE diary_entries SET place = 'back' WHERE number = 2", "only ever erased")


def test_a_list_row_needs_its_entry_record(raw: sqlcipher3.Connection) -> None:
    refused(
        raw,
        "INSERT INTO diary_entries VALUES"
        " (4, 4, '2026-09-21T09:00:00Z', 60, '2026-01-01', '', 0, 'x', 'y', '', 'other')",
        "needs its record",
    )


def test_behaviours_are_given_with_their_entry_and_never_changed(
    raw: sqlcipher3.Connection,
) -> None:
    refused(raw, "INSERT INTO diary_behaviours VALUES (1, 'threats')", "given with their entry")
    refused(raw, "DELETE FROM diary_behaviours WHERE number = 1", "never deleted")
    refused(raw, "UPDATE diary_behaviours SET behaviour = 'other'", "never changed")
    assert rows(raw, "SELECT number, behaviour FROM diary_behaviours ORDER BY number") == [
        (1, "turning_up"),
        (2, "turning_up"),
        (3, "turning_up"),
    ]


def test_which_entry_a_searchable_record_belongs_to_is_never_changed(
    raw: sqlcipher3.Connection,
) -> None:
    refused(raw, "DELETE FROM diary_search_entries WHERE seq = 1", "never deleted")
    refused(raw, "UPDATE diary_search_entries SET entry_number = 3 WHERE seq = 1", "never changed")
    refused(raw, "INSERT INTO diary_search_entries VALUES (5, 2)", "needs its record")  # withdrawal
    refused(raw, "INSERT INTO diary_search_entries VALUES (9, 1)", "needs its record")
    assert rows(raw, "SELECT seq, entry_number FROM diary_search_entries ORDER BY seq") == [
        (1, 1),
        (2, 2),
        (3, 3),
        (4, 1),
    ]


def test_the_lists_rows_changed_with_the_triggers_dropped_do_not_verify(
    raw: sqlcipher3.Connection, gatekeeper: Gatekeeper
) -> None:
    """The list, the search filters and the course-of-conduct summary (police references,
    counts by behaviour) read the list's rows, not the records: with the triggers dropped,
    rows changed there were shown and summarised while the chain still verified."""
    raw.execute("DROP TRIGGER diary_entries_only_erased")
    raw.execute("DROP TRIGGER diary_behaviours_only_while_recording")
    raw.execute(
        "UPDATE diary_entries SET place = 'Somewhere else', police_reference = 'CAD 1/1'"
        " WHERE number = 1"
    )
    raw.execute("INSERT INTO diary_behaviours VALUES (3, 'violence')")
    raw.commit()
    raw.close()  # the vault opens only when nothing else holds it
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        found = DiaryRepository(vault).verify()
    assert not found.intact
    assert [p.seq for p in found.problems] == [1, 3]
