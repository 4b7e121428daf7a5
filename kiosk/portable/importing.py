"""Import an export file into an empty vault, after its whole chain has verified.

All or nothing: the file is read and checked completely first (kiosk/portable/checking.py),
then its notes and every diary record are written in one transaction, so a refusal, a full
disk or a kill leaves the vault exactly as it was. The diary keeps its chain as it was made:
the same digests and links, from the same origin (the vault the chain was started in), so an
export of the imported vault is the same file, byte for byte.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from kiosk.diary.copies import KeptCopies
from kiosk.diary.mirror import DiaryWriter
from kiosk.diary.model import RecordKind, canonical_json
from kiosk.diary.repository import DiaryRepository, ErasedWhen, StoredRecord
from kiosk.notes.repository import NotesRepository
from kiosk.portable.checking import ImportRefused, Refusal, read_export
from kiosk.portable.document import MAX_FILE_BYTES, ExportedRecord, VaultExport
from kiosk.vault.gatekeeper import Gate
from kiosk.vault.storage.database import VaultDatabase


class NotAFile(Exception):
    """The path names a folder, a pipe, a device or a socket, not a file to import."""

    def __init__(self, path: Path, *, folder: bool) -> None:
        super().__init__(str(path))
        self.path = path
        self.folder = folder


def read_export_file(path: Path) -> bytes:
    """The bytes of the export file at ``path``: at most one byte past the largest export, so
    an oversized file is refused unread. Only a regular file is read: a pipe would wait for a
    writer for ever and a device never ends; ``NotAFile`` says so. It is opened without
    waiting and checked by its descriptor, so nothing swapped in after a check is read."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as file:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(path, folder=stat.S_ISDIR(mode))
        os.set_blocking(fd, True)
        return file.read(MAX_FILE_BYTES + 1)


@dataclass(frozen=True)
class Imported:
    notes: int
    records: int
    entries: int


def _stored(record: ExportedRecord) -> StoredRecord:
    value = record.entry or record.amendment or record.withdrawal
    return StoredRecord(
        seq=record.seq,
        kind=record.kind,
        entry_number=record.entry_number,
        recorded_utc=record.recorded_utc,
        utc_offset_minutes=record.utc_offset_minutes,
        content=None if value is None else canonical_json(value),
        digest=record.digest,
        link=record.link,
    )


def _erased(document: VaultExport) -> dict[int, ErasedWhen]:
    return {
        record.entry_number: ErasedWhen(
            record.erased.happened,
            record.erased.time,
            record.erased.approximate,
            record.erased.behaviours,
        )
        for record in document.diary.records
        if record.erased is not None
    }


def is_empty(vault: VaultDatabase) -> bool:
    """No notes and no diary records (drafts do not count: they are not imported over)."""
    return not NotesRepository(vault).all() and DiaryRepository(vault).head().count == 0


def import_into(vault: VaultDatabase, data: bytes, gatekeeper: Gate) -> Imported:
    """Check ``data`` whole, then import it into ``vault`` (which must be empty) in one
    transaction; ``ImportRefused`` says why not, with nothing changed. Afterwards the kiosk's
    copy of the chain head follows (kiosk/diary/mirror.py), and the file counts as her copy
    of these records (kiosk/diary/copies.py)."""
    document = read_export(data)
    diary = DiaryRepository(vault)
    with vault.transaction():
        if not is_empty(vault):
            raise ImportRefused(Refusal.VAULT_NOT_EMPTY)
        before = diary.head()
        notes = NotesRepository(vault)
        for note in document.notes:
            notes.add(note.text, written=note.written)
        diary.restore(
            [_stored(record) for record in document.diary.records],
            _erased(document),
            origin=document.diary.origin,
        )
        after = diary.head()
    DiaryWriter(vault, gatekeeper).follow(before, after)
    KeptCopies(vault).copy_made(after.count)
    entries = sum(1 for r in document.diary.records if r.kind is RecordKind.ENTRY)
    return Imported(len(document.notes), len(document.diary.records), entries)
