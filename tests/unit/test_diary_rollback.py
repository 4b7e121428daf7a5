"""Rollback evidence: an older copy of a vault put back is told at opening; the kiosk's copy of
the chain head moves forward with every diary write and never back. Real vault files, real
unlocks (tiny KDF), the gatekeeper's real head files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kiosk.diary.mirror import (
    MIRROR_PROBLEM,
    MIRROR_UNTRUSTED,
    DiaryWriter,
    HeadCheck,
    check_at_opening,
    verify_with_mirror,
)
from kiosk.diary.model import Amendment, Withdrawal
from kiosk.diary.repository import ENTRY_DRAFT, DiaryRepository
from kiosk.vault.gatekeeper import Gatekeeper, MirroredHead
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.drafts import DraftsRepository
from tests.unit.diary_fixtures import RECORDED, content, later
from tests.unit.test_vault_rotation import NAME, PIN

DB_FILES = ("vault.db", "vault.db-wal")


def open_vault(gatekeeper: Gatekeeper) -> VaultDatabase:
    return VaultService(gatekeeper).open(NAME, PIN)


def open_and_check(gatekeeper: Gatekeeper) -> tuple[VaultDatabase, HeadCheck]:
    vault = open_vault(gatekeeper)
    return vault, check_at_opening(vault, gatekeeper)


def check_once(gatekeeper: Gatekeeper) -> HeadCheck:
    vault, found = open_and_check(gatekeeper)
    vault.close()
    return found


def write_entries(gatekeeper: Gatekeeper, count: int, start: int = 0) -> None:
    vault, found = open_and_check(gatekeeper)
    with vault:
        assert found is HeadCheck.AGREES
        writer = DiaryWriter(vault, gatekeeper)
        for index in range(start, start + count):
            writer.add(content(f"Incident {index}"), recorded=later(index))


def copy_files(vault_dir: Path, to: Path) -> None:
    """A copy of the closed vault's database, as a backup or a copied folder would hold it."""
    to.mkdir(exist_ok=True)
    for name in DB_FILES:
        if (vault_dir / name).exists():
            shutil.copy2(vault_dir / name, to / name)


def put_back(saved: Path, vault_dir: Path) -> None:
    for name in DB_FILES:
        (vault_dir / name).unlink(missing_ok=True)
        if (saved / name).exists():
            shutil.copy2(saved / name, vault_dir / name)


@pytest.fixture
def made(gatekeeper: Gatekeeper, data_dir: Path) -> tuple[str, Path]:
    vault_id = gatekeeper.provision(NAME, PIN, PIN).vault_id
    return vault_id, data_dir / "vaults" / vault_id


def test_an_older_copy_put_back_is_told_at_opening_and_at_every_one_after(
    gatekeeper: Gatekeeper, made: tuple[str, Path], tmp_path: Path
) -> None:
    vault_id, vault_dir = made
    write_entries(gatekeeper, 2)
    copy_files(vault_dir, tmp_path / "older")
    write_entries(gatekeeper, 2, start=2)
    latest = gatekeeper.chain_head(vault_id)
    assert latest is not None and latest.count == 4

    put_back(tmp_path / "older", vault_dir)
    vault, found = open_and_check(gatekeeper)
    with vault:
        # It opens (she needs her record) and says so; the copy is not moved back.
        assert found is HeadCheck.OLDER_COPY and found.tell_her
        assert DiaryRepository(vault).head().count == 2
        assert gatekeeper.chain_head(vault_id) == latest
        verification = verify_with_mirror(vault, gatekeeper)
        assert not verification.intact
        assert [p.what for p in verification.problems] == [MIRROR_PROBLEM]
        assert verification.problems[0].seq == 4
        # Writing on after it never hides the evidence.
        writer = DiaryWriter(vault, gatekeeper)
        for index in range(3):
            writer.add(content(f"After the rollback {index}"), recorded=later(10 + index))
        assert gatekeeper.chain_head(vault_id) == latest
        assert not verify_with_mirror(vault, gatekeeper).intact
    vault, found = open_and_check(gatekeeper)
    with vault:
        assert found is HeadCheck.OLDER_COPY  # five records now, but not the ones it had


