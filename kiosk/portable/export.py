"""Export a whole open vault as one JSON document (docs/EXPORT.md).

What goes in: every note (oldest first) and every diary record in chain order, with its
content, its digest and its link, amendments and withdrawals included. What stays out: drafts
(unfinished forms, which she has not chosen to keep) and everything the kiosk keeps about the
vault rather than in it (its name, PIN slots, attempt counts). The file is plain text: whoever
holds it can read all of it (docs/SECURITY.md).
"""

from __future__ import annotations

import msgspec

from kiosk.diary.model import Amendment, EntryContent, RecordKind, Withdrawal
from kiosk.diary.repository import DiaryRepository, ErasedWhen, StoredRecord
from kiosk.notes.repository import NotesRepository
from kiosk.portable.document import (
    FORMAT,
    VERSION,
    ErasedEntry,
    ExportedDiary,
    ExportedNote,
    ExportedRecord,
    VaultExport,
    encode_export,
)
from kiosk.vault.storage.database import VaultDatabase

_ENTRY = msgspec.json.Decoder(EntryContent)
_AMENDMENT = msgspec.json.Decoder(Amendment)
_WITHDRAWAL = msgspec.json.Decoder(Withdrawal)


def _record(stored: StoredRecord, erased: dict[int, ErasedWhen]) -> ExportedRecord:
    record = ExportedRecord(
        seq=stored.seq,
        kind=stored.kind,
        entry_number=stored.entry_number,
        recorded_utc=stored.recorded_utc,
        utc_offset_minutes=stored.utc_offset_minutes,
        digest=stored.digest,
        link=stored.link,
    )
    content = stored.content
    if content is None:
        if stored.kind is not RecordKind.ENTRY:
            return record
        when = erased[stored.entry_number]
        return msgspec.structs.replace(
            record,
            erased=ErasedEntry(when.happened, when.time, when.approximate, when.behaviours),
        )
    if stored.kind is RecordKind.ENTRY:
        return msgspec.structs.replace(record, entry=_ENTRY.decode(content))
    if stored.kind is RecordKind.AMENDMENT:
        return msgspec.structs.replace(record, amendment=_AMENDMENT.decode(content))
    return msgspec.structs.replace(record, withdrawal=_WITHDRAWAL.decode(content))


def build_export(vault: VaultDatabase) -> VaultExport:
    """The vault as a document, read in one go (nothing is written)."""
    with vault.transaction():  # one consistent view: no write can land between the reads
        diary = DiaryRepository(vault)
        notes = sorted(NotesRepository(vault).all(), key=lambda note: note.id)
        stored = diary.stored_records()
        erased = diary.erased_whens()
        origin = diary.chain_origin()
        head = diary.head()
    return VaultExport(
        format=FORMAT,
        version=VERSION,
        notes=tuple(ExportedNote.of(note.written, note.body) for note in notes),
        diary=ExportedDiary(
            origin=origin,
            count=head.count,
            head=head.link,
            records=tuple(_record(record, erased) for record in stored),
        ),
    )


def export_vault(vault: VaultDatabase) -> bytes:
    """The export file's bytes (docs/EXPORT.md)."""
    return encode_export(build_export(vault))
