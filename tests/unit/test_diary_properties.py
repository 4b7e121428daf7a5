"""Any text is stored and read back literally: markup, terminal escapes, bidi controls, emoji,
text of 100 kB, in every free-text field of an entry and an amendment; and whatever a word of
it is, searching for that word finds the entry."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.diary.folding import fold
from kiosk.diary.model import MAX_TEXT_CHARACTERS, Amendment, EvidenceItem, Witness
from kiosk.diary.repository import DiaryRepository
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from tests.unit.diary_fixtures import content, later
from tests.unit.test_vault_rotation import NAME, PIN

HOSTILE = [
    "[bold red]not bold[/]",
    "[link=https://example.org]x[/link]",
    "\x1b[2J\x1b[H",
    "\x1b]0;title\x07",
    "\x1b[31mred\x1b[0m",
    "\u202eevil\u202c",
    "\u2066isolate\u2069 \u200f\u200e",
    "👩🏽‍🦱 🏳️‍🌈 🇵🇱",
    "\r\n\t\x0b\x0c",
    "e\u0301 ﬁ Ａ",  # a combining accent, a ligature, a full-width letter
    "'; DROP TABLE diary_records; --",
    '"quoted" NEAR(a b) * ^ - OR AND',
    "zażółć قَالَ",
    "\x00",
]


def _repeated(piece: str) -> str:
    piece = piece or "x"
    return (piece * (MAX_TEXT_CHARACTERS // len(piece) + 1))[:MAX_TEXT_CHARACTERS]


texts = st.one_of(
    st.text(),
    st.sampled_from(HOSTILE),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=6).map("".join),
    st.text(max_size=12).map(_repeated),  # 100 kB
)


@pytest.fixture
def diary(gatekeeper: Gatekeeper) -> Iterator[DiaryRepository]:
    gatekeeper.provision(NAME, PIN, PIN)
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        yield DiaryRepository(vault)


# One vault for all of a test's examples: each adds its entry to the same diary.
PROPERTY = settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(what=texts, where=texts, other=texts, amendment=texts)
def test_any_text_is_stored_and_read_back_literally(
    diary: DiaryRepository, what: str, where: str, other: str, amendment: str
) -> None:
    assume(what.strip() and where.strip() and amendment.strip())
    written = content(
        what,
        where=where,
        technology=other,
        what_you_did=other,
        witnesses=(Witness(name=other or "x", statement=other),),
        evidence=(EvidenceItem(kind="screenshot", how_saved=other),),
    )
    number = diary.add(written, recorded=later(0)).number
    diary.amend(number, Amendment(reason=amendment, text=amendment), recorded=later(1))

    entry = diary.get(number)
    assert entry is not None and entry.content == written
    assert msgspec.json.encode(entry.content) == msgspec.json.encode(written)
    assert entry.amendments[0].amendment == Amendment(amendment, amendment)
    line = next(s for s in diary.entries() if s.number == number)
    assert line.where == where.strip()
    assert line.first_line in what
    assert diary.verify().intact


@PROPERTY
@given(text=texts, pick=st.integers(min_value=0))
def test_any_word_of_an_entry_finds_it(diary: DiaryRepository, text: str, pick: int) -> None:
    """Where sensible: a word of the text with no NUL (SQLite's text functions stop at it)."""
    words = [word for word in text.split() if "\x00" not in word and fold(word).strip()]
    assume(words)
    word = words[pick % len(words)]
    number = diary.add(content(text), recorded=later(0)).number
    assert number in [summary.number for summary in diary.search(word)]
