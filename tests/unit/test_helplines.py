"""The helpline directory: the shipped files, merging a centre's local file, freshness, the
advice data, and one test per error kind.

Every error test checks the promise an operator relies on: one line, naming the file and the
entry (or, for problems outside any entry, the region or the folder).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.helplines.advice import PRACTICAL_STEPS, READING_LIST, SAFETY_LINE_TRANSLATIONS
from kiosk.helplines.loader import (
    SHIPPED_DIRECTORY,
    DirectoryError,
    freshness_report,
    load_folder,
)
from kiosk.helplines.model import TOPICS, Directory

REPO = Path(__file__).resolve().parents[2]
SHIPPED = SHIPPED_DIRECTORY
LOCAL_EXAMPLE = REPO / "config" / "helplines" / "local.example.toml.example"
TODAY = dt.date(2025, 7, 1)

REGION = """\
[region]
code = "xx"
name = "Example Region"
emergency_number = "112"
emergency_note = "Call 112 in an emergency."
"""


def entry(id: str = "example-line", **changes: str) -> str:
    """One [[helpline]] table; each change replaces (or, given as "", drops) a line's value."""
    fields = {
        "id": f'"{id}"',
        "name": '"Example Line"',
        "phone": '"0800 000 000"',
        "hours": '"24 hours a day"',
        "helps_with": '"Support for anyone who needs it."',
        "topics": '["stalking"]',
        "verified_on": "2025-06-01",
    }
    fields.update(changes)
    lines = [f"{key} = {value}" for key, value in fields.items() if value != ""]
    return "\n[[helpline]]\n" + "\n".join(lines) + "\n"


def folder_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "helplines"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return folder


def error_for(folder: Path, *, today: dt.date = TODAY) -> DirectoryError:
    with pytest.raises(DirectoryError) as caught:
        load_folder(folder, today=today)
    return caught.value


def assert_names(error: DirectoryError, file: str, entry: str) -> str:
    """The message is one line naming the file and the entry (or region); returns it."""
    text = str(error)
    assert "\n" not in text
    assert file in text
    assert entry in text
    assert text.startswith(str(error.file))
    return text


@pytest.fixture(scope="module")
def shipped() -> Directory:
    return load_folder(SHIPPED, today=TODAY)


# The shipped directory ---------------------------------------------------------------------


def test_shipped_folder_loads_with_both_regions(shipped: Directory) -> None:
    assert set(shipped.regions) == {"uk", "us"}
    uk, us = shipped.regions["uk"], shipped.regions["us"]
    assert (uk.emergency_number, us.emergency_number) == ("999", "911")
    assert "55" in uk.emergency_note and "101" in uk.emergency_note
    assert "text" in us.emergency_note.lower()
    assert uk.source_files == ("uk.toml",)
    assert us.source_files == ("us.toml",)


def test_every_shipped_entry_is_reachable_and_well_formed(shipped: Directory) -> None:
    for region in shipped.regions.values():
        assert region.helplines
        for helpline in region.helplines:
            assert helpline.phone or helpline.website, helpline.id
            assert helpline.topics and set(helpline.topics) <= set(TOPICS), helpline.id
            assert helpline.languages, helpline.id
            assert helpline.source_file == f"{region.code}.toml"
            assert helpline.verified_on == dt.date(2025, 6, 1), helpline.id


def test_stale_leaflet_numbers_are_gone_and_the_current_ones_present(shipped: Directory) -> None:
    phones = {h.phone for region in shipped.regions.values() for h in region.helplines}
    digits = {re.sub(r"\D", "", phone) for phone in phones}
    # Victim Support's old 0845 number, and the National Stalking Helpline's old 0300 number.
    assert "08453030900" not in digits
    assert "03006360300" not in digits
    assert "0808 16 89 111" in phones
    assert "0808 802 0300" in phones


def test_leaflet_organisations_that_may_have_closed_are_left_out(shipped: Directory) -> None:
    names = " ".join(h.name for region in shipped.regions.values() for h in region.helplines)
    assert "Network for Surviving Stalking" not in names
    assert "Sanctuary" not in names


def test_website_only_entries_load_without_a_phone(shipped: Directory) -> None:
    sparc = next(h for h in shipped.regions["us"].helplines if h.id == "sparc")
    assert sparc.phone == ""
    assert sparc.website == "stalkingawareness.org"


def test_other_contacts_carry_printable_labels(shipped: Directory) -> None:
    hotline = next(
        h for h in shipped.regions["us"].helplines if h.id == "national-domestic-violence-hotline"
    )
    kinds = [contact.kind for contact in hotline.other_contacts]
    assert kinds == ["Text", "Web chat"]
    assert "88788" in hotline.other_contacts[0].value


