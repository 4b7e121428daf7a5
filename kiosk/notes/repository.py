"""The visitor's own notes: short free text, kept only inside her vault."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.vault.storage.database import VaultDatabase

MAX_NOTE_CHARACTERS = 20_000


@dataclass(frozen=True)
class Note:
    id: int
    written_at: str
    body: str

    @property
    def first_line(self) -> str:
        return next((line.strip() for line in self.body.splitlines() if line.strip()), "")


def add_note(vault: VaultDatabase, body: str, *, written_at: str) -> int:
    text = body.strip()
    if not text or len(text) > MAX_NOTE_CHARACTERS:
        # Never cut a note short silently: the screen refuses long notes before this.
        raise ValueError("a note must have 1 to 20 000 characters")
    with vault.transaction() as db:
        cursor = db.execute(
            "INSERT INTO notes (written_at, body) VALUES (?, ?)",
            (written_at, text),
        )
        return int(cursor.lastrowid)


def list_notes(vault: VaultDatabase) -> list[Note]:
    rows = vault.query("SELECT id, written_at, body FROM notes ORDER BY id DESC")
    return [Note(int(i), str(w), str(b)) for i, w, b in rows]


def delete_note(vault: VaultDatabase, note_id: int) -> None:
    with vault.transaction() as db:
        db.execute("DELETE FROM notes WHERE id = ?", (note_id,))


def update_note(vault: VaultDatabase, note_id: int, body: str) -> None:
    """Replace a note's text; its date stays the day it was first written."""
    text = body.strip()
    if not text or len(text) > MAX_NOTE_CHARACTERS:
        raise ValueError("a note must have 1 to 20 000 characters")
    with vault.transaction() as db:
        cursor = db.execute("UPDATE notes SET body = ? WHERE id = ?", (text, note_id))
        if cursor.rowcount != 1:
            raise LookupError("that note is no longer in the vault")
