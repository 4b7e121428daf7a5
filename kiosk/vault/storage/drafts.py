"""Unsaved work kept inside the encrypted vault: one draft per (kind, reference).

A quick exit or idle lock that interrupts a form stores what was typed here, flagged as
interrupted, so nothing is lost and nothing is ever written anywhere in plain text. The
reference says which thing the form was about (the id of the note being edited; empty for a
new one), so a draft of editing note 7 and a draft of a new note are kept side by side.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.sql import Row
from kiosk.vault.storage.times import shown_time, stored_time

MAX_KEY_CHARACTERS = 64


@dataclass(frozen=True)
class Draft:
    kind: str
    reference: str
    fields: dict[str, str]
    saved: dt.datetime  # aware, in the offset the visitor saw
    interrupted: bool


def _checked(kind: str, reference: str) -> tuple[str, str]:
    if not kind or len(kind) > MAX_KEY_CHARACTERS or len(reference) > MAX_KEY_CHARACTERS:
        raise ValueError("a draft is keyed by a short kind and reference")
    if not (kind + reference).isprintable():
        raise ValueError("a draft's kind and reference are printable text")
    return kind, reference


def _draft(row: Row) -> Draft:
    kind, reference, body, saved_utc, offset, interrupted = row
    fields = json.loads(str(body))
    return Draft(
        str(kind),
        str(reference),
        {str(k): str(v) for k, v in fields.items()},
        shown_time(str(saved_utc), int(str(offset))),
        bool(interrupted),
    )


class DraftsRepository:
    """The drafts of one open vault."""

    def __init__(self, vault: VaultDatabase) -> None:
        self._vault = vault

    def save(
        self,
        kind: str,
        reference: str,
        fields: dict[str, str],
        *,
        saved: dt.datetime,
        interrupted: bool,
    ) -> None:
        """Keep ``fields`` as the draft of (kind, reference), replacing an older one."""
        key = _checked(kind, reference)
        body = json.dumps(fields, ensure_ascii=False, sort_keys=True)
        saved_utc, offset = stored_time(saved)
        with self._vault.transaction() as tx:
            tx.execute(
                "INSERT INTO drafts (kind, reference, body, saved_utc, utc_offset_minutes,"
                " interrupted) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (kind, reference) DO UPDATE SET body = excluded.body, "
                "saved_utc = excluded.saved_utc, utc_offset_minutes = excluded.utc_offset_minutes,"
                " interrupted = excluded.interrupted",
                (*key, body, saved_utc, offset, int(interrupted)),
            )

    def load(self, kind: str, reference: str = "") -> Draft | None:
        with self._vault.reading() as reader:
            row = reader.fetch_one(
                "SELECT kind, reference, body, saved_utc, utc_offset_minutes, interrupted"
                " FROM drafts WHERE kind = ? AND reference = ?",
                _checked(kind, reference),
            )
        return None if row is None else _draft(row)

    def of_kind(self, kind: str) -> list[Draft]:
        """Every draft of one kind of form, the most recently saved first."""
        with self._vault.reading() as reader:
            rows = reader.fetch_all(
                "SELECT kind, reference, body, saved_utc, utc_offset_minutes, interrupted"
                " FROM drafts WHERE kind = ? ORDER BY saved_utc DESC, reference",
                (kind,),
            )
        return [_draft(row) for row in rows]

    def all(self) -> list[Draft]:
        with self._vault.reading() as reader:
            rows = reader.fetch_all(
                "SELECT kind, reference, body, saved_utc, utc_offset_minutes, interrupted"
                " FROM drafts ORDER BY kind, reference"
            )
        return [_draft(row) for row in rows]

    def discard(self, kind: str, reference: str = "") -> None:
        with self._vault.transaction() as tx:
            tx.execute(
                "DELETE FROM drafts WHERE kind = ? AND reference = ?", _checked(kind, reference)
            )
