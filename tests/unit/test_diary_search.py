"""Search inside the vault: diacritics folded, parts of words found, Polish and Arabic text
found however it is typed, and the query never read as FTS5 syntax."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.diary.folding import fold
from kiosk.diary.model import Amendment, Behaviour, Witness
from kiosk.diary.repository import DiaryFilter, DiaryRepository
from kiosk.diary.search import search_terms
from tests.unit.diary_fixtures import content, diary, later, vault

__all__ = ["diary", "vault"]  # fixtures

POLISH = "Zażółć gęślą jaźń. Łukasz stał pod blokiem przy ulicy Świętokrzyskiej."
# "He said he will come back again", fully vowelled, with hamza on the alefs.
ARABIC_VOWELLED = "قَالَ إِنَّهُ سَيَأْتِي مَرَّةً أُخْرَى إِلَى بَيْتِي"
ENGLISH = 'He said "you can\'t hide" and left a café receipt.'


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zażółć gęślą jaźń", "zazolc gesla jazn"),
        ("ŁUKASZ Łódź", "lukasz lodz"),
        (
            "Ćma, Źdźbło, Ńx, Śnieg, Żaba, Ósmy, Ęą",
            "cma, zdzblo, nx, snieg, zaba, osmy, ea",
        ),
        ("Café Müller, Straße, Ærø", "cafe muller, strasse, aero"),
        ("مَرَّةً", "مره"),  # harakat gone, teh marbuta as heh
        ("أخرى إلى آخر ٱلبيت", "اخري الي اخر البيت"),  # every alef as a bare alef
        ("بـــيـــت", "بيت"),  # tatweel
        ("ﬁle ①", "file 1"),  # compatibility forms
    ],
)
def test_folding(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.fixture
def written(diary: DiaryRepository) -> DiaryRepository:
    diary.add(content(POLISH, where="Warszawa, Śródmieście"), recorded=later(0))
    diary.add(
        content(ARABIC_VOWELLED, where="بيتي", behaviours=(Behaviour.THREATS,)),
        recorded=later(1),
    )
    diary.add(
        content(ENGLISH, witnesses=(Witness(name="Ann O'Neill", contact="07700 900123"),)),
        recorded=later(2),
    )
    return diary


EVERYTHING = DiaryFilter()


def found(diary: DiaryRepository, query: str, where: DiaryFilter = EVERYTHING) -> list[int]:
    return [summary.number for summary in diary.search(query, where)]


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        # Polish with or without its letters, whole words and parts of words.
        ("zażółć", [1]),
        ("zazolc", [1]),
        ("ZAŻÓŁĆ GĘŚLĄ", [1]),
        ("gesla jazn", [1]),
        ("lukasz", [1]),
        ("Łuk", [1]),
        ("swietokrzysk", [1]),
        ("srodmiescie", [1]),
        ("blok", [1]),
        # Arabic without harakat, with other alef forms, with alef maqsura typed as yeh.
        ("سيأتي", [2]),
        ("سياتي", [2]),
        ("اخري", [2]),
        ("أُخْرَى", [2]),
        ("مرة", [2]),
        ("بيت", [2]),
        ("الى بيتي", [2]),
        # English: case, accents, parts of words, quotes and apostrophes as characters.
        ("CAFE", [3]),
        ("café", [3]),
        ("recei", [3]),
        ('"you can\'t hide"', [3]),
        ("o'neill", [3]),
        ("900123", [3]),
        # Every word must be found; a word of one or two characters is found too.
        ("he left", [3]),
        ("he", [3]),
        ("źń", [1]),
        ("ب", [2]),
        ("pod blokiem nowhere", []),
        ("nowhere", []),
    ],
)
def test_search_finds_folded_text_and_parts_of_words(
    written: DiaryRepository, query: str, numbers: list[int]
) -> None:
    assert found(written, query) == numbers


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "*",
        "he*",
        "NEAR(he said)",
        "words:he",
        "a OR b",
        "-he",
        "^he",
        "(",
        "he AND",
        "%",
        "_",
        "\\",
        "'",
        "{words}: x",
        "\x00",
        "\x1b[2J",
        "\u202e",
    ],
)
def test_the_query_is_never_read_as_fts5_syntax(written: DiaryRepository, query: str) -> None:
    """Any text is only text: no error, and nothing found that does not contain it."""
    result = found(written, query)
    folded_words = fold(query).split()
    for number in result:
        entry = written.get(number)
        assert entry is not None and entry.content is not None
        words = fold(
            " ".join([entry.content.what_happened, entry.content.where, str(entry.content)])
        )
        assert all(word in words for word in folded_words)


def test_an_empty_query_lists_every_entry(written: DiaryRepository) -> None:
    assert found(written, "") == found(written, "   ") == [1, 2, 3]
    assert search_terms("  ").empty


def test_an_amendment_is_searched_with_its_entry(written: DiaryRepository) -> None:
    written.amend(1, Amendment("Przypomniałam sobie", "Miał czerwony samochód."), recorded=later(9))
    assert found(written, "samochod") == [1]
    assert found(written, "czerwony zazolc") == [1]  # one word in the amendment, one in the entry
    assert found(written, "przypomnialam") == [1]


def test_search_with_a_filter(written: DiaryRepository) -> None:
    threats = DiaryFilter(behaviours=frozenset({Behaviour.THREATS}))
    assert found(written, "بيت", threats) == [2]
    assert found(written, "zazolc", threats) == []
    assert found(written, "he", DiaryFilter(start=dt.date(2027, 1, 1))) == []


def test_a_very_long_word_is_found_whole_and_only_whole(diary: DiaryRepository) -> None:
    """Its start goes to the index (a phrase of thousands of trigrams would take seconds),
    and the whole word is checked."""
    start = "ab" * 40
    diary.add(content(start + "x" * 5000), recorded=later(0))
    diary.add(content(start + "y" * 5000), recorded=later(1))
    assert found(diary, start + "x" * 5000) == [1]
    assert found(diary, start + "y" * 4000) == [2]
    assert found(diary, start) == [1, 2]
    assert found(diary, start + "z") == []
