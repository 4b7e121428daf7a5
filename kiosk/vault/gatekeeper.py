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
import datetime as dt
import enum
import hashlib
import hmac
import json
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.vault.counters import DECOY_PREFIX, CounterState, CounterStore
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
    VaultInUse,
    WeakSlot,
)
from kiosk.vault.fsutil import atomic_write, destroy_file, private_dir
from kiosk.vault.kdf import FLOOR, RECOVERY, KdfParams
from kiosk.vault.lockout import MAX_FAILURES, Counter, SprayLimit
from kiosk.vault.namemap import NameMap, name_handle
from kiosk.vault.names import generate_name, normalise_name
from kiosk.vault.pin_policy import check_new_secret, normalise_secret
from kiosk.vault.recovery import generate_code, normalise_code
from kiosk.vault.secret import create_secret, load_secret
from kiosk.vault.slots import SlotFile, read_slots, write_slots
from kiosk.vault.store import DATABASE_FILE, create_database, is_open_elsewhere

VAULTS_DIR = "vaults"
STATE_DIR = "gatekeeper"
CALIBRATION_FILE = "kdf.json"
_HOUR = 3600.0
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


@dataclass(frozen=True)
class VaultSummary:
    vault_id: str
    created: str
    state: VaultState
    wait_seconds: float = 0.0


@dataclass(frozen=True)
class _Attempt:
    key: str
    vault_id: str | None
    fingerprint: bytes
    counted_at: float | None


