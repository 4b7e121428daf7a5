"""The helpline directory is read when first asked for, not when the services are built: a
session's start draws its welcome screen without it (kiosk.services, kiosk.ui.app)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Config, KioskSection
from kiosk.helplines.loader import DirectoryError, load_directory
from kiosk.services import build_services

REGION_ONLY = 'region = "uk"\n'  # adds nothing to the shipped UK region


def centre_config(tmp_path: Path, helplines: str) -> Config:
    folder = tmp_path / "helplines"
    folder.mkdir()
    (folder / "centre.toml").write_text(helplines)
    return Config(kiosk=KioskSection(data_dir=str(tmp_path / "data"), helplines_folder=str(folder)))


def test_a_broken_helpline_file_is_met_when_the_directory_is_first_asked_for(
    tmp_path: Path,
) -> None:
    services = build_services(centre_config(tmp_path, "[region\n"))  # reads no helpline file
    with pytest.raises(DirectoryError, match=r"centre\.toml"):
        _ = services.directory


def test_the_directory_is_read_once(tmp_path: Path) -> None:
    config = centre_config(tmp_path, REGION_ONLY)
    services = build_services(config)
    first = services.directory
    assert first.regions == load_directory(config.helplines_path()).regions
    helplines = config.helplines_path()
    assert helplines is not None
    (helplines / "centre.toml").write_text("[region\n")  # broken since: not read again
    assert services.directory is first


def test_a_directory_staff_saved_replaces_the_one_read(tmp_path: Path) -> None:
    services = build_services(centre_config(tmp_path, REGION_ONLY))
    saved = load_directory(None)
    services.replace_directory(saved)
    assert services.directory is saved
