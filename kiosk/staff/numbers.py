"""The centre's numbers: anonymous counts per day, for funders.

A count says how many times something happened on a day, and nothing else: no vault, no name,
no time finer than the day. The file's modification time (and its folder's) is set back to the
start of the day before it is put in place, so the file does not say when the last quick exit
happened either (its change time still does: docs/SECURITY.md, "The centre's numbers").

Counting never gets in a visitor's way: a count that cannot be written is lost, silently,
because a visit must never fail for the sake of a statistic.

Several processes count at once (a session, ``kiosk admin``): every change is read, added to
and written under one lock (``flock``), and the new file replaces the old one whole (written
beside it, synced, renamed), so a process killed at any moment leaves the old counts or the
new ones, never a file that cannot be read. A file that is damaged all the same (a disk fault,
an edit by hand) is never overwritten: it is moved aside, counting starts again beside it, and
staff are told (``set_aside``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import errno
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from kiosk.vault.fsutil import NotARegularFile, folder_lock, fsync_dir, read_regular

NUMBERS_DIR = "numbers"
COUNTS_FILE = "daily.json"
LOCK_FILE = ".lock"
DAMAGED_PREFIX = "daily.damaged-"
# Ten years of every tally is well under a megabyte; anything much larger was not written here.
_MAX_FILE_BYTES = 8 << 20
MAX_COUNT = 10**9


class Tally(enum.Enum):
    """What is counted; the value is the CSV column and the file's key."""

    VISITS = "visits"
    VAULTS_CREATED = "vaults_created"
    VAULTS_DELETED = "vaults_deleted"
    SHEETS_HELPLINES = "sheets_helplines"
    SHEETS_STEPS = "sheets_steps"
    SHEETS_CARDS = "sheets_cards"
    SHEETS_RECORDS = "sheets_records"
    SHEETS_PLANS = "sheets_plans"
    SHEETS_SLIPS = "sheets_slips"
    QUICK_EXITS = "quick_exits"
    IDLE_LOCKS = "idle_locks"
    RECOVERIES = "recoveries"


_Day = Annotated[str, msgspec.Meta(pattern=r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")]
_Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)]


class CountsFile(msgspec.Struct, forbid_unknown_fields=True):
    """``numbers/daily.json``: for each day, how many of each tally (missing means none)."""

    v: Literal[1] = 1
    days: dict[_Day, dict[str, _Count]] = {}


@dataclass(frozen=True)
class DayCounts:
    day: dt.date
    counts: dict[Tally, int]


class CentreNumbers:
    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self._folder = data_dir / NUMBERS_DIR
        self._path = self._folder / COUNTS_FILE
        self._clock = clock

    @property
    def path(self) -> Path:
        return self._path

    def count(self, tally: Tally, amount: int = 1) -> None:
        """Add ``amount`` to today's ``tally``; never raises (see the module's note)."""
        with contextlib.suppress(Exception):
            if amount > 0:
                self._add(tally, amount)

    def days(self, start: dt.date | None = None, end: dt.date | None = None) -> list[DayCounts]:
        """Every day with a count, oldest first, within ``start``..``end`` (both included).

        Raises ``NumbersUnreadable`` if the file is damaged (staff are told; nothing is lost
        by reading)."""
        document = self._read()
        found = []
        for day, counts in _checked_days(document):
            if (start is not None and day < start) or (end is not None and day > end):
                continue
            found.append(DayCounts(day, {tally: counts.get(tally.value, 0) for tally in Tally}))
        return found

    def set_aside(self) -> list[str]:
        """The names of damaged count files kept aside (oldest first): staff are told of them,
        and the counts they held are not in ``days``."""
        with contextlib.suppress(OSError):
            return sorted(p.name for p in self._folder.glob(f"{DAMAGED_PREFIX}*"))
        return []

    def _today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self._clock()).date()

    def _add(self, tally: Tally, amount: int) -> None:
        with self._locked():
            self._remove_leftovers()
            try:
                document = self._read()
                _checked_days(document)
            except NumbersUnreadable:
                # A damaged file is kept aside for staff to see, never silently overwritten.
                kept = self._folder / f"{DAMAGED_PREFIX}{secrets.token_hex(4)}.json"
                os.replace(self._path, kept)
                document = CountsFile()
            today = self._today()
            counts = document.days.setdefault(today.isoformat(), {})
            counts[tally.value] = min(MAX_COUNT, counts.get(tally.value, 0) + amount)
            start_of_day = dt.datetime.combine(today, dt.time()).timestamp()
            self._replace(msgspec.json.encode(document, order="sorted"), start_of_day)

    def _replace(self, data: bytes, stamp: float) -> None:
        """Write beside, sync, date back, rename, sync the folder and date it (and the lock
        file, whose own times would say when counting began) back too."""
        temp = self._folder / f".{COUNTS_FILE}.{secrets.token_hex(6)}.tmp"
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
            os.utime(descriptor, (stamp, stamp))
        except BaseException:
            os.close(descriptor)
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        os.close(descriptor)
        os.replace(temp, self._path)
        fsync_dir(self._folder)
        for dated in (self._folder / LOCK_FILE, self._folder):
            with contextlib.suppress(OSError):
                os.utime(dated, (stamp, stamp))

    def _remove_leftovers(self) -> None:
        """A process killed between writing and renaming leaves its temporary copy (counts
        only): removed under the lock, so no other process is still writing it."""
        for stray in self._folder.glob(f".{COUNTS_FILE}.*.tmp"):
            with contextlib.suppress(OSError):
                stray.unlink()

    def _read(self) -> CountsFile:
        try:
            # A FIFO put in the file's place must not hold the reader (the staff screen's
            # thread) for ever: it is refused as not a regular file, as a link is.
            data = read_regular(self._path, _MAX_FILE_BYTES + 1)
        except FileNotFoundError:
            return CountsFile()
        except OSError as error:
            if isinstance(error, NotARegularFile) or error.errno == errno.ELOOP:
                raise NumbersUnreadable("not a regular file") from None
            raise
        if len(data) > _MAX_FILE_BYTES:
            raise NumbersUnreadable("too large")
        try:
            return msgspec.json.decode(data, type=CountsFile)
        except (msgspec.DecodeError, ValueError) as error:
            raise NumbersUnreadable(str(error)) from None

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        return folder_lock(self._folder, LOCK_FILE)


def _checked_days(document: CountsFile) -> list[tuple[dt.date, dict[str, int]]]:
    """The file's days as dates, oldest first; ``NumbersUnreadable`` for a day that is none
    (``2026-02-30`` has the right shape)."""
    checked = []
    for day_text, counts in sorted(document.days.items()):
        try:
            checked.append((dt.date.fromisoformat(day_text), counts))
        except ValueError:
            raise NumbersUnreadable(f"not a day: {day_text}") from None
    return checked


class NumbersUnreadable(Exception):
    """The counts file is damaged; ``detail`` says how (for staff, not visitors)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"numbers-unreadable ({detail})")
