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
import errno
import fcntl
import os
import re
import stat
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kiosk.vault.crypto import DATA_KEY_LENGTH, wipe
from kiosk.vault.errors import (
    NotRecognised,
    StorageFull,
    UnsupportedSqlcipher,
    VaultClosed,
    VaultDamaged,
    VaultError,
    VaultFromNewerHarbour,
    VaultInUse,
)
from kiosk.vault.fsutil import (
    NotARegularFile,
    destroy_file,
    fault_point,
    fsync_dir,
    open_shared,
    shared_file_mode,
)
from kiosk.vault.ids import is_vault_id
from kiosk.vault.storage.migrations import MIGRATIONS, SCHEMA_VERSION, read_version, set_version
from kiosk.vault.storage.sql import Reader, Transaction

# sqlcipher3 is imported in each function that uses it, not here: a session's first screen
# opens no vault, and loading the library would slow every session's start.

DATABASE_FILE = "vault.db"
# A key rotation writes the re-keyed copy here, then renames it over vault.db (rotation.py);
# the replaced file keeps a second name until it has been overwritten.
NEXT_DATABASE_FILE = "vault.db.next"
PREVIOUS_DATABASE_FILE = ".vault.db.prev"
# A new recovery code waiting to be shown, kept inside the encrypted database (meta table).
PENDING_CODE_KEY = "pending_recovery_code"
SESSION_LOCK_FILE = ".lock"
PINNED_CIPHER_VERSION = "4.19.0 community"
_RAW_KEY = re.compile(rb"^x'[0-9a-f]{64}'$")
_DAMAGE_CODES = frozenset({"SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CANTOPEN", "SQLITE_FORMAT"})
_STORAGE_CODES = frozenset({"SQLITE_FULL", "SQLITE_IOERR"})
# sqlcipher_export reports the disk's refusal as a plain SQLITE_ERROR carrying SQLite's own
# words for SQLITE_FULL or SQLITE_IOERR: a full disk during a PIN change or a recovery read as
# a damaged vault, and staff were told to delete it.
_STORAGE_WORDS = re.compile(r"\A(?:database or disk is full|disk I/O error)\Z")
# A status check by an operator holds the session lock for microseconds; an unlock retries
# for this long before it says "in use", so the two never trip over each other.
_LOCK_PATIENCE_SECONDS = 0.3


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
    if name in _STORAGE_CODES or (name == "SQLITE_ERROR" and _STORAGE_WORDS.search(str(error))):
        return StorageFull()
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        return VaultInUse()
    return VaultDamaged()


class SessionLock:
    """An exclusive ``flock`` on the vault folder's lock file, held while the vault is open."""

    def __init__(self, vault_dir: Path) -> None:
        self._path = vault_dir / SESSION_LOCK_FILE
        self._mode = shared_file_mode(vault_dir)
        self._fd: int | None = None

    def acquire(self) -> None:
        # Both users take this lock on an installed kiosk (the session while the vault is
        # open, the service while it changes the vault's files): group read-write there.
        try:
            fd = open_shared(self._path, os.O_RDWR, self._mode)
        except NotARegularFile:
            raise VaultDamaged() from None
        except FileNotFoundError:
            if not self._path.parent.is_dir():
                # Deleted by staff while it was being opened: no vault has that name now.
                raise NotRecognised() from None
            raise
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise VaultDamaged() from None  # a symbolic link planted where the lock was
            raise
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

    @property
    def fd(self) -> int | None:
        """The locked file's descriptor while held (handed to the gatekeeper service for a
        PIN change from inside the session: the lock is shared, never dropped, meanwhile)."""
        return self._fd

    def adopt(self, fd: int) -> None:
        """Hold the lock through ``fd``, a descriptor of this folder's lock file handed over
        by the session that holds it (the same open file, so the same lock); ``VaultInUse``
        if ``fd`` is another file, or its lock is held through another open file."""
        try:
            given = os.fstat(fd)
            here = os.stat(self._path, follow_symlinks=False)
            if (given.st_dev, given.st_ino) != (here.st_dev, here.st_ino):
                raise VaultInUse()
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise VaultInUse() from None
        self._fd = fd


