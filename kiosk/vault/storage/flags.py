"""Things the visitor has been told once and need not be told again, kept in her vault."""

from __future__ import annotations

from enum import StrEnum

from kiosk.vault.storage.database import VaultDatabase

# The value earlier Harbours wrote for a set flag; kept so their vaults read the same.
_SET = "yes"


class Flag(StrEnum):
    QUICK_EXIT_EXPLAINED = "quick_exit_explained"


class FlagsRepository:
    """The visitor's flags, as rows of the vault's ``meta`` table."""

    def __init__(self, vault: VaultDatabase) -> None:
        self._vault = vault

    def is_set(self, flag: Flag) -> bool:
        with self._vault.reading() as reader:
            row = reader.fetch_one("SELECT v FROM meta WHERE k = ?", (flag.value,))
        return row is not None and row[0] == _SET

    def set(self, flag: Flag) -> None:
        with self._vault.transaction() as tx:
            tx.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (flag.value, _SET))
