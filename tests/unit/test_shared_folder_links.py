"""A new vault folder in the shared vaults folder (an installed kiosk's, the kiosk group's to
write): the kiosk's user can rename it and put a link of the same name in its place before
the service sets its mode. The mode must never be set through that link (onto another vault's
``slots.json``, say, whose group is the kiosk's)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.vault.fsutil import SHARED_DIR_MODE, folder_like_parent, is_shared_folder


def test_a_link_in_place_of_a_new_vault_folder_is_never_followed(tmp_path: Path) -> None:
    vaults = tmp_path / "vaults"
    vaults.mkdir()
    os.chmod(vaults, SHARED_DIR_MODE)
    assert is_shared_folder(vaults)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    os.chmod(elsewhere, 0o700)
    planted = vaults / ("a" * 32)
    planted.symlink_to(elsewhere)
    with pytest.raises(OSError):
        folder_like_parent(planted)
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o700


def test_a_new_vault_folder_in_the_shared_folder_is_shared(tmp_path: Path) -> None:
    vaults = tmp_path / "vaults"
    vaults.mkdir()
    os.chmod(vaults, SHARED_DIR_MODE)
    made = folder_like_parent(vaults / ("b" * 32))
    assert stat.S_IMODE(made.stat().st_mode) == SHARED_DIR_MODE