def is_open_elsewhere(vault_dir: Path) -> bool:
    path = vault_dir / SESSION_LOCK_FILE
    try:
        # Never waits on a FIFO nor follows a link put in its place.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return False
    except OSError:
        return True  # not a lock this kiosk made: not something to open or delete now
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _connect(path: Path, *, create: bool) -> Any:
    import sqlcipher3

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


def linked_cipher_version() -> str:
    """The SQLCipher this Harbour is linked with (``kiosk doctor`` compares it with the pin)."""
    import sqlcipher3

    connection = sqlcipher3.connect(":memory:")
    try:
        (version,) = connection.execute("PRAGMA cipher_version").fetchone()
    finally:
        connection.close()
    return str(version)


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
    """Apply the missing migrations, each in its own transaction with its version bump."""
    import sqlcipher3

    while True:
        connection.execute("BEGIN IMMEDIATE")
        tx = Transaction(connection)
        try:
            version = read_version(tx)
            if version > SCHEMA_VERSION:
                raise VaultFromNewerHarbour()  # never guess at a newer layout, nor touch it
            if version < 1:
                raise VaultDamaged()
            if version == SCHEMA_VERSION:
                connection.execute("COMMIT")
                return
            step = MIGRATIONS[version]
            step.apply(tx)
            set_version(tx, step.number)
            fault_point(f"migration {step.number} applied")
            connection.execute("COMMIT")
        except Exception as error:
            with contextlib.suppress(sqlcipher3.Error):
                connection.execute("ROLLBACK")
            if isinstance(error, sqlcipher3.Error | VaultError):
                raise
            # Rows no Harbour could have written: the step stops, the vault stays as it was.
            raise VaultDamaged() from None
        except BaseException:
            with contextlib.suppress(sqlcipher3.Error):
                connection.execute("ROLLBACK")
            raise
        finally:
            tx.end()


def create_database(
    vault_dir: Path,
    vault_id: str,
    data_key: bytes | bytearray,
    created: str,
    *,
    pending_code: str | None = None,
) -> None:
    """Make a new, empty vault database. Only provisioning calls this.

    ``pending_code``: a recovery code to show at every opening until she has seen it."""
    import sqlcipher3

    if not is_vault_id(vault_id):
        raise VaultDamaged()
    path = vault_dir / DATABASE_FILE
    if path.exists():
        raise FileExistsError(path)
    _make_empty(path, shared_file_mode(vault_dir))
    connection = _connect(path, create=True)
    try:
        _configure(connection, data_key)
        _check_cipher_version(connection)
        _finish_setup(connection)
        connection.execute("BEGIN IMMEDIATE")
        # A new vault is made whole in one transaction: every step, then today's version.
        tx = Transaction(connection)
        MIGRATIONS[0].apply(tx)
        tx.execute_many(
            "INSERT INTO meta (k, v) VALUES (?, ?)",
            [("vault_id", vault_id), ("created", created), ("schema", "1")],
        )
        if pending_code is not None:
            tx.execute("INSERT INTO meta (k, v) VALUES (?, ?)", (PENDING_CODE_KEY, pending_code))
        for step in MIGRATIONS[1:]:
            step.apply(tx)
        set_version(tx, SCHEMA_VERSION)
        tx.end()
        fault_point("database created")
        connection.execute("COMMIT")
        fault_point("database committed")
    except sqlcipher3.Error as error:
        raise _translate(error) from None
    finally:
        connection.close()
    fsync_dir(vault_dir)


