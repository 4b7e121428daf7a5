"""The key derivation leaves no copy of the secret, nor of what it derived, in C memory.

argon2-cffi copies the secret into a C buffer that it frees without clearing; in the
gatekeeper service, which lives on after a visit, that copy of her PIN stayed in memory
(test_gatekeeper_memory.py). ``stretch`` now hands the C library buffers it zeroes itself.
"""

from __future__ import annotations

from typing import Any

import argon2.low_level
import pytest
from argon2.low_level import Type, hash_secret_raw

from kiosk.vault.kdf import HASH_LENGTH, KdfParams, stretch

SMALL = KdfParams(memory_kib=64, iterations=1, parallelism=1)
SECRET = b"463917205538"
SALT = bytes(range(16))


class RecordingFfi:
    """argon2-cffi's ``ffi``, keeping every buffer it makes (so none is freed meanwhile)."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.made: list[Any] = []

    def new(self, ctype: str, init: Any = None) -> Any:
        made = self._real.new(ctype, init)
        self.made.append(made)
        return made

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def test_the_secret_and_the_derived_key_are_cleared_from_the_c_buffers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recording = RecordingFfi(argon2.low_level.ffi)
    monkeypatch.setattr(argon2.low_level, "ffi", recording)
    derived = stretch(SECRET, SALT, SMALL)
    contents = [bytes(recording._real.buffer(made)) for made in recording.made]
    assert recording.made, "no C buffer was made: the check would see nothing"
    assert not [c for c in contents if SECRET in c], "the secret is left in a C buffer"
    assert not [c for c in contents if derived in c], "the derived key is left in a C buffer"


@pytest.mark.parametrize("secret", [SECRET, b"", "pässwörd 🔑".encode()])
def test_the_derivation_is_argon2id_as_before(secret: bytes) -> None:
    """Every slot ever made must still open: the same bytes as argon2-cffi's own call."""
    expected = hash_secret_raw(
        secret=secret,
        salt=SALT,
        time_cost=SMALL.iterations,
        memory_cost=SMALL.memory_kib,
        parallelism=SMALL.parallelism,
        hash_len=HASH_LENGTH,
        type=Type.ID,
        version=19,
    )
    assert stretch(secret, SALT, SMALL) == expected
