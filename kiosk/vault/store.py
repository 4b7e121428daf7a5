"""SQLCipher storage: create a vault database at provisioning, open it after an unlock.

The set-up order follows the vault security design: silence SQLCipher's stderr logging first,
turn on memory security before keying, key with a checked raw key (never a passphrase), take the
exclusive lock before the first read, prove the key and the vault with the ``meta`` row, and
only then switch to WAL. The unlock path opens with ``mode=rw``, so it can never create a
database: a missing, empty, truncated, corrupt or foreign file is reported as damage and left
as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlcipher3

from kiosk.vault.crypto import DATA_KEY_LENGTH, wipe
from kiosk.vault.errors import StorageFull, VaultDamaged, VaultError, VaultInUse
from kiosk.vault.fsutil import fsync_dir

DATABASE_FILE = "vault.db"
SESSION_LOCK_FILE = ".lock"
PINNED_CIPHER_VERSION = "4.19.0 community"
_RAW_KEY = re.compile(rb"^x'[0-9a-f]{64}'$")
_DAMAGE_CODES = frozenset({"SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CANTOPEN", "SQLITE_FORMAT"})
_STORAGE_CODES = frozenset({"SQLITE_FULL", "SQLITE_IOERR"})
# A status check by an operator holds the session lock for microseconds; an unlock retries
# for this long before it says "in use", so the two never trip over each other.
_LOCK_PATIENCE_SECONDS = 0.3

# Each step brings a vault from the previous version to its own; a vault is always upgraded
# in one transaction on open, so it is never left half-migrated.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    ("CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT",),
    (
        "CREATE TABLE drafts (kind TEXT PRIMARY KEY, body TEXT NOT NULL,"
        " saved_on TEXT NOT NULL, interrupted INTEGER NOT NULL) STRICT",
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, written_at TEXT NOT NULL,"
        " body TEXT NOT NULL) STRICT",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class UnsupportedSqlcipher(VaultError):
    def __init__(self, found: str) -> None:
        self.found = found
        super().__init__("Vaults cannot be opened at the moment. Please ask staff for help.")


def raw_key(data_key: bytes | bytearray) -> bytearray:
    """The ``x'…'`` form SQLCipher takes as a raw key; anything else would become a passphrase."""
    if len(data_key) != DATA_KEY_LENGTH:
        raise ValueError("a vault key is exactly 32 bytes")
    key = bytearray(b"x'") + bytearray(bytes(data_key).hex().encode("ascii")) + bytearray(b"'")
    if not _RAW_KEY.match(bytes(key)):
        raise ValueError("malformed raw key")
    return key


def _error_name(error: BaseException) -> str:
    return str(getattr(error, "sqlite_errorname", ""))


def _translate(error: BaseException) -> VaultError:
    name = _error_name(error)
    if name in _STORAGE_CODES:
        return StorageFull()
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return VaultInUse()
    return VaultDamaged()


class SessionLock:
    """An exclusive ``flock`` on the vault folder's lock file, held while the vault is open."""

    def __init__(self, vault_dir: Path) -> None:
        self._path = vault_dir / SESSION_LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + _LOCK_PATIENCE_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._fd = fd
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise VaultInUse() from None
                time.sleep(0.02)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def is_open_elsewhere(vault_dir: Path) -> bool:
    path = vault_dir / SESSION_LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _connect(path: Path, *, create: bool) -> Any:
    mode = "rwc" if create else "rw"
    uri = f"file:{quote(str(path))}?mode={mode}"
    return sqlcipher3.connect(
        uri, uri=True, isolation_level=None, timeout=1.0, check_same_thread=False
    )


def _configure(connection: Any, data_key: bytes | bytearray) -> None:
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute("PRAGMA cipher_memory_security = ON")
    key = raw_key(data_key)
    try:
        connection.set_key(key)
    finally:
        wipe(key)
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")


def _check_cipher_version(connection: Any) -> None:
    (version,) = connection.execute("PRAGMA cipher_version").fetchone()
    if version != PINNED_CIPHER_VERSION:
        raise UnsupportedSqlcipher(str(version))


def _finish_setup(connection: Any) -> None:
    for pragma in (
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA secure_delete = ON",
        "PRAGMA foreign_keys = ON",
    ):
        connection.execute(pragma)


def _migrate(connection: Any) -> None:
    """Apply the missing migrations; the caller holds a write transaction."""
    (current,) = connection.execute("SELECT v FROM meta WHERE k = 'schema'").fetchone()
    version = int(current)
    if version > SCHEMA_VERSION:
        raise VaultDamaged()  # made by a newer Harbour: never guess at its layout
    for statements in MIGRATIONS[version:]:
        for statement in statements:
            connection.execute(statement)
    connection.execute("UPDATE meta SET v = ? WHERE k = 'schema'", (str(SCHEMA_VERSION),))