def test_an_altered_vault_of_the_same_length_is_told_too(
    gatekeeper: Gatekeeper, made: tuple[str, Path], tmp_path: Path
) -> None:
    _, vault_dir = made
    write_entries(gatekeeper, 1)
    copy_files(vault_dir, tmp_path / "older")
    write_entries(gatekeeper, 1, start=1)
    put_back(tmp_path / "older", vault_dir)
    with open_vault(gatekeeper) as vault:
        # Another second entry in the older copy: as long as the real diary, but not it.
        DiaryRepository(vault).add(content("Something else"), recorded=later(50))
    found = check_once(gatekeeper)
    assert found is HeadCheck.OLDER_COPY


def test_a_newer_vault_whose_chain_extends_the_copy_is_accepted_and_the_copy_follows(
    gatekeeper: Gatekeeper, made: tuple[str, Path]
) -> None:
    vault_id, _ = made
    write_entries(gatekeeper, 2)
    # Records committed without the copy following, as when the process is killed between the
    # vault's commit and the copy's update.
    with open_vault(gatekeeper) as vault:
        DiaryRepository(vault).add(content("Killed before the copy moved"), recorded=later(20))
        DiaryRepository(vault).amend(1, Amendment("typo", "It was 9pm."), recorded=later(21))
        head = DiaryRepository(vault).head()
    lagging = gatekeeper.chain_head(vault_id)
    assert lagging is not None and lagging.count == 2
    vault, found = open_and_check(gatekeeper)
    with vault:
        assert found is HeadCheck.AGREES
        assert gatekeeper.chain_head(vault_id) == MirroredHead(head.count, head.link)
        assert verify_with_mirror(vault, gatekeeper).intact


def test_every_diary_write_moves_the_copy_and_discards_its_draft_in_the_same_step(
    gatekeeper: Gatekeeper, made: tuple[str, Path]
) -> None:
    vault_id, _ = made
    vault, found = open_and_check(gatekeeper)
    with vault:
        assert found is HeadCheck.AGREES
        assert gatekeeper.chain_head(vault_id) == MirroredHead(
            0, DiaryRepository(vault).head().link
        )
        drafts = DraftsRepository(vault)
        drafts.save(ENTRY_DRAFT, "", {"where": "park"}, saved=RECORDED, interrupted=True)
        writer = DiaryWriter(vault, gatekeeper)
        writer.add(content(), recorded=later(1), draft=(ENTRY_DRAFT, ""))
        assert drafts.load(ENTRY_DRAFT) is None
        writer.amend(1, Amendment("more", "He came back."), recorded=later(2))
        writer.withdraw(1, Withdrawal("wrong person"), recorded=later(3))
        head = DiaryRepository(vault).head()
        assert head.count == 3
        assert gatekeeper.chain_head(vault_id) == MirroredHead(3, head.link)
        assert verify_with_mirror(vault, gatekeeper).intact


def test_a_refused_write_leaves_the_copy_where_it_was(
    gatekeeper: Gatekeeper, made: tuple[str, Path]
) -> None:
    vault_id, _ = made
    write_entries(gatekeeper, 1)
    before = gatekeeper.chain_head(vault_id)
    with open_vault(gatekeeper) as vault, pytest.raises(LookupError):
        DiaryWriter(vault, gatekeeper).amend(7, Amendment("r", "t"), recorded=later(5))
    assert gatekeeper.chain_head(vault_id) == before


def test_a_forged_copy_is_told_once_then_made_again_from_the_vault(
    gatekeeper: Gatekeeper, made: tuple[str, Path], data_dir: Path
) -> None:
    vault_id, _ = made
    write_entries(gatekeeper, 3)
    path = data_dir / "gatekeeper" / "heads" / f"{vault_id}.json"
    forged = json.loads(path.read_text())
    forged["count"] = 2  # moved back by hand, to pass an older copy off as the latest
    path.write_text(json.dumps(forged))
    vault, found = open_and_check(gatekeeper)
    with vault:
        assert found is HeadCheck.UNCONFIRMED and found.tell_her
        head = DiaryRepository(vault).head()
    assert gatekeeper.chain_head(vault_id) == MirroredHead(head.count, head.link)
    again = check_once(gatekeeper)
    assert again is HeadCheck.AGREES


