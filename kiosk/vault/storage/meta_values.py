"""Small whole numbers the features keep about a vault, as rows of its ``meta`` table.

For counts such as "the diary had this many records at her last copy" (kiosk/diary/copies.py):
one key, one non-negative number, replaced in one statement.
"""

from __future__ import annotations

from kiosk.vault.storage.database import VaultDatabase


class MetaNumbers:
    """Named non-negative numbers in the vault's ``meta`` table."""

    def __init__(self, vault: VaultDatabase) -> None:
        self._vault = vault

    def get(self, key: str) -> int | None:
        """The number kept under ``key``; None if none is (or the row is not a number)."""
        with self._vault.reading() as reader:
            row = reader.fetch_one("SELECT v FROM meta WHERE k = ?", (key,))
        if row is None:
            return None
        text = str(row[0])
        return int(text) if text.isascii() and text.isdigit() else None

    def set(self, key: str, value: int) -> None:
        if value < 0:
            raise ValueError("a meta number is never negative")
        with self._vault.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (key, str(value)))