def create_database(
    vault_dir: Path, vault_id: str, data_key: bytes | bytearray, created: str
) -> None:
    """Make a new, empty vault database. Only provisioning calls this."""
    path = vault_dir / DATABASE_FILE
    if path.exists():
        raise FileExistsError(path)
    connection = _connect(path, create=True)
    try:
        _configure(connection, data_key)
        _check_cipher_version(connection)
        _finish_setup(connection)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(MIGRATIONS[0][0])
        connection.executemany(
            "INSERT INTO meta (k, v) VALUES (?, ?)",
            [("vault_id", vault_id), ("created", created), ("schema", "1")],
        )
        _migrate(connection)
        connection.execute("COMMIT")
    except sqlcipher3.Error as error:
        raise _translate(error) from None
    finally:
        connection.close()
    # SQLite gives its -wal file the database's mode, so this keeps both private whatever the
    # process umask was.
    os.chmod(path, 0o600)
    fsync_dir(vault_dir)


class VaultDatabase:
    """An open vault: one SQLCipher connection, serialised, plus the session lock.

    Close it (or use it as a context manager) to drop the connection and the lock; SQLCipher
    wipes its copy of the key on close.
    """

    def __init__(self, connection: Any, lock: SessionLock, vault_id: str) -> None:
        self._connection = connection
        self._lock = lock
        self._mutex = threading.RLock()
        self.vault_id = vault_id

    def __enter__(self) -> VaultDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._connection is None

    def close(self) -> None:
        with self._mutex:
            if self._connection is not None:
                with contextlib.suppress(sqlcipher3.Error):
                    self._connection.close()
                self._connection = None
            self._lock.release()

    def _live(self) -> Any:
        if self._connection is None:
            raise VaultError("This vault has been closed.")
        return self._connection

    def query(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._mutex:
            try:
                return list(self._live().execute(sql, parameters).fetchall())
            except sqlcipher3.Error as error:
                raise _translate(error) from None

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """``BEGIN IMMEDIATE … COMMIT``; on any failure roll back and keep nothing half-done."""
        with self._mutex:
            connection = self._live()
            try:
                connection.execute("BEGIN IMMEDIATE")
                yield connection
                connection.execute("COMMIT")
            except BaseException as error:
                with contextlib.suppress(sqlcipher3.Error):
                    connection.execute("ROLLBACK")
                if isinstance(error, sqlcipher3.Error):
                    raise _translate(error) from None
                raise

    def meta(self) -> dict[str, str]:
        return {str(k): str(v) for k, v in self.query("SELECT k, v FROM meta")}

    def full_check(self) -> bool:
        """Both full checks (logical and per-page HMAC); True when the vault is intact."""
        try:
            integrity = self.query("PRAGMA integrity_check")
            cipher = self.query("PRAGMA cipher_integrity_check")
        except VaultError:
            return False
        return integrity == [("ok",)] and cipher == []


def open_database(vault_dir: Path, vault_id: str, data_key: bytes | bytearray) -> VaultDatabase:
    """Open an existing vault with its data key, or raise VaultDamaged / VaultInUse."""
    path = vault_dir / DATABASE_FILE
    try:
        if path.stat().st_size == 0:
            raise VaultDamaged()  # SQLCipher would open a 0-byte file with any key
    except FileNotFoundError:
        raise VaultDamaged() from None
    lock = SessionLock(vault_dir)
    lock.acquire()
    try:
        connection = _connect(path, create=False)
    except sqlcipher3.Error as error:
        lock.release()
        raise _translate(error) from None
    try:
        _configure(connection, data_key)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        row = connection.execute("SELECT v FROM meta WHERE k = 'vault_id'").fetchone()
        if row is None or row[0] != vault_id:
            raise VaultDamaged()
        _check_cipher_version(connection)
        _finish_setup(connection)
        if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise VaultDamaged()
        connection.execute("BEGIN IMMEDIATE")
        try:
            _migrate(connection)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    except sqlcipher3.Error as error:
        connection.close()
        lock.release()
        if _error_name(error) == "SQLITE_ERROR" and "no such table" in str(error):
            raise VaultDamaged() from None
        raise _translate(error) from None
    except BaseException:
        connection.close()
        lock.release()
        raise
    return VaultDatabase(connection, lock, vault_id)