def test_verification_names_a_forged_copy(
    gatekeeper: Gatekeeper, made: tuple[str, Path], data_dir: Path
) -> None:
    vault_id, _ = made
    write_entries(gatekeeper, 1)
    (data_dir / "gatekeeper" / "heads" / f"{vault_id}.json").write_text("{}")
    with open_vault(gatekeeper) as vault:
        found = verify_with_mirror(vault, gatekeeper)
    assert [p.what for p in found.problems] == [MIRROR_UNTRUSTED]


def test_a_missing_copy_while_the_diary_has_records_is_told(
    gatekeeper: Gatekeeper, made: tuple[str, Path], data_dir: Path
) -> None:
    vault_id, _ = made
    write_entries(gatekeeper, 2)
    (data_dir / "gatekeeper" / "heads" / f"{vault_id}.json").unlink()
    found = check_once(gatekeeper)
    assert found is HeadCheck.UNCONFIRMED
    again = check_once(gatekeeper)
    assert again is HeadCheck.AGREES


def test_a_new_vault_agrees_and_gets_its_first_copy(
    gatekeeper: Gatekeeper, made: tuple[str, Path]
) -> None:
    vault_id, _ = made
    assert gatekeeper.chain_head(vault_id) is None
    vault, found = open_and_check(gatekeeper)
    with vault:
        assert found is HeadCheck.AGREES and not found.tell_her
        assert gatekeeper.chain_head(vault_id) == MirroredHead(
            0, DiaryRepository(vault).head().link
        )


def test_killed_at_every_step_of_a_diary_write_the_next_opening_agrees(tmp_path: Path) -> None:
    """A diary write killed anywhere after the vault's commit (every durable step of the head's
    update): the vault holds the entry or not, and the next opening accepts it and moves the
    kiosk's copy of the head up to it, leaving no temporary file behind."""
    from tests.unit.test_vault_kills import Template, make_template, walk_every_step

    template = make_template(tmp_path / "template")
    keeper = template.gatekeeper()
    with VaultService(keeper).open(NAME, PIN) as vault:
        check_at_opening(vault, keeper)
        DiaryWriter(vault, keeper).add(content("Before"), recorded=later(1))

    def write(copy: Template) -> None:
        gatekeeper = copy.gatekeeper()
        with VaultService(gatekeeper).open(NAME, PIN) as vault:
            DiaryWriter(vault, gatekeeper).add(content("During"), recorded=later(2))

    seen: set[tuple[int, int]] = set()  # (records in the vault, in the kept head) after a kill

    def check(copy: Template) -> None:
        gatekeeper = copy.gatekeeper()
        with VaultService(gatekeeper).open(NAME, PIN) as vault:
            kept = gatekeeper.chain_head(vault.vault_id)
            assert kept is not None
            seen.add((DiaryRepository(vault).head().count, kept.count))
            assert check_at_opening(vault, gatekeeper) is HeadCheck.AGREES
            head = DiaryRepository(vault).head()
            assert head.count in (1, 2)  # the entry is there whole, or not at all
            assert gatekeeper.chain_head(vault.vault_id) == MirroredHead(head.count, head.link)
            assert verify_with_mirror(vault, gatekeeper).intact
        heads = copy.data / "gatekeeper" / "heads"
        assert [p.name for p in heads.iterdir()] == [f"{vault.vault_id}.json"]

    kills = walk_every_step(tmp_path, template, write, check)
    assert kills >= 3
    # Killed between the vault's commit and the head's update: the case that must not alarm.
    assert (2, 1) in seen and (2, 2) in seen


def test_verification_names_a_missing_copy_when_an_older_vault_is_put_back_with_it_deleted(
    gatekeeper: Gatekeeper, made: tuple[str, Path], data_dir: Path, tmp_path: Path
) -> None:
    """Someone with a shell puts back an older vault and deletes the kiosk's copy of its head:
    'kiosk admin vault verify' (which does not check at opening) said the diary was intact."""
    vault_id, vault_dir = made
    write_entries(gatekeeper, 2)
    copy_files(vault_dir, tmp_path / "older")
    write_entries(gatekeeper, 2, start=2)
    put_back(tmp_path / "older", vault_dir)
    (data_dir / "gatekeeper" / "heads" / f"{vault_id}.json").unlink()
    with open_vault(gatekeeper) as vault:
        found = verify_with_mirror(vault, gatekeeper)
    assert not found.intact
    assert [p.what for p in found.problems] == [MIRROR_UNTRUSTED]
