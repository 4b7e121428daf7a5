"""Decoding the gatekeeper's own files (name map, attempt counters, KDF calibration).

Each is read into a typed msgspec structure with its limits stated in the type. A file of
the wrong shape is never guessed at or silently reset: it becomes ``KioskSecretProblem``
with one line for the operator, and no vault unlocks until it is fixed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import msgspec

from kiosk.text import one_line, terminal_safe
from kiosk.vault.errors import KioskSecretProblem
from kiosk.vault.fsutil import read_regular
from kiosk.vault.ids import VAULT_ID_PATTERN as _VAULT_ID

# Patterns for msgspec, which searches with ``re``: anchored with \A and \Z, because "$" also
# matches before a newline at the end, and an id with a newline must never become a folder name.
# Vault ids are 128 random bits in lowercase hex; name handles are HMAC-SHA256 in hex.
VAULT_ID_PATTERN = rf"\A{_VAULT_ID}\Z"
HANDLE_PATTERN = r"\A[0-9a-f]{64}\Z"

T = TypeVar("T")

# The largest of these files holds a line for each vault (its name's handle and its id, about
# 110 bytes): 16 MiB is well over a hundred thousand vaults.
MAX_TRUSTED_BYTES = 16 * 1024 * 1024


def read_trusted(path: Path, kind: type[T], what: str) -> T | None:
    """The file at ``path`` as ``kind``; None if there is no such file (nothing saved yet).

    Any other failure is ``KioskSecretProblem`` naming ``what`` ("the vault name map").
    """
    try:
        # Never a link followed nor a FIFO waited on (read_regular): a FIFO in the counter
        # file's place held every unlock, and ``kiosk doctor``, for ever.
        data = read_regular(path, MAX_TRUSTED_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise KioskSecretProblem(f"{what} {path} cannot be read: {error.strerror}") from None
    if len(data) > MAX_TRUSTED_BYTES:
        raise KioskSecretProblem(f"{what} {path} is damaged: it is far larger than any it makes")
    return decode_trusted(path, data, kind, what)


def decode_trusted(path: Path, data: bytes, kind: type[T], what: str) -> T:
    """``data`` (read from ``path``) as ``kind``, or ``KioskSecretProblem`` naming the fault."""
    try:
        return msgspec.json.decode(data, type=kind)
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        # msgspec's messages are short and name the field ("Expected `int` >= 3 - at `$.t`").
        detail = f"{what} {path} is damaged: {terminal_safe(one_line(str(error)))}"
        raise KioskSecretProblem(detail) from None