def test_the_local_example_is_not_loaded_but_works_once_renamed(tmp_path: Path) -> None:
    assert not LOCAL_EXAMPLE.name.endswith(".toml")
    folder = tmp_path / "helplines"
    shutil.copytree(SHIPPED, folder)
    shutil.copy(LOCAL_EXAMPLE, folder / "local-uk.toml")
    directory = load_folder(folder, today=TODAY)
    assert directory.regions["uk"].helplines[-1].id == "riverside-idva"


# Freshness ---------------------------------------------------------------------------------


def test_freshness_flags_entries_older_than_183_days(shipped: Directory) -> None:
    checked = dt.date(2025, 6, 1)
    assert freshness_report(shipped, checked + dt.timedelta(days=183)) == []
    lines = freshness_report(shipped, checked + dt.timedelta(days=184))
    total = sum(len(region.helplines) for region in shipped.regions.values())
    assert len(lines) == total
    assert (
        "uk.toml: national-stalking-helpline: last checked 2025-06-01, over six months ago — "
        "please re-check the number on the organisation's website"
    ) in lines
    assert all("\n" not in line for line in lines)


def test_freshness_only_lists_the_stale_entry(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        {"xx.toml": REGION + entry("old", verified_on="2024-01-01") + entry("new")},
    )
    directory = load_folder(folder, today=TODAY)
    assert freshness_report(directory, TODAY) == [
        "xx.toml: old: last checked 2024-01-01, over six months ago — please re-check the "
        "number on the organisation's website"
    ]


# Merging a centre's local file -------------------------------------------------------------


def test_local_file_merges_into_the_region_after_the_national_entries(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        {
            "local-uk.toml": 'region = "uk"\n' + entry("riverside-advocacy"),
            "more-local.toml": '[region]\ncode = "uk"\n' + entry("town-hall-drop-in"),
        },
    )
    shutil.copy(SHIPPED / "uk.toml", folder / "uk.toml")
    directory = load_folder(folder, today=TODAY)
    uk = directory.regions["uk"]
    assert uk.source_files == ("uk.toml", "local-uk.toml", "more-local.toml")
    ids = [h.id for h in uk.helplines]
    assert ids[0] == "national-stalking-helpline"
    assert ids[-2:] == ["riverside-advocacy", "town-hall-drop-in"]
    assert uk.helplines[-2].source_file == "local-uk.toml"
    assert uk.emergency_number == "999"


def test_identical_region_definitions_in_two_files_merge(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"a.toml": REGION + entry("one"), "b.toml": REGION + entry()})
    region = load_folder(folder, today=TODAY).regions["xx"]
    assert [h.id for h in region.helplines] == ["one", "example-line"]


def test_optional_fields_take_their_defaults(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry()})
    helpline = load_folder(folder, today=TODAY).regions["xx"].helplines[0]
    assert helpline.languages == ("English",)
    assert helpline.other_contacts == ()
    assert helpline.free_to_call is False
    assert helpline.website == ""


def test_hidden_and_non_toml_files_are_ignored(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        {"xx.toml": REGION + entry(), ".#xx.toml": "not toml", "notes.txt": "[[nonsense"},
    )
    assert set(load_folder(folder, today=TODAY).regions) == {"xx"}


# One test per error kind -------------------------------------------------------------------


def test_unknown_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(phon='"0800 000 000"')})
    error = error_for(folder)
    text = assert_names(error, "xx.toml", "example-line")
    assert (error.entry, error.key) == ("example-line", "phon")
    assert "did you mean 'phone'" in text


def test_unknown_top_level_key_is_named(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path, {"xx.toml": REGION + entry().replace("[[helpline]]", "[[helplines]]")}
    )
    text = assert_names(error_for(folder), "xx.toml", "helplines")
    assert "did you mean 'helpline'" in text


def test_wrong_type_names_what_was_expected(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(free_to_call='"yes"')})
    text = assert_names(error_for(folder), "xx.toml", "example-line")
    assert "free_to_call: expected true or false, got text" in text


def test_phone_written_as_a_number_asks_for_quotes(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(phone="116123")})
    text = assert_names(error_for(folder), "xx.toml", "example-line")
    assert "phone" in text and "quotes" in text


def test_missing_required_key_is_named(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(hours="")})
    error = error_for(folder)
    assert_names(error, "xx.toml", "example-line")
    assert (error.key, error.message) == ("hours", "required key missing")


