"""The helpline directory in her language: ``translations.<tag>`` in a directory file, checked
like every other value, shown in her language with the file's own words where a field has no
translation; the shipped directory translated into every shipped language; staff's directory
care keeping the translations of an entry it corrects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.helplines.care import Correction, DirectoryCare
from kiosk.helplines.loader import SHIPPED_DIRECTORY, DirectoryError, load_directory, load_folder
from kiosk.helplines.model import Helpline
from kiosk.i18n import use_language
from kiosk.printing.plan_document import silent_call_note
from tests.unit.test_helplines import REGION, entry, folder_with

TODAY = dt.date(2026, 9, 21)
SHIPPED_LANGUAGES = ("pl", "es", "cy", "ar", "ur")


def only_entry(tmp_path: Path, text: str) -> Helpline:
    (helpline,) = (
        load_folder(folder_with(tmp_path, {"a.toml": text}), today=TODAY).regions["xx"].helplines
    )
    return helpline


def problem(tmp_path: Path, text: str) -> str:
    with pytest.raises(DirectoryError) as caught:
        load_folder(folder_with(tmp_path, {"a.toml": text}), today=TODAY)
    said = str(caught.value)
    assert "\n" not in said and said.startswith(str(tmp_path))
    return said.removeprefix(str(tmp_path / "helplines" / "a.toml") + ": ")


def test_her_language_where_the_file_gives_it_the_files_own_words_elsewhere(
    tmp_path: Path,
) -> None:
    helpline = only_entry(
        tmp_path,
        REGION
        + entry()
        + 'translations.pl.hours = "Całą dobę"\n'
        + 'translations.cy.helps_with = "Cymorth i unrhyw un."\n',
    )
    polish = helpline.in_language("pl")
    assert (polish.hours, polish.helps_with) == ("Całą dobę", "Support for anyone who needs it.")
    assert (polish.language_of("hours"), polish.language_of("helps_with")) == ("pl", "en")
    welsh = helpline.in_language("cy")
    assert (welsh.hours, welsh.helps_with) == ("24 hours a day", "Cymorth i unrhyw un.")
    # A regional tag finds its language's words; a language without any keeps the file's.
    assert helpline.in_language("pl-PL").hours == "Całą dobę"
    assert helpline.in_language("es") == helpline
    # Numbers are never translated: the entry is the same but for its words.
    assert (polish.phone, polish.name, polish.topics) == (
        helpline.phone,
        helpline.name,
        helpline.topics,
    )


def test_the_regions_words_in_her_language(tmp_path: Path) -> None:
    text = (
        REGION
        + 'silent_call_note = "Press 55."\n'
        + 'translations.pl.emergency_note = "Dzwoń pod 112."\n'
        + 'translations.pl.silent_call_note = "Naciśnij 55."\n'
        + entry()
    )
    region = load_folder(folder_with(tmp_path, {"a.toml": text}), today=TODAY).regions["xx"]
    polish = region.in_language("pl")
    assert (polish.name, polish.emergency_note, polish.silent_call_note) == (
        "Example Region",
        "Dzwoń pod 112.",
        "Naciśnij 55.",
    )
    assert polish.language_of("emergency_note") == "pl" and polish.language_of("name") == "en"


def test_a_file_written_in_welsh_says_so(tmp_path: Path) -> None:
    helpline = only_entry(
        tmp_path, 'language = "cy"\n' + REGION + entry() + 'translations.en.hours = "Always"\n'
    )
    assert helpline.language_of("hours") == "cy"
    assert helpline.in_language("en").language_of("hours") == "en"


@pytest.mark.parametrize(
    ("lines", "said"),
    [
        ('translations.pl.hours = ""', "example-line: translations.pl.hours: must not be empty"),
        (
            'translations.pl.hours = "Zawsze\\u001b[31m"',
            "example-line: translations.pl.hours: must be one line of text (not blank) without "
            "control characters",
        ),
        (
            'translations.pl.helps_with = "Pomoc\\u202e"',
            "example-line: translations.pl.helps_with: must be one line of text",
        ),
        (
            'translations.pl.phone = "0800 1"',
            "example-line: translations.pl.phone: unknown key; known keys: name, hours, helps_with",
        ),
        (
            'translations.zz.hours = "x"',
            "example-line: translations.zz: no kiosk language 'zz'; this kiosk has \"ar\"",
        ),
        (
            'translations.PL.hours = "x"',
            "example-line: translations.PL: 'PL' is not a language tag such as \"pl\"",
        ),
        (
            'translations.en.hours = "x"',
            "example-line: translations.en: the file's own words are in 'en' already",
        ),
        ("translations.pl = {}", "example-line: translations.pl: gives no words"),
        ('translations = "pl"', "example-line: translations: expected a table, got text"),
        (
            "translations.pl.hours = 24",
            "example-line: translations.pl.hours: expected text, got a whole number",
        ),
    ],
)
def test_a_malformed_translation_is_one_clear_line(tmp_path: Path, lines: str, said: str) -> None:
    assert problem(tmp_path, REGION + entry() + lines + "\n").startswith(said)


def test_a_region_translation_needs_the_regions_definition(tmp_path: Path) -> None:
    adds = '[region]\ncode = "xx"\ntranslations.pl.name = "Przykład"\n' + entry()
    files = {"a.toml": REGION + entry("other"), "b.toml": adds}
    with pytest.raises(DirectoryError) as caught:
        load_folder(folder_with(tmp_path, files), today=TODAY)
    assert str(caught.value).endswith(
        "b.toml: region xx: translations: translations belong with the region's name and "
        "notes, in the file that defines the region"
    )
    missing = REGION + 'translations.pl.silent_call_note = "Naciśnij 55."\n' + entry()
    assert problem(tmp_path, missing) == (
        "region xx: translations.pl.silent_call_note: translates a silent_call_note the file "
        "does not give"
    )


@pytest.mark.parametrize("region", ["uk", "us"])
def test_every_shipped_entry_speaks_every_shipped_language(region: str) -> None:
    """Every entry's hours and description, and the region's name and note, in each
    language; the organisations' names and every number as they are."""
    shown = load_directory(None, today=TODAY).regions[region]
    for tag in SHIPPED_LANGUAGES:
        translated = shown.in_language(tag)
        assert translated.name != shown.name, tag
        assert translated.emergency_note != shown.emergency_note, tag
        for before, after in zip(shown.helplines, translated.helplines, strict=True):
            assert after.hours != before.hours and after.helps_with != before.helps_with, (
                tag,
                before.id,
            )
            assert (after.phone, after.website) == (before.phone, before.website)


