"""The PIN and passphrase policy: what is refused, why it is explained, and what is accepted."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.ui.wording import describe
from kiosk.vault import pin_policy
from kiosk.vault.errors import WeakSecret
from kiosk.vault.pin_policy import (
    SecretKind,
    check_new_secret,
    generate_pin,
    normalise_secret,
    refused_share,
)


def refusal(secret: str) -> str:
    with pytest.raises(WeakSecret) as caught:
        check_new_secret(secret)
    # The words a visitor reads for the refusal's code.
    return describe(caught.value)


def check_refused(pin: str) -> bool:
    try:
        check_new_secret(pin)
    except WeakSecret:
        return True
    return False


# Lines on each layout written out by hand, independently of the module's own construction.
PHONE_LINES = ["123", "456", "789", "147", "258", "369", "159", "357", "580"]
NUMPAD_LINES = ["789", "456", "123", "741", "852", "963", "753", "951", "410", "520"]


class TestNormaliseSecret:
    def test_folds_full_width_digits(self) -> None:
        assert normalise_secret("３８４９５７") == "384957"

    def test_strips_and_collapses_whitespace(self) -> None:
        assert normalise_secret("  Green\u00a0 river\t\tlamp \n moon  ") == "Green river lamp moon"

    def test_keeps_case(self) -> None:
        assert normalise_secret("Tree River") == "Tree River"

    @given(st.text())
    def test_is_idempotent(self, text: str) -> None:
        once = normalise_secret(text)
        assert normalise_secret(once) == once


class TestAcceptedPins:
    @pytest.mark.parametrize(
        "pin",
        ["384957", "290299", "310499", "6038491", "48201937", "29021900", "503827164093"],
    )
    def test_unremarkable_pins_are_accepted(self, pin: str) -> None:
        assert check_new_secret(pin) is SecretKind.PIN

    def test_surrounding_spaces_do_not_matter(self) -> None:
        assert check_new_secret(" 384957 ") is SecretKind.PIN


class TestLength:
    @pytest.mark.parametrize("pin", ["1", "2580", "38495"])
    def test_too_short(self, pin: str) -> None:
        assert "at least 6 digits" in refusal(pin)

    def test_too_long(self) -> None:
        message = refusal("3849571620384")
        assert "12 digits" in message
        assert "passphrase" in message

    def test_empty(self) -> None:
        for blank in ("", "   ", "\t\n"):
            assert "at least 6 digits" in refusal(blank)


class TestPatterns:
    @pytest.mark.parametrize(
        "pin",
        ["111111", "000000", "999999999", "121212", "123123", "112112", "847847", "1212121"],
    )
    def test_repeats(self, pin: str) -> None:
        assert "pattern" in refusal(pin)

    @pytest.mark.parametrize(
        "pin",
        ["123456", "654321", "890123", "098765", "234567", "9012345", "135791", "0123456789"],
    )
    def test_runs_up_and_down_with_wrap_around(self, pin: str) -> None:
        assert "pattern" in refusal(pin)

    @pytest.mark.parametrize(
        "pin",
        [
            "147258", "258369", "369258", "159357", "147852", "789456", "456123", "741852",
            "963852", "159753", "357159", "258085", "258012", "085214", "7410852", "01478520",
        ],
    )  # fmt: skip
    def test_keypad_lines(self, pin: str) -> None:
        assert "pattern" in refusal(pin)

    @pytest.mark.parametrize("lines", [PHONE_LINES, NUMPAD_LINES])
    def test_every_pair_of_keypad_lines(self, lines: list[str]) -> None:
        for first, second in itertools.product(lines, repeat=2):
            for a, b in ((first, second), (first[::-1], second), (first, second[::-1])):
                assert check_refused(a + b), a + b


class TestDates:
    @pytest.mark.parametrize(
        "pin",
        [
            "150385",  # DDMMYY
            "031585",  # MMDDYY
            "850315",  # YYMMDD
            "690412",  # YYMMDD, 12 April 1969
            "290296",  # 29 February in a leap year
            "290200",  # 29 February 2000
            "198512",  # year and month
            "121985",  # month and year
            "203907",
            "751990",  # 7 May 1990 without leading zeros
            "199075",
            "1531985",  # 15 March 1985, month without its zero
            "15031985",  # DDMMYYYY
            "03151985",  # MMDDYYYY
            "19850315",  # YYYYMMDD
            "29022000",
        ],
    )
    def test_dates_are_refused(self, pin: str) -> None:
        message = refusal(pin)
        assert "date" in message
        assert "birthday" in message

    @pytest.mark.parametrize("pin", ["290299", "310499", "29021900"])
    def test_impossible_dates_are_not_dates(self, pin: str) -> None:
        # 29 February 99 never happened in any century, nor 31 April, nor 29 February 1900.
        assert check_new_secret(pin) is SecretKind.PIN

    def test_every_day_of_a_year_in_three_orders(self) -> None:
        for month, days in ((1, 31), (2, 28), (4, 30), (12, 31)):
            for day in range(1, days + 1):
                for pin in (f"{day:02d}{month:02d}77", f"{month:02d}{day:02d}77"):
                    assert check_refused(pin), pin
                assert check_refused(f"77{month:02d}{day:02d}")


class TestCommonPins:
    @pytest.mark.parametrize("pin", ["292513", "314159", "520131", "142857", "102938", "5201314"])
    def test_common_pins(self, pin: str) -> None:
        assert "common" in refusal(pin)

    def test_the_list_is_substantial(self) -> None:
        six = [pin for pin in pin_policy._COMMON_PINS if len(pin) == 6]
        assert len(six) >= 150
        assert all(pin.isdigit() for pin in pin_policy._COMMON_PINS)

    @pytest.mark.parametrize(
        "pin", ["123456", "654321", "111111", "000000", "121212", "112233", "123321", "666666"]
    )
    def test_best_known_pins_are_refused(self, pin: str) -> None:
        assert check_refused(pin)


class TestPassphrases:
    @pytest.mark.parametrize(
        "phrase", ["correct horse battery staple", "Tree river Lamp cloud", "blue  kettle at dawn"]
    )
    def test_accepted(self, phrase: str) -> None:
        assert check_new_secret(phrase) is SecretKind.PASSPHRASE

    @pytest.mark.parametrize(
        "phrase",
        ["abc123", "Letmein", "one two three", "a b c d", "cat dog sun hat", "123 456", "1234a6"],
    )
    def test_short_or_mixed_explains_both_kinds(self, phrase: str) -> None:
        message = refusal(phrase)
        assert "only have digits" in message
        assert "four or more words" in message

    def test_other_scripts_digits_are_not_a_pin(self) -> None:
        assert "only have digits" in refusal("٣٨٤٩٥٧")

    @pytest.mark.parametrize("phrase", ["river river river river", "Moon moon MOON moon moon"])
    def test_one_word_repeated(self, phrase: str) -> None:
        assert "different words" in refusal(phrase)


class TestMessages:
    @given(st.integers(min_value=0, max_value=10**8 - 1), st.integers(min_value=3, max_value=8))
    def test_refusals_never_repeat_the_pin(self, number: int, length: int) -> None:
        pin = f"{number:0{length}d}"[-length:]
        try:
            check_new_secret(pin)
        except WeakSecret as refused:
            assert pin not in str(refused)

    def test_no_message_blames(self) -> None:
        for message in (refusal("1"), refusal("123456"), refusal("150385"), refusal("abc")):
            assert "you must" not in message.lower()
            assert "wrong" not in message.lower()
            assert message.rstrip().endswith(".")


class TestGeneratePin:
    @settings(max_examples=50, deadline=None)
    @given(st.integers(min_value=6, max_value=12))
    def test_generated_pins_always_pass(self, length: int) -> None:
        pin = generate_pin(length)
        assert len(pin) == length
        assert pin.isascii() and pin.isdigit()
        assert check_new_secret(pin) is SecretKind.PIN

    def test_default_is_six_digits(self) -> None:
        pins = {generate_pin() for _ in range(200)}
        assert all(len(pin) == 6 for pin in pins)
        assert len(pins) > 190

    @pytest.mark.parametrize("length", [0, 4, 5, 13])
    def test_refuses_lengths_outside_policy(self, length: int) -> None:
        with pytest.raises(ValueError):
            generate_pin(length)


class TestRefusedShare:
    def test_six_digit_share_is_near_the_design_target(self) -> None:
        assert 0.10 <= refused_share(6) <= 0.35

    @settings(max_examples=500)
    @given(st.integers(min_value=0, max_value=999_999))
    def test_share_measures_exactly_what_the_policy_refuses(self, number: int) -> None:
        pin = f"{number:06d}"
        counted = pin in pin_policy._blocklist(6) or pin_policy._has_pattern(pin)
        assert check_refused(pin) == counted

    def test_refuses_lengths_outside_policy(self) -> None:
        with pytest.raises(ValueError):
            refused_share(5)
