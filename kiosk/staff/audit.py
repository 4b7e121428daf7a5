"""The staff log: what staff did, which account did it, on which day. Append-only, chained.

It never holds visitor content, vault names, PINs or codes, and no time finer than the day:
``detail`` is limited to small numbers and short words that name no visitor (a count of
vaults, an organisation's name, a staff account's name).

Each line is one JSON record whose ``link`` seals the previous record's link and the record's
own canonical bytes, like the diary's chain: a line changed, removed, reordered or inserted
breaks its link or the next one (``verify``). In the kiosk the seal is an HMAC-SHA-256 under a
key derived from the kiosk secret (``Gatekeeper.staff_log_seal``), so nobody without the secret
can write a whole new chain either; without a seal (tools and tests) it is plain SHA-256.

A chain alone cannot tell that its newest records were cut off. So the head (the last record's
number and link) is also kept beside it, in ``audit.head``, sealed the same way, and replaced
after every append: a log shorter than its head, or a head that is missing or not sealed by
this kiosk while records exist, is not whole. The head is written after the record, so a kill
in between leaves one record past the head: it is sealed, so it is genuine, and the next append
moves the head up. What the head cannot notice is both files put back together from an older
copy (docs/SECURITY.md, "The staff log").

A kill in the middle of an append leaves a torn last line (no newline): it is no record, and
the next append cuts it off, under the lock, before writing its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import errno
import hashlib
import hmac
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Final, Literal

import msgspec

from kiosk.vault.errors import VaultError
from kiosk.vault.fsutil import (
    NotARegularFile,
    atomic_write,
    folder_lock,
    read_regular,
)

AUDIT_DIR = "staff"
AUDIT_FILE = "audit.jsonl"
HEAD_FILE = "audit.head"
LOCK_FILE = "audit.lock"
_GENESIS = hashlib.sha256(b"harbour staff log 1\x00").hexdigest()
_NO_LINK = "0" * 64  # what follows a line that cannot be read: the chain is broken there
MAX_STAFF = 60
MAX_DETAIL = 120
# Decades of a centre's staff actions (a record is about 250 bytes); a larger file was not
# written here, and reading it whole (on the screen's thread, for some appends) would freeze
# the kiosk, quick exit included.
MAX_LOG_BYTES = 64 << 20

Seal = Callable[[bytes], str]
"""A keyed MAC over bytes, as 64 hex digits (the gatekeeper's, under the kiosk secret)."""


def plain_seal(message: bytes) -> str:
    return hashlib.sha256(message).hexdigest()


# Who the staff log says acted, for a change made with the kiosk command (``kiosk admin``):
# no staff account may be called so (kiosk.staff.accounts), or its acts would read as those.
COMMAND_LINE: Final = "command line"


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


_Detail = Annotated[str, msgspec.Meta(max_length=MAX_DETAIL)]
_Link = Annotated[str, msgspec.Meta(pattern=r"\A[0-9a-f]{64}\Z")]


class AuditRecord(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    seq: Annotated[int, msgspec.Meta(ge=1)]
    day: Annotated[str, msgspec.Meta(pattern=r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")]
    staff: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_STAFF)]
    action: StaffAction
    detail: _Detail = ""
    link: _Link | Literal[""] = ""


class HeadFile(msgspec.Struct, forbid_unknown_fields=True):
    """``audit.head``: the newest record's number and link, sealed."""

    v: Literal[1]
    seq: Annotated[int, msgspec.Meta(ge=0)]
    link: _Link
    tag: _Link


def tidy(text: str, limit: int) -> str:
    """One line of printable text, at most ``limit`` characters: no control character, no
    run of spaces (a name or a detail is shown on a staff screen and written to a CSV)."""
    printable = "".join(c if c.isprintable() else " " for c in text)
    return " ".join(printable.split())[:limit]


class AuditLog:
    def __init__(
        self,
        data_dir: Path,
        clock: Callable[[], float] = time.time,
        seal: Seal | None = None,
    ) -> None:
        self._folder = data_dir / AUDIT_DIR
        self._path = self._folder / AUDIT_FILE
        self._head = self._folder / HEAD_FILE
        self._clock = clock
        self._seal = seal or plain_seal

    def record(self, action: StaffAction, staff: str, detail: str = "") -> AuditRecord:
        """Append one record and return it. Raises ``OSError`` when it cannot be written and
        ``ValueError`` for a staff name that is empty once tidied."""
        staff_name = tidy(staff, MAX_STAFF)
        if not staff_name:
            raise ValueError("a staff record needs the staff account's name")
        try:
            return self._append(action, staff_name, detail)
        except VaultError:
            # The seal comes from the gatekeeper service, stopped or restarting: for the
            # screen that has already done its work this is a log it could not write.
            raise StaffLogNotSealed() from None

    def _append(self, action: StaffAction, staff_name: str, detail: str) -> AuditRecord:
        with self._locked():
            lines = self._whole_lines(repair=True)
            previous = _link_of(lines[-1]) if lines else _GENESIS
            day = dt.datetime.fromtimestamp(self._clock()).date().isoformat()
            draft = AuditRecord(len(lines) + 1, day, staff_name, action, tidy(detail, MAX_DETAIL))
            record = msgspec.structs.replace(draft, link=self._link(previous, draft))
            line = msgspec.json.encode(record) + b"\n"
            descriptor = os.open(
                self._path,
                os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o600,
            )
            try:
                os.write(descriptor, line)
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
            self._write_head(record.seq, record.link)
            self._date_back(dt.date.fromisoformat(day))
            return record

    def records(self, *, skip_damaged: bool = False) -> list[AuditRecord]:
        """Every whole record, oldest first. A line that cannot be read raises
        ``AuditLogDamaged``, or is left out with ``skip_damaged`` (``verify`` then says where)."""
        found = []
        for line in self._whole_lines():
            try:
                found.append(msgspec.json.decode(line, type=AuditRecord))
            except (msgspec.DecodeError, ValueError) as error:
                if not skip_damaged:
                    raise AuditLogDamaged(str(error)) from None
        return found

    def verify(self) -> int | None:
        """None if the log is whole; otherwise the number of the first record that is not
        there as it was written (changed, removed, moved, inserted, or cut off the end).

        Under the lock: read between another process's append and its new head, the log
        would look cut short."""
        with self._locked():
            return self._verify()

    def _verify(self) -> int | None:
        previous = _GENESIS
        lines = self._whole_lines()
        for number, line in enumerate(lines, start=1):
            try:
                record = msgspec.json.decode(line, type=AuditRecord)
            except (msgspec.DecodeError, ValueError):
                return number
            if record.seq != number or not hmac.compare_digest(
                record.link, self._link(previous, record)
            ):
                return number
            previous = record.link
        head = self._read_head()
        if head is None:
            return None if not lines else len(lines) + 1
        if head.seq > len(lines):
            return len(lines) + 1
        if head.seq > 0 and _link_of(lines[head.seq - 1]) != head.link:
            return head.seq
        return None

    @property
    def path(self) -> Path:
        return self._path

    def _link(self, previous: str, record: AuditRecord) -> str:
        unlinked = msgspec.structs.replace(record, link="")
        return self._seal(bytes.fromhex(previous) + msgspec.json.encode(unlinked))

    def _head_tag(self, seq: int, link: str) -> str:
        return self._seal(f"staff-log-head|1|{seq}|{link}".encode("ascii"))

    def _date_back(self, day: dt.date) -> None:
        """The files' and the folder's times say the day, not when staff last did something
        (like the records themselves); their change times still do (docs/SECURITY.md)."""
        start = dt.datetime.combine(day, dt.time()).timestamp()
        for path in (self._path, self._head, self._folder / LOCK_FILE, self._folder):
            with contextlib.suppress(OSError):
                os.utime(path, (start, start))

    def _write_head(self, seq: int, link: str) -> None:
        head = HeadFile(v=1, seq=seq, link=link, tag=self._head_tag(seq, link))
        atomic_write(self._head, msgspec.json.encode(head))

    def _read_head(self) -> HeadFile | None:
        """The head, if it is there and sealed by this kiosk; None otherwise."""
        try:
            data = _read_regular(self._head, 4096)
            head = msgspec.json.decode(data, type=HeadFile)
        except (OSError, msgspec.DecodeError, ValueError):
            return None
        if not hmac.compare_digest(head.tag, self._head_tag(head.seq, head.link)):
            return None
        return head

    def _whole_lines(self, *, repair: bool = False) -> list[bytes]:
        """The log's lines that ended with their newline. With ``repair`` (under the lock), a
        torn last line, left by a kill in the middle of an append, is cut off the file."""
        data = self._read_log()
        whole_length = data.rfind(b"\n") + 1
        if repair and whole_length < len(data):
            os.truncate(self._path, whole_length)
        return data[:whole_length].split(b"\n")[:-1]

    def _read_log(self) -> bytes:
        """The log's bytes (none if there is no log yet)."""
        try:
            return _read_regular(self._path, MAX_LOG_BYTES)
        except FileNotFoundError:
            return b""

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        return folder_lock(self._folder, LOCK_FILE)


def _read_regular(path: Path, limit: int) -> bytes:
    """``path``'s bytes; ``AuditLogUnusable`` for anything but a regular file of at most
    ``limit`` bytes. Someone with the kiosk user's rights can put a symbolic link, a FIFO (which
    would block every reader, on the screen's thread for some appends: quick exit included) or
    a huge file in the log's place: never followed, waited on or read whole."""
    try:
        data = read_regular(path, limit + 1)
    except NotARegularFile:
        raise AuditLogUnusable("not a regular file") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise AuditLogUnusable("a symbolic link, not the log") from None
        raise
    if len(data) > limit:
        raise AuditLogUnusable("too large")
    return data


def _link_of(line: bytes) -> str:
    try:
        return msgspec.json.decode(line, type=AuditRecord).link or _NO_LINK
    except (msgspec.DecodeError, ValueError):
        return _NO_LINK


class AuditLogDamaged(Exception):
    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(f"audit-log-damaged ({detail})")


class StaffLogNotSealed(OSError):
    """The gatekeeper service gave no seal for a new record (it is stopped or restarting)."""

    def __init__(self) -> None:
        super().__init__(errno.EAGAIN, "the gatekeeper service could not seal the staff log")


class AuditLogUnusable(AuditLogDamaged, OSError):
    """The log's file is not one this kiosk wrote (a link, a FIFO, far too large): nothing is
    read from it or added to it. An ``OSError`` too, so every "a log that cannot be written
    does not stop staff" path treats it as the disk fault it amounts to."""
