"""The centre's numbers: anonymous counts per day, for funders.

A count says how many times something happened on a day, and nothing else: no vault, no name,
no time finer than the day. The file's own modification time is set back to the start of its
day after each write, so the file does not say when the last quick exit happened either.

Counting never gets in a visitor's way: a count that cannot be written is lost, silently,
because a visit must never fail for the sake of a statistic.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from kiosk.vault.fsutil import atomic_write, private_dir

NUMBERS_DIR = "numbers"
COUNTS_FILE = "daily.json"
LOCK_FILE = ".lock"


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
_Count = Annotated[int, msgspec.Meta(ge=0, le=10**9)]


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

    def count(self, tally: Tally, amount: int = 1) -> None:
        """Add ``amount`` to today's ``tally``; never raises (see the module's note)."""
        with contextlib.suppress(Exception):
            self._add(tally, amount)

    def days(self, start: dt.date | None = None, end: dt.date | None = None) -> list[DayCounts]:
        """Every day with a count, oldest first, within ``start``..``end`` (both included).

        Raises ``NumbersUnreadable`` if the file is damaged (staff are told; nothing is lost
        by reading)."""
        document = self._read()
        found = []
        for day_text, counts in sorted(document.days.items()):
            day = dt.date.fromisoformat(day_text)
            if (start is not None and day < start) or (end is not None and day > end):
                continue
            known = {tally: counts.get(tally.value, 0) for tally in Tally}
            found.append(DayCounts(day, known))
        return found

    def _today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self._clock()).date()

    def _add(self, tally: Tally, amount: int) -> None:
        with self._locked():
            try:
                document = self._read()
            except NumbersUnreadable:
                # A damaged file is kept aside for staff to see, never silently overwritten.
                self._path.replace(self._path.with_suffix(".damaged"))
                document = CountsFile()
            today = self._today()
            counts = document.days.setdefault(today.isoformat(), {})
            counts[tally.value] = counts.get(tally.value, 0) + amount
            atomic_write(self._path, msgspec.json.encode(document))
            midnight = dt.datetime.combine(today, dt.time()).timestamp()
            os.utime(self._path, (midnight, midnight))

    def _read(self) -> CountsFile:
        try:
            return msgspec.json.decode(self._path.read_bytes(), type=CountsFile)
        except FileNotFoundError:
            return CountsFile()
        except (msgspec.DecodeError, ValueError) as error:
            raise NumbersUnreadable(str(error)) from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        private_dir(self._folder)
        descriptor = os.open(self._folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)


class NumbersUnreadable(Exception):
    """The counts file is damaged; ``detail`` says how (for staff, not visitors)."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"numbers-unreadable ({detail})")
