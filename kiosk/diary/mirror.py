"""Rollback evidence: the vault's diary chain compared with the gatekeeper's copy of its head.

The chain inside the vault proves that no record was changed or removed, but a whole vault
put back from an older copy verifies just as well. The gatekeeper keeps the head (record count
and last link) of every vault's chain outside the vault, bound with the kiosk secret
(kiosk/vault/gatekeeper/heads.py). Here the two are compared at every opening, and the copy is
moved forward after every diary write, never back:

- the vault's chain reaches the copy (the same head, or a longer chain whose record at the
  copy's count has the copy's link): all is well, and a longer chain (the process was killed
  between the vault's commit and the copy's update) moves the copy forward;
- the vault's chain is shorter than the copy, or its record at the copy's count has another
  link: the vault was replaced by an older copy, or altered. It opens anyway (she needs her
  record), she is told plainly, and the copy stays where it was, so every opening and every
  verification keeps saying so;
- the copy cannot be trusted (its tag is wrong, or it is missing while the diary has
  records): she is told that the kiosk cannot confirm this is her latest diary; the copy is
  then made again from this vault, so it protects her from here on.

Every diary write goes through ``DiaryWriter`` so the copy follows the chain.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
from collections.abc import Callable

from kiosk.diary.model import Amendment, EntryContent, Withdrawal
from kiosk.diary.repository import (
    ChainHead,
    DiaryEntry,
    DiaryRepository,
    Verification,
    VerificationProblem,
)
from kiosk.vault.errors import VaultError
from kiosk.vault.gatekeeper import ForgedHead, Gate, MirroredHead
from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.drafts import DraftsRepository

# Verification problem codes added here (the repository's own are "digest", "link", …).
MIRROR_PROBLEM = "mirror"  # the chain does not reach the kiosk's copy of its head
MIRROR_UNTRUSTED = "mirror_untrusted"  # the kiosk's copy of the head is not one it wrote


class HeadCheck(enum.Enum):
    """What the comparison at opening found."""

    AGREES = "agrees"  # the vault reaches the kiosk's copy (or the diary is new)
    OLDER_COPY = "older_copy"  # shorter than the copy, or another record where it should be
    UNCONFIRMED = "unconfirmed"  # the kiosk's copy was forged, damaged or removed

    @property
    def tell_her(self) -> bool:
        return self is not HeadCheck.AGREES


def _as_mirror(head: ChainHead) -> MirroredHead:
    return MirroredHead(head.count, head.link)


def _reaches(repository: DiaryRepository, head: ChainHead, mirror: MirroredHead) -> bool:
    """Whether the vault's chain (ending at ``head``) contains the mirrored head."""
    if mirror.count == 0:
        return True  # every chain starts from an empty diary
    if mirror.count > head.count:
        return False
    if mirror.count == head.count:
        return head.link == mirror.link
    records = repository.chain()
    return len(records) >= mirror.count and records[mirror.count - 1].link == mirror.link


def _keep(gatekeeper: Gate, vault_id: str, head: ChainHead) -> None:
    """Move the copy to ``head``. The vault has already committed: a disk that refuses this
    write leaves the copy behind, which the next opening moves forward (never a false alarm,
    never a write reported as failed that was made)."""
    with contextlib.suppress(VaultError, OSError):
        gatekeeper.record_chain_head(vault_id, _as_mirror(head))


def check_at_opening(vault: VaultDatabase, gatekeeper: Gate) -> HeadCheck:
    """Compare the vault's chain with the kiosk's copy; move the copy forward when the vault
    is ahead of it, make it when it is missing or forged, never move it back."""
    repository = DiaryRepository(vault)
    head = repository.head()
    try:
        mirror = gatekeeper.chain_head(vault.vault_id)
    except ForgedHead:
        _keep(gatekeeper, vault.vault_id, head)
        return HeadCheck.UNCONFIRMED
    if mirror is None:
        _keep(gatekeeper, vault.vault_id, head)
        return HeadCheck.AGREES if head.count == 0 else HeadCheck.UNCONFIRMED
    if not _reaches(repository, head, mirror):
        return HeadCheck.OLDER_COPY
    if head != ChainHead(mirror.count, mirror.link):
        _keep(gatekeeper, vault.vault_id, head)
    return HeadCheck.AGREES


