"""Small file-system primitives the vault relies on: private folders, atomic replace, erasure.

Every write that matters is fsynced, and so is its folder, because a power cut between
write and rename must leave either the old or the new file, never neither.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.tomlfile import NotARegularFile as NotARegularFile  # where readers catch it
from kiosk.tomlfile import read_file
from kiosk.vault.errors import StorageFull

# Errors that mean "the disk cannot take this write" rather than a programming mistake.
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EROFS})


_ERASE_CHUNK = 1 << 20

# Tests set this (in a forked child) to die at the n-th durable step: the kill tests walk every
# step of creating, re-keying and deleting a vault this way. It is None in the kiosk.
fault_hook: Callable[[str], None] | None = None


def fault_point(label: str) -> None:
    """Mark a point where the process may die; the state on disk must be safe to resume."""
    if fault_hook is not None:
        fault_hook(label)


def is_storage_error(error: OSError) -> bool:
    return error.errno in _STORAGE_ERRNOS


class SharedFolder(OSError):
    """A folder every user may write in (``/tmp``, say) where the kiosk keeps a folder of its
    own (errno ``EPERM``): refused, and its mode left as it is."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            errno.EPERM, "every user may write in it; choose a folder of the kiosk's own", path
        )


def refuse_shared(path: Path) -> None:
    """``SharedFolder`` if ``path`` is a folder every user may write in."""
    with contextlib.suppress(FileNotFoundError):
        if os.stat(path).st_mode & stat.S_IWOTH:
            raise SharedFolder(path)


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) as 0700 folders, and tighten it if it already existed.

    An existing folder every user may write in is refused (``SharedFolder``), not tightened:
    a data folder or a secret's folder set to ``/tmp`` must not take ``/tmp`` from everyone
    else, and nothing the kiosk keeps belongs where others may put files."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    refuse_shared(path)
    os.chmod(path, 0o700)
    return path


# The two-user layout of an installed kiosk (deploy/install, docs/SECURITY.md): the vaults
# folder and each vault folder belong to the gatekeeper service's user and to the kiosk's
# group, setgid so that every file made in them gets that group. The service keeps the
# wrapped keys (slots.json) to itself; the database, SQLite's side files and the session
# lock are opened by both (the kiosk opens a vault with the key the service handed it).
# Anywhere else (development, tests, scripts/run) everything stays private to one user.
SHARED_DIR_MODE = 0o2770
SHARED_FILE_MODE = 0o660


def is_shared_folder(folder: Path) -> bool:
    """Whether ``folder`` is laid out for two users: setgid, and its group may use it."""
    try:
        mode = os.stat(folder).st_mode
    except OSError:
        return False
    return bool(mode & stat.S_ISGID) and mode & 0o070 == 0o070


def shared_file_mode(folder: Path) -> int:
    """The mode of a file both users open (a vault's database, its journals, its session
    lock): group read-write in a shared folder, private everywhere else."""
    return SHARED_FILE_MODE if is_shared_folder(folder) else 0o600


def folder_like_parent(path: Path) -> Path:
    """Make a vault folder: shared (2770) inside a shared vaults folder, else private (0700).

    The mode is set after ``mkdir`` because the process umask (0077 in the kiosk and in the
    service) would take the group's bits away."""
    if not is_shared_folder(path.parent):
        return private_dir(path)
    path.mkdir(mode=0o700, exist_ok=True)
    # Through a descriptor of the folder itself: the kiosk's group may put a link in its
    # place meanwhile, and the mode must never land on what the link names (``ELOOP``).
    folder = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    try:
        os.fchmod(folder, SHARED_DIR_MODE)
    finally:
        os.close(folder)
    return path


def open_shared(path: Path, flags: int, mode: int) -> int:
    """Open ``path``, making it with exactly ``mode`` (whatever the umask) if it is new.

    A file of this process's user whose mode differs is set to ``mode``; one made by the
    other user is left as it is (only its owner may change it). A symbolic link is never
    followed (``OSError`` with ``ELOOP``) and anything but a regular file (a FIFO planted
    where a lock was) is ``NotARegularFile``, so no opener waits for ever.
    """
    descriptor = os.open(
        path, flags | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, mode
    )
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile()
        if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != mode:
            os.fchmod(descriptor, mode)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def check_own_folder(path: Path) -> str | None:
    """Why ``path`` is not a folder this process may trust as its own, or None if it is.

    A missing folder is fine (it is made later). A symbolic link, anything but a folder, or
    a folder of another user is not: whoever can put one there decides what is read.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return f"{path} is a symbolic link, not a folder"
    if not stat.S_ISDIR(info.st_mode):
        return f"{path} is not a folder"
    if info.st_uid != os.geteuid():
        return f"{path} belongs to another account (uid {info.st_uid}), not to uid {os.geteuid()}"
    return None


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, mode: int = 0o600, *, sync_folder: bool = True) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file whole.

    Raises ``StorageFull`` when the disk refuses the write; the old file is then untouched.
    ``sync_folder=False`` leaves the rename to the file system's next commit: for a file whose
    old version after a power cut is harmless (the diary's chain head: it then lags behind).
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            fault_point("temp written")
            # Through the descriptor, never the name: in a vault folder (the kiosk group's to
            # write) the name may meanwhile be a link to a file of the service's.
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        fault_point("temp synced")
        os.replace(temp, path)
        fault_point("renamed")
        if sync_folder:
            fsync_dir(path.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if is_storage_error(error):
            raise StorageFull() from None
        raise


def create_marker(path: Path) -> None:
    """An empty file whose existence records an intent (a delete under way), made durable.

    Never opened if already there: a vault folder is the kiosk group's to write, and a FIFO
    put in the marker's place held the gatekeeper service (every call) for ever, a link
    sent the write elsewhere. Anything but a regular file there is replaced."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        os.close(os.open(path, flags, 0o600))
    except FileExistsError:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            path.unlink()
            os.close(os.open(path, flags, 0o600))
    fault_point("marker created")
    fsync_dir(path.parent)


