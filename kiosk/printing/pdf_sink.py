"""Save a PDF into a folder (for example a USB stick) instead of printing it.

The file appears whole or not at all: the bytes go to a hidden temporary file in the same folder,
are flushed to the device, and only then get their final name. Names are neutral
("document-20250106-143000-1.pdf"), so a folder listing says nothing about what was saved, and
the file is readable by its owner only (mode 0600).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import errno
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["SaveError", "SaveProblem", "chosen_folder", "save_pdf"]

_STEM = re.compile(r"[A-Za-z0-9_-]{1,40}")
# Several saves within one second get -1, -2, …; this many in a second means something is wrong.
_MAX_SAME_DAY = 1000


class SaveProblem(enum.Enum):
    MISSING = "missing"
    NOT_WRITABLE = "not-writable"
    FULL = "full"
    FAILED = "failed"
    NOT_ALLOWED = "not-allowed"
    """Outside the folders documents may be saved in (a link leading elsewhere, say)."""


_MESSAGES = {
    SaveProblem.MISSING: (
        "The folder for saved documents cannot be found. Please ask staff for help."
    ),
    SaveProblem.NOT_WRITABLE: (
        "Documents cannot be saved in that folder at the moment. Please ask staff for help."
    ),
    SaveProblem.FULL: "There is no room left to save the document. Please ask staff for help.",
    SaveProblem.FAILED: "The document could not be saved. Please ask staff for help.",
    SaveProblem.NOT_ALLOWED: (
        "Documents can be saved only on a USB stick or in the folder staff have set up."
    ),
}

_PROBLEM_BY_ERRNO = {
    errno.ENOENT: SaveProblem.MISSING,
    errno.ENOTDIR: SaveProblem.MISSING,
    errno.EACCES: SaveProblem.NOT_WRITABLE,
    errno.EPERM: SaveProblem.NOT_WRITABLE,
    errno.EROFS: SaveProblem.NOT_WRITABLE,
    errno.ENOSPC: SaveProblem.FULL,
    errno.EDQUOT: SaveProblem.FULL,
    # A file-size limit fails writes the same way a full disk does.
    errno.EFBIG: SaveProblem.FULL,
    # A USB stick pulled out mid-write or a failing card answers with EIO.
    errno.EIO: SaveProblem.FAILED,
}


class SaveError(Exception):
    """The PDF was not saved; ``str()`` is one calm sentence, ``problem`` says which case."""

    def __init__(self, problem: SaveProblem, detail: str = "") -> None:
        super().__init__(_MESSAGES[problem])
        self.problem = problem
        self.detail = detail


def _save_error(error: OSError) -> SaveError:
    problem = _PROBLEM_BY_ERRNO.get(error.errno or 0, SaveProblem.FAILED)
    return SaveError(problem, f"{error.strerror or error}")


def chosen_folder(typed: str, allowed: Sequence[Path]) -> Path:
    """The folder a visitor typed, checked before anything is written there; SaveError if not.

    It must be an absolute path that, with every link followed, is inside one of ``allowed``
    (each also with its links followed): a link on a USB stick cannot lead the file into the
    kiosk's own folders. It must exist, be a folder, and be writable. The real path is returned,
    so the file goes where the check looked.
    """
    if not typed or not os.path.isabs(typed) or any(_is_control(c) for c in typed):
        raise SaveError(SaveProblem.NOT_ALLOWED, "not an absolute path")
    real = Path(os.path.realpath(typed))
    roots = [Path(os.path.realpath(root)) for root in allowed]
    if not any(real == root or real.is_relative_to(root) for root in roots):
        raise SaveError(SaveProblem.NOT_ALLOWED, f"{real} is outside the allowed folders")
    if not real.is_dir():
        raise SaveError(SaveProblem.MISSING, f"{real} is not a folder")
    if not os.access(real, os.W_OK | os.X_OK):
        raise SaveError(SaveProblem.NOT_WRITABLE, f"{real} is not writable")
    return real


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf")


def save_pdf(
    pdf: bytes,
    folder: Path,
    stem: str = "document",
    *,
    clock: Callable[[], float] = time.time,
    suffix: str = ".pdf",
    started: Callable[[Path], bool] = lambda _temporary: True,
) -> Path:
    """Write ``pdf`` to ``folder`` as STEM-YYYYMMDD-N.pdf (the day only) and return its path.
    (``suffix``: another kind of file, such as her copy of the vault, kept the same way.)
    ``started`` is given the hidden temporary file as soon as it exists, so that a session
    ending mid-save can remove it (its process ends at once, and no clean-up here runs then);
    False from it abandons the save.

    Raises SaveError when the folder is missing or not writable, or the device is full; in every
    case nothing is left behind in the folder.
    """
    if not _STEM.fullmatch(stem):
        raise ValueError(f"file name stem must be letters, digits, '-' or '_': {stem!r}")
    if not folder.is_dir():
        raise SaveError(SaveProblem.MISSING, f"{folder} is not a folder")
    # The day only: a file name to the second would record when a visitor was here.
    stamp = dt.datetime.fromtimestamp(clock()).strftime("%Y%m%d")
    try:
        # mkstemp creates the file with mode 0600 and a name no one else can have taken.
        handle, temp_name = tempfile.mkstemp(prefix=f".{stem}-", suffix=".part", dir=folder)
    except OSError as error:
        raise _save_error(error) from None
    temp = Path(temp_name)
    try:
        if not started(temp):
            os.close(handle)
            raise SaveError(SaveProblem.FAILED, "abandoned")
        with os.fdopen(handle, "wb") as file:
            file.write(pdf)
            file.flush()
            os.fsync(file.fileno())
        target = _give_final_name(temp, folder, f"{stem}-{stamp}", suffix)
        _sync_folder(folder)
    except OSError as error:
        temp.unlink(missing_ok=True)
        raise _save_error(error) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


def _give_final_name(temp: Path, folder: Path, base: str, suffix: str) -> Path:
    """Link the finished file under the first free name, then drop the temporary name.

    A hard link fails if the name exists, so two saves can never overwrite each other. Some
    file systems (FAT on USB sticks) have no hard links; there the name is checked and the file
    renamed, which is safe because the kiosk is the only writer.
    """
    for number in range(1, _MAX_SAME_DAY + 1):
        target = folder / f"{base}-{number}{suffix}"
        try:
            os.link(temp, target)
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK):
                raise
            if target.exists():
                continue
            os.rename(temp, target)
            return target
        temp.unlink()
        return target
    raise OSError(errno.EEXIST, f"no free name for {base} in {folder}")


def _sync_folder(folder: Path) -> None:
    # The new name itself must reach the device; some file systems cannot sync a folder.
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
