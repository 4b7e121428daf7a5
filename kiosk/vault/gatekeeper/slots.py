"""``slots.json``: the wrapped copies of a vault's data key, replaced atomically as a whole.

The file is decoded into typed structures (msgspec) with every field's exact form and range
checked; anything else is treated as damage, never guessed at. Files written before key
rotation existed (one generation, the recovery slot wrapping the data key) read unchanged.

While the data key is being rotated the file holds two generations: the live one and
``next``. Which one is live is decided by the database file in place (its first 16 bytes are
SQLCipher's random salt, recorded as ``db_salt``), so the rename of the re-keyed database is
the single step that switches a vault from the old secrets to the new ones.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from kiosk.vault.crypto import Slot, SlotKind
from kiosk.vault.envelope import SealedKey
from kiosk.vault.errors import VaultDamaged, VaultInUse
from kiosk.vault.fsutil import destroy_leftovers, read_regular, replace_destroying_previous
from kiosk.vault.ids import is_vault_id
from kiosk.vault.kdf import SALT_LENGTH, KdfParams
from kiosk.vault.storage.database import DATABASE_FILE, SessionLock, open_here
from kiosk.vault.trusted import VAULT_ID_PATTERN

SLOTS_FILE = "slots.json"
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_PASSES = 64
MAX_LANES = 16
_WRAPPED_LENGTH = 32 + 16  # a 32-byte key plus the GCM tag
# Far above any slot file (about 1 KiB): a larger file is damage, and is not read whole.
_MAX_SLOTS_BYTES = 64 * 1024

Salt = Annotated[bytes, Meta(min_length=SALT_LENGTH, max_length=SALT_LENGTH)]
Nonce = Annotated[bytes, Meta(min_length=12, max_length=12)]
Wrapped = Annotated[bytes, Meta(min_length=_WRAPPED_LENGTH, max_length=_WRAPPED_LENGTH)]
PublicKey = Annotated[bytes, Meta(min_length=32, max_length=32)]
Generation = Annotated[int, Meta(ge=1, le=2**53)]


class KdfDocument(msgspec.Struct, forbid_unknown_fields=True):
    alg: Literal["argon2id"]
    # Argon2's own limits, plus a ceiling: an edited slot asking for terabytes of memory must
    # be reported as damage, not run until the kiosk falls over.
    m: Annotated[int, Meta(ge=8, le=MAX_MEMORY_KIB)]
    t: Annotated[int, Meta(ge=1, le=MAX_PASSES)]
    p: Annotated[int, Meta(ge=1, le=MAX_LANES)]
    salt: Salt

    def __post_init__(self) -> None:
        if self.m < 8 * self.p:
            raise ValueError("Argon2 needs at least 8 KiB per lane")


class SlotDocument(msgspec.Struct, forbid_unknown_fields=True):
    kind: Literal["pin", "recovery"]
    kdf: KdfDocument
    nonce: Nonce
    ct: Wrapped


class SealedDocument(msgspec.Struct, forbid_unknown_fields=True):
    epk: PublicKey
    nonce: Nonce
    ct: Wrapped


class GenerationDocument(
    msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True
):
    gen: Generation
    slots: tuple[SlotDocument, SlotDocument]
    db_salt: Salt | None = None
    recovery_public: PublicKey | None = None
    sealed: SealedDocument | None = None

    def __post_init__(self) -> None:
        if (self.slots[0].kind, self.slots[1].kind) != ("pin", "recovery"):
            raise ValueError("slot order")
        if (self.recovery_public is None) != (self.sealed is None):
            raise ValueError("a sealed key needs its public key")


class SlotFileDocument(GenerationDocument, kw_only=True):
    v: Literal[1]
    vault_id: Annotated[str, Meta(pattern=VAULT_ID_PATTERN)]
    # A date only: finer timestamps would say when a visitor came.
    created: Annotated[str, Meta(pattern=r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")]
    next: GenerationDocument | None = None


@dataclass(frozen=True)
class SlotFile:
    vault_id: str
    created: str  # a date only: finer timestamps would say when a visitor came
    generation: int
    pin: Slot
    recovery: Slot
    db_salt: bytes | None = None
    # Set for vaults whose recovery slot wraps an X25519 key (envelope.py); None for vaults
    # made before key rotation, whose recovery slot wraps the data key itself.
    recovery_public: bytes | None = None
    sealed: SealedKey | None = None

    def replacing(self, slot: Slot) -> SlotFile:
        pin = slot if slot.kind == "pin" else self.pin
        recovery = slot if slot.kind == "recovery" else self.recovery
        return dataclasses.replace(self, generation=self.generation + 1, pin=pin, recovery=recovery)


_decoder = msgspec.json.Decoder(SlotFileDocument)
_encoder = msgspec.json.Encoder(order="sorted")


def _slot_document(slot: Slot) -> SlotDocument:
    kdf = KdfDocument(
        "argon2id", slot.kdf.memory_kib, slot.kdf.iterations, slot.kdf.parallelism, slot.salt
    )
    return SlotDocument(slot.kind, kdf, slot.nonce, slot.ciphertext)


def _slot(document: SlotDocument, kind: SlotKind) -> Slot:
    kdf = document.kdf
    return Slot(kind, KdfParams(kdf.m, kdf.t, kdf.p), kdf.salt, document.nonce, document.ct)


def _generation_fields(slot_file: SlotFile) -> dict[str, object]:
    sealed = slot_file.sealed
    return {
        "gen": slot_file.generation,
        "slots": (_slot_document(slot_file.pin), _slot_document(slot_file.recovery)),
        "db_salt": slot_file.db_salt,
        "recovery_public": slot_file.recovery_public,
        "sealed": None
        if sealed is None
        else SealedDocument(sealed.ephemeral, sealed.nonce, sealed.ciphertext),
    }


def _encode(live: SlotFile, staged: SlotFile | None = None) -> bytes:
    document = SlotFileDocument(
        v=1,
        vault_id=live.vault_id,
        created=live.created,
        next=None if staged is None else GenerationDocument(**_generation_fields(staged)),  # type: ignore[arg-type]
        **_generation_fields(live),  # type: ignore[arg-type]
    )
    return _encoder.encode(document)


def _slot_file(document: SlotFileDocument, generation: GenerationDocument) -> SlotFile:
    sealed = generation.sealed
    return SlotFile(
        vault_id=document.vault_id,
        created=document.created,
        generation=generation.gen,
        pin=_slot(generation.slots[0], "pin"),
        recovery=_slot(generation.slots[1], "recovery"),
        db_salt=generation.db_salt,
        recovery_public=generation.recovery_public,
        sealed=None if sealed is None else SealedKey(sealed.epk, sealed.nonce, sealed.ct),
    )


def database_salt(vault_dir: Path, file_name: str = DATABASE_FILE) -> bytes | None:
    """The first 16 bytes of the vault's database: SQLCipher's random salt, never a secret."""
    # On an installed kiosk the kiosk's group may write the vault folder: a link or a FIFO
    # put in the database's place is never followed or waited on (read_regular).
    try:
        salt = read_regular(vault_dir / file_name, SALT_LENGTH)
    except OSError:
        return None
    return salt if len(salt) == SALT_LENGTH else None


def _read_document(vault_dir: Path, vault_id: str) -> SlotFileDocument:
    if not is_vault_id(vault_id):
        raise VaultDamaged()  # never joined to a path: see ids.py
    try:
        # Only a slot file this account wrote: the kiosk's user may write in a shared vault
        # folder and could put its own there, asking for the dearest key derivation a slot
        # may name, which every counted guess on that name would then hold the service for.
        raw = read_regular(vault_dir / SLOTS_FILE, _MAX_SLOTS_BYTES, own=True)
        document = _decoder.decode(raw)
    except (OSError, msgspec.DecodeError):
        raise VaultDamaged() from None
    if document.vault_id != vault_id:
        raise VaultDamaged()  # a slot file copied from another vault
    return document


def read_generations(vault_dir: Path, vault_id: str) -> tuple[SlotFile, SlotFile | None]:
    """The live generation and, during a rotation, the staged one that is not live."""
    document = _read_document(vault_dir, vault_id)
    current = _slot_file(document, document)
    if document.next is None:
        return current, None
    staged = _slot_file(document, document.next)
    if staged.db_salt is not None and staged.db_salt == database_salt(vault_dir):
        return staged, current  # the re-keyed database is in place: the rotation committed
    return current, staged


def read_slots(vault_dir: Path, vault_id: str) -> SlotFile:
    """Read and check the slot file; anything missing, malformed or foreign is ``VaultDamaged``."""
    return read_generations(vault_dir, vault_id)[0]


def write_slots(vault_dir: Path, slot_file: SlotFile) -> bool:
    """Write a vault's first slot file, or replace its live generation by the next one.

    Used at provisioning and by the key-slot upgrade after an unlock. It takes the vault's
    session lock and writes only if the file on disk is still the generation it was made from
    (and no rotation is half-done), so it can never undo a PIN change made meanwhile. False
    if it did not write; the upgrade then simply happens at a later unlock.
    """
    # A vault open in this process (a PIN change from inside the session) already holds it.
    lock = SessionLock(vault_dir) if open_here(vault_dir) is None else None
    try:
        if lock is not None:
            lock.acquire()
    except VaultInUse:
        return False
    try:
        if (vault_dir / SLOTS_FILE).exists():
            document = _read_document(vault_dir, slot_file.vault_id)
            if document.next is not None or document.gen != slot_file.generation - 1:
                return False
        elif slot_file.generation != 1:
            return False
        replace_destroying_previous(vault_dir / SLOTS_FILE, _encode(slot_file))
        return True
    finally:
        if lock is not None:
            lock.release()


def stage_generation(vault_dir: Path, live: SlotFile, staged: SlotFile) -> None:
    """Write both generations; the caller holds the session lock and is rotating the key."""
    replace_destroying_previous(vault_dir / SLOTS_FILE, _encode(live, staged))


def settle_slots(vault_dir: Path, vault_id: str) -> None:
    """Keep only the live generation and destroy every older copy; caller holds the lock.

    Run after a rotation and at every opening, so a rotation killed half-way is finished (or
    abandoned) and no temporary or previous copy of a wrapped key outlives the next opening.
    """
    live, other = read_generations(vault_dir, vault_id)
    if other is not None:
        replace_destroying_previous(vault_dir / SLOTS_FILE, _encode(live))
    destroy_leftovers(vault_dir / SLOTS_FILE)
