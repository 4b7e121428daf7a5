"""Small file-system primitives the vault relies on: private folders, atomic replace, erasure.

Every write that matters is fsynced, and so is its folder, because a power cut between
write and rename must leave either the old or the new file, never neither.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from kiosk.vault.errors import StorageFull

# Errors that mean "the disk cannot take this write" rather than a programming mistake.
_STORAGE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG, errno.EROFS})


def is_storage_error(error: OSError) -> bool:
    return error.errno in _STORAGE_ERRNOS


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) as 0700 folders, and tighten it if it already existed."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file whole.

    Raises ``StorageFull`` when the disk refuses the write; the old file is then untouched.
    """
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, mode)
        os.replace(temp, path)
        fsync_dir(path.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if is_storage_error(error):
            raise StorageFull() from None
        raise


def destroy_file(path: Path) -> None:
    """Overwrite a small file with random bytes, flush it, then unlink it.

    On SSDs and copy-on-write file systems the old blocks may survive; that residual risk is
    why full-disk encryption is required (docs/SECURITY.md).
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, secrets.token_bytes(max(size, 1)))
        os.fsync(fd)
    finally:
        os.close(fd)
    path.unlink()
    fsync_dir(path.parent)
