"""Whether the diary has records her last copy does not: the gentle "keep a copy" reminder.

The leaflet tells her to keep a copy of her record somewhere safe and separate. When she
exports the vault or prints her record, the chain's record count at that moment is kept in the
vault; the diary then says, without nagging, how many records were added since.
"""

from __future__ import annotations

from kiosk.diary.repository import DiaryRepository
from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.meta_values import MetaNumbers

COPIED_COUNT_KEY = "diary_records_at_last_copy"


class KeptCopies:
    """The diary's record count at her last export or printed record."""

    def __init__(self, vault: VaultDatabase) -> None:
        self._vault = vault
        self._numbers = MetaNumbers(vault)

    def copy_made(self, count: int | None = None) -> None:
        """An export or a printed record was made of the first ``count`` records (default:
        all of them now). A copy never makes an earlier, fuller one count for less."""
        if count is None:
            count = DiaryRepository(self._vault).head().count
        with self._vault.transaction():
            if count > (self._numbers.get(COPIED_COUNT_KEY) or 0):
                self._numbers.set(COPIED_COUNT_KEY, count)

    def records_since_copy(self) -> int:
        """How many diary records (entries, amendments, withdrawals) her last copy lacks; all
        of them when she has made none. 0: nothing to remind her of."""
        copied = self._numbers.get(COPIED_COUNT_KEY) or 0
        return max(0, DiaryRepository(self._vault).head().count - copied)