class Gatekeeper:
    def __init__(
        self,
        data_dir: Path,
        secret_file: Path,
        *,
        kdf: KdfPolicy,
        spray: SprayLimit | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._vaults_dir = data_dir / VAULTS_DIR
        self._state_dir = data_dir / STATE_DIR
        self._secret_file = secret_file
        self._kdf = kdf
        self._spray = spray or SprayLimit()
        self._clock = clock
        self._counters = CounterStore(self._state_dir)
        self._names = NameMap(self._state_dir)
        self._cached_secret: bytes | None = None
        # The last wrong secret per vault, held in memory only, so that a visitor who retypes
        # the same wrong PIN is not punished twice (iOS rule).
        self._last_wrong: dict[str, bytes] = {}

    # -- setting up -------------------------------------------------------------------------

    @staticmethod
    def initialise(data_dir: Path, secret_file: Path) -> bool:
        """Create the folders and, if there is none yet, the kiosk secret. True if created."""
        private_dir(data_dir)
        private_dir(data_dir / VAULTS_DIR)
        private_dir(data_dir / STATE_DIR)
        if secret_file.exists():
            load_secret(secret_file)
            return False
        create_secret(secret_file)
        return True

    @staticmethod
    def save_calibration(data_dir: Path, params: KdfParams, seconds: float) -> None:
        document = {
            "m": params.memory_kib,
            "t": params.iterations,
            "p": params.parallelism,
            "seconds": round(seconds, 3),
        }
        atomic_write(data_dir / STATE_DIR / CALIBRATION_FILE, json.dumps(document).encode())

    @staticmethod
    def load_calibration(data_dir: Path) -> KdfParams | None:
        try:
            document = json.loads((data_dir / STATE_DIR / CALIBRATION_FILE).read_bytes())
            return KdfParams(int(document["m"]), int(document["t"]), int(document["p"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise KioskSecretProblem("the saved KDF calibration is damaged") from error

    # -- visitors ----------------------------------------------------------------------------

    def provision(self, name: str | None, secret: str, secret_again: str) -> Provisioned:
        """Create a vault: a fresh data key, the database, both slots, then the name entry."""
        new_secret = self._checked_new_secret(secret, secret_again)
        display_name = name.strip() if name and name.strip() else generate_name()
        handle = self._handle(normalise_name(display_name))
        if self._names.lookup(handle) is not None:
            raise NameTaken()
        vault_id = secrets.token_hex(16)
        vault_dir = private_dir(self._vaults_dir / vault_id)
        data_key = new_data_key()
        code = generate_code()
        try:
            created = dt.datetime.fromtimestamp(self._clock(), dt.UTC).date().isoformat()
            create_database(vault_dir, vault_id, data_key, created)
            slot_file = SlotFile(
                vault_id=vault_id,
                created=created,
                generation=1,
                pin=self._wrap(data_key, new_secret, vault_id, "pin", self._kdf.pin),
                recovery=self._wrap(
                    data_key, normalise_code(code), vault_id, "recovery", self._kdf.recovery
                ),
            )
            write_slots(vault_dir, slot_file)
            # The name entry is written last: until then the vault cannot be found, so a crash
            # leaves at worst an "incomplete" folder, never a name pointing at nothing.
            with self._counters.locked():
                entries = self._names.load()
                if handle in entries:
                    raise NameTaken()
                entries[handle] = vault_id
                self._names.save(entries)
        except BaseException:
            self._remove_folder(vault_dir)
            raise
        finally:
            wipe(data_key)
        return Provisioned(name=display_name, recovery_code=code, vault_id=vault_id)

    def unlock(self, name: str, secret: str) -> UnlockedKey:
        vault_id, slot_file, data_key = self._authenticate(name, secret, "pin")
        if slot_file.pin.kdf.weaker_than(self._kdf.pin):
            # An older, weaker slot that still meets the floor is upgraded on the spot.
            upgraded = self._wrap(
                data_key, normalise_secret(secret), vault_id, "pin", self._kdf.pin
            )
            write_slots(self._vaults_dir / vault_id, slot_file.replacing(upgraded))
        return UnlockedKey(vault_id, self._vaults_dir / vault_id, data_key)

    def change_secret(self, name: str, old: str, new: str, new_again: str) -> None:
        """Re-wrap the data key under a new PIN; the database itself is not touched."""
        new_secret = self._checked_new_secret(new, new_again)
        vault_id, slot_file, data_key = self._authenticate(name, old, "pin")
        try:
            slot = self._wrap(data_key, new_secret, vault_id, "pin", self._kdf.pin)
            write_slots(self._vaults_dir / vault_id, slot_file.replacing(slot))
        finally:
            wipe(data_key)

    def recover(self, name: str, code: str, new: str, new_again: str) -> tuple[UnlockedKey, str]:
        """Use the single-use recovery code: set a new PIN, issue a new code, open the vault."""
        new_secret = self._checked_new_secret(new, new_again)
        vault_id, slot_file, data_key = self._authenticate(name, code, "recovery")
        new_code = generate_code()
        pin = self._wrap(data_key, new_secret, vault_id, "pin", self._kdf.pin)
        recovery = self._wrap(
            data_key, normalise_code(new_code), vault_id, "recovery", self._kdf.recovery
        )
        write_slots(self._vaults_dir / vault_id, slot_file.replacing(pin).replacing(recovery))
        with self._counters.locked() as state:
            state.put("pin", vault_id, Counter())
            self._counters.save(state)
        self._last_wrong.pop(vault_id, None)
        return UnlockedKey(vault_id, self._vaults_dir / vault_id, data_key), new_code

    # -- staff -------------------------------------------------------------------------------

    def list_vaults(self) -> list[VaultSummary]:
        """Every vault folder by opaque id, with its creation date and state; never a name."""
        try:
            folders = sorted(p for p in self._vaults_dir.iterdir() if p.is_dir())
        except FileNotFoundError:
            return []
        with self._counters.locked() as state:
            named = set(self._names.load().values())
            now = self._clock()
            return [self._summarise(folder, folder.name in named, state, now) for folder in folders]

    def state_of(self, name: str) -> VaultSummary:
        """What staff may tell a visitor about her own vault (never its content)."""
        vault_id = self._vault_id_for(name)
        for summary in self.list_vaults():
            if summary.vault_id == vault_id:
                return summary
        raise UnknownVault()

    def delete(self, name: str) -> str:
        vault_id = self._vault_id_for(name)
        self.delete_id(vault_id)
        return vault_id

    def delete_id(self, vault_id: str) -> None:
        """Crypto-erase: destroy the wrapped keys first, then the name entry, then the files."""
        vault_dir = self._vaults_dir / vault_id
        if not (len(vault_id) == 32 and vault_dir.is_dir()):
            raise UnknownVault()
        with self._counters.locked() as state:
            if is_open_elsewhere(vault_dir):
                raise VaultInUse()
            destroy_file(vault_dir / "slots.json")
            entries = {h: v for h, v in self._names.load().items() if v != vault_id}
            self._names.save(entries)
            state.forget(vault_id)
            self._counters.save(state)
        self._remove_folder(vault_dir)

    # -- inside ------------------------------------------------------------------------------

    def _secret(self) -> bytes:
        if self._cached_secret is None:
            self._cached_secret = load_secret(self._secret_file)
        return self._cached_secret

    def _handle(self, normalised_name: str) -> str:
        return name_handle(self._secret(), normalised_name)

    def _vault_id_for(self, name: str) -> str:
        vault_id = self._names.lookup(self._handle(normalise_name(name)))
        if vault_id is None:
            raise UnknownVault()
        return vault_id

    def _checked_new_secret(self, secret: str, again: str) -> str:
        new_secret = normalise_secret(secret)
        if not hmac.compare_digest(new_secret.encode(), normalise_secret(again).encode()):
            raise SecretsDiffer()
        check_new_secret(new_secret)
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
            handle = self._handle(normalise_name(name))
        except InvalidVaultName:
            # Not a name any vault could have; treated exactly like an unknown one.
            handle = name_handle(pepper, "\0unusable\0" + name)
        candidate = normalise_secret(secret) if kind == "pin" else normalise_code(secret)
        attempt = self._count_attempt(kind, handle, candidate, pepper)

        data_key: bytearray | None = None
        slot_file: SlotFile | None = None
        if attempt.vault_id is not None:
            slot_file = read_slots(self._vaults_dir / attempt.vault_id, attempt.vault_id)
            slot = slot_file.pin if kind == "pin" else slot_file.recovery
            if not slot.kdf.meets(self._kdf.floor):
                raise WeakSlot()
            with contextlib.suppress(WrongSecret):
                data_key = unwrap(slot, candidate, vault_id=attempt.vault_id, pepper=pepper)
        else:
            decoy_kdf = self._kdf.pin if kind == "pin" else self._kdf.recovery
            burn_time_like_unwrap(candidate, decoy_kdf, pepper, attempt.key)

        self._settle_attempt(kind, attempt, succeeded=data_key is not None)
        assert attempt.vault_id is not None and slot_file is not None and data_key is not None
        return attempt.vault_id, slot_file, data_key

    def _count_attempt(
        self, kind: SlotKind, handle: str, candidate: str, pepper: bytes
    ) -> _Attempt:
        with self._counters.locked() as state:
            now = self._clock()
            self._refuse_if_paused(state, now)
            vault_id = self._names.lookup(handle)
            key = vault_id or DECOY_PREFIX + handle[:32]
            counter = state.get(kind, key)
            if counter.exhausted:
                raise PinDisabled() if kind == "pin" else RecoveryExhausted()
            if counter.clock_went_back(now):
                state.put(kind, key, counter.restarted_at(now))
                self._counters.save(state)
                raise TryLater(counter.wait(now))
            wait = counter.wait(now)
            if wait > 0:
                raise TryLater(wait)
            fingerprint = hmac.new(
                pepper, f"{kind}|{key}|{candidate}".encode(), hashlib.sha256
            ).digest()
            if hmac.compare_digest(self._last_wrong.get(key, b""), fingerprint):
                return _Attempt(key, vault_id, fingerprint, counted_at=None)
            state.put(kind, key, counter.failed(now))
            state.spray.append(now)
            self._counters.save(state)
            return _Attempt(key, vault_id, fingerprint, counted_at=now)

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
                if attempt.counted_at is not None and attempt.counted_at in state.spray:
                    state.spray.remove(attempt.counted_at)
                self._counters.save(state)
                return
            self._last_wrong[attempt.key] = attempt.fingerprint
            if attempt.counted_at is not None:
                state.spray = [t for t in state.spray if now - _HOUR <= t <= now]
                if len(state.spray) >= self._spray.failures_per_hour:
                    state.paused_until = now + self._spray.pause_seconds
                    state.spray = []
                self._counters.save(state)
            counter = state.get(kind, attempt.key)
        if counter.exhausted:
            raise PinDisabled() if kind == "pin" else RecoveryExhausted()
        raise NotRecognised(counter.wait(now), tries_left=MAX_FAILURES - counter.failures)

    def _refuse_if_paused(self, state: CounterState, now: float) -> None:
        remaining = state.paused_until - now
        if remaining > 0:
            raise KioskPaused(min(remaining, self._spray.pause_seconds))

    def _summarise(
        self, folder: Path, named: bool, state: CounterState, now: float
    ) -> VaultSummary:
        vault_id = folder.name
        try:
            created = read_slots(folder, vault_id).created
        except Exception:
            return VaultSummary(vault_id, "unknown", VaultState.DAMAGED)
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

    @staticmethod
    def _remove_folder(vault_dir: Path) -> None:
        shutil.rmtree(vault_dir, ignore_errors=True)


def _database_looks_whole(folder: Path) -> bool:
    """What can be seen without the key: a database that is there and made of whole pages.

    SQLCipher writes 4096-byte pages, so a missing, empty or cut-short file is damage. What is
    inside cannot be checked without the visitor's PIN.
    """
    try:
        size = (folder / DATABASE_FILE).stat().st_size
    except OSError:
        return False
    return size > 0 and size % SQLCIPHER_PAGE_BYTES == 0
