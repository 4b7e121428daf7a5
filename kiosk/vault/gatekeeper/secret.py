"""The kiosk secret (the "pepper"): 32 random bytes mixed into every wrapping key.

Without it a copied vault cannot be attacked offline at all; with it, a 6-digit PIN falls in
days (docs/SECURITY.md). It is read only by the gatekeeper, and the kiosk fails closed when it
is missing, malformed or readable by other users.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from kiosk.vault.errors import KioskSecretProblem
from kiosk.vault.fsutil import fsync_dir, private_dir

SECRET_LENGTH = 32


def create_secret(path: Path) -> None:
    """Write a new secret, owner-read-only. Refuses to overwrite: that would orphan every vault."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o400)
    try:
        os.write(fd, secrets.token_bytes(SECRET_LENGTH))
        os.fsync(fd)
    finally:
        os.close(fd)
    fsync_dir(path.parent)


def missing_secret_detail(path: Path) -> str:
    return (
        f"the kiosk secret {path} is missing, but this data folder has vaults: put back the "
        "copy kept apart from backups; a new secret would leave every vault unopenable, so "
        "'kiosk admin init' will not make one here"
    )


def load_secret(path: Path) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise KioskSecretProblem(f"the kiosk secret {path} does not exist") from None
    except OSError as error:
        raise KioskSecretProblem(
            f"the kiosk secret {path} cannot be read: {error.strerror}"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise KioskSecretProblem(f"the kiosk secret {path} is not a regular file")
    if info.st_mode & 0o077:
        raise KioskSecretProblem(
            f"the kiosk secret {path} is readable by other users (mode "
            f"{stat.S_IMODE(info.st_mode):o}); run: chmod 400 {path}"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise KioskSecretProblem(
            f"the kiosk secret {path} cannot be read: {error.strerror}"
        ) from None
    if len(data) != SECRET_LENGTH:
        raise KioskSecretProblem(f"the kiosk secret {path} is not {SECRET_LENGTH} bytes long")
    return data
