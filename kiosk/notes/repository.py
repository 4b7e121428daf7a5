"""The visitor's own notes: short free text, kept only inside her vault."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.sql import Row
from kiosk.vault.storage.times import shown_time, stored_time

MAX_NOTE_CHARACTERS = 20_000
# A note's unfinished edit is the draft ("note", its id); an unfinished new note's is ("note", "").
NOTE_DRAFT = "note"


@dataclass(frozen=True)
class Note:
    id: int
    written: dt.datetime  # aware, in the UTC offset the visitor saw when she wrote it
    body: str

    @property
    def written_at(self) -> str:
        """When it was written, as the visitor's screen showed the time then."""
        return self.written.strftime("%Y-%m-%d %H:%M")

    @property
    def first_line(self) -> str:
        return next((line.strip() for line in self.body.splitlines() if line.strip()), "")


def _checked(body: str) -> str:
    text = body.strip()
    if not text or len(text) > MAX_NOTE_CHARACTERS:
        # Never cut a note short silently: the screen refuses long notes before this.
        raise ValueError("a note must have 1 to 20 000 characters")
    return text


def _note(row: Row) -> Note:
    note_id, written_utc, offset, body = row
    return Note(int(str(note_id)), shown_time(str(written_utc), int(str(offset))), str(body))


class NotesRepository:
    """The notes of one open vault."""

    def __init__(self, vault: VaultDatabase) -> None:
        self._vault = vault

    def add(self, body: str, *, written: dt.datetime) -> int:
        """Store a new note; ``written`` is aware, in the offset the visitor's screen showed."""
        text = _checked(body)
        written_utc, offset = stored_time(written)
        with self._vault.transaction() as tx:
            inserted = tx.execute(
                "INSERT INTO notes (written_utc, utc_offset_minutes, body) VALUES (?, ?, ?)",
                (written_utc, offset, text),
            )
        assert inserted.last_id is not None
        return inserted.last_id

    def all(self) -> list[Note]:
        """Every note, the most recently written first."""
        with self._vault.reading() as reader:
            rows = reader.fetch_all(
                "SELECT id, written_utc, utc_offset_minutes, body FROM notes ORDER BY id DESC"
            )
        return [_note(row) for row in rows]

    def get(self, note_id: int) -> Note | None:
        with self._vault.reading() as reader:
            row = reader.fetch_one(
                "SELECT id, written_utc, utc_offset_minutes, body FROM notes WHERE id = ?",
                (note_id,),
            )
        return None if row is None else _note(row)

    def delete(self, note_id: int) -> None:
        """The note and its unfinished edit, if any, together: none of its words are left."""
        with self._vault.transaction() as tx:
            tx.execute("DELETE FROM notes WHERE id = ?", (note_id,))
            tx.execute(
                "DELETE FROM drafts WHERE kind = ? AND reference = ?", (NOTE_DRAFT, str(note_id))
            )

    def update(self, note_id: int, body: str) -> None:
        """Replace a note's text; its time stays the moment it was first written."""
        text = _checked(body)
        with self._vault.transaction() as tx:
            changed = tx.execute("UPDATE notes SET body = ? WHERE id = ?", (text, note_id))
            if changed.rows != 1:
                raise LookupError("that note is no longer in the vault")