def _make_empty(path: Path, mode: int) -> None:
    """Make the empty file SQLite then opens as a new database, with ``mode`` whatever the
    umask. SQLite gives its journal and WAL files the database's mode (and sets it itself,
    past the umask), so they are private, or shared with the kiosk's group in a shared vault
    folder, like the database."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, mode)
    try:
        os.fchmod(descriptor, mode)
    finally:
        os.close(descriptor)


class VaultDatabase:
    """An open vault: one SQLCipher connection, serialised, plus the session lock.

    Close it (or use it as a context manager) to drop the connection and the lock; SQLCipher
    wipes its copy of the key on close.
    """

    def __init__(
        self, connection: Any, lock: SessionLock, vault_id: str, vault_dir: Path | None = None
    ) -> None:
        self._connection = connection
        self._lock = lock
        self._vault_dir = vault_dir
        self._mutex = threading.RLock()
        # The transaction open on the thread that holds the mutex, which nested ones join.
        self._unit: Transaction | None = None
        self.vault_id = vault_id
        # Set at opening when a recovery left a new code that has not been seen yet.
        self.pending_recovery_code: str | None = None

    def __enter__(self) -> VaultDatabase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._connection is None

    def close(self) -> None:
        import sqlcipher3

        with self._mutex:
            if self._vault_dir is not None:
                _open_here.pop(str(self._vault_dir), None)
            if self._connection is not None:
                with contextlib.suppress(sqlcipher3.Error):
                    self._connection.close()
                self._connection = None
            self._lock.release()

    def _live(self) -> Any:
        if self._connection is None:
            raise VaultClosed()
        return self._connection

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """Reads under the vault's mutex; the reader is dead once the block ends."""
        import sqlcipher3

        with self._mutex:
            reader = Reader(self._live())
            try:
                yield reader
            except sqlcipher3.Error as error:
                raise _translate(error) from None
            finally:
                reader.end()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """``BEGIN IMMEDIATE … COMMIT``; on any failure roll back and keep nothing half-done.

        Opened inside another ``transaction()`` of this vault (on the same thread, which holds
        the mutex), it joins that one: what several repositories write in one ``with
        vault.transaction():`` block is committed together or not at all. An error raised
        inside a joined block rolls back the whole unit unless the outer block catches it.
        """
        import sqlcipher3

        with self._mutex:
            if self._unit is not None:
                yield self._unit
                return
            connection = self._live()
            tx = Transaction(connection)
            self._unit = tx
            try:
                connection.execute("BEGIN IMMEDIATE")
                yield tx
                connection.execute("COMMIT")
            except BaseException as error:
                with contextlib.suppress(sqlcipher3.Error):
                    connection.execute("ROLLBACK")
                if isinstance(error, sqlcipher3.Error):
                    raise _translate(error) from None
                raise
            finally:
                self._unit = None
                tx.end()

    def meta(self) -> dict[str, str]:
        with self.reading() as reader:
            return {str(k): str(v) for k, v in reader.fetch_all("SELECT k, v FROM meta")}

    def while_closed(
        self, work: Callable[[], None], new_key: bytearray, old_key: bytearray
    ) -> None:
        """Run ``work`` (a key rotation) with the connection closed but the lock kept, then
        reconnect with whichever key the database in place now takes.

        A visitor changes her PIN from inside her open vault; the rotation replaces the
        database file, so the connection must let go of the old file and follow the new one.
        """

        def rotate(keys: list[bytearray]) -> None:
            keys.extend((bytearray(new_key), bytearray(old_key)))
            work()

        self.reopen_after(rotate)

    def reopen_after(self, work: Callable[[list[bytearray]], None]) -> None:
        """``while_closed`` for keys that ``work`` adds to the list it is given as soon as it
        knows them (the gatekeeper service's, once it has rotated): tried in order, then
        wiped, whether ``work`` ends well or not. Without any, the vault stays closed."""
        assert self._vault_dir is not None
        with self._mutex:
            self._live().close()
            self._connection = None
            keys: list[bytearray] = []
            try:
                work(keys)
            finally:
                try:
                    self._connection = self._first_that_opens(keys)
                finally:
                    for key in keys:
                        wipe(key)

    @property
    def lock_fd(self) -> int | None:
        return self._lock.fd

    def _first_that_opens(self, keys: list[bytearray]) -> Any:
        assert self._vault_dir is not None
        for index, key in enumerate(keys):
            try:
                return _open_connection(self._vault_dir, self.vault_id, key)
            except VaultDamaged:
                if index == len(keys) - 1:
                    raise
        return None

    def clear_pending_recovery_code(self) -> None:
        """The visitor has seen her new recovery code: it is not shown again."""
        with self.transaction() as tx:
            tx.execute("DELETE FROM meta WHERE k = ?", (PENDING_CODE_KEY,))
        self.pending_recovery_code = None

    def full_check(self) -> bool:
        """Both full checks (logical and per-page HMAC); True when the vault is intact."""
        try:
            with self.reading() as reader:
                integrity = reader.fetch_all("PRAGMA integrity_check")
                cipher = reader.fetch_all("PRAGMA cipher_integrity_check")
        except VaultError:
            return False
        return integrity == [("ok",)] and cipher == []


