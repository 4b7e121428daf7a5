"""The month each vault was last opened, for retention (vault-security.md §8: delete vaults
unused for N months).

Only the month (YYYY-MM) is kept, nothing finer: enough to tell an unused vault from a used one,
too coarse to say when a visitor came. One file, ``last_used.json`` in the gatekeeper's state
folder, keyed by opaque vault id (never a name), replaced atomically; callers hold the
gatekeeper lock around a change.

A damaged file is not a reason to refuse anything: the months it held are forgotten and each
vault falls back to its creation month (it may then be listed as unused a little early, never
deleted without staff confirming). The next opening of each vault writes a whole file again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from kiosk.vault.fsutil import atomic_write, read_regular
from kiosk.vault.ids import is_vault_id
from kiosk.vault.trusted import VAULT_ID_PATTERN

LAST_USED_FILE = "last_used.json"
# A file of one short entry per vault; anything far larger was not written by Harbour.
_MAX_FILE_BYTES = 4 * 1024 * 1024

Month = Annotated[str, msgspec.Meta(pattern=r"\A[0-9]{4}-(0[1-9]|1[0-2])\Z")]
VaultId = Annotated[str, msgspec.Meta(pattern=VAULT_ID_PATTERN)]


class LastUsedFile(msgspec.Struct, forbid_unknown_fields=True):
    v: Literal[1]
    months: dict[VaultId, Month]
    # The month from which every opening is in ``months``: a vault with no month of its own
    # was not opened since (made before the record began, or its month lost with a damaged
    # file). None (files written before it was kept): not known.
    since: Month | None = None


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_between(earlier: str, later: dt.date) -> int:
    """Whole calendar months from the month ``earlier`` (YYYY-MM) to the month of ``later``."""
    year, month = (int(part) for part in earlier.split("-"))
    return (later.year - year) * 12 + (later.month - month)


class LastUsedStore:
    def __init__(self, state_dir: Path) -> None:
        self._path = state_dir / LAST_USED_FILE

    def load(self) -> dict[str, str]:
        """Vault id -> month last opened; {} if there is no file or it is damaged."""
        return self.load_record()[0]

    def load_record(self) -> tuple[dict[str, str], str | None]:
        """The months, and since when every opening is among them (None: not known, as when
        there is no file or it is damaged; then a vault without a month is not known to be
        unused, and is never listed)."""
        # Never a link followed or a FIFO waited on (it would hold every opening, and the
        # gatekeeper's lock with it): only a regular file is read.
        try:
            data = read_regular(self._path, _MAX_FILE_BYTES + 1)
        except OSError:
            return {}, None
        if len(data) > _MAX_FILE_BYTES:
            return {}, None
        try:
            document = msgspec.json.decode(data, type=LastUsedFile)
        except (msgspec.DecodeError, UnicodeDecodeError):
            return {}, None
        return document.months, document.since

    def note(self, vault_id: str, month: str) -> None:
        """Record ``month`` for the vault; written only when it changes (one write a month)."""
        if not is_vault_id(vault_id):
            return
        months, since = self.load_record()
        if months.get(vault_id) == month and since is not None:
            return
        months[vault_id] = month
        # A record begun (or begun again after damage) now holds every opening from now on.
        self._save(months, since or month)

    def forget(self, vault_id: str) -> None:
        months, since = self.load_record()
        if vault_id in months:
            del months[vault_id]
            self._save(months, since)

    def _save(self, months: dict[str, str], since: str | None) -> None:
        document = LastUsedFile(v=1, months=months, since=since)
        # A full disk must not turn an opening into a failure: the month is a convenience for
        # retention, and the creation month stands in for a month that could not be written.
        with contextlib.suppress(OSError):
            atomic_write(self._path, msgspec.json.encode(document, order="sorted"))
