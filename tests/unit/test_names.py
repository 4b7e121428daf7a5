"""Vault names: the same name typed differently reaches the same vault; bad names are refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kiosk.ui.wording import describe
from kiosk.vault.errors import InvalidVaultName
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.names import (
    MAX_NAME_CHARS,
    check_new_name,
    generate_name,
    legacy_normalised_name,
    normalise_name,
)

GENERATED = re.compile(r"[bdfgklmnprstvz][aeiou][bdfgklmnprstvz][aeiou]")


def refusal(name: str) -> str:
    with pytest.raises(InvalidVaultName) as caught:
        normalise_name(name)
    # The words a visitor reads for the refusal's code.
    return describe(caught.value)


class TestNormaliseName:
    @pytest.mark.parametrize(
        "typed",
        [
            "bamotiku",
            "Bamo Tiku",
            "BAMO-TIKU",
            "bamo_tiku",
            "bamo.tiku",
            "bamo–tiku",  # en dash
            "bamo—tiku",  # em dash
            "bamo\u2011tiku",  # non-breaking hyphen
            "bamo\u2212tiku",  # minus sign
            "  bamo   tiku \t\n",
            "ｂａｍｏ ｔｉｋｕ",  # full-width
            "bamo\u00a0tiku",  # no-break space
        ],
    )
    def test_variants_reach_the_same_vault(self, typed: str) -> None:
        assert normalise_name(typed) == "bamotiku"

    def test_apostrophes_are_ignored(self) -> None:
        assert normalise_name("O'Brien") == normalise_name("O’Brien") == "obrien"

    def test_case_folds_beyond_ascii(self) -> None:
        assert normalise_name("Straße") == normalise_name("STRASSE") == "strasse"
        assert normalise_name("ΣΟΦΙΑ") == normalise_name("σοφια")

    @pytest.mark.parametrize(
        ("typed", "expected"),
        [
            ("Zażółć Gęślą", "zażółćgęślą"),
            ("مريم الزهراء", "مريمالزهراء"),
            ("सीमा", "सीमा"),  # Devanagari vowel signs are marks, not letters
            ("Анна-Мария", "аннамария"),
            ("花子さん", "花子さん"),
            ("Room 42b", "room42b"),
        ],
    )
    def test_any_script(self, typed: str, expected: str) -> None:
        assert normalise_name(typed) == expected

    def test_composed_and_decomposed_accents_match(self) -> None:
        assert normalise_name("Zoe\u0301 Lane") == normalise_name("Zoé Lane")

    def test_invisible_joiners_are_ignored(self) -> None:
        assert normalise_name("می\u200cخواهم") == normalise_name("میخواهم")

    @pytest.mark.parametrize("typed", ["abc", "a-b-c", "  ab  ", "", "----", "a.b"])
    def test_too_short(self, typed: str) -> None:
        assert "at least 4" in refusal(typed)

    def test_length_limits(self) -> None:
        assert normalise_name("a" * MAX_NAME_CHARS) == "a" * MAX_NAME_CHARS
        assert normalise_name("a-" * MAX_NAME_CHARS) == "a" * MAX_NAME_CHARS
        assert "at most 64" in refusal("a" * (MAX_NAME_CHARS + 1))

    @pytest.mark.parametrize(
        "typed",
        [
            "bad\x00name",
            "name\x1b[31m",
            "bell\x07name",
            "hello!",
            "sun/moon",
            "name@example",
            "emoji😀name",
            "\u0301abcd",  # a mark with no letter before it
            "right\u202eleft",  # bidi override
        ],
    )
    def test_only_letters_and_digits(self, typed: str) -> None:
        assert "only use letters and numbers" in refusal(typed)

    def test_message_never_repeats_the_name(self) -> None:
        assert "hello" not in refusal("hello!")

    @given(st.text(max_size=80))
    @example("0A\u00b4\u00df")  # the accent becomes space + U+0301; the space was dropped last
    @example("0\u00e1ss")
    @example("e-\u0301tre")  # a dash between a letter and its combining accent
    @example("\u1100 \u1161bcd")  # Hangul jamo that compose once the space is gone
    def test_is_idempotent(self, text: str) -> None:
        try:
            once = normalise_name(text)
        except InvalidVaultName:
            return
        assert normalise_name(once) == once
        assert 4 <= len(once) <= MAX_NAME_CHARS

    @pytest.mark.parametrize(
        ("one", "other"),
        [
            ("0A\u00b4\u00df", "0\u00e1ss"),
            ("cafe-\u0301-time", "caf\u00e9time"),
            ("\u1100 \u1161bcd", "\uac00bcd"),
        ],
    )
    def test_names_that_look_the_same_are_the_same_name(self, one: str, other: str) -> None:
        assert normalise_name(one) == normalise_name(other)

    def test_ordinary_names_keep_the_form_they_were_keyed_with(self) -> None:
        for typed in ("Bamo Tiku", "caf\u00e9-time", "\u0645\u0631\u064a\u0645", "nam\u00e9"):
            assert legacy_normalised_name(typed) is None

    def test_old_non_canonical_form_is_still_known(self) -> None:
        # Vaults made before names were canonical were keyed with this form.
        assert legacy_normalised_name("0A\u00b4\u00df") == "0a\u0301ss"


class TestGenerateName:
    def test_shape(self) -> None:
        name = generate_name()
        words = name.split("-")
        assert len(words) == 3
        assert all(GENERATED.fullmatch(word) for word in words)

    def test_unique_over_a_thousand_draws(self) -> None:
        names = [generate_name() for _ in range(1000)]
        assert len(set(names)) == 1000

    @given(st.data())
    def test_round_trips_however_it_is_typed(self, data: st.DataObject) -> None:
        name = generate_name()
        canonical = normalise_name(name)
        assert canonical == name.replace("-", "")
        # However a visitor retypes it: upper case here and there, spaces or dashes or nothing.
        typed = ""
        for char in name:
            if char == "-":
                typed += data.draw(st.sampled_from(["", " ", "-", " - ", "–", "_"]))
            else:
                typed += char.upper() if data.draw(st.booleans()) else char
        assert normalise_name(typed) == canonical


# Found from outside: letters and marks that draw nothing passed as parts of a name, so a vault
# could be given a name that shows as "anna" on the slip but is not "anna" when she types it.
INVISIBLE_INSIDE = [
    "an\u034fna",  # combining grapheme joiner
    "anna\ufe0f",  # variation selector
    "anna\U000e0100",  # ideographic variation selector
    "\u3164\u3164\u3164\u3164",  # Hangul filler: a "letter" that draws nothing
    "anna\uffa0",  # half-width Hangul filler
    "\u1780\u17b4\u1781\u1782",  # Khmer inherent vowel that draws nothing
]


@pytest.mark.parametrize("typed", INVISIBLE_INSIDE)
def test_a_new_vault_name_with_something_invisible_is_refused(
    gatekeeper: Gatekeeper, typed: str
) -> None:
    with pytest.raises(InvalidVaultName) as refused:
        gatekeeper.provision(typed, "583920", "583920")
    assert "only use letters and numbers" in describe(refused.value)


def test_names_in_scripts_that_use_joiners_can_still_be_given(gatekeeper: Gatekeeper) -> None:
    # Persian with a zero-width non-joiner, Hindi with its vowel signs, Korean syllables.
    for name in (
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        "\u0928\u092e\u0938\u094d\u0924\u0947",
        "\ud558\ub298\ubcc4\ube5b",
    ):
        assert gatekeeper.provision(name, "583920", "583920").name == name
        assert normalise_name(name) == check_new_name(name)