def test_unknown_topic_lists_the_allowed_ones(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(topics='["stalkng"]')})
    text = assert_names(error_for(folder), "xx.toml", "example-line")
    assert "topics[0]" in text and "did you mean 'stalking'" in text
    for topic in TOPICS:
        assert topic in text


def test_duplicate_id_in_one_file(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry("twice") + entry("twice")})
    text = assert_names(error_for(folder), "xx.toml", "twice")
    assert "used twice" in text


def test_duplicate_id_across_files_of_a_region_blames_the_later_file(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        {"xx.toml": REGION + entry("shared"), "local-xx.toml": 'region = "xx"\n' + entry("shared")},
    )
    text = assert_names(error_for(folder), "local-xx.toml", "shared")
    assert "already used in xx.toml" in text


def test_same_id_in_different_regions_is_fine(tmp_path: Path) -> None:
    other = REGION.replace('"xx"', '"yy"')
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(), "yy.toml": other + entry()})
    assert set(load_folder(folder, today=TODAY).regions) == {"xx", "yy"}


def test_verified_on_in_the_future_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(verified_on="2025-07-02")})
    text = assert_names(error_for(folder), "xx.toml", "example-line")
    assert "verified_on" in text and "in the future" in text


def test_verified_on_in_quotes_is_a_wrong_type(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(verified_on='"2025-06-01"')})
    text = assert_names(error_for(folder), "xx.toml", "example-line")
    assert "expected a date, got text" in text and "without quotes" in text


def test_phone_with_other_characters_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(phone='"0800 HELP NOW"')})
    text = assert_names(error_for(folder), "xx.toml", "example-line")
    assert "phone: may contain only digits, spaces and + - ( )" in text


def test_missing_phone_and_website_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(phone="")})
    text = assert_names(error_for(folder), "xx.toml", "example-line")
    assert "phone number, a website, or both" in text


def test_entry_without_a_usable_id_is_named_by_position(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry("first") + entry("Bad Id")})
    error = error_for(folder)
    text = assert_names(error, "xx.toml", "helpline 2")
    assert error.key == "id" and "lowercase" in text


def test_control_characters_in_text_are_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(name='"Line\\u001b[2J"')})
    text = assert_names(error_for(folder), "xx.toml", "example-line")
    assert "control characters" in text


def test_local_file_for_a_region_nobody_defines(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path, {"xx.toml": REGION + entry(), "local.toml": 'region = "zz"\n' + entry("mine")}
    )
    error = error_for(folder)
    text = assert_names(error, "local.toml", "region zz")
    assert "no file defines the region 'zz'" in text and "xx" in text


def test_conflicting_region_definitions_are_refused(tmp_path: Path) -> None:
    other = REGION.replace('"112"', '"999"')
    folder = folder_with(tmp_path, {"a.toml": REGION + entry("one"), "b.toml": other + entry()})
    text = assert_names(error_for(folder), "b.toml", "region xx")
    assert "emergency_number" in text and "conflicts with a.toml" in text


def test_partial_region_table_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": '[region]\ncode = "xx"\nname = "X"\n' + entry()})
    text = assert_names(error_for(folder), "xx.toml", "region xx")
    assert "emergency_number" in text


def test_file_without_a_region_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": entry()})
    text = assert_names(error_for(folder), "xx.toml", "region")
    assert "missing" in text


def test_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION + '\n[[helpline]]\nid = "broken\n'})
    text = assert_names(error_for(folder), "xx.toml", "TOML syntax error")
    assert re.search(r"line 8, column \d+", text)


def test_non_utf8_file_gives_the_line(tmp_path: Path) -> None:
    good = REGION + entry()
    # A Latin-1 "é": the bad byte sits on the line after a blank one following the good text.
    content = good.encode() + b'\nname = "caf\xe9"\n'
    folder = folder_with(tmp_path, {"xx.toml": content})
    text = assert_names(error_for(folder), "xx.toml", "not UTF-8")
    assert f"line {good.count(chr(10)) + 2}" in text


def test_empty_folder_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"README.txt": "helplines go here"})
    text = assert_names(error_for(folder), str(folder), "no helpline files")
    assert error_for(folder).entry == ""
    assert text.endswith("no helpline files (*.toml) in this folder")


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    assert_names(error_for(tmp_path / "nowhere"), "nowhere", "no such folder")


def test_region_with_no_helplines_is_refused(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"xx.toml": REGION})
    assert_names(error_for(folder), "xx.toml", "region xx")


