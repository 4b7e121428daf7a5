"""Persisted attempt counters: per vault and slot kind, for decoy names, and kiosk-wide.

One small JSON file under the gatekeeper's folder, read and replaced under an exclusive
``flock`` so that the kiosk and an operator's command never lose each other's counts. It is
fsynced before any key derivation starts: a process killed mid-guess has already paid for it.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.vault.crypto import SlotKind
from kiosk.vault.errors import KioskSecretProblem
from kiosk.vault.fsutil import atomic_write
from kiosk.vault.lockout import Counter

COUNTERS_FILE = "counters.json"
LOCK_FILE = "state.lock"
DECOY_PREFIX = "decoy-"
# Decoy counters exist so an unknown name is delayed exactly like a real one; keeping only the
# most recent few hundred bounds the file without helping anyone tell the two apart.
MAX_DECOYS = 256


@dataclass
class CounterState:
    counters: dict[SlotKind, dict[str, Counter]] = field(
        default_factory=lambda: {"pin": {}, "recovery": {}}
    )
    spray: list[float] = field(default_factory=list)
    paused_until: float = 0.0

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
        document: dict[str, Any] = {
            "v": 1,
            "spray": self.spray,
            "paused_until": self.paused_until,
        }
        for kind, table in self.counters.items():
            document[kind] = {key: [c.failures, c.last_failure] for key, c in table.items()}
        return json.dumps(document, sort_keys=True).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> CounterState:
        document = json.loads(data)
        if document.get("v") != 1:
            raise ValueError("unknown counter format")
        state = cls(
            spray=[float(t) for t in document.get("spray", [])],
            paused_until=float(document.get("paused_until", 0.0)),
        )
        kinds: tuple[SlotKind, ...] = ("pin", "recovery")
        for kind in kinds:
            for key, (failures, last) in document.get(kind, {}).items():
                state.counters[kind][str(key)] = Counter(int(failures), float(last))
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

    def save(self, state: CounterState) -> None:
        atomic_write(self._path, state.to_bytes())

    def _load(self) -> CounterState:
        try:
            data = self._path.read_bytes()
        except FileNotFoundError:
            return CounterState()
        try:
            return CounterState.from_bytes(data)
        except (ValueError, TypeError, KeyError) as error:
            # Failing closed: an unreadable counter file must not quietly reset every lock-out.
            raise KioskSecretProblem(f"the attempt counters in {self._path} are damaged") from error
