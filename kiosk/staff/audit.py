"""The staff log: what staff did, which account did it, on which day. Append-only, chained.

It never holds visitor content, vault names, PINs or codes, and no time finer than the day:
``detail`` is limited to small numbers and short words that name no visitor (a count of
vaults, an organisation's name, a staff account's name).

Each line is one JSON record whose ``link`` is SHA-256 over the previous record's link and the
record's own canonical bytes, like the diary's chain: a line changed, removed or reordered
breaks every link after it (``verify``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import fcntl
import hashlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import msgspec

from kiosk.vault.fsutil import private_dir

AUDIT_DIR = "staff"
AUDIT_FILE = "audit.jsonl"
LOCK_FILE = "audit.lock"
_GENESIS = hashlib.sha256(b"harbour staff log 1\x00").hexdigest()


class StaffAction(enum.Enum):
    SIGNED_IN = "signed-in"
    ACCOUNT_ADDED = "account-added"
    ACCOUNT_REMOVED = "account-removed"
    VAULT_MADE = "vault-made"
    VAULT_DELETED = "vault-deleted"
    UNUSED_VAULTS_DELETED = "unused-vaults-deleted"
    SHEETS_PRINTED = "sheets-printed"
    ENTRY_CHECKED = "entry-checked"
    ENTRY_CORRECTED = "entry-corrected"
    NUMBERS_EXPORTED = "numbers-exported"
    LOG_EXPORTED = "log-exported"
    KIOSK_CLOSED = "kiosk-closed"


_Detail = Annotated[str, msgspec.Meta(max_length=120)]


class AuditRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    seq: Annotated[int, msgspec.Meta(ge=1)]
    day: Annotated[str, msgspec.Meta(pattern=r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")]
    staff: Annotated[str, msgspec.Meta(min_length=1, max_length=60)]
    action: StaffAction
    detail: _Detail = ""
    link: Annotated[str, msgspec.Meta(pattern=r"\A[0-9a-f]{64}\Z")] = ""


def _link(previous: str, record: AuditRecord) -> str:
    unlinked = msgspec.structs.replace(record, link="")
    return hashlib.sha256(bytes.fromhex(previous) + msgspec.json.encode(unlinked)).hexdigest()


class AuditLog:
    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self._folder = data_dir / AUDIT_DIR
        self._path = self._folder / AUDIT_FILE
        self._clock = clock

    def record(self, action: StaffAction, staff: str, detail: str = "") -> AuditRecord:
        """Append one record and return it. Raises ``OSError`` when it cannot be written."""
        with self._locked():
            records = self._read_whole()
            previous = records[-1].link if records else _GENESIS
            day = dt.datetime.fromtimestamp(self._clock()).date().isoformat()
            draft = AuditRecord(len(records) + 1, day, " ".join(staff.split()), action, detail)
            record = msgspec.structs.replace(draft, link=_link(previous, draft))
            line = msgspec.json.encode(record) + b"\n"
            descriptor = os.open(self._path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, line)
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            return record

    def records(self) -> list[AuditRecord]:
        """Every whole record, oldest first (``AuditLogDamaged`` if a line cannot be read)."""
        return self._read_whole()

    def verify(self) -> int | None:
        """None if every link holds; otherwise the first record number that does not."""
        previous = _GENESIS
        for record in self._read_whole():
            if record.link != _link(previous, record):
                return record.seq
            previous = record.link
        return None

    def _read_whole(self) -> list[AuditRecord]:
        try:
            data = self._path.read_bytes()
        except FileNotFoundError:
            return []
        lines = data.split(b"\n")
        # A record cut short by a kill is the last line without its newline: not a record.
        whole = lines[:-1]
        try:
            return [msgspec.json.decode(line, type=AuditRecord) for line in whole]
        except (msgspec.DecodeError, ValueError) as error:
            raise AuditLogDamaged(str(error)) from None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        private_dir(self._folder)
        descriptor = os.open(self._folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield
        finally:
            os.close(descriptor)


class AuditLogDamaged(Exception):
    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"audit-log-damaged ({detail})")