def verify_with_mirror(vault: VaultDatabase, gatekeeper: Gate) -> Verification:
    """The whole chain recomputed, and checked to reach the kiosk's copy of its head."""
    repository = DiaryRepository(vault)
    try:
        mirror = gatekeeper.chain_head(vault.vault_id)
    except ForgedHead:
        found = repository.verify(None)
        untrusted = VerificationProblem(found.head.count, MIRROR_UNTRUSTED)
        return Verification(found.head, (*found.problems, untrusted))
    if mirror is None:
        found = repository.verify(None)
        if found.head.count == 0:
            return found  # a new diary: nothing yet for the kiosk to have kept
        # Records, but no copy of their head: removed, perhaps with an older vault put back.
        untrusted = VerificationProblem(found.head.count, MIRROR_UNTRUSTED)
        return Verification(found.head, (*found.problems, untrusted))
    found = repository.verify(ChainHead(mirror.count, mirror.link))
    if not _reaches(repository, found.head, mirror) and not any(
        problem.what == MIRROR_PROBLEM for problem in found.problems
    ):
        missing = VerificationProblem(mirror.count, MIRROR_PROBLEM)
        return Verification(found.head, (*found.problems, missing))
    return found


class DiaryWriter:
    """Every diary write: the repository's, then the kiosk's copy of the head moved forward.

    Each method stores the record and discards its draft (``draft``: the (kind, reference) of
    the form that wrote it) in one transaction, then moves the copy once the vault has
    committed, so the copy is never ahead of what the vault holds. The copy moves only when it
    was at the head the vault had just before this write: after a rollback it stays put.
    """

    def __init__(self, vault: VaultDatabase, gatekeeper: Gate) -> None:
        self._vault = vault
        self._gatekeeper = gatekeeper
        self._diary = DiaryRepository(vault)

    def add(
        self,
        content: EntryContent,
        *,
        recorded: dt.datetime,
        draft: tuple[str, str] | None = None,
    ) -> DiaryEntry:
        return self._write(lambda: self._diary.add(content, recorded=recorded), draft)

    def amend(
        self,
        number: int,
        amendment: Amendment,
        *,
        recorded: dt.datetime,
        draft: tuple[str, str] | None = None,
    ) -> DiaryEntry:
        return self._write(lambda: self._diary.amend(number, amendment, recorded=recorded), draft)

    def withdraw(
        self,
        number: int,
        withdrawal: Withdrawal,
        *,
        recorded: dt.datetime,
        draft: tuple[str, str] | None = None,
    ) -> DiaryEntry:
        return self._write(
            lambda: self._diary.withdraw(number, withdrawal, recorded=recorded), draft
        )

    def _write(self, store: Callable[[], DiaryEntry], draft: tuple[str, str] | None) -> DiaryEntry:
        with self._vault.transaction():
            before = self._diary.head()
            entry = store()
            if draft is not None:
                DraftsRepository(self._vault).discard(*draft)
            after = self._diary.head()
        self.follow(before, after)
        return entry

    def follow(self, before: ChainHead, after: ChainHead) -> None:
        """Move the copy to ``after`` if the chain reaches it (usually it was at ``before``;
        a copy left behind by a refused write catches up); otherwise leave it as evidence."""
        vault_id = self._vault.vault_id
        try:
            mirror = self._gatekeeper.chain_head(vault_id)
        except ForgedHead:
            return  # found during this visit: the next opening reports it
        except (VaultError, OSError):
            # The gatekeeper service is stopped or restarting: the write is made, so it is
            # not reported as failed (she would save it twice); the next opening catches up.
            return
        if mirror is None:
            if before.count == 0:
                _keep(self._gatekeeper, vault_id, after)
            return
        if mirror == _as_mirror(before) or _reaches(self._diary, after, mirror):
            _keep(self._gatekeeper, vault_id, after)