def test_the_shipped_uk_directory_in_detail() -> None:
    uk = load_directory(None, today=TODAY).regions["uk"]
    for tag in SHIPPED_LANGUAGES:
        shown = uk.in_language(tag)
        assert shown.emergency_note != uk.emergency_note, tag
        assert shown.silent_call_note != uk.silent_call_note, tag
        assert shown.language_of("emergency_note") == tag
        for before, after in zip(uk.helplines, shown.helplines, strict=True):
            assert after.hours != before.hours and after.helps_with != before.helps_with, (
                tag,
                before.id,
            )
            assert after.language_of("helps_with") == tag
            assert (after.phone, after.website) == (before.phone, before.website)
            if tag != "cy":
                assert after.name == before.name, (tag, before.id)
    samaritans = next(h for h in uk.in_language("pl").helplines if h.id == "samaritans")
    assert samaritans.helps_with == (
        "Ktoś, z kim możesz porozmawiać bez oceniania, cokolwiek przeżywasz."
    )


def test_correcting_a_shipped_entry_keeps_its_translations(tmp_path: Path) -> None:
    """Directory care corrects the file's own words; the copy in the centre's folder keeps
    every translation, so her language still shows the translated description."""
    centre = tmp_path / "centre"
    centre.mkdir()
    care = DirectoryCare(centre)
    (samaritans,) = [
        e for e in care.entries(load_directory(None, today=TODAY)) if e.helpline.id == "samaritans"
    ]
    correction = Correction.of(samaritans.helpline)
    changed = Correction(**{**correction.__dict__, "hours": "Every day and night"})
    directory = care.correct(samaritans, changed, TODAY)
    corrected = next(h for h in directory.regions["uk"].helplines if h.id == "samaritans")
    assert corrected.source_path.startswith(str(centre))
    assert corrected.hours == "Every day and night"
    assert corrected.translations == samaritans.helpline.translations
    assert corrected.in_language("ar").helps_with == (
        samaritans.helpline.in_language("ar").helps_with
    )
    assert SHIPPED_DIRECTORY.is_dir()


def test_the_safety_plans_silent_call_line_is_in_her_language() -> None:
    """The plan (on screen and on its wallet card) takes the region's silent-call line from
    the directory: in Welsh where the file translates it."""
    uk = load_directory(None, today=TODAY).regions["uk"]
    use_language("cy")
    try:
        line = silent_call_note(uk)
    finally:
        use_language("en")
    assert line.startswith("Os na allwch siarad: ffoniwch 999"), line
    assert silent_call_note(uk) == uk.silent_call_note


def test_each_language_is_looked_up_once_per_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every entry's every translation names a language the kiosk must speak; gettext's search
    for its catalogue, made for each of them, was a third of a session's directory read before
    its first frame (issue 8, cold start). Once per language and file gives the same answer."""
    from kiosk.helplines import loader

    asked: list[str] = []
    find = loader.find_catalogue

    def counted(tag: str) -> Path | None:
        asked.append(tag)
        return find(tag)

    monkeypatch.setattr(loader, "find_catalogue", counted)
    directory = load_folder(SHIPPED_DIRECTORY, today=TODAY)
    files = {
        helpline.source_file
        for region in directory.regions.values()
        for helpline in region.helplines
    }
    assert sorted(set(asked)) == sorted(SHIPPED_LANGUAGES)
    assert len(asked) <= len(SHIPPED_LANGUAGES) * len(files)
