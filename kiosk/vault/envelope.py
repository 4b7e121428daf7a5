"""The data key sealed to the recovery code's public key, so a PIN change can rotate it.

A recovery slot wraps an X25519 private key, not the data key itself; beside it the slot file
keeps the data key sealed to the matching public key (ephemeral X25519, HKDF-SHA256,
AES-256-GCM). A PIN change then rotates the data key without knowing the recovery code: it
seals the new key to the same public key. Old copies of the slot file therefore only ever lead
to old data keys, which no longer open the vault (docs/SECURITY.md, "Old copies of keys").
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from kiosk.vault.crypto import DATA_KEY_LENGTH, NONCE_LENGTH, WrongSecret

# The cryptography library is imported in each function, not at the top: a session's first
# screen needs none of it (see kiosk/vault/crypto.py).

PUBLIC_KEY_LENGTH = 32


@dataclass(frozen=True)
class SealedKey:
    ephemeral: bytes  # the sender's one-time X25519 public key
    nonce: bytes
    ciphertext: bytes


def new_recovery_pair() -> tuple[bytearray, bytes]:
    """A fresh recovery private key (to be wrapped under the code) and its public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    raw_encoding = serialization.Encoding.Raw
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(
        raw_encoding, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(raw_encoding, serialization.PublicFormat.Raw)
    return bytearray(raw), public


def _sealing_key(shared: bytes, ephemeral: bytes, public: bytes, vault_id: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    info = b"kiosk-vault/v1/sealed/" + vault_id.encode("ascii") + ephemeral + public
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def seal(data_key: bytes | bytearray, public: bytes, *, vault_id: str) -> SealedKey:
    if len(data_key) != DATA_KEY_LENGTH:
        raise ValueError("a data key is exactly 32 bytes")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    one_time = X25519PrivateKey.generate()
    ephemeral = one_time.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    shared = one_time.exchange(X25519PublicKey.from_public_bytes(public))
    key = _sealing_key(shared, ephemeral, public, vault_id)
    nonce = secrets.token_bytes(NONCE_LENGTH)
    ciphertext = AESGCM(key).encrypt(nonce, bytes(data_key), vault_id.encode("ascii"))
    return SealedKey(ephemeral, nonce, ciphertext)


def open_sealed(sealed: SealedKey, private: bytes | bytearray, *, vault_id: str) -> bytearray:
    """The data key, or ``WrongSecret`` if the private key or the sealed key do not belong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        recovery = X25519PrivateKey.from_private_bytes(bytes(private))
        public = recovery.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        shared = recovery.exchange(X25519PublicKey.from_public_bytes(sealed.ephemeral))
        key = _sealing_key(shared, sealed.ephemeral, public, vault_id)
        data_key = AESGCM(key).decrypt(sealed.nonce, sealed.ciphertext, vault_id.encode("ascii"))
    except (InvalidTag, ValueError):
        raise WrongSecret() from None
    if len(data_key) != DATA_KEY_LENGTH:
        raise WrongSecret()
    return bytearray(data_key)
