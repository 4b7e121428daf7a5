"""Persisted attempt counters: per vault and slot kind, for decoy names, and kiosk-wide.

One small JSON file under the gatekeeper's folder, read and replaced under an exclusive
``flock`` so that the kiosk and an operator's command never lose each other's counts. It is
fsynced before any key derivation starts: a process killed mid-guess has already paid for it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from kiosk.vault.crypto import SlotKind
from kiosk.vault.fsutil import atomic_write
from kiosk.vault.gatekeeper.lockout import MAX_FAILURES, Counter
from kiosk.vault.trusted import read_trusted

COUNTERS_FILE = "counters.json"
LOCK_FILE = "state.lock"
DECOY_PREFIX = "decoy-"
# Decoy counters exist so an unknown name is delayed exactly like a real one; keeping only the
# most recent few hundred bounds the file without helping anyone tell the two apart.
MAX_DECOYS = 256
# Failed unlocks are kept for the kiosk-wide window only; a file holding more than this many
# was not written by Harbour.
MAX_SPRAY_ENTRIES = 100_000

Seconds = Annotated[float, msgspec.Meta(ge=0)]
CounterKey = Annotated[str, msgspec.Meta(pattern=rf"\A({DECOY_PREFIX})?[0-9a-f]{{32}}\Z")]


class CounterEntry(msgspec.Struct, array_like=True, forbid_unknown_fields=True, omit_defaults=True):
    """``[failures, last_failure]``, plus ``rewound_at`` once the clock was seen going back,
    plus ``behind`` (true) when the last failure was counted while it was (lockout.py)."""

    failures: Annotated[int, msgspec.Meta(ge=1, le=MAX_FAILURES)]
    last_failure: Seconds
    rewound_at: Seconds | None = None
    behind: bool = False


class CountersFile(msgspec.Struct, forbid_unknown_fields=True):
    v: Literal[1]
    spray: Annotated[list[Seconds], msgspec.Meta(max_length=MAX_SPRAY_ENTRIES)] = []
    paused_until: Seconds = 0.0
    pause_rewound_at: Seconds | None = None
    spray_behind: Annotated[list[Seconds], msgspec.Meta(max_length=MAX_SPRAY_ENTRIES)] = []
    behind_from: Seconds = 0.0
    pin: dict[CounterKey, CounterEntry] = {}
    recovery: dict[CounterKey, CounterEntry] = {}


@dataclass
class CounterState:
    counters: dict[SlotKind, dict[str, Counter]] = field(
        default_factory=lambda: {"pin": {}, "recovery": {}}
    )
    spray: list[float] = field(default_factory=list)
    paused_until: float = 0.0
    # The first clock reading seen behind the pause's start (see ``Gatekeeper``): while the
    # clock is behind, the pause runs in full from here; ``paused_until`` still holds after.
    pause_rewound_at: float | None = None
    # Failures counted while the clock read behind ``behind_from``, the latest failure on
    # record before them (their readings, also in ``spray``). When they happened on the true
    # clock is not known: once the clock reads ``behind_from`` or later they count from that
    # reading (``Gatekeeper``), or they would leave the rolling hour early.
    spray_behind: list[float] = field(default_factory=list)
    behind_from: float = 0.0

    def note_failure(self, now: float) -> None:
        """A failed unlock, for the kiosk-wide figure."""
        if not self.spray_behind and self.spray and now < max(self.spray):
            self.behind_from = max(self.spray)
        if self.spray_behind or now < self.behind_from:
            self.spray_behind.append(now)
        self.spray.append(now)

    def forget_failure(self, reading: float) -> None:
        """A counted attempt that succeeded after all: not a failure."""
        for readings in (self.spray, self.spray_behind):
            if reading in readings:
                readings.remove(reading)

    def keep_failures_since(self, start: float) -> None:
        self.spray = [t for t in self.spray if t > start]
        self.spray_behind = [t for t in self.spray_behind if t > start]

    def spray_came_back(self, now: float) -> bool:
        """Failures were counted behind, and the clock is back at or past ``behind_from``."""
        return bool(self.spray_behind) and now >= self.behind_from

    def restamp_behind(self, now: float) -> None:
        """Count the failures made behind as made at ``now``, the first reading seen back."""
        for reading in self.spray_behind:
            if reading in self.spray:
                self.spray.remove(reading)
                self.spray.append(now)
        self.spray_behind = []

    def get(self, kind: SlotKind, key: str) -> Counter:
        return self.counters[kind].get(key, Counter())

    def put(self, kind: SlotKind, key: str, counter: Counter) -> None:
        if counter.failures == 0:
            self.counters[kind].pop(key, None)
        else:
            self.counters[kind][key] = counter

    def forget(self, key: str) -> None:
        for table in self.counters.values():
            table.pop(key, None)

    def _trim_decoys(self) -> None:
        for table in self.counters.values():
            decoys = sorted(
                (key for key in table if key.startswith(DECOY_PREFIX)),
                key=lambda key: table[key].last_failure,
            )
            for key in decoys[: max(0, len(decoys) - MAX_DECOYS)]:
                del table[key]

    def to_bytes(self) -> bytes:
        self._trim_decoys()

        def entries(kind: SlotKind) -> dict[str, CounterEntry]:
            return {
                key: CounterEntry(c.failures, c.last_failure, c.rewound_at, c.behind)
                for key, c in self.counters[kind].items()
            }

        document = CountersFile(
            v=1,
            spray=self.spray,
            paused_until=self.paused_until,
            pause_rewound_at=self.pause_rewound_at,
            spray_behind=self.spray_behind,
            behind_from=self.behind_from,
            pin=entries("pin"),
            recovery=entries("recovery"),
        )
        return msgspec.json.encode(document, order="sorted")

    @classmethod
    def from_document(cls, document: CountersFile) -> CounterState:
        state = cls(
            spray=list(document.spray),
            paused_until=document.paused_until,
            pause_rewound_at=document.pause_rewound_at,
            spray_behind=list(document.spray_behind),
            behind_from=document.behind_from,
        )
        tables: dict[SlotKind, dict[str, CounterEntry]] = {
            "pin": document.pin,
            "recovery": document.recovery,
        }
        for kind, table in tables.items():
            state.counters[kind] = {
                key: Counter(e.failures, e.last_failure, e.rewound_at, e.behind)
                for key, e in table.items()
            }
        return state


class CounterStore:
    def __init__(self, state_dir: Path) -> None:
        self._path = state_dir / COUNTERS_FILE
        self._lock_path = state_dir / LOCK_FILE

    @contextmanager
    def locked(self) -> Iterator[CounterState]:
        """Hold the gatekeeper lock, yield the current state; the caller saves explicitly."""
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield self._load()
        finally:
            os.close(fd)

    def check(self) -> None:
        """Decode the file without taking the lock (which could create it): a read-only look."""
        self._load()

    def save(self, state: CounterState) -> None:
        atomic_write(self._path, state.to_bytes())

    def _load(self) -> CounterState:
        # Failing closed: an unreadable counter file must not quietly reset every lock-out.
        document = read_trusted(self._path, CountersFile, "the attempt counter file")
        return CounterState() if document is None else CounterState.from_document(document)
