"""The one way the operator's commands write a file named with ``--output`` (the numbers, the
staff log, a vault's export, a sheet's PDF): a new file unless ``--replace`` is given, private
to this user (0600), whole or not at all."""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from kiosk.operator.errors import EXIT_USAGE, CommandError
from kiosk.vault.fsutil import fsync_dir


def output_name(text: str) -> str:
    """``--output``'s value, as argparse's ``type``: a file name at all (an empty one wrote the
    file to the terminal instead), and one without a line break or other control character (it
    was printed back, in "Saved …", as two lines)."""
    if not text:
        raise argparse.ArgumentTypeError("give a file name")
    if not text.isprintable():
        raise argparse.ArgumentTypeError(
            "a file name without line breaks or other control characters"
        )
    return text


def refuse_to_overwrite(target: Path, *, replace: bool) -> None:
    """``CommandError`` if ``target`` cannot be written as asked: a folder, not in a folder,
    something other than a file (a device, a pipe), or a file already there without
    ``replace``. Checked before any work (an export asks for her PIN first)."""
    folder = target.parent
    try:
        if target.is_dir():
            raise CommandError(f"{target} is a folder; give a file name", EXIT_USAGE)
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder", EXIT_USAGE)
        with contextlib.suppress(FileNotFoundError):
            # Run as root, a rename would replace /dev/full itself.
            if not stat.S_ISREG(os.stat(target).st_mode):
                raise CommandError(f"{target}: not a regular file; nothing was written")
            if not replace:
                raise CommandError(
                    f"{target} already exists; add --replace to replace it; nothing was written"
                )
    except PermissionError:
        # Someone else's folder (an administrator's home is 0700 on Debian 12).
        raise CommandError(
            f"{folder} cannot be opened by this user; save elsewhere, or leave out --output "
            "and add > FILE"
        ) from None
    except OSError as error:  # a loop of links, a name too long
        raise CommandError(f"{target}: {error.strerror}; nothing was written") from None


def write_new_file(target: Path, data: bytes, *, replace: bool) -> None:
    """Write ``data`` beside ``target``, sync it, then put it in place: linked (which fails if
    a file is there) or, with ``replace``, renamed over it. A kill leaves the old file or
    none, and at most a hidden ``.part`` file."""
    refuse_to_overwrite(target, replace=replace)
    folder = target.parent
    temp = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if replace:
            os.replace(temp, target)
        else:
            os.link(temp, target)
        with contextlib.suppress(OSError):
            fsync_dir(folder)
    except FileExistsError:
        raise CommandError(
            f"{target} already exists; add --replace to replace it; nothing was written"
        ) from None
    except OSError as error:
        full = error.errno in (errno.ENOSPC, errno.EDQUOT)
        reason = "the disk is full" if full else error.strerror
        raise CommandError(f"{target}: {reason}; nothing was written") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
