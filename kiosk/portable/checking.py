"""Checking an export before anything of it is imported: its shape, then its whole chain.

A file is refused with one reason (``ImportRefused``) when it is not an export, is cut short,
or does not verify: every record must be in its place, every digest must be the SHA-256 of the
record's canonical document (an erased record keeps its digest, which the chain binds), and
every link must follow from the one before, starting from the origin vault's genesis, up to the
head the file names. The chain proves the records were not changed after they were written and
that none is missing in between; it cannot prove who made the file (docs/EXPORT.md).
"""

from __future__ import annotations

import enum

import msgspec

from kiosk.diary.chain import genesis, next_link, record_digest
from kiosk.diary.model import InvalidContent, RecordKind, canonical_json
from kiosk.diary.validation import check_amendment, check_entry, check_withdrawal
from kiosk.portable.document import (
    MAX_FILE_BYTES,
    MAX_STRUCTURES,
    ExportedRecord,
    VaultExport,
    decode_export,
)
from kiosk.vault.storage.times import shown_time


class Refusal(enum.Enum):
    """Why a file cannot be imported (the operator's and the visitor's words name these)."""

    TOO_LARGE = "too_large"
    NOT_AN_EXPORT = "not_an_export"  # not JSON, cut short, or not the export's shape
    NEWER_VERSION = "newer_version"
    OUT_OF_ORDER = "out_of_order"  # a record missing, repeated, or out of place
    CONTENT_MISMATCH = "content_mismatch"  # a record's content does not fit its kind
    INVALID_CONTENT = "invalid_content"  # content the diary refuses when she writes it
    DIGEST = "digest"  # a record was changed after it was written
    LINK = "link"  # the chain is broken
    HEAD = "head"  # the file ends before (or after) the head it names
    VAULT_NOT_EMPTY = "vault_not_empty"


class ImportRefused(Exception):
    """The file was not imported; nothing was changed. ``seq``: the record at fault, if any."""

    def __init__(self, refusal: Refusal, detail: str = "", seq: int | None = None) -> None:
        super().__init__(f"{refusal.value}: {detail}" if detail else refusal.value)
        self.refusal = refusal
        self.detail = detail
        self.seq = seq


class _Header(msgspec.Struct):
    format: str = ""
    version: int = 0


def read_export(data: bytes) -> VaultExport:
    """The checked document in ``data``, or ``ImportRefused`` saying why not."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportRefused(Refusal.TOO_LARGE)
    if data.count(b"{") + data.count(b"[") > MAX_STRUCTURES:
        raise ImportRefused(Refusal.TOO_LARGE)
    try:
        document = decode_export(data)
    except (msgspec.DecodeError, UnicodeDecodeError) as error:
        raise _shape_refusal(data, error) from None
    check_chain(document)
    return document


def _shape_refusal(data: bytes, error: Exception) -> ImportRefused:
    try:
        header = msgspec.json.decode(data, type=_Header)
    except (msgspec.DecodeError, UnicodeDecodeError):
        header = _Header()
    if header.format == "harbour-vault-export" and header.version > 1:
        return ImportRefused(Refusal.NEWER_VERSION, f"version {header.version}")
    # msgspec names the place ("Expected `str` - at `$.diary.records[3].digest`").
    return ImportRefused(Refusal.NOT_AN_EXPORT, str(error))


def _check_rules(record: ExportedRecord, entries_before: int) -> None:
    """The model's rules (kiosk/diary/validation.py), as when she writes: a chain that
    verifies proves only that nothing changed since the file was made, not that Harbour made
    it, so a field too long or a link to a later entry is refused here as it is there."""
    try:
        if record.entry is not None:
            check_entry(record.entry, entries_so_far=entries_before)
        elif record.amendment is not None:
            check_amendment(record.amendment)
        elif record.withdrawal is not None:
            check_withdrawal(record.withdrawal)
    except InvalidContent as invalid:
        raise ImportRefused(
            Refusal.INVALID_CONTENT, f"record {record.seq}: {invalid}", record.seq
        ) from None


def _content(record: ExportedRecord) -> bytes | None:
    """The record's canonical content, None when erased; ``ImportRefused`` if it does not fit."""
    given = {
        "entry": record.entry,
        "amendment": record.amendment,
        "withdrawal": record.withdrawal,
    }
    present = [name for name, value in given.items() if value is not None]
    expected = record.kind.value
    if present not in ([expected], []) or (record.erased is not None and present):
        raise ImportRefused(Refusal.CONTENT_MISMATCH, f"record {record.seq}", record.seq)
    if record.erased is not None and record.kind is not RecordKind.ENTRY:
        raise ImportRefused(Refusal.CONTENT_MISMATCH, f"record {record.seq}", record.seq)
    value = given[expected]
    return None if value is None else canonical_json(value)