# Vaults this process has open, so a PIN change from inside a session can rotate the key
# through the session's own lock and connection.
_open_here: weakref.WeakValueDictionary[str, VaultDatabase] = weakref.WeakValueDictionary()


def open_here(vault_dir: Path) -> VaultDatabase | None:
    vault = _open_here.get(str(vault_dir))
    return None if vault is None or vault.closed else vault


def open_database(vault_dir: Path, vault_id: str, data_key: bytes | bytearray) -> VaultDatabase:
    """Open an existing vault with its data key, or raise VaultDamaged / VaultInUse.

    Under the session lock it first removes what a killed key rotation may have left.
    """
    if not is_vault_id(vault_id):
        raise VaultDamaged()  # never joined to a path: see ids.py
    lock = SessionLock(vault_dir)
    lock.acquire()
    try:
        remove_rotation_leftovers(vault_dir)
        connection = _open_connection(vault_dir, vault_id, data_key)
    except BaseException:
        lock.release()
        raise
    vault = VaultDatabase(connection, lock, vault_id, vault_dir)
    _open_here[str(vault_dir)] = vault
    try:
        with vault.reading() as reader:
            row = reader.fetch_one("SELECT v FROM meta WHERE k = ?", (PENDING_CODE_KEY,))
    except BaseException:
        vault.close()
        raise
    vault.pending_recovery_code = None if row is None else str(row[0])
    return vault


def _open_connection(vault_dir: Path, vault_id: str, data_key: bytes | bytearray) -> Any:
    """Key, check and migrate the database; the caller holds the session lock."""
    import sqlcipher3

    path = vault_dir / DATABASE_FILE
    try:
        if path.stat().st_size == 0:
            raise VaultDamaged()  # SQLCipher would open a 0-byte file with any key
    except FileNotFoundError:
        raise VaultDamaged() from None
    _refuse_odd_side_files(path)
    try:
        connection = _connect(path, create=False)
    except sqlcipher3.Error as error:
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
        _migrate(connection)
    except sqlcipher3.Error as error:
        connection.close()
        if _error_name(error) == "SQLITE_ERROR" and "no such table" in str(error):
            raise VaultDamaged() from None
        raise _translate(error) from None
    except BaseException:
        connection.close()
        raise
    return connection


# The files SQLite keeps beside a database while it writes (rollback journal, write-ahead log
# and its index).
_SIDE_FILES = ("-journal", "-wal", "-shm")


def _refuse_odd_side_files(path: Path) -> None:
    """SQLite opens a journal it finds beside the database, to roll back what it holds: a
    FIFO put there (the vault's folder is the kiosk's group's to write) was waited on for ever,
    holding the session, or ``kiosk admin vault verify``; a link there could be followed."""
    for suffix in _SIDE_FILES:
        try:
            info = os.lstat(f"{path}{suffix}")
        except FileNotFoundError:
            continue
        except OSError:
            raise VaultDamaged() from None
        if not stat.S_ISREG(info.st_mode):
            raise VaultDamaged()


