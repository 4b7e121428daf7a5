"""A single word as long as a whole field (100 kB, no spaces) is found, never an error."""

from __future__ import annotations

import pytest

from kiosk.diary.model import MAX_TEXT_CHARACTERS
from kiosk.diary.repository import DiaryRepository
from tests.unit.diary_fixtures import content, diary, later, vault

__all__ = ["diary", "vault"]  # fixtures


@pytest.mark.parametrize("piece", ["0\u00b4", "ab", "\u0301x"])
def test_a_word_the_length_of_a_whole_field_finds_its_entry(
    diary: DiaryRepository, piece: str
) -> None:
    text = (piece * (MAX_TEXT_CHARACTERS // len(piece) + 1))[:MAX_TEXT_CHARACTERS]
    number = diary.add(content(text), recorded=later(0)).number
    assert number in [summary.number for summary in diary.search(text)]
