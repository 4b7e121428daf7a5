"""docs/PLAIN-LANGUAGE.md records the reading age of the welcome, unlock and diary screens; these
tests keep the record true to the code and the counting honest."""

from __future__ import annotations

import pytest

from tests.plain_language import reading_age


def test_the_recorded_reading_ages_are_what_the_code_gives_now() -> None:
    # After changing a message on a measured screen: scripts/reading_age --write, then read it.
    assert reading_age.recorded() == reading_age.report()


def test_every_measured_screen_reads_at_the_target_age_or_under() -> None:
    for screen in reading_age.SCREENS_MEASURED:
        prose = [m for m in reading_age.messages(screen) if reading_age.is_prose(m)]
        assert prose, f"{screen.name}: no sentences found (a file or function was renamed?)"
        assert reading_age.score(prose).reading_age <= 9.0, screen.name


def test_the_measured_messages_are_the_catalogues() -> None:
    # The screens are read through the same extractor as scripts/catalogue: every message
    # measured is a msgid of the shipped catalogue, so the figures are about what is shown.
    from babel.messages.pofile import read_po

    with (reading_age.ROOT / "kiosk/i18n/locale/harbour.pot").open("rb") as handle:
        catalogue = read_po(handle)
    ids = {m.id[-1] if isinstance(m.id, tuple) else m.id for m in catalogue if m.id}
    for screen in reading_age.SCREENS_MEASURED:
        missing = [m for m in reading_age.messages(screen) if m not in ids]
        assert not missing, f"{screen.name}: not in harbour.pot (run scripts/catalogue): {missing}"


def test_a_screen_function_that_no_longer_exists_is_an_error_not_a_silent_zero() -> None:
    screen = reading_age.Screen("Gone", (), ("no_such_function",))
    with pytest.raises(LookupError, match="no_such_function"):
        reading_age.messages(screen)


# Counts from the CMU Pronouncing Dictionary.
@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("you", 1),
        ("time", 1),
        ("while", 1),
        ("here", 1),
        ("asked", 1),
        ("times", 1),
        ("people", 2),
        ("centre", 2),
        ("wanted", 2),
        ("places", 2),
        ("entries", 2),
        ("copied", 2),
        ("statement", 2),
        ("something", 2),
        ("someone", 2),
        ("police", 2),
        ("going", 2),
        ("region", 2),
        ("continue", 3),
        ("diary", 3),
        ("violence", 3),
        ("behaviour", 3),
        ("quotation", 3),
        ("witness's", 3),
        ("idea", 3),
        ("area", 3),
        ("evidence", 3),
        ("approximately", 5),
        ("DNA", 3),
        ("PIN", 1),
        ("2026", 1),
    ],
)
def test_syllables_are_counted_as_the_dictionary_says(word: str, count: int) -> None:
    assert reading_age.syllables(word) == count


def test_the_formulas_give_the_published_figures() -> None:
    # Flesch's own example of easy text: "The cat sat on the mat." 6 words, 6 syllables.
    cat = reading_age.score(["The cat sat on the mat."])
    assert (cat.sentences, cat.words, cat.syllables) == (1, 6, 6)
    assert cat.ease == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 1)
    assert cat.grade == pytest.approx(0.39 * 6 + 11.8 * 1 - 15.59)
    assert cat.reading_age == pytest.approx(cat.grade + 5)


def test_sentences_end_at_stops_not_at_colons_and_placeholders_are_one_word() -> None:
    said = reading_age.sentences("Date: {text} is not a date. Please write it again.\nThanks!")
    assert said == ["Date: five is not a date.", "Please write it again.", "Thanks!"]
    assert not reading_age.is_prose("Open my vault")
    assert reading_age.is_prose("Opening your vault…")
