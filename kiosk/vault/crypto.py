"""Key slots: the vault's data key wrapped under a key derived from a PIN or recovery code.

KEK = HKDF-SHA256(ikm=Argon2id(secret, salt), salt=kiosk secret, info=v1/slot kind/vault id)
and the slot is AES-256-GCM(KEK, DEK) with the version, vault id, slot kind and KDF
parameters as associated data, so a slot edited to cheaper parameters, or copied into another
vault, fails its tag instead of opening anything.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from typing import Literal

from kiosk.vault.kdf import SALT_LENGTH, KdfParams, stretch

SlotKind = Literal["pin", "recovery"]
FORMAT_VERSION = 1
DATA_KEY_LENGTH = 32
NONCE_LENGTH = 12


class WrongSecret(Exception):
    """The GCM tag did not verify: wrong secret, or a slot that was tampered with or moved."""


@dataclass(frozen=True)
class Slot:
    kind: SlotKind
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    ciphertext: bytes


def new_data_key() -> bytearray:
    return bytearray(secrets.token_bytes(DATA_KEY_LENGTH))


def associated_data(vault_id: str, kind: SlotKind, kdf: KdfParams, salt: bytes) -> bytes:
    document = {
        "v": FORMAT_VERSION,
        "vault_id": vault_id,
        "slot": kind,
        "kdf": {
            "alg": "argon2id",
            "m": kdf.memory_kib,
            "t": kdf.iterations,
            "p": kdf.parallelism,
            "salt": base64.b64encode(salt).decode("ascii"),
        },
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _wrapping_key(
    secret: str, salt: bytes, kdf: KdfParams, pepper: bytes, kind: SlotKind, vault_id: str
) -> bytes:
    # Imported here, not at the top: a session's first screen needs no cryptography, and the
    # library costs it a noticeable part of its start. Every unlock path comes through here.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    stretched = stretch(secret.encode("utf-8"), salt, kdf)
    info = f"kiosk-vault/v{FORMAT_VERSION}/{kind}/{vault_id}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=pepper, info=info).derive(stretched)


def wrap(
    data_key: bytes | bytearray,
    secret: str,
    *,
    vault_id: str,
    kind: SlotKind,
    kdf: KdfParams,
    pepper: bytes,
) -> Slot:
    if len(data_key) != DATA_KEY_LENGTH:
        raise ValueError("a data key is exactly 32 bytes")
    salt = secrets.token_bytes(SALT_LENGTH)
    nonce = secrets.token_bytes(NONCE_LENGTH)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = _wrapping_key(secret, salt, kdf, pepper, kind, vault_id)
    aad = associated_data(vault_id, kind, kdf, salt)
    ciphertext = AESGCM(kek).encrypt(nonce, bytes(data_key), aad)
    return Slot(kind=kind, kdf=kdf, salt=salt, nonce=nonce, ciphertext=ciphertext)


def unwrap(slot: Slot, secret: str, *, vault_id: str, pepper: bytes) -> bytearray:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = _wrapping_key(secret, slot.salt, slot.kdf, pepper, slot.kind, vault_id)
    aad = associated_data(vault_id, slot.kind, slot.kdf, slot.salt)
    try:
        data_key = AESGCM(kek).decrypt(slot.nonce, slot.ciphertext, aad)
    except InvalidTag:
        raise WrongSecret() from None
    if len(data_key) != DATA_KEY_LENGTH:
        raise WrongSecret()
    return bytearray(data_key)


def burn_time_like_unwrap(secret: str, kdf: KdfParams, pepper: bytes, decoy: str) -> None:
    """Do the same work as a real unwrap for a name that has no vault, so timing matches."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = secrets.token_bytes(SALT_LENGTH)
    kek = _wrapping_key(secret, salt, kdf, pepper, "pin", decoy)
    nonce = secrets.token_bytes(NONCE_LENGTH)
    try:
        AESGCM(kek).decrypt(nonce, secrets.token_bytes(DATA_KEY_LENGTH + 16), b"")
    except InvalidTag:
        return


def wipe(buffer: bytearray) -> None:
    """Best-effort zeroing; Python may hold other copies, which is why sessions end the process."""
    for index in range(len(buffer)):
        buffer[index] = 0
