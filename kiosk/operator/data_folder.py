"""The installed kiosk's data folder, as ``deploy/data-folder`` lays it out.

Here, not in ``kiosk.vault``: the operator's commands and the supervisor ask at every start,
and a session's start loads no vault code (tests/test_start_imports.py)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def is_installed_data_folder(folder: Path) -> bool:
    """The installed kiosk's data folder (deploy/data-folder): root's, sticky, open to its group
    (the kiosk's) and to nobody else. The kiosk makes its own folders in it, but cannot rename
    or remove the gatekeeper service's two."""
    try:
        info = os.stat(folder)
    except OSError:
        return False
    mode = info.st_mode
    return info.st_uid == 0 and bool(mode & stat.S_ISVTX) and mode & 0o077 == 0o070
