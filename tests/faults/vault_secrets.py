"""What the PIN-change and recovery kill tests share: a vault with a diary and a note in it,
a reproducible list of PINs the policy accepts, and the check a restarted kiosk makes."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from kiosk.diary.mirror import DiaryWriter, verify_with_mirror
from kiosk.diary.repository import DiaryRepository
from kiosk.vault.errors import NotRecognised, WeakSecret
from kiosk.vault.pin_policy import check_new_secret
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import VaultDatabase
from tests.unit.diary_fixtures import RECORDED, content
from tests.unit.test_vault_kills import (
    NAME,
    NOTE,
    PIN,
    Template,
    assert_no_key_copies,
    make_template,
)

ENTRIES = 5


def pin(index: int) -> str:
    """The ``index``-th PIN of the run (the first is the template's): each one the policy
    accepts, and each different from the one before."""
    if index == 0:
        return PIN
    chance = random.Random(index)
    while True:
        candidate = f"{chance.randrange(10**6):06d}"
        try:
            check_new_secret(candidate)
        except WeakSecret:
            continue
        if candidate != PIN:
            return candidate


def make_vault(root: Path) -> Template:
    """The template's vault (a note in its meta table) with a few diary entries, their head
    mirrored by the gatekeeper."""
    template = make_template(root)
    keeper = template.gatekeeper()
    with VaultService(keeper).open(NAME, PIN) as vault:
        write = DiaryWriter(vault, keeper)
        for number in range(ENTRIES):
            write.add(content(f"entry {number} before the kills"), recorded=RECORDED)
    return template


def check_contents(template: Template, vault: VaultDatabase) -> None:
    """Everything written before the kills is there, the chain reaches the gatekeeper's copy
    of its head, and both full checks pass."""
    assert vault.meta()["note"] == NOTE
    verification = verify_with_mirror(vault, template.gatekeeper())
    assert verification.intact, verification.problems
    assert verification.head.count == ENTRIES
    assert len(DiaryRepository(vault).entries()) == ENTRIES
    assert vault.full_check()


@dataclass(frozen=True)
class Opening:
    """Which of two PINs opened the vault, and the recovery code it was waiting to show."""

    index: int
    pending_code: str | None


def exactly_one_opens(template: Template, first: int, second: int) -> Opening:
    """Try ``pin(first)`` and ``pin(second)`` on a restarted gatekeeper: exactly one opens.

    The failing one counts one failure; the next successful opening (the next child's) starts
    the count again, so the counts never reach a wait. Ten minutes pass on the kiosk's clock
    first, as they would between two visits: the one failure per check (and those of attempts
    a kill interrupted after counting them) stay far below the kiosk-wide hourly ceiling."""
    template.clock.advance(600)
    opened: list[Opening] = []
    for index in (first, second):
        try:
            vault = VaultService(template.gatekeeper()).open(NAME, pin(index))
        except NotRecognised:
            continue
        with vault:
            check_contents(template, vault)
            opened.append(Opening(index, vault.pending_recovery_code))
        assert_no_key_copies(template)  # the opening tidied what the kill left
    assert len(opened) == 1, f"PINs {first} and {second}: {opened} opened"
    return opened[0]
