"""The shipped helpline directory, and a centre's own folder laid over it.

The rules (also in config/kiosk.example.toml and the loader's docstring): a file giving only a
region code adds entries to that region, and an entry with a shipped id replaces that entry in
its place; a file with a full [region] table replaces the whole shipped region; a new code is a
new region; the centre folder may be empty; a config that names no folder gets the shipped
directory alone.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.helplines.loader import (
    SHIPPED_DIRECTORY,
    DirectoryError,
    load_directory,
    load_folder,
)

REPO = Path(__file__).resolve().parents[2]
LOCAL_EXAMPLE = REPO / "config" / "helplines" / "local.example.toml.example"
TODAY = dt.date(2025, 7, 1)
SHIPPED_ID = "national-stalking-helpline"


def entry(id: str, name: str = "Our Centre", phone: str = "01234 567890") -> str:
    return (
        f'\n[[helpline]]\nid = "{id}"\nname = "{name}"\nphone = "{phone}"\n'
        'hours = "Weekdays"\nhelps_with = "Local support."\ntopics = ["stalking"]\n'
        "verified_on = 2025-06-20\n"
    )


def centre(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "centre"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def shipped_ids(code: str) -> list[str]:
    return [h.id for h in load_folder(SHIPPED_DIRECTORY, today=TODAY).regions[code].helplines]


def test_the_directory_ships_inside_the_package() -> None:
    assert SHIPPED_DIRECTORY.parent == REPO / "kiosk" / "helplines"
    assert sorted(path.name for path in SHIPPED_DIRECTORY.glob("*.toml")) == ["uk.toml", "us.toml"]
    # One copy of the data: nothing left in the old place but the example for a centre.
    assert not list((REPO / "config" / "helplines").glob("*.toml"))


def test_no_centre_folder_gives_the_shipped_directory() -> None:
    directory = load_directory(None, today=TODAY)
    assert directory == load_folder(SHIPPED_DIRECTORY, today=TODAY)
    assert set(directory.regions) == {"uk", "us"}


def test_a_config_that_names_no_folder_uses_the_shipped_directory(tmp_path: Path) -> None:
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text('[kiosk]\ndata_dir = "data"\nregion = "us"\n')
    config = load_config(config_file)
    assert config.helplines_path() is None
    directory = load_directory(config.helplines_path(), today=TODAY)
    assert directory.regions["us"].emergency_number == "911"


def test_a_named_folder_is_beside_the_config_file(tmp_path: Path) -> None:
    config_file = tmp_path / "kiosk.toml"
    config_file.write_text('[kiosk]\nhelplines_folder = "helplines"\n')
    assert load_config(config_file).helplines_path() == tmp_path / "helplines"


def test_an_empty_centre_folder_adds_nothing(tmp_path: Path) -> None:
    folder = centre(tmp_path, {"notes.txt": "not a helpline file"})
    assert load_directory(folder, today=TODAY) == load_directory(None, today=TODAY)


def test_a_missing_centre_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DirectoryError) as caught:
        load_directory(tmp_path / "no-such-folder", today=TODAY)
    assert str(caught.value).endswith("no-such-folder: no such folder")


def test_a_code_only_file_adds_entries_after_the_shipped_ones(tmp_path: Path) -> None:
    folder = centre(tmp_path, {"local.toml": 'region = "uk"\n' + entry("our-centre")})
    region = load_directory(folder, today=TODAY).regions["uk"]
    assert [h.id for h in region.helplines] == [*shipped_ids("uk"), "our-centre"]
    assert region.emergency_number == "999"
    assert region.source_files == ("uk.toml", "local.toml")
    assert region.helplines[-1].source_file == "local.toml"


def test_an_entry_with_a_shipped_id_replaces_that_entry_in_place(tmp_path: Path) -> None:
    folder = centre(
        tmp_path,
        {"local.toml": 'region = "uk"\n' + entry(SHIPPED_ID, "Checked Line", "0808 111 2222")},
    )
    region = load_directory(folder, today=TODAY).regions["uk"]
    assert [h.id for h in region.helplines] == shipped_ids("uk")
    replaced = next(h for h in region.helplines if h.id == SHIPPED_ID)
    assert (replaced.name, replaced.phone) == ("Checked Line", "0808 111 2222")
    assert replaced.verified_on == dt.date(2025, 6, 20)
    assert replaced.source_file == "local.toml"


def test_a_full_region_table_replaces_the_whole_shipped_region(tmp_path: Path) -> None:
    region_table = (
        '[region]\ncode = "uk"\nname = "Riverside"\nemergency_number = "112"\n'
        'emergency_note = "Call 112."\n'
    )
    folder = centre(tmp_path, {"ours.toml": region_table + entry("our-centre")})
    directory = load_directory(folder, today=TODAY)
    uk = directory.regions["uk"]
    assert [h.id for h in uk.helplines] == ["our-centre"]
    assert (uk.name, uk.emergency_number) == ("Riverside", "112")
    # The other shipped region is untouched.
    assert [h.id for h in directory.regions["us"].helplines] == shipped_ids("us")


def test_a_new_region_is_added(tmp_path: Path) -> None:
    region_table = (
        '[region]\ncode = "ie"\nname = "Ireland"\nemergency_number = "112"\n'
        'emergency_note = "Call 112 or 999."\n'
    )
    folder = centre(
        tmp_path,
        {
            "ie.toml": region_table + entry("women-aid"),
            "more-ie.toml": 'region = "ie"\n' + entry("x"),
        },
    )
    directory = load_directory(folder, today=TODAY)
    assert set(directory.regions) == {"ie", "uk", "us"}
    assert [h.id for h in directory.regions["ie"].helplines] == ["women-aid", "x"]


def test_an_id_used_twice_in_the_centre_folder_is_refused(tmp_path: Path) -> None:
    folder = centre(
        tmp_path,
        {
            "a.toml": 'region = "uk"\n' + entry(SHIPPED_ID),
            "b.toml": 'region = "uk"\n' + entry(SHIPPED_ID),
        },
    )
    with pytest.raises(DirectoryError) as caught:
        load_directory(folder, today=TODAY)
    text = str(caught.value)
    assert "b.toml" in text and SHIPPED_ID in text and "a.toml" in text
    assert "\n" not in text


def test_a_code_nobody_defines_names_the_known_regions(tmp_path: Path) -> None:
    folder = centre(tmp_path, {"local.toml": 'region = "u-k"\n' + entry("ours")})
    with pytest.raises(DirectoryError) as caught:
        load_directory(folder, today=TODAY)
    assert "local.toml" in str(caught.value)
    assert "(defined: uk, us)" in str(caught.value)


def test_a_broken_centre_file_is_refused_naming_it(tmp_path: Path) -> None:
    folder = centre(tmp_path, {"local.toml": 'region = "uk"\n' + entry("ours", phone="call us")})
    with pytest.raises(DirectoryError) as caught:
        load_directory(folder, today=TODAY)
    assert str(caught.value).startswith(str(folder / "local.toml") + ": ours: phone: ")


def test_the_local_example_works_as_a_centre_file(tmp_path: Path) -> None:
    folder = tmp_path / "centre"
    folder.mkdir()
    shutil.copy(LOCAL_EXAMPLE, folder / "local-uk.toml")
    ids = [h.id for h in load_directory(folder, today=TODAY).regions["uk"].helplines]
    assert ids == [*shipped_ids("uk"), "riverside-idva"]
