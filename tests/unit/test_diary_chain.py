"""Tamper evidence: a byte changed inside the database through a raw SQLCipher connection
(opened with the vault's own key, as someone who had it would) is found by ``verify``, and an
older copy of the vault put back is found against the head kept outside it."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.diary.chain import genesis, next_link
from kiosk.diary.model import Amendment, Withdrawal
from kiosk.diary.repository import ChainHead, DiaryRepository, Verification
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.migrations import SCHEMA_VERSION
from tests.unit.diary_fixtures import content, later
from tests.unit.test_vault_migrations import make_vault_at, raw_connection
from tests.unit.test_vault_rotation import NAME, PIN


@dataclass
class Diary:
    """A vault with entries 1 (amended), 2 (withdrawn) and 3: seq 1-3 entries, 4 the
    amendment, 5 the withdrawal."""

    gatekeeper: Gatekeeper
    folder: Path
    data_key: bytearray

    def verify(self, mirror: ChainHead | None = None) -> Verification:
        with VaultService(self.gatekeeper).open(NAME, PIN) as vault:
            return DiaryRepository(vault).verify(mirror)

    def head(self) -> ChainHead:
        with VaultService(self.gatekeeper).open(NAME, PIN) as vault:
            return DiaryRepository(vault).head()

    def tamper(self, *statements: str) -> None:
        """Change the file the way someone with the key could: the triggers are no obstacle
        to them, so they drop them first."""
        connection = raw_connection(self.folder / "vault.db", self.data_key)
        try:
            connection.execute("BEGIN")
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            ).fetchall():
                connection.execute(f'DROP TRIGGER "{name}"')
            for statement in statements:
                connection.execute(statement)
            connection.execute("COMMIT")
        finally:
            connection.close()


@pytest.fixture
def made(gatekeeper: Gatekeeper, data_dir: Path) -> Iterator[Diary]:
    folder, data_key = make_vault_at(gatekeeper, data_dir, SCHEMA_VERSION)
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        diary = DiaryRepository(vault)
        for minute in range(3):
            diary.add(content(f"He rang {minute + 4} times."), recorded=later(minute))
        diary.amend(1, Amendment("counted again", "It was 7 times."), recorded=later(4))
        diary.withdraw(2, Withdrawal("another day"), recorded=later(5))
        assert diary.verify().intact
    yield Diary(gatekeeper, folder, data_key)


def problems(verification: Verification) -> list[tuple[int, str]]:
    return [(p.seq, p.what) for p in verification.problems]


def test_an_untouched_chain_verifies_and_gives_a_code_to_read_aloud(made: Diary) -> None:
    verification = made.verify()
    assert verification.intact and verification.head == made.head()
    assert verification.head.count == 5
    assert re.fullmatch(r"[0-9a-f]{4}( [0-9a-f]{4}){4}", verification.code)
    assert verification.code.replace(" ", "") == verification.head.link[:20]
    assert made.verify(mirror=verification.head).intact


def test_the_links_are_sha256_over_the_previous_link_and_the_digest(made: Diary) -> None:
    with VaultService(made.gatekeeper).open(NAME, PIN) as vault:
        records = DiaryRepository(vault).chain()
        previous = genesis(vault.vault_id)
    for record in records:
        assert record.link == next_link(previous, record.digest)
        previous = record.link


@pytest.mark.parametrize(
    ("statement", "found"),
    [
        # One character of an entry's words: "4 times" becomes "5 times".
        (
            "UPDATE diary_records SET content = replace(content, 'rang 4', 'rang 5') WHERE seq = 1",
            [(1, "digest")],
        ),
        # One character of an amendment.
        (
            "UPDATE diary_records SET content = replace(content, '7 times', '8 times')"
            " WHERE seq = 4",
            [(4, "digest")],
        ),
        # The recorded-at time of an entry, moved an hour earlier.
        (
            "UPDATE diary_records SET recorded_utc = replace(recorded_utc, 'T09:', 'T08:')"
            " WHERE seq = 3",
            [(3, "digest")],
        ),
        # A stored digest, one character changed.
        (
            "UPDATE diary_records SET digest = substr(digest, 1, 63) ||"
            " (CASE substr(digest, 64) WHEN '0' THEN '1' ELSE '0' END) WHERE seq = 3",
            [(3, "digest"), (3, "link")],
        ),
        # The digest of the withdrawn entry, whose words are gone: the link gives it away.
        (
            "UPDATE diary_records SET digest = substr(digest, 1, 63) ||"
            " (CASE substr(digest, 64) WHEN '0' THEN '1' ELSE '0' END) WHERE seq = 2",
            [(2, "link")],
        ),
        # A link, one character changed.
        (
            "UPDATE diary_records SET link = substr(link, 1, 63) ||"
            " (CASE substr(link, 64) WHEN '0' THEN '1' ELSE '0' END) WHERE seq = 4",
            [(4, "link"), (5, "link")],
        ),
        # An entry's words erased with no withdrawal.
        ("UPDATE diary_records SET content = NULL WHERE seq = 3", [(3, "erased")]),
        # The withdrawal taken out and entry 2's words left erased.
        ("DELETE FROM diary_records WHERE seq = 5", []),
    ],
)
def test_a_change_made_through_a_raw_sqlcipher_connection_is_found(
    made: Diary, statement: str, found: list[tuple[int, str]]
) -> None:
    mirror = made.head()
    made.tamper(statement)
    verification = made.verify(mirror)
    assert not verification.intact
    if found:
        assert problems(verification) == found
    else:  # the last record removed: only the head kept outside the vault shows it
        assert problems(verification) == [(2, "erased"), (5, "mirror")]


def test_a_record_taken_out_of_the_middle_breaks_the_chain(made: Diary) -> None:
    made.tamper("DELETE FROM diary_records WHERE seq = 4")
    found = problems(made.verify())
    assert (5, "order") in found and (5, "link") in found


def test_an_older_copy_of_the_vault_put_back_is_found_against_the_head_kept_outside(
    made: Diary,
) -> None:
    older = made.folder.parent / "older-copy.db"
    shutil.copy2(made.folder / "vault.db", older)  # closed: the WAL was checkpointed into it
    with VaultService(made.gatekeeper).open(NAME, PIN) as vault:
        DiaryRepository(vault).add(content("a later entry"), recorded=later(30))
        mirror = DiaryRepository(vault).head()  # what the gatekeeper keeps (w-chain)
    shutil.copy2(older, made.folder / "vault.db")
    # The older copy is whole in itself: only the head kept outside the vault shows it.
    assert made.verify().intact
    rolled_back = made.verify(mirror)
    assert problems(rolled_back) == [(6, "mirror")]
    assert rolled_back.head.count == 5


def test_an_older_copy_with_different_entries_since_is_found(made: Diary) -> None:
    older = made.folder.parent / "older-copy.db"
    shutil.copy2(made.folder / "vault.db", older)
    with VaultService(made.gatekeeper).open(NAME, PIN) as vault:
        DiaryRepository(vault).add(content("the real entry 4"), recorded=later(30))
        mirror = DiaryRepository(vault).head()
    shutil.copy2(older, made.folder / "vault.db")
    with VaultService(made.gatekeeper).open(NAME, PIN) as vault:
        DiaryRepository(vault).add(content("a substitute entry 4"), recorded=later(31))
    assert problems(made.verify(mirror)) == [(6, "mirror")]


def test_records_copied_into_another_vault_do_not_verify_there(
    made: Diary, gatekeeper: Gatekeeper
) -> None:
    source = raw_connection(made.folder / "vault.db", made.data_key)
    rows = source.execute("SELECT * FROM diary_records WHERE seq = 1").fetchall()
    source.close()
    other_name = "other-vault"
    gatekeeper.provision(other_name, PIN, PIN)
    with VaultService(gatekeeper).open(other_name, PIN) as vault:
        with vault.transaction() as tx:
            tx.execute("INSERT INTO diary_records VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows[0])
        assert [(p.seq, p.what) for p in DiaryRepository(vault).verify().problems] == [(1, "link")]


def test_an_empty_diary_verifies_with_the_vaults_own_start(
    made: Diary, gatekeeper: Gatekeeper
) -> None:
    gatekeeper.provision("empty-one", PIN, PIN)
    with VaultService(gatekeeper).open("empty-one", PIN) as vault:
        verification = DiaryRepository(vault).verify()
        assert verification.intact
        assert verification.head == ChainHead(0, genesis(vault.vault_id))
