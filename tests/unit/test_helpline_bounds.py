"""A centre's helpline folder is read and drawn within bounds, whatever it holds: at most
MAX_FILES files and MAX_HELPLINES helplines in all. Forty files of 1 MB (130,000 helplines)
took 10 s to read and 90 s to draw on the Helplines screen, where nothing, a quick exit
included, could act meanwhile (found from outside)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.helplines.loader import MAX_FILES, MAX_HELPLINES, DirectoryError, load_directory

TODAY = dt.date(2025, 7, 1)


def helplines(count: int, prefix: str = "local") -> str:
    entries = [
        f'[[helpline]]\nid = "{prefix}-{number}"\nname = "Service {number}"\n'
        f'phone = "01234 {number:06d}"\nhours = "Every day"\nhelps_with = "Support."\n'
        'topics = ["stalking"]\nverified_on = 2025-06-01\n'
        for number in range(count)
    ]
    return 'region = "uk"\n' + "".join(entries)


def test_a_folder_of_more_files_than_are_read_is_one_line(tmp_path: Path) -> None:
    for number in range(MAX_FILES + 1):
        (tmp_path / f"local-{number:02d}.toml").write_text(helplines(1, f"f{number}"))
    with pytest.raises(DirectoryError, match=rf"holds {MAX_FILES + 1} helpline files") as error:
        load_directory(tmp_path, today=TODAY)
    assert error.value.file == str(tmp_path)


def test_as_many_files_as_are_read_load(tmp_path: Path) -> None:
    for number in range(MAX_FILES):
        (tmp_path / f"local-{number:02d}.toml").write_text(helplines(1, f"f{number}"))
    uk = load_directory(tmp_path, today=TODAY).regions["uk"]
    assert sum(helpline.id.startswith("f") for helpline in uk.helplines) == MAX_FILES


def test_a_directory_of_more_helplines_than_are_shown_is_one_line(tmp_path: Path) -> None:
    shipped = sum(len(region.helplines) for region in load_directory(None).regions.values())
    (tmp_path / "local.toml").write_text(helplines(MAX_HELPLINES - shipped + 1))
    with pytest.raises(DirectoryError, match=rf"would hold {MAX_HELPLINES + 1} helplines"):
        load_directory(tmp_path, today=TODAY)
    (tmp_path / "local.toml").write_text(helplines(MAX_HELPLINES - shipped))
    assert load_directory(tmp_path, today=TODAY).regions["uk"].helplines
