"""Rotating a vault's data key when its PIN or recovery code changes, safe against kills.

Why rotate: every older copy of ``slots.json`` (in free disk blocks, a backup, a journal)
wraps the data key under a secret that was valid then. After a rotation those copies lead
only to the old key, which opens nothing any more.

Order, all under the vault's session lock, each step durable before the next:

1. ``export_rekeyed``: the database is copied into ``vault.db.next`` under the new key (with
   a new recovery code waiting to be shown, if any). The live files are untouched.
2. ``stage_generation``: ``slots.json`` gets both generations, each naming the salt of its
   database file. The old one is still live because ``vault.db`` is still the old file.
3. ``install_rekeyed``: one rename puts the new database in place. This is the commit point:
   from here on the new generation is live (``slots.read_generations`` decides by salt).
4. ``settle_slots`` keeps only the live generation; the replaced slot file and database are
   overwritten, not just unlinked.

Why a copy and not SQLCipher's in-place rekey: it rewrites the live file in place through a rollback
journal that holds every page under the old key and is unlinked, not overwritten, afterwards;
and its commit cannot be tied to the slot file's. A fresh copy gets a fresh salt, which is
what lets one rename decide which generation of slots is live, and the old file can then be
overwritten whole. The cost is one sequential copy (``scripts/bench``: about 55 ms for a
vault of 10 000 notes).

A kill before step 3 leaves the old secrets working and the copy as a leftover; a kill after
it leaves the new secrets working. Either way the next opening finishes the tidy-up.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from kiosk.vault.errors import VaultInUse
from kiosk.vault.gatekeeper.slots import (
    SlotFile,
    database_salt,
    read_generations,
    settle_slots,
    stage_generation,
)
from kiosk.vault.storage.database import (
    NEXT_DATABASE_FILE,
    SessionLock,
    export_rekeyed,
    install_rekeyed,
    is_open_elsewhere,
    open_here,
    remove_rotation_leftovers,
)

# Runs a rotation (the callable) on a vault a session has open, with that session's connection
# closed meanwhile, given the new and the old data key to reopen with.
OpenSession = Callable[[Path, Callable[[], None], bytearray, bytearray], None]


def rotate_in_this_process(
    vault_dir: Path, rotate: Callable[[], None], new_key: bytearray, old_key: bytearray
) -> None:
    """The open session is this process's own; one open anywhere else is ``VaultInUse``
    (after the lock's short patience, as for any rotation)."""
    held = open_here(vault_dir)
    if held is not None:
        held.while_closed(rotate, new_key, old_key)
        return
    _rotate_under_own_lock(vault_dir, rotate)


def rotate_data_key(
    vault_dir: Path,
    live: SlotFile,
    staged: SlotFile,
    old_key: bytearray,
    new_key: bytearray,
    *,
    pending_code: str | None = None,
    in_open_session: OpenSession | None = None,
) -> None:
    """Make ``staged`` (slots wrapping ``new_key``) live together with the re-keyed database.

    ``in_open_session``: a PIN change made from inside the visitor's open vault goes through
    that session's lock and connection; anything else on an open vault is ``VaultInUse``.
    """

    def rotate() -> None:
        _rotate_locked(vault_dir, live, staged, old_key, new_key, pending_code)

    held_here = open_here(vault_dir) is not None
    if held_here or (in_open_session is not None and is_open_elsewhere(vault_dir)):
        if in_open_session is None:
            raise VaultInUse()
        in_open_session(vault_dir, rotate, new_key, old_key)  # from inside the session
        return
    _rotate_under_own_lock(vault_dir, rotate)


def _rotate_under_own_lock(vault_dir: Path, rotate: Callable[[], None]) -> None:
    lock = SessionLock(vault_dir)
    lock.acquire()
    try:
        rotate()
    finally:
        lock.release()


def _rotate_locked(
    vault_dir: Path,
    live: SlotFile,
    staged: SlotFile,
    old_key: bytearray,
    new_key: bytearray,
    pending_code: str | None,
) -> None:
    remove_rotation_leftovers(vault_dir)
    settle_slots(vault_dir, live.vault_id)
    if read_generations(vault_dir, live.vault_id)[0].generation != live.generation:
        raise VaultInUse()  # changed by someone else since it was read: start again
    export_rekeyed(vault_dir, live.vault_id, old_key, new_key, pending_code)
    stage_generation(
        vault_dir,
        dataclasses.replace(live, db_salt=database_salt(vault_dir)),
        dataclasses.replace(staged, db_salt=database_salt(vault_dir, NEXT_DATABASE_FILE)),
    )
    install_rekeyed(vault_dir)
    settle_slots(vault_dir, live.vault_id)
    remove_rotation_leftovers(vault_dir)


def tidy_after_opening(vault_dir: Path, vault_id: str) -> None:
    """Finish what a killed rotation or slot write left; the caller has the vault open."""
    settle_slots(vault_dir, vault_id)
