"""The diary's hash chain: each record's digest and link, and the code she can read aloud.

A record's digest is SHA-256 over its canonical document (kind, entry number, seq, the
recorded-at instant and offset, and the content's canonical JSON). Its link is SHA-256 over the
previous record's link and its own digest, both as bytes; the first record's "previous link" is
derived from the vault's id, so a record copied into another vault does not verify there. A
withdrawal erases content but never a digest, so the links still verify after it.
"""

from __future__ import annotations

import hashlib

import msgspec

from kiosk.diary.model import RecordKind

_GENESIS_LABEL = b"harbour diary chain 1\x00"
CODE_HEX_DIGITS = 20  # of the head link, in groups of four: 80 bits, enough to compare by eye
CODE_GROUP = 4


class RecordDocument(msgspec.Struct, frozen=True):
    """What a record's digest is taken over; ``content`` is its canonical JSON, verbatim."""

    kind: str
    entry_number: int
    seq: int
    recorded_utc: str
    utc_offset_minutes: int
    content: msgspec.Raw


def record_digest(
    kind: RecordKind,
    entry_number: int,
    seq: int,
    recorded_utc: str,
    utc_offset_minutes: int,
    content: bytes,
) -> str:
    document = RecordDocument(
        kind.value, entry_number, seq, recorded_utc, utc_offset_minutes, msgspec.Raw(content)
    )
    return hashlib.sha256(msgspec.json.encode(document, order="sorted")).hexdigest()


def genesis(vault_id: str) -> str:
    """The "previous link" of a vault's first record."""
    return hashlib.sha256(_GENESIS_LABEL + vault_id.encode("ascii")).hexdigest()


def next_link(previous: str, digest: str) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(digest)).hexdigest()


def reading_code(link: str) -> str:
    """The head link's first digits in groups of four (``3f2a 9c1e …``), for a page or a call."""
    digits = link[:CODE_HEX_DIGITS]
    return " ".join(digits[i : i + CODE_GROUP] for i in range(0, len(digits), CODE_GROUP))
