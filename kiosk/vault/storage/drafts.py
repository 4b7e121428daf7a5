"""Unsaved work kept inside the encrypted vault: at most one draft per kind of form.

A quick exit or idle lock that interrupts a form stores what was typed here, flagged as
interrupted, so nothing is lost and nothing is ever written anywhere in plain text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kiosk.vault.storage.database import VaultDatabase


@dataclass(frozen=True)
class Draft:
    kind: str
    fields: dict[str, str]
    saved_on: str
    interrupted: bool


def save_draft(
    vault: VaultDatabase, kind: str, fields: dict[str, str], *, saved_on: str, interrupted: bool
) -> None:
    body = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    with vault.transaction() as db:
        db.execute(
            "INSERT INTO drafts (kind, body, saved_on, interrupted) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (kind) DO UPDATE SET body = excluded.body, "
            "saved_on = excluded.saved_on, interrupted = excluded.interrupted",
            (kind, body, saved_on, int(interrupted)),
        )


def load_draft(vault: VaultDatabase, kind: str) -> Draft | None:
    rows = vault.query(
        "SELECT kind, body, saved_on, interrupted FROM drafts WHERE kind = ?", (kind,)
    )
    if not rows:
        return None
    kind_, body, saved_on, interrupted = rows[0]
    fields = json.loads(body)
    return Draft(
        str(kind_), {str(k): str(v) for k, v in fields.items()}, str(saved_on), bool(interrupted)
    )


def list_drafts(vault: VaultDatabase) -> list[Draft]:
    kinds = [str(row[0]) for row in vault.query("SELECT kind FROM drafts ORDER BY kind")]
    return [draft for kind in kinds if (draft := load_draft(vault, kind)) is not None]


def discard_draft(vault: VaultDatabase, kind: str) -> None:
    with vault.transaction() as db:
        db.execute("DELETE FROM drafts WHERE kind = ?", (kind,))
