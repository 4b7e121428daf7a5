"""``kiosk.language`` chooses the catalogue, the CLDR plural rule and the date format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.diary.model import RecordKind
from kiosk.i18n import UnknownLanguage, _, available_languages, language, use_language
from kiosk.ui.wording import describe_wait, note_time
from kiosk.vault.errors import NotRecognised


def _config(tmp_path: Path, language: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'[kiosk]\nlanguage = "{language}"\n', encoding="utf-8")
    return path


# Tags no catalogue will ever ship for ("zu" and "tlh" are not planned; "xx" is no language).
@pytest.mark.parametrize("tag", ["zu", "tlh", "xx", "zu-ZA"])
def test_a_language_without_a_catalogue_is_one_config_error_line(tmp_path: Path, tag: str) -> None:
    path = _config(tmp_path, tag)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    shipped = ", ".join(f'"{tag}"' for tag in available_languages())
    assert str(caught.value) == (
        f"{path}: kiosk.language: no translation for '{tag}'; this kiosk has {shipped} "
        "(docs/TRANSLATING.md says how to add a language)"
    )


def test_a_regional_tag_uses_its_language(tmp_path: Path) -> None:
    assert load_config(_config(tmp_path, "en-GB")).kiosk.language == "en-GB"
    use_language("en-GB")
    try:
        assert language() == "en-GB"
        assert describe_wait(1) == "1 second"
    finally:
        use_language("en")


def test_a_catalogue_added_to_the_kiosk_is_accepted_and_spoken(tmp_path: Path, welsh: Path) -> None:
    assert {"cy", "en"} <= set(available_languages())
    config = load_config(_config(tmp_path, "cy"))
    use_language(config.kiosk.language)
    assert _("Welcome") == "‹Welcome›"


@pytest.mark.parametrize(
    ("seconds", "form"),
    # Welsh (CLDR, as Babel numbers gettext's forms): 1 one, 2 two, 3 few, 6 many, and
    # form 0 for zero and every other number.
    [(1, 1), (2, 2), (3, 3), (6, 4), (7, 0), (11, 0)],
)
def test_plurals_follow_the_languages_cldr_rule(welsh: Path, seconds: int, form: int) -> None:
    use_language("cy")
    assert describe_wait(seconds).startswith(f"‹{form}› {seconds} second")


def test_english_plurals(seconds: tuple[int, ...] = (1, 2, 59, 61, 3600 * 2)) -> None:
    use_language("en")
    assert [describe_wait(s) for s in seconds] == [
        "1 second",
        "2 seconds",
        "59 seconds",
        "2 minutes",
        "2 hours",
    ]


def test_tries_left_are_counted_in_the_language(welsh: Path) -> None:
    from kiosk.ui.wording import describe

    use_language("cy")
    text = describe(NotRecognised(tries_left=2))
    assert text.startswith("‹The vault name or PIN was not recognised.› ‹Please try again.› ‹2›")


def test_dates_are_written_as_the_language_writes_them(welsh: Path) -> None:
    # In the offset the visitor saw when she wrote it, whatever the kiosk's zone is now.
    seen = dt.timezone(dt.timedelta(hours=1))
    written = dt.datetime(2026, 3, 1, 14, 5, tzinfo=seen)
    assert note_time(written) == "2026-03-01 14:05"  # English, as before
    assert note_time(written.astimezone(dt.UTC)) == "2026-03-01 13:05"
    use_language("cy")
    assert note_time(written) == "1 Mawrth 2026, 14:05"


@pytest.mark.parametrize("tag", ["../en", "en/../../etc", "EN", "", "en_GB/x"])
def test_a_tag_that_is_not_one_never_reaches_the_file_system(tag: str) -> None:
    with pytest.raises(UnknownLanguage):
        use_language(tag)


def _languages_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(f"[kiosk]\n{text}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('languages = ["en", "zu"]', "no translation for 'zu'; this kiosk has"),
        ('language = "cy"\nlanguages = ["en"]', "must include kiosk.language ('cy')"),
        ('languages = ["en", "cy", "en"]', "lists 'en' more than once"),
        ('languages = ["../en"]', "must be a language tag"),
        ('languages = "en"', "expected a list, got text"),
    ],
)
def test_offered_languages_are_checked_in_one_line(
    tmp_path: Path, welsh: Path, text: str, message: str
) -> None:
    path = _languages_config(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    said = str(caught.value)
    assert said.startswith(f"{path}: kiosk.languages")
    assert message in said
    assert "\n" not in said


def test_the_offered_languages(tmp_path: Path, welsh: Path) -> None:
    default = load_config(_languages_config(tmp_path, ""))
    others = tuple(tag for tag in available_languages() if tag != "en")
    assert "cy" in others
    assert default.kiosk.offered_languages() == ("en", *others)
    assert load_config(_languages_config(tmp_path, "languages = []")) == default
    regional = load_config(_languages_config(tmp_path, 'language = "en-GB"'))
    assert regional.kiosk.offered_languages() == ("en-GB", *others)
    listed = load_config(_languages_config(tmp_path, 'language = "cy"\nlanguages = ["cy", "en"]'))
    assert listed.kiosk.offered_languages() == ("cy", "en")


def test_printed_dates_and_counts_follow_the_language(welsh: Path) -> None:
    from kiosk.printing import record_format

    seen = dt.timezone(dt.timedelta(hours=1))
    written = dt.datetime(2026, 3, 1, 14, 5, tzinfo=seen)
    assert record_format.stamp(written) == "2026-03-01 14:05 (UTC+01:00)"  # English, as before
    assert record_format.day(written.date()) == "2026-03-01"
    assert record_format.number(1234) == "1,234"
    use_language("cy")
    assert record_format.stamp(written) == "‹1 Mawrth 2026, 14:05 (UTC+01:00)›"
    assert record_format.day(written.date()) == "1 Mawrth 2026"
    assert record_format.kind(RecordKind.AMENDMENT) == "‹amendment›"
    use_language("en")


def test_a_record_printed_in_welsh_has_welsh_dates_and_words(welsh: Path) -> None:
    from kiosk.printing.renderer import render_pdf
    from tests.printing.diary_samples import sample_record
    from tests.printing.pdftext import pdf_text

    use_language("en")
    text = pdf_text(render_pdf(sample_record(), language="cy"))
    assert "‹Personal record›" in text
    assert "Tachwedd" in text  # November, in Welsh, from the catalogue's date pattern