def replace_destroying_previous(path: Path, data: bytes, mode: int = 0o600) -> None:
    """``atomic_write``, then overwrite the version it replaced, not leave it in free blocks.

    A rename alone frees the old file's blocks with its bytes still in them (a carved old
    ``slots.json`` is a wrapped key). The old version is kept reachable under a second name
    until the new one is in place, then destroyed; a process killed in between leaves that
    name, which ``destroy_leftovers`` removes at the next opening.
    """
    previous = path.with_name(f".{path.name}.prev")
    destroy_file(previous)
    with contextlib.suppress(FileNotFoundError):
        os.link(path, previous)
        fault_point("previous linked")
    atomic_write(path, data, mode)
    destroy_file(previous)


def destroy_leftovers(path: Path) -> None:
    """Destroy what a killed ``atomic_write``/``replace_destroying_previous`` of ``path`` left."""
    for stray in path.parent.glob(f".{path.name}.*"):
        if stray.name.endswith(".tmp") or stray.name.endswith(".prev"):
            destroy_file(stray)


def destroy_file(path: Path, *, folder: int | None = None) -> None:
    """Overwrite a file with random bytes, flush it, then unlink it.

    A file that still has another name (a hard link kept while a replacement was written) is
    only unlinked: its bytes are still in use under that other name. ``folder``: a descriptor
    of ``path``'s folder, through which alone the name is looked up (``erase_vault_files``).

    On SSDs and copy-on-write file systems the old blocks may survive; that residual risk is
    why full-disk encryption is required (docs/SECURITY.md).
    """
    where: Path | str = path if folder is None else path.name
    try:
        info = os.lstat(where, dir_fd=folder)
    except FileNotFoundError:
        return
    if stat.S_ISREG(info.st_mode) and info.st_nlink == 1 and info.st_size > 0:
        _overwrite(where, folder, info)
    os.unlink(where, dir_fd=folder)
    fault_point("unlinked")
    if folder is None:
        fsync_dir(path.parent)
    else:
        os.fsync(folder)


def _overwrite(where: Path | str, folder: int | None, seen: os.stat_result) -> None:
    # The kiosk's group may write a vault folder: between the look and the open the name can
    # become a FIFO (never waited on: O_NONBLOCK) or another file (never written: only the
    # file that was looked at, still with one name, is overwritten).
    try:
        fd = os.open(
            where, os.O_WRONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder
        )
    except OSError as error:
        if error.errno in (errno.ENXIO, errno.ELOOP):
            return
        raise
    try:
        info = os.fstat(fd)
        same = (info.st_dev, info.st_ino) == (seen.st_dev, seen.st_ino)
        if not (same and stat.S_ISREG(info.st_mode) and info.st_nlink == 1):
            return
        remaining = info.st_size
        while remaining > 0:
            remaining -= os.write(fd, secrets.token_bytes(min(remaining, _ERASE_CHUNK)))
        os.fsync(fd)
    finally:
        os.close(fd)
    fault_point("overwritten")


class ForeignFile(OSError):
    """A file another account made where this process keeps its own (errno ``EPERM``)."""


def read_regular(path: Path, most: int, *, own: bool = False) -> bytes:
    """At most ``most`` bytes of ``path``, which must be a regular file.

    Someone with the kiosk user's rights can put a symbolic link, a FIFO or a device where
    Harbour keeps a file: a link is never followed (``OSError`` with ``ELOOP``) and a FIFO
    never waited on (``NotARegularFile``), so no reader (a screen's thread, the gatekeeper's
    lock, the supervisor's sweep) can be held for ever. ``own``: the file must also be this
    process's user's (``ForeignFile``), for files in a folder others may write.
    """
    return read_file(path, most, follow_links=False, check=_owned if own else None)


def _owned(info: os.stat_result) -> None:
    if info.st_uid != os.geteuid():
        raise ForeignFile(errno.EPERM, "made by another account")


@contextlib.contextmanager
def folder_lock(folder: Path, name: str) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder/name`` (the folder made private first): one
    read-change-write at a time, across the kiosk's sessions and the command line."""
    private_dir(folder)
    descriptor = os.open(folder / name, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
