"""The gatekeeper: the one place that holds the kiosk secret, the attempt counters, the name
map and the key slots.

Everything else asks it for a data key and gets one only for a correct PIN or recovery code.
Its methods take and return plain values, so it can later move into a separate process under
another user (tier 1 of the design) without changing its callers.

Order of an attempt, as in Android's Gatekeeper: check the lock-out, count the attempt and
flush it to disk, and only then run the slow key derivation. A process killed mid-guess has
already paid for the guess.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import hashlib
import hmac
import os
import re
import shutil
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.vault.crypto import (
    Slot,
    SlotKind,
    WrongSecret,
    burn_time_like_unwrap,
    new_data_key,
    unwrap,
    wipe,
    wrap,
)
from kiosk.vault.envelope import new_recovery_pair, open_sealed, seal
from kiosk.vault.errors import (
    InvalidVaultName,
    KioskPaused,
    KioskSecretProblem,
    NameTaken,
    NotRecognised,
    PinDisabled,
    RecoveryExhausted,
    SecretsDiffer,
    TryLater,
    UnknownVault,
    VaultDamaged,
    VaultInUse,
    WeakSlot,
)
from kiosk.vault.fsutil import (
    atomic_write,
    check_own_folder,
    create_marker,
    folder_like_parent,
    is_shared_folder,
    private_dir,
    refuse_shared,
)
from kiosk.vault.gatekeeper.counters import DECOY_PREFIX, CounterState, CounterStore
from kiosk.vault.gatekeeper.heads import HeadStore, MirroredHead
from kiosk.vault.gatekeeper.last_used import LastUsedStore, month_of, months_between
from kiosk.vault.gatekeeper.lockout import MAX_FAILURES, Counter, SprayLimit
from kiosk.vault.gatekeeper.namemap import NAMES_FILE, NameMap, name_handle
from kiosk.vault.gatekeeper.rotation import (
    OpenSession,
    rotate_data_key,
    rotate_in_this_process,
    tidy_after_opening,
)
from kiosk.vault.gatekeeper.secret import create_secret, load_secret, missing_secret_detail
from kiosk.vault.gatekeeper.slots import SlotFile, read_slots, write_slots
from kiosk.vault.ids import checked_vault_id, is_vault_id, new_vault_id
from kiosk.vault.kdf import (
    FLOOR,
    RECOVERY,
    Calibration,
    KdfParams,
    calibrate,
    calibration_bytes,
    read_calibration,
)
from kiosk.vault.names import (
    check_new_name,
    generate_name,
    legacy_normalised_name,
    normalise_name,
)
from kiosk.vault.pin_policy import check_new_secret, normalise_secret
from kiosk.vault.recovery import generate_code, normalise_code
from kiosk.vault.storage.database import (
    DATABASE_FILE,
    SessionLock,
    create_database,
    erase_vault_files,
    is_open_elsewhere,
    open_database,
)

VAULTS_DIR = "vaults"
STATE_DIR = "gatekeeper"
CALIBRATION_FILE = "kdf.json"
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DELETING_MARKER = ".deleting"
SQLCIPHER_PAGE_BYTES = 4096


@dataclass(frozen=True)
class KdfPolicy:
    """Parameters for new PIN slots, for recovery slots, and the floor below which slots fail."""

    pin: KdfParams
    recovery: KdfParams = RECOVERY
    floor: KdfParams = FLOOR


@dataclass(frozen=True)
class UnlockedKey:
    vault_id: str
    vault_dir: Path
    data_key: bytearray


@dataclass(frozen=True)
class Provisioned:
    name: str
    recovery_code: str
    vault_id: str


class VaultState(enum.Enum):
    """What staff may tell a visitor about her vault, in words she would use herself."""

    READY = "ready: her PIN opens it"
    OPEN = "open on the kiosk right now"
    WAITING = "waiting after wrong PINs"
    PIN_DISABLED = "PIN stopped after too many wrong tries: her recovery code is needed"
    RECOVERY_LOCKED = "recovery code stopped after too many wrong tries: her PIN still works"
    CLOSED = "PIN and recovery code both stopped: it can no longer be opened"
    DAMAGED = "damaged: its files are missing or broken"
    INCOMPLETE = "never finished setting up"


class VaultEvent(enum.Enum):
    """What the gatekeeper tells its observer (the centre's anonymous numbers): never which
    vault, only that one was made, deleted or recovered."""

    CREATED = "created"
    DELETED = "deleted"
    RECOVERED = "recovered"


@dataclass(frozen=True)
class VaultSummary:
    vault_id: str
    created: str
    state: VaultState
    wait_seconds: float = 0.0


@dataclass(frozen=True)
class UnusedVault:
    """A vault not opened for the retention period: opaque id and creation month only."""

    vault_id: str
    created_month: str


@dataclass(frozen=True)
class _Attempt:
    key: str
    vault_id: str | None
    fingerprint: bytes
    counted_at: float | None
    # For a name without a vault: the vault whose slots are read in its place (_stand_in).
    stand_in: str | None = None


class Gatekeeper:
    def __init__(
        self,
        data_dir: Path,
        secret_file: Path,
        *,
        kdf: KdfPolicy,
        spray: SprayLimit | None = None,
        clock: Callable[[], float] = time.time,
        on_event: Callable[[VaultEvent], None] | None = None,
    ) -> None:
        self._vaults_dir = data_dir / VAULTS_DIR
        self._on_event = on_event
        self._state_dir = data_dir / STATE_DIR
        self._secret_file = secret_file
        self._kdf = kdf
        self._spray = spray or SprayLimit()
        self._clock = clock
        self._counters = CounterStore(self._state_dir)
        self._names = NameMap(self._state_dir)
        self._heads = HeadStore(self._state_dir)
        self._last_used = LastUsedStore(self._state_dir)
        self._cached_secret: bytes | None = None
        # The last wrong secret per vault, held in memory only, so that a visitor who retypes
        # the same wrong PIN is not punished twice (iOS rule).
        self._last_wrong: dict[str, bytes] = {}

    # -- setting up -------------------------------------------------------------------------

    @staticmethod
    def initialise(data_dir: Path, secret_file: Path) -> bool:
        """Create the folders and, if there is none yet, the kiosk secret. True if created."""
        Gatekeeper.check_folders(data_dir)
        # Before anything is made: neither may be a folder every user writes in (/tmp).
        refuse_shared(data_dir)
        refuse_shared(secret_file.parent)
        if secret_file.exists():
            load_secret(secret_file)
        elif Gatekeeper.holds_vaults(data_dir):
            raise KioskSecretProblem(missing_secret_detail(secret_file))
        if not is_shared_folder(data_dir / VAULTS_DIR):
            private_dir(data_dir)
            private_dir(data_dir / VAULTS_DIR)
        # else: an installed kiosk's layout (deploy/install): the data folder is root's and
        # the vaults folder is shared with the kiosk's group; both stay as they are.
        private_dir(data_dir / STATE_DIR)
        if secret_file.exists():
            return False
        create_secret(secret_file)
        return True

    @staticmethod
    def check_folders(data_dir: Path) -> None:
        """Refuse (``KioskSecretProblem``) a vaults or state folder that is a symbolic link,
        not a folder, or another account's.

        On an installed kiosk both belong to the service's own user, in a data folder only
        root may rename things in; anything else there was put by someone else, who would
        then choose the counters, the name map or the slots this gatekeeper trusts.
        """
        for folder in (data_dir / VAULTS_DIR, data_dir / STATE_DIR):
            problem = check_own_folder(folder)
            if problem is not None:
                raise KioskSecretProblem(
                    f"{problem}; the gatekeeper uses only its own folders (on an installed "
                    "kiosk the harbour-gatekeeper service's, made by deploy/install)"
                )

    @staticmethod
    def holds_vaults(data_dir: Path) -> bool:
        """Whether the folder has a name map or a vault folder: a new secret would orphan them."""
        if (data_dir / STATE_DIR / NAMES_FILE).exists():
            return True
        try:
            return any(_is_vault_folder(path) for path in (data_dir / VAULTS_DIR).iterdir())
        except (FileNotFoundError, NotADirectoryError):
            return False

    @staticmethod
    def save_calibration(data_dir: Path, params: KdfParams, seconds: float) -> None:
        atomic_write(data_dir / STATE_DIR / CALIBRATION_FILE, calibration_bytes(params, seconds))

    @staticmethod
    def load_calibration(data_dir: Path) -> KdfParams | None:
        return read_calibration(data_dir / STATE_DIR / CALIBRATION_FILE)

    @staticmethod
    def check_state_files(data_dir: Path) -> None:
        """Decode the name map and the counter file as an unlock would, without the lock.

        For ``kiosk doctor``: ``KioskSecretProblem`` names a damaged file; nothing is written.
        """
        NameMap(data_dir / STATE_DIR).load()
        CounterStore(data_dir / STATE_DIR).check()

    # -- the same, on this gatekeeper's folder (the calls the service answers too) -----------

    def secret_exists(self) -> bool:
        return self._secret_file.exists()

    def holds_any_vault(self) -> bool:
        return Gatekeeper.holds_vaults(self._vaults_dir.parent)

    def initialise_folders(self) -> bool:
        return Gatekeeper.initialise(self._vaults_dir.parent, self._secret_file)

    def calibrate_kdf(self) -> Calibration:
        """Measure this machine for the PIN profile and keep it (``kdf.json``); used from the
        next gatekeeper made on this folder."""
        result = calibrate()
        Gatekeeper.save_calibration(self._vaults_dir.parent, result.params, result.seconds)
        return result

    def check_state_files_now(self) -> None:
        Gatekeeper.check_state_files(self._vaults_dir.parent)

    def close(self) -> None:
        """Forget the kiosk secret held in memory (it is read again when next needed)."""
        self._cached_secret = None
        self._last_wrong.clear()

    # -- visitors ----------------------------------------------------------------------------

    def check_name_available(self, name: str) -> None:
        """Refuse a name that could not be given (``InvalidVaultName``, ``NameTaken``) before
        anyone types a PIN for it; ``provision`` checks again."""
        if self._names.lookup(self._handle(check_new_name(name))) is not None:
            raise NameTaken()

    def provision(
        self,
        name: str | None,
        secret: str,
        secret_again: str,
        *,
        keep_code_pending: bool = False,
    ) -> Provisioned:
        """Create a vault: a fresh data key, the database, both slots, then the name entry.

        ``keep_code_pending``: the recovery code is also kept, encrypted, inside the new
        database and shown at every opening until ``confirm_code_kept``. Provisioning at the
        kiosk uses it, so that a quick exit or a kill before she saw the code never leaves a
        vault whose code she does not have.
        """
        display_name = name.strip() if name and name.strip() else generate_name()
        new_secret = self._checked_new_secret(secret, secret_again, name=display_name)
        handle = self._handle(check_new_name(display_name))
        if self._names.lookup(handle) is not None:
            raise NameTaken()
        vault_id = new_vault_id()
        vault_dir = folder_like_parent(self._vaults_dir / vault_id)
        data_key = new_data_key()
        code = generate_code()
        try:
            created = dt.datetime.fromtimestamp(self._clock(), dt.UTC).date().isoformat()
            pending = code if keep_code_pending else None
            create_database(vault_dir, vault_id, data_key, created, pending_code=pending)
            slot_file = self._new_generation(
                vault_id, created, 1, data_key, new_secret, normalise_code(code)
            )
            if not write_slots(vault_dir, slot_file):
                raise VaultInUse()
            # The name entry is written last: until then the vault cannot be found, so a crash
            # leaves at worst an "incomplete" folder, never a name pointing at nothing.
            with self._counters.locked():
                entries = self._names.load()
                if handle in entries:
                    raise NameTaken()
                entries[handle] = vault_id
                self._names.save(entries)
                self._last_used.note(vault_id, created[:7])
        except BaseException:
            self._remove_folder(vault_dir)
            raise
        finally:
            wipe(data_key)
        self._tell(VaultEvent.CREATED)
        return Provisioned(name=display_name, recovery_code=code, vault_id=vault_id)

    def unlock(self, name: str, secret: str) -> UnlockedKey:
        vault_id, slot_file, data_key = self._authenticate(name, secret, "pin")
        self._note_used(vault_id)
        if slot_file.pin.kdf != self._kdf.pin:
            # A slot made under another profile (even one differing only in lanes) is
            # re-wrapped on the spot: slots converge on the profile the decoy for unknown names
            # uses, so the time an answer takes does not say whether the name has a vault.
            upgraded = self._wrap(
                data_key, normalise_secret(secret), vault_id, "pin", self._kdf.pin
            )
            write_slots(self._vaults_dir / vault_id, slot_file.replacing(upgraded))
        return UnlockedKey(vault_id, self._vaults_dir / vault_id, data_key)

    def change_secret(
        self,
        name: str,
        old: str,
        new: str,
        new_again: str,
        *,
        open_session: OpenSession = rotate_in_this_process,
    ) -> None:
        """Set a new PIN and rotate the data key, so copies of the old slot open nothing.

        ``open_session``: how to rotate a vault that a session has open (its own connection
        closed meanwhile); in-process, the session of this process; the service asks its
        client to hand over the session's lock (kiosk.gatekeeper_service).
        """
        new_secret = self._checked_new_secret(new, new_again, name=name)
        vault_id, slot_file, data_key = self._authenticate(name, old, "pin")
        vault_dir = self._vaults_dir / vault_id
        new_key = new_data_key()
        try:
            if slot_file.recovery_public is None:
                # A vault made before rotation existed: its recovery slot wraps the data key
                # itself, which cannot be re-wrapped without the code. Only the PIN slot is
                # replaced (the old one overwritten); its first recovery upgrades it.
                slot = self._wrap(data_key, new_secret, vault_id, "pin", self._kdf.pin)
                if not write_slots(vault_dir, slot_file.replacing(slot)):
                    raise VaultInUse()
                return
            pin = self._wrap(new_key, new_secret, vault_id, "pin", self._kdf.pin)
            staged = dataclasses.replace(
                slot_file,
                generation=slot_file.generation + 1,
                pin=pin,
                sealed=seal(new_key, slot_file.recovery_public, vault_id=vault_id),
            )
            rotate_data_key(
                vault_dir, slot_file, staged, data_key, new_key, in_open_session=open_session
            )
        finally:
            wipe(data_key)
            wipe(new_key)

    def recover(self, name: str, code: str, new: str, new_again: str) -> tuple[UnlockedKey, str]:
        """Use the single-use recovery code: new PIN, new code, new data key; open the vault.

        Exit- and kill-safe: the new code is written, encrypted, into the re-keyed database
        before that database and the new slots become live in one rename (rotation.py), and
        the kiosk shows it at every opening until the visitor has seen it. A recovery that
        finishes after a quick exit, or is killed, therefore never spends the old code
        without the new one reaching her.
        """
        new_secret = self._checked_new_secret(new, new_again, name=name)
        vault_id, slot_file, unwrapped = self._authenticate(name, code, "recovery")
        vault_dir = self._vaults_dir / vault_id
        try:
            old_key = self._recovered_data_key(slot_file, unwrapped)
        finally:
            wipe(unwrapped)
        # The PIN count starts again before any slot changes, under the gatekeeper lock. This
        # makes the reset and the slot switch one step in effect: every state in between is
        # one the right recovery code was just shown to authorise (old slots with a fresh PIN
        # count, or new slots with a fresh count), never new slots behind a PIN that ten
        # failures had disabled.
        with self._counters.locked() as state:
            state.put("pin", vault_id, Counter())
            self._counters.save(state)
        self._last_wrong.pop(vault_id, None)
        new_code = generate_code()
        new_key = new_data_key()
        try:
            staged = self._new_generation(
                vault_id,
                slot_file.created,
                slot_file.generation + 1,
                new_key,
                new_secret,
                normalise_code(new_code),
            )
            rotate_data_key(vault_dir, slot_file, staged, old_key, new_key, pending_code=new_code)
        except BaseException:
            wipe(new_key)
            raise
        finally:
            wipe(old_key)
        self._note_used(vault_id)
        self._tell(VaultEvent.RECOVERED)
        return UnlockedKey(vault_id, vault_dir, new_key), new_code

    def confirm_code_kept(self, name: str, code: str) -> None:
        """The visitor has her new vault's recovery code: stop showing the pending copy.

        Only someone holding the code can do this (it is checked like any recovery attempt,
        counted first), so nobody else can make a new vault forget a code she never saw. The
        vault is opened only to delete that one row, and closed again at once.
        """
        vault_id, slot_file, unwrapped = self._authenticate(name, code, "recovery")
        try:
            data_key = self._recovered_data_key(slot_file, unwrapped)
        finally:
            wipe(unwrapped)
        try:
            vault = open_database(self._vaults_dir / vault_id, vault_id, data_key)
        finally:
            wipe(data_key)
        try:
            vault.clear_pending_recovery_code()
        finally:
            vault.close()

    def _note_used(self, vault_id: str) -> None:
        """Remember this month as the vault's last opening (retention); never fails an opening."""
        month = month_of(dt.datetime.fromtimestamp(self._clock(), dt.UTC).date())
        with contextlib.suppress(OSError), self._counters.locked():
            self._last_used.note(vault_id, month)

    def _new_generation(
        self,
        vault_id: str,
        created: str,
        generation: int,
        data_key: bytearray,
        pin: str,
        code: str,
    ) -> SlotFile:
        """Slots for a data key: the PIN wraps it; the code wraps a key it is sealed to."""
        private, public = new_recovery_pair()
        try:
            return SlotFile(
                vault_id=vault_id,
                created=created,
                generation=generation,
                pin=self._wrap(data_key, pin, vault_id, "pin", self._kdf.pin),
                recovery=self._wrap(private, code, vault_id, "recovery", self._kdf.recovery),
                recovery_public=public,
                sealed=seal(data_key, public, vault_id=vault_id),
            )
        finally:
            wipe(private)

    @staticmethod
    def _recovered_data_key(slot_file: SlotFile, unwrapped: bytearray) -> bytearray:
        if slot_file.sealed is None:
            return bytearray(unwrapped)  # made before rotation: the slot wraps the data key
        try:
            return open_sealed(slot_file.sealed, unwrapped, vault_id=slot_file.vault_id)
        except WrongSecret:
            raise VaultDamaged() from None

    def tidy_after_opening(self, vault_id: str) -> None:
        """Finish what a killed PIN change or recovery left; the caller has the vault open."""
        tidy_after_opening(self._vaults_dir / checked_vault_id(vault_id), vault_id)

    # -- the diary's chain head, kept outside the vault (heads.py) ------------------------------

    def record_chain_head(self, vault_id: str, head: MirroredHead) -> None:
        """Keep ``head`` as the latest the vault's diary has reached (after a diary write)."""
        self._heads.save(self._secret(), vault_id, head)

    def chain_head(self, vault_id: str) -> MirroredHead | None:
        """The head last recorded for the vault, or None; ``ForgedHead`` if its file is not
        one this kiosk wrote for this vault (a warning for the visitor, never a refusal)."""
        return self._heads.load(self._secret(), vault_id)

    # -- numbers: the staff log's seal (kiosk/staff/audit.py) --------------------------------

    def staff_log_seal(self, message: bytes) -> str:
        """HMAC-SHA-256 of ``message`` under a key derived from the kiosk secret, for the
        staff log's links and its mirrored head: without the secret nobody can write a log
        or a head that verifies."""
        key = hmac.new(self._secret(), b"harbour staff log key 1", hashlib.sha256).digest()
        return hmac.new(key, message, hashlib.sha256).hexdigest()

    # -- end numbers ---------------------------------------------------------------------------

    # -- staff -------------------------------------------------------------------------------

    def list_vaults(self) -> list[VaultSummary]:
        """Every vault folder by opaque id, with its creation date and state; never a name."""
        self._finish_interrupted_deletes()
        try:
            # Only real folders named as ids are vaults: a symlink or an oddly named entry is
            # never followed, and its name never reaches the operator's terminal.
            folders = sorted(p for p in self._vaults_dir.iterdir() if _is_vault_folder(p))
        except FileNotFoundError:
            return []
        with self._counters.locked() as state:
            named = set(self._names.load().values())
            now = self._clock()
            found = [
                self._summarise(folder, folder.name in named, state, now) for folder in folders
            ]
        # A name whose folder is gone (a disk fault, a folder removed by hand): its vault is
        # lost, but staff must see it and be able to delete the name, or it stays taken.
        gone = named - {folder.name for folder in folders}
        lost = [VaultSummary(vault_id, "unknown", VaultState.DAMAGED) for vault_id in gone]
        return sorted(found + lost, key=lambda summary: summary.vault_id)

    def state_of(self, name: str) -> VaultSummary:
        """What staff may tell a visitor about her own vault (never its content)."""
        vault_id = self._vault_id_for(name)
        for summary in self.list_vaults():
            if summary.vault_id == vault_id:
                return summary
        raise UnknownVault()

    def unused_vaults(self, months: int, today: dt.date) -> list[UnusedVault]:
        """Vaults not opened for at least ``months`` whole months before ``today``'s month.

        The month of the last opening (provision, unlock, recovery) or, where none is known,
        the creation month. A vault open right now is never listed; nor is one whose months
        cannot be read (lost folders): it is not known to be unused.
        """
        if months < 1:
            raise ValueError("months must be at least 1")
        with self._counters.locked():
            last_used = self._last_used.load_record()
        found = (_unused(s, last_used, months, today) for s in self.list_vaults())
        return [vault for vault in found if vault is not None]

    def delete_unused(self, vault_ids: list[str], months: int, today: dt.date) -> int:
        """Crypto-erase those of ``vault_ids`` that are still unused; how many were erased.

        Each is checked again, on its own, just before it goes: one opened since the list was
        shown, or open right now, is kept (an opening that starts after the check meets the
        delete's own lock and keeps it too: ``VaultInUse``). Ids are checked for their exact
        form before any path is made of them; anything else is skipped.
        """
        if months < 1:
            raise ValueError("months must be at least 1")
        erased = 0
        for vault_id in vault_ids:
            if not is_vault_id(vault_id) or not self._still_unused(vault_id, months, today):
                continue
            with contextlib.suppress(VaultInUse, UnknownVault):
                self.delete_id(vault_id)
                erased += 1
        return erased

    def _still_unused(self, vault_id: str, months: int, today: dt.date) -> bool:
        folder = self._vaults_dir / vault_id
        if not _is_vault_folder(folder):
            return False
        with self._counters.locked() as state:
            named = vault_id in set(self._names.load().values())
            summary = self._summarise(folder, named, state, self._clock())
            last_used = self._last_used.load_record()
        return _unused(summary, last_used, months, today) is not None

    def delete(self, name: str) -> str:
        vault_id = self._vault_id_for(name)
        self.delete_id(vault_id)
        return vault_id

    def delete_id(self, vault_id: str) -> None:
        """Crypto-erase a vault: unreachable first, then its keys and files overwritten.

        The id comes from outside (the command line): it is checked against its exact form
        before it is joined to any path, and only a real folder (not a symlink) is erased.

        Kill-safe: a marker file records the intent, the name entry goes (the commit point:
        from here nobody can open it), then the slot files and the database are overwritten
        and removed. A delete killed after the marker is finished by the next ``list_vaults``
        or delete; one killed before it changed nothing.
        """
        vault_dir = self._vaults_dir / checked_vault_id(vault_id)
        if not _is_vault_folder(vault_dir):
            self._forget_folderless(vault_id)
        else:
            self._finish_deleting(vault_dir, mark=True)
        self._tell(VaultEvent.DELETED)

    def _tell(self, event: VaultEvent) -> None:
        # The observer counts; a count that fails must never undo or fail what was done.
        if self._on_event is not None:
            with contextlib.suppress(Exception):
                self._on_event(event)

    def _forget_folderless(self, vault_id: str) -> None:
        """Remove the name and counts of a vault whose folder is gone; ``UnknownVault`` if none.

        Anything else at the folder's place (a symlink) is left alone: it is not a vault.
        """
        if os.path.lexists(self._vaults_dir / vault_id):
            raise UnknownVault()
        if vault_id not in self._names.load().values():
            raise UnknownVault()  # checked before the lock is taken: nothing is touched
        with self._counters.locked() as state:
            entries = self._names.load()
            if vault_id not in entries.values() or os.path.lexists(self._vaults_dir / vault_id):
                raise UnknownVault()
            self._names.save({h: v for h, v in entries.items() if v != vault_id})
            state.forget(vault_id)
            self._counters.save(state)
            self._heads.forget(vault_id)
            self._last_used.forget(vault_id)

    def _finish_deleting(self, vault_dir: Path, *, mark: bool) -> None:
        vault_id = vault_dir.name
        with self._counters.locked() as state:
            lock = SessionLock(vault_dir)
            lock.acquire()  # VaultInUse while a visitor has it open
            try:
                if mark:
                    create_marker(vault_dir / DELETING_MARKER)
                entries = self._names.load()
                if vault_id in entries.values():
                    self._names.save({h: v for h, v in entries.items() if v != vault_id})
                state.forget(vault_id)
                self._counters.save(state)
                self._heads.forget(vault_id)
                self._last_used.forget(vault_id)
                erase_vault_files(vault_dir, keep=frozenset({DELETING_MARKER}))
            finally:
                lock.release()
        self._remove_folder(vault_dir)

    def _finish_interrupted_deletes(self) -> None:
        try:
            # Only folders this gatekeeper made (its own user's): the kiosk's group may make
            # folders named like vaults, with a marker and their lock held, to be waited on.
            marked = [
                folder
                for folder in self._vaults_dir.iterdir()
                if _is_vault_folder(folder)
                and folder.lstat().st_uid == os.geteuid()
                and (folder / DELETING_MARKER).exists()
            ]
        except FileNotFoundError:
            return
        for folder in marked:
            with contextlib.suppress(VaultInUse):
                self._finish_deleting(folder, mark=False)

    # -- inside ------------------------------------------------------------------------------

    def _secret(self) -> bytes:
        if self._cached_secret is None:
            # Once per process, before the first guess is evaluated (see check_folders).
            self.check_folders(self._vaults_dir.parent)
            self._cached_secret = load_secret(self._secret_file)
        return self._cached_secret

    def _handle(self, normalised_name: str) -> str:
        return name_handle(self._secret(), normalised_name)

    def _vault_id_for(self, name: str) -> str:
        vault_id = self._find(self._handles(name), self._names.load())
        if vault_id is None:
            raise UnknownVault()
        return vault_id

    def _handles(self, name: str) -> tuple[str, ...]:
        """The name's handle, then the handle of its older, non-canonical form if that differs."""
        handles = (self._handle(normalise_name(name)),)
        legacy = legacy_normalised_name(name)
        return handles if legacy is None else (*handles, self._handle(legacy))

    @staticmethod
    def _find(handles: tuple[str, ...], entries: dict[str, str]) -> str | None:
        return next((entries[handle] for handle in handles if handle in entries), None)

    def _checked_new_secret(self, secret: str, again: str, *, name: str) -> str:
        new_secret = normalise_secret(secret)
        if not hmac.compare_digest(new_secret.encode(), normalise_secret(again).encode()):
            raise SecretsDiffer()
        check_new_secret(new_secret, name=name)
        return new_secret

    def _wrap(
        self, data_key: bytearray, secret: str, vault_id: str, kind: SlotKind, kdf: KdfParams
    ) -> Slot:
        return wrap(data_key, secret, vault_id=vault_id, kind=kind, kdf=kdf, pepper=self._secret())

    def _authenticate(
        self, name: str, secret: str, kind: SlotKind
    ) -> tuple[str, SlotFile, bytearray]:
        pepper = self._secret()
        try:
            handles = self._handles(name)
        except InvalidVaultName:
            # Not a name any vault could have; treated exactly like an unknown one.
            handles = (name_handle(pepper, "\0unusable\0" + name),)
        candidate = normalise_secret(secret) if kind == "pin" else normalise_code(secret)
        attempt = self._count_attempt(kind, handles, candidate, pepper)

        data_key: bytearray | None = None
        slot_file: SlotFile | None = None
        if attempt.vault_id is None and attempt.stand_in is not None:
            # Read like a real vault's, and damage answered alike: the kiosk's user can watch
            # the vault folders (its group's) and move their slots aside, and must learn
            # nothing about the name from which folder is read or what is said.
            try:
                stand_in = read_slots(self._vaults_dir / attempt.stand_in, attempt.stand_in)
                stand_in_slot = stand_in.pin if kind == "pin" else stand_in.recovery
                if not stand_in_slot.kdf.meets(self._kdf.floor):
                    raise WeakSlot()
            except (VaultDamaged, WeakSlot):
                self._burn_decoy(kind, candidate, pepper, attempt.key)
                raise
        if attempt.vault_id is not None:
            try:
                slot_file = read_slots(self._vaults_dir / attempt.vault_id, attempt.vault_id)
                slot = slot_file.pin if kind == "pin" else slot_file.recovery
                if not slot.kdf.meets(self._kdf.floor):
                    raise WeakSlot()
            except (VaultDamaged, WeakSlot):
                # Answered only after the same key derivation as any other attempt, so the
                # answer's timing does not confirm that the name has a vault.
                self._burn_decoy(kind, candidate, pepper, attempt.key)
                raise
            with contextlib.suppress(WrongSecret):
                data_key = unwrap(slot, candidate, vault_id=attempt.vault_id, pepper=pepper)
        else:
            self._burn_decoy(kind, candidate, pepper, attempt.key)

        self._settle_attempt(kind, attempt, succeeded=data_key is not None)
        assert attempt.vault_id is not None and slot_file is not None and data_key is not None
        return attempt.vault_id, slot_file, data_key

    def _burn_decoy(self, kind: SlotKind, candidate: str, pepper: bytes, key: str) -> None:
        """The work of an unwrap under the current profile: what a real slot costs."""
        decoy_kdf = self._kdf.pin if kind == "pin" else self._kdf.recovery
        burn_time_like_unwrap(candidate, decoy_kdf, pepper, key)

    def _count_attempt(
        self, kind: SlotKind, handles: tuple[str, ...], candidate: str, pepper: bytes
    ) -> _Attempt:
        with self._counters.locked() as state:
            now = self._clock()
            self._refuse_if_paused(state, now)
            entries = self._names.load()
            vault_id = self._find(handles, entries)
            # Chosen for every name, used only for one without a vault (same work either way).
            stand_in = _stand_in(pepper, handles[0], entries)
            key = vault_id or DECOY_PREFIX + handles[0][:32]
            counter = state.get(kind, key)
            if counter.exhausted:
                raise PinDisabled() if kind == "pin" else RecoveryExhausted()
            if counter.clock_went_back(now):
                # Noted on disk so that the full delay runs from here on this clock.
                counter = counter.restarted_at(now)
                state.put(kind, key, counter)
                self._counters.save(state)
            elif counter.clock_came_back(now):
                # The last failure was counted on a clock set back: its full delay runs from
                # this first reading on the clock as it is again (lockout.Counter).
                counter = counter.came_back(now)
                state.put(kind, key, counter)
                self._counters.save(state)
            wait = counter.wait(now)
            if wait > 0:
                raise TryLater(wait)
            fingerprint = hmac.new(
                pepper, f"{kind}|{key}|{candidate}".encode(), hashlib.sha256
            ).digest()
            if hmac.compare_digest(self._last_wrong.get(key, b""), fingerprint):
                return _Attempt(key, vault_id, fingerprint, counted_at=None, stand_in=stand_in)
            state.put(kind, key, counter.failed(now))
            state.note_failure(now)
            self._counters.save(state)
            return _Attempt(key, vault_id, fingerprint, counted_at=now, stand_in=stand_in)

    def _settle_attempt(self, kind: SlotKind, attempt: _Attempt, *, succeeded: bool) -> None:
        with self._counters.locked() as state:
            now = self._clock()
            if succeeded:
                self._last_wrong.pop(attempt.key, None)
                # The owner is here: both counts start again (the recovery code's too, since
                # a right PIN proves more than a right recovery code would).
                state.put(kind, attempt.key, Counter())
                if kind == "pin":
                    state.put("recovery", attempt.key, Counter())
                if attempt.counted_at is not None:
                    state.forget_failure(attempt.counted_at)
                self._counters.save(state)
                return
            self._last_wrong[attempt.key] = attempt.fingerprint
            if attempt.counted_at is not None:
                # Failures stay listed for the whole window (emptying the list when a pause
                # began let the next hour's worth through after every pause).
                state.keep_failures_since(now - self._spray.window_seconds)
                new_end = now + self._spray.pause_seconds
                if self._spray.window_wait(state.spray, now) > 0 and new_end > state.paused_until:
                    # A new pause: a clock reading noted behind an earlier one is not its.
                    state.paused_until = new_end
                    state.pause_rewound_at = None
                self._counters.save(state)
            counter = state.get(kind, attempt.key)
        if counter.exhausted:
            raise PinDisabled() if kind == "pin" else RecoveryExhausted()
        raise NotRecognised(counter.wait(now), tries_left=MAX_FAILURES - counter.failures)

    def _refuse_if_paused(self, state: CounterState, now: float) -> None:
        """Refuse every unlock while paused, or while the last hour has no room for a failure.

        Checked before the attempt is counted, so the configured figure is a ceiling over any
        rolling hour: an attempt that might fail is never started when it could exceed it.
        """
        if state.spray_came_back(now):
            # Failures counted on a clock set back count from this first reading on the clock
            # as it is again; a pause they began starts again from it too.
            state.restamp_behind(now)
            if self._spray.window_wait(state.spray, now) > 0:
                state.paused_until = max(state.paused_until, now + self._spray.pause_seconds)
                state.pause_rewound_at = None
            self._counters.save(state)
        pause = state.paused_until - now
        if pause > self._spray.pause_seconds:
            # The clock went back: the pause runs again in full from the first reading seen
            # behind (noted on disk), and its original end still holds once the clock is back,
            # so setting the clock back and then forward never ends it early.
            rewound = state.pause_rewound_at
            if rewound is None or now < rewound:
                state.pause_rewound_at = rewound = now
                self._counters.save(state)
            pause = rewound + self._spray.pause_seconds - now
        remaining = max(pause, self._spray.window_wait(state.spray, now))
        if remaining > 0:
            raise KioskPaused(remaining)

    def _summarise(
        self, folder: Path, named: bool, state: CounterState, now: float
    ) -> VaultSummary:
        vault_id = folder.name
        try:
            created = read_slots(folder, vault_id).created
            # Printed to the operator's terminal, and not covered by any tag: a date or damage.
            dt.date.fromisoformat(created)
            if not _ISO_DATE.fullmatch(created):
                raise ValueError("not a plain date")
        except Exception:
            # No name leads to a folder whose making was cut off before its slots were
            # written: that is a vault never finished, not a visitor's with broken files.
            unreadable = VaultState.DAMAGED if named else VaultState.INCOMPLETE
            return VaultSummary(vault_id, "unknown", unreadable)
        if not named:
            return VaultSummary(vault_id, created, VaultState.INCOMPLETE)
        if not _database_looks_whole(folder):
            return VaultSummary(vault_id, created, VaultState.DAMAGED)
        if is_open_elsewhere(folder):
            return VaultSummary(vault_id, created, VaultState.OPEN)
        pin = state.get("pin", vault_id)
        recovery_locked = state.get("recovery", vault_id).exhausted
        if pin.exhausted:
            state_now = VaultState.CLOSED if recovery_locked else VaultState.PIN_DISABLED
            return VaultSummary(vault_id, created, state_now)
        if recovery_locked:
            return VaultSummary(vault_id, created, VaultState.RECOVERY_LOCKED)
        if pin.wait(now) > 0:
            return VaultSummary(vault_id, created, VaultState.WAITING, pin.wait(now))
        return VaultSummary(vault_id, created, VaultState.READY)

    def _remove_folder(self, vault_dir: Path) -> None:
        # A last guard: nothing but a vault folder directly under vaults/ is ever removed.
        if vault_dir.parent != self._vaults_dir or not _is_vault_folder(vault_dir):
            return
        shutil.rmtree(vault_dir, ignore_errors=True)


def _unused(
    summary: VaultSummary,
    last_used: tuple[dict[str, str], str | None],
    months: int,
    today: dt.date,
) -> UnusedVault | None:
    """The vault as an unused one, or None if it was opened recently, is open now, or its
    creation month or last opening is not known.

    A vault with no month on record counts as opened when the record began (``since``), not
    when it was made: else a damaged or missing record listed vaults in daily use."""
    if summary.state is VaultState.OPEN or not _ISO_DATE.fullmatch(summary.created):
        return None
    created_month = summary.created[:7]
    opened, since = last_used
    recorded = opened.get(summary.vault_id, since)
    if recorded is None:
        return None
    last = max(recorded, created_month)
    if months_between(last, today) < months:
        return None
    return UnusedVault(summary.vault_id, created_month)


def _stand_in(pepper: bytes, handle: str, entries: dict[str, str]) -> str | None:
    """The vault whose slots a guess on a name without one reads: the same for the same name,
    chosen by the kiosk secret among the named vaults (highest score), so that a vault added
    or removed moves few names' choices and nobody without the secret can predict it."""

    def score(vault_id: str) -> bytes:
        return hmac.new(pepper, f"stand-in|{handle}|{vault_id}".encode(), hashlib.sha256).digest()

    named = {vault_id for vault_id in entries.values() if is_vault_id(vault_id)}
    return max(named, key=score, default=None)


def _is_vault_folder(path: Path) -> bool:
    """A real folder (not a symlink to one) whose name is a vault id."""
    if not is_vault_id(path.name):
        return False
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _database_looks_whole(folder: Path) -> bool:
    """What can be seen without the key: a database that is there, a file of its own (not a
    folder, nor a link, which opening refuses) and made of whole pages.

    SQLCipher writes 4096-byte pages, so a missing, empty or cut-short file is damage. What is
    inside cannot be checked without the visitor's PIN.
    """
    try:
        info = (folder / DATABASE_FILE).lstat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    return info.st_size > 0 and info.st_size % SQLCIPHER_PAGE_BYTES == 0
