"""The region's silent-call note (the UK's Silent Solution): read from the [region] table where a
region has one, empty where it has none, and checked like every other region detail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.helplines.loader import SHIPPED_DIRECTORY, DirectoryError, load_folder
from tests.unit.test_helplines import REGION, TODAY, entry, folder_with

SILENT = 'silent_call_note = "Press 55 when asked."\n'


def test_the_shipped_uk_region_says_how_to_call_without_speaking() -> None:
    regions = load_folder(SHIPPED_DIRECTORY, today=dt.date(2025, 7, 1)).regions
    note = regions["uk"].silent_call_note
    assert "999" in note and "55" in note
    assert regions["us"].silent_call_note == ""  # no such service there
    # The emergency note still says it too, for the screens and sheets that show only that.
    assert "55" in regions["uk"].emergency_note


def test_a_region_without_the_note_has_none(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry()})
    assert load_folder(folder, today=TODAY).regions["xx"].silent_call_note == ""


def test_a_region_with_the_note_keeps_it_trimmed(tmp_path: Path) -> None:
    region = REGION + 'silent_call_note = "  Press 55 when asked.  "\n'
    folder = folder_with(tmp_path, {"xx.toml": region + entry()})
    assert load_folder(folder, today=TODAY).regions["xx"].silent_call_note == "Press 55 when asked."


def test_two_files_that_define_a_region_must_agree_on_the_note(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        {"a.toml": REGION + SILENT + entry("one"), "b.toml": REGION + entry("two")},
    )
    with pytest.raises(DirectoryError) as raised:
        load_folder(folder, today=TODAY)
    assert raised.value.key == "silent_call_note"
    assert str(raised.value).startswith(str(folder / "b.toml"))
    assert "\n" not in str(raised.value)


def test_the_note_alone_does_not_define_a_region(tmp_path: Path) -> None:
    text = '[region]\ncode = "xx"\n' + SILENT + entry()
    folder = folder_with(tmp_path, {"xx.toml": text})
    with pytest.raises(DirectoryError) as raised:
        load_folder(folder, today=TODAY)
    assert raised.value.key == "name"
    assert "required key missing" in raised.value.message


@pytest.mark.parametrize("value", ['"Press\\u001b[2J 55"', '"two\\nlines"', '""', "55"])
def test_a_note_that_is_not_one_line_of_text_is_refused(tmp_path: Path, value: str) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + f"silent_call_note = {value}\n" + entry()})
    with pytest.raises(DirectoryError) as raised:
        load_folder(folder, today=TODAY)
    assert raised.value.key == "region.silent_call_note"
    assert "\n" not in str(raised.value)