def export_rekeyed(
    vault_dir: Path,
    vault_id: str,
    old_key: bytes | bytearray,
    new_key: bytes | bytearray,
    pending_code: str | None,
) -> None:
    """Copy the vault into ``vault.db.next`` under ``new_key``; the caller holds the lock.

    ``sqlcipher_export`` writes a fresh file (with a fresh salt), so the live database is never
    modified in place: until ``install_rekeyed`` renames the copy, a kill leaves the vault as
    it was. A new recovery code waiting to be shown is written into the copy only, so it can
    never be shown unless the copy, and with it the new slots, became live.
    """
    import sqlcipher3

    target = vault_dir / NEXT_DATABASE_FILE
    destroy_file(target)
    # Made first, with the database's mode: the session removes a copy a killed rotation
    # left (remove_rotation_leftovers), so on an installed kiosk it must be able to.
    _make_empty(target, shared_file_mode(vault_dir))
    connection = _open_connection(vault_dir, vault_id, old_key)
    key = raw_key(new_key)
    try:
        connection.execute("ATTACH DATABASE ? AS rekeyed KEY ?", (str(target), key))
        connection.execute("SELECT sqlcipher_export('rekeyed')")
        if pending_code is not None:
            connection.execute(
                "INSERT OR REPLACE INTO rekeyed.meta (k, v) VALUES (?, ?)",
                (PENDING_CODE_KEY, pending_code),
            )
        connection.execute("DETACH DATABASE rekeyed")
    except sqlcipher3.Error as error:
        failed: VaultError | None = _translate(error)
    else:
        failed = None
    finally:
        wipe(key)
        # Closing the only connection checkpoints the WAL into vault.db and deletes it.
        connection.close()
    if failed is not None:
        # A part-made copy under a key already forgotten: no use to anyone, and on a full
        # disk it holds the space the vault needs.
        destroy_file(target)
        destroy_file(target.with_name(target.name + "-journal"))
        raise failed
    fault_point("exported")
    # The kiosk's group may rename a FIFO over the copy meanwhile: never waited on (the
    # flush of a FIFO then fails, and so does the rotation, which changed nothing yet).
    fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(vault_dir)
    fault_point("export synced")


def install_rekeyed(vault_dir: Path) -> None:
    """The commit point of a rotation: one rename puts the re-keyed database in place.

    The replaced file keeps a second name so it can be overwritten afterwards
    (``remove_rotation_leftovers``) instead of leaving the old ciphertext in free blocks.
    """
    live = vault_dir / DATABASE_FILE
    for journal in ("-wal", "-journal"):
        if live.with_name(live.name + journal).exists():
            # A journal would be replayed onto the new file; never rename over one.
            raise VaultInUse()
    previous = vault_dir / PREVIOUS_DATABASE_FILE
    destroy_file(previous)
    os.link(live, previous)
    fault_point("previous database linked")
    os.replace(vault_dir / NEXT_DATABASE_FILE, live)
    fault_point("rekeyed database renamed")
    fsync_dir(vault_dir)
    fault_point("rekeyed database synced")


def remove_rotation_leftovers(vault_dir: Path) -> None:
    """Destroy a re-keyed copy never installed and a replaced database not yet overwritten.

    The caller holds the session lock, so no rotation is running. ``destroy_file`` only
    unlinks a name whose file still has another one, so a kill right after the link (when
    the previous name and vault.db are the same file) loses nothing.
    """
    destroy_file(vault_dir / NEXT_DATABASE_FILE)
    destroy_file(vault_dir / (NEXT_DATABASE_FILE + "-journal"))
    destroy_file(vault_dir / PREVIOUS_DATABASE_FILE)


def erase_vault_files(vault_dir: Path, keep: frozenset[str] = frozenset()) -> None:
    """Overwrite and remove every file of a vault, the wrapped keys first; lock held.

    Through the folder's own descriptor, opened without following a link: on an installed
    kiosk the kiosk's group may rename a vault folder and put a link in its place at any
    moment, and the service erasing must never reach through it (into its own folder).
    ``VaultInUse`` if something else stands where the folder was: nothing is erased.
    """
    try:
        folder = os.open(vault_dir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ENOENT:
            return  # gone already: nothing of it to erase
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            raise VaultInUse() from None
        raise
    try:
        names = [n for n in os.listdir(folder) if n not in keep | {SESSION_LOCK_FILE}]
        # slots.json and its temporary or previous copies hold the wrapped keys: they go
        # first, so even an erase killed half-way leaves no key behind for the database.
        names.sort(key=lambda n: (not n.lstrip(".").startswith("slots"), n))
        for name in names:
            try:
                info = os.lstat(name, dir_fd=folder)
            except FileNotFoundError:
                continue
            if stat.S_ISREG(info.st_mode):
                destroy_file(vault_dir / name, folder=folder)
            else:
                with contextlib.suppress(OSError):
                    os.unlink(name, dir_fd=folder)
    finally:
        os.close(folder)
