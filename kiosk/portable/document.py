"""The export file's shape (docs/EXPORT.md; JSON Schema in docs/export.schema.json).

Every part is a msgspec Struct with its limits stated in the type, so a file is decoded (or
refused) in one pass, and the JSON Schema is generated from these same types. Free text is
kept exactly as it was typed; nothing here is ever shown as markup.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Literal

import msgspec

from kiosk.diary.model import Amendment, Behaviour, EntryContent, RecordKind, Withdrawal
from kiosk.notes.repository import MAX_NOTE_CHARACTERS
from kiosk.vault.ids import VAULT_ID_PATTERN
from kiosk.vault.storage.times import MAX_OFFSET_MINUTES, shown_time, stored_time

FORMAT: Literal["harbour-vault-export"] = "harbour-vault-export"
VERSION: Literal[1] = 1
# A diary of 10,000 entries with amendments stays far below these; a file beyond them was not
# made by Harbour, and is refused before it can fill memory.
MAX_RECORDS = 1_000_000
MAX_NOTES = 100_000
MAX_FILE_BYTES = 256 << 20
# msgspec checks a list's length only after building it: 4 million empty objects (48 MB of
# file) took 400 MB. Every object and array is opened by "{" or "[" (counted in strings too,
# which only makes the bound stricter), so counting them first bounds the memory a decode can
# take to about 100 MB. A diary of 10,000 full entries has about 200,000.
MAX_STRUCTURES = 1_000_000

Hex64 = Annotated[str, msgspec.Meta(pattern=r"\A[0-9a-f]{64}\Z")]
UtcInstant = Annotated[
    str,
    msgspec.Meta(
        pattern=r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z",
        description="A UTC instant, to the second (2026-03-14T09:30:00Z).",
    ),
]
OffsetMinutes = Annotated[
    int,
    msgspec.Meta(
        ge=-MAX_OFFSET_MINUTES,
        le=MAX_OFFSET_MINUTES,
        description="The UTC offset, in minutes, the visitor's screen showed at that moment.",
    ),
]
Positive = Annotated[int, msgspec.Meta(ge=1)]
VaultIdText = Annotated[str, msgspec.Meta(pattern=rf"\A{VAULT_ID_PATTERN}\Z")]
NoteText = Annotated[str, msgspec.Meta(max_length=MAX_NOTE_CHARACTERS)]


class ExportedNote(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One note from "My notes", oldest first; its time is when it was first written."""

    written_utc: UtcInstant
    utc_offset_minutes: OffsetMinutes
    text: NoteText

    @property
    def written(self) -> dt.datetime:
        return shown_time(self.written_utc, self.utc_offset_minutes)

    @classmethod
    def of(cls, written: dt.datetime, text: str) -> ExportedNote:
        utc, offset = stored_time(written)
        return cls(utc, offset, text)


class ErasedEntry(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the diary still shows of a withdrawn entry: when it happened and the types of
    behaviour, never its words."""

    happened: dt.date
    time: dt.time | None = None
    approximate: bool = False
    behaviours: tuple[Behaviour, ...] = ()


class ExportedRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True, omit_defaults=True):
    """One record of the diary's chain: an entry, an amendment or a withdrawal.

    Exactly one of ``entry``, ``amendment``, ``withdrawal`` holds the record's content, by its
    kind, unless a withdrawal erased it: an erased entry has ``erased`` instead, an erased
    amendment has nothing. ``digest`` is SHA-256 over the record's canonical document (see
    docs/EXPORT.md) and ``link`` is SHA-256 over the previous link and this digest.
    """

    seq: Positive
    kind: RecordKind
    entry_number: Positive
    recorded_utc: UtcInstant
    utc_offset_minutes: OffsetMinutes
    digest: Hex64
    link: Hex64
    entry: EntryContent | None = None
    amendment: Amendment | None = None
    withdrawal: Withdrawal | None = None
    erased: ErasedEntry | None = None

    @property
    def recorded(self) -> dt.datetime:
        return shown_time(self.recorded_utc, self.utc_offset_minutes)


class ExportedDiary(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The incident diary as its chain: every record in order, and where the chain ends.

    ``origin`` is the id of the vault the chain was started in: its first record's "previous
    link" is derived from it, and it stays the same when the diary is imported elsewhere.
    """

    origin: VaultIdText
    count: Annotated[int, msgspec.Meta(ge=0, le=MAX_RECORDS)]
    head: Hex64
    records: Annotated[tuple[ExportedRecord, ...], msgspec.Meta(max_length=MAX_RECORDS)]


class VaultExport(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A whole vault: her notes and her diary. Drafts (unfinished forms) are not included."""

    format: Literal["harbour-vault-export"]
    version: Literal[1]
    notes: Annotated[tuple[ExportedNote, ...], msgspec.Meta(max_length=MAX_NOTES)]
    diary: ExportedDiary


def encode_export(document: VaultExport) -> bytes:
    """The file's bytes: the same document always gives the same bytes (indented, LF)."""
    return msgspec.json.format(msgspec.json.encode(document), indent=2) + b"\n"


def decode_export(data: bytes) -> VaultExport:
    """The document in ``data``; ``msgspec.ValidationError``/``DecodeError`` if malformed."""
    return msgspec.json.decode(data, type=VaultExport)


def _portable_patterns(node: object) -> object:
    """Harbour's patterns are anchored with Python's \\A and \\Z (``$`` also matches before a
    final newline there); JSON Schema patterns are ECMA-262, which has neither, and whose
    ``^``/``$`` anchor at the very start and end."""
    if isinstance(node, dict):
        return {
            key: (
                value.replace("\\A", "^").replace("\\Z", "$")
                if key == "pattern" and isinstance(value, str)
                else _portable_patterns(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_portable_patterns(item) for item in node]
    return node


def export_schema() -> dict[str, object]:
    """The JSON Schema of the file, generated from these types (docs/export.schema.json)."""
    schema = _portable_patterns(msgspec.json.schema(VaultExport))
    assert isinstance(schema, dict)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://harbour.invalid/export.schema.json",
        "title": "Harbour vault export, version 1",
        **schema,
    }


def schema_text() -> str:
    """docs/export.schema.json as it must read (a test keeps the file in step)."""
    return json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n"