def test_unknown_contact_kind_lists_the_kinds(tmp_path: Path) -> None:
    other = '[{ kind = "fax", value = "0800 000 001" }]'
    folder = folder_with(tmp_path, {"xx.toml": REGION + entry(other=other)})
    text = assert_names(error_for(folder), "xx.toml", "example-line")
    assert "other[0].kind" in text and '"text", "email", "webchat" or "relay"' in text


def test_error_text_stays_on_one_line_for_odd_file_names(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"odd\nname.toml": "[[["})
    assert "\n" not in str(error_for(folder))


# Advice ------------------------------------------------------------------------------------


def test_practical_steps_cover_every_topic_in_order() -> None:
    headings = [section.heading for section in PRACTICAL_STEPS]
    assert headings == [
        "You are not to blame",
        "Telling others",
        "Personal safety",
        "Avoiding contact",
        "Keeping a record",
        "Getting support",
    ]
    for section in PRACTICAL_STEPS:
        assert section.paragraphs and all(p.strip() == p and p for p in section.paragraphs)
    text = " ".join(p for section in PRACTICAL_STEPS for p in section.paragraphs)
    assert "diary" in text
    # The sheet leaves the centre in a visitor's bag: it never mentions a vault.
    assert "vault" not in text.lower()
    # The advice never promises safety: steps lower risk, they cannot remove it.
    assert "you will be safe" not in text.lower()
    assert "keep you safe" not in text.lower()


def test_reading_list_has_the_two_books() -> None:
    assert len(READING_LIST) == 2
    assert "Surviving Stalking" in READING_LIST[0] and "2002" in READING_LIST[0]
    assert "Stalkers and their Victims" in READING_LIST[1] and "2nd edition" in READING_LIST[1]
    assert all("Cambridge University Press" in book for book in READING_LIST)


def test_safety_lines_cover_five_languages_with_the_placeholder() -> None:
    assert [tag for _, tag, _ in SAFETY_LINE_TRANSLATIONS] == ["pl", "ar", "ur", "cy", "es"]
    for language, _, sentence in SAFETY_LINE_TRANSLATIONS:
        assert sentence.count("{emergency}") == 1, language
        assert sentence.format(emergency="999").count("999") == 1, language


# Any file content gives a directory or a DirectoryError ------------------------------------

_KEYS = st.sampled_from(
    [
        "region = ",
        "[region]\ncode = ",
        "name = ",
        "emergency_number = ",
        "emergency_note = ",
        "[[helpline]]\nid = ",
        "id = ",
        "phone = ",
        "website = ",
        "hours = ",
        "helps_with = ",
        "topics = ",
        "languages = ",
        "free_to_call = ",
        "other = ",
        "verified_on = ",
        "helpline = ",
    ]
)
_VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.booleans().map(lambda value: str(value).lower()),
    st.floats(allow_nan=False).map(repr),
    st.text(max_size=20).map(lambda value: msgspec.json.encode(value).decode()),
    st.lists(st.text(max_size=8), max_size=3).map(
        lambda value: msgspec.json.encode(value).decode()
    ),
    st.sampled_from(
        [
            '"uk"',
            '"xx"',
            '["stalking"]',
            '[{kind = "text", value = "Text 1"}]',
            "[{kind = 1}]",
            "[1, [2]]",
            "{}",
            "2025-06-01",
            "2999-01-01",
            "1979-05-27T07:32:00Z",
            "07:32:00",
        ]
    ),
    st.text(max_size=10),
)
_TOML_ISH = st.lists(st.tuples(_KEYS, _VALUES).map("".join), max_size=10).map("\n".join)
_ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
_SHIPPED_LINES = (SHIPPED / "uk.toml").read_text(encoding="utf-8").splitlines()


@st.composite
def _mutated_shipped_file(draw: st.DrawFn) -> str:
    """The real uk.toml with one line replaced: reaches the checks behind the syntax."""
    lines = list(_SHIPPED_LINES)
    index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
    lines[index] = draw(
        st.one_of(_TOML_ISH, _VALUES.map(lambda v: lines[index].split("=")[0] + "= " + v))
    )
    return "\n".join(lines)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=st.one_of(_ANY_TEXT, _TOML_ISH, _mutated_shipped_file()))
def test_any_text_gives_a_directory_or_a_directory_error(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    folder = tmp_path_factory.getbasetemp() / "fuzz-helplines"
    folder.mkdir(exist_ok=True)
    (folder / "fuzz.toml").write_text(text, encoding="utf-8")
    try:
        directory = load_folder(folder, today=TODAY)
    except DirectoryError as error:
        assert "\n" not in str(error)
        assert str(error).startswith(str(folder))
    else:
        assert isinstance(directory, Directory)
        assert directory.regions
