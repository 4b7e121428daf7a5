"""The narrow interface repositories and migrations get to a vault's database.

Nothing outside ``kiosk.vault.storage`` holds the SQLCipher connection. A repository asks the
open vault for ``reading()`` or ``transaction()`` and gets one of these: parameterised
statements in, plain rows out, valid only inside the ``with`` block that handed it out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.vault.errors import VaultClosed

SqlValue = str | int | float | bytes | None
Row = tuple[SqlValue, ...]


@dataclass(frozen=True)
class Written:
    """What a write changed: the rows it touched and, after an INSERT, the new row's id."""

    rows: int
    last_id: int | None


class Reader:
    """Reads only; handed out by ``VaultDatabase.reading()`` under the vault's mutex."""

    def __init__(self, connection: Any) -> None:
        self._connection: Any = connection

    def _live(self) -> Any:
        if self._connection is None:
            # A repository kept it past its ``with`` block: a bug, never a visitor's doing.
            raise VaultClosed()
        return self._connection

    def end(self) -> None:
        """Called by the storage layer when the block that handed this out ends."""
        self._connection = None

    def fetch_all(self, sql: str, parameters: Sequence[SqlValue] = ()) -> list[Row]:
        return [tuple(row) for row in self._live().execute(sql, tuple(parameters)).fetchall()]

    def fetch_one(self, sql: str, parameters: Sequence[SqlValue] = ()) -> Row | None:
        row = self._live().execute(sql, tuple(parameters)).fetchone()
        return None if row is None else tuple(row)


class Transaction(Reader):
    """Reads and writes inside one ``BEGIN IMMEDIATE … COMMIT``; anything raised rolls back."""

    def execute(self, sql: str, parameters: Sequence[SqlValue] = ()) -> Written:
        cursor = self._live().execute(sql, tuple(parameters))
        last_id = cursor.lastrowid
        return Written(int(cursor.rowcount), None if last_id is None else int(last_id))

    def execute_many(self, sql: str, rows: Iterable[Sequence[SqlValue]]) -> None:
        self._live().executemany(sql, (tuple(row) for row in rows))