def _check_time(utc: str, offset_minutes: int, where: str, seq: int | None) -> None:
    """The documented pattern lets a time that never was through (2026-13-45T99:99:99Z);
    stored, it would break every reading of a diary that can never be changed."""
    try:
        shown_time(utc, offset_minutes)
    except ValueError:
        raise ImportRefused(Refusal.NOT_AN_EXPORT, f"{where}: no such time", seq) from None


def check_chain(document: VaultExport) -> None:
    """Every record in place, its digest right, every link following: or ``ImportRefused``."""
    for number, note in enumerate(document.notes, start=1):
        # Notes are kept trimmed and never empty; another text would not come back the same.
        if not note.text or note.text != note.text.strip():
            raise ImportRefused(Refusal.NOT_AN_EXPORT, f"note {number} is empty or untrimmed")
        _check_time(note.written_utc, note.utc_offset_minutes, f"note {number}", None)
    diary = document.diary
    previous = genesis(diary.origin)
    entries = 0
    withdrawn: set[int] = set()
    for index, record in enumerate(diary.records, start=1):
        seq = record.seq
        if seq != index:
            raise ImportRefused(Refusal.OUT_OF_ORDER, f"record {index}", index)
        _check_time(record.recorded_utc, record.utc_offset_minutes, f"record {seq}", seq)
        content = _content(record)
        _check_rules(record, entries)
        if record.kind is RecordKind.ENTRY:
            entries += 1
            if record.entry_number != entries:
                raise ImportRefused(Refusal.OUT_OF_ORDER, f"record {seq}", seq)
        elif record.entry_number > entries or record.entry_number in withdrawn:
            raise ImportRefused(Refusal.OUT_OF_ORDER, f"record {seq}", seq)
        if record.kind is RecordKind.WITHDRAWAL:
            withdrawn.add(record.entry_number)
        if content is None and record.kind is RecordKind.WITHDRAWAL:
            raise ImportRefused(Refusal.CONTENT_MISMATCH, f"record {seq}", seq)
        if content is not None:
            digest = record_digest(
                record.kind,
                record.entry_number,
                seq,
                record.recorded_utc,
                record.utc_offset_minutes,
                content,
            )
            if digest != record.digest:
                raise ImportRefused(Refusal.DIGEST, f"record {seq}", seq)
        previous = next_link(previous, record.digest)
        if previous != record.link:
            raise ImportRefused(Refusal.LINK, f"record {seq}", seq)
    _check_erasures(document, withdrawn)
    if diary.count != len(diary.records) or diary.head != previous:
        raise ImportRefused(Refusal.HEAD)


def _check_erasures(document: VaultExport, withdrawn: set[int]) -> None:
    """Words are missing exactly where a withdrawal erased them, and nowhere else."""
    for record in document.diary.records:
        if record.kind is RecordKind.WITHDRAWAL:
            continue
        erased = record.entry is None and record.amendment is None
        if erased != (record.entry_number in withdrawn):
            raise ImportRefused(Refusal.CONTENT_MISMATCH, f"record {record.seq}", record.seq)
        if record.kind is RecordKind.ENTRY and erased != (record.erased is not None):
            raise ImportRefused(Refusal.CONTENT_MISMATCH, f"record {record.seq}", record.seq)
