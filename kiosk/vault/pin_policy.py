"""Which new PINs and passphrases a visitor may choose, and a PIN the kiosk can suggest.

The person most likely to guess a visitor's PIN knows her: her birthday, her children's, the
PIN she uses everywhere. The policy therefore refuses dates, repeats, runs, lines on a keypad
and the PINs people choose most often (vault-security.md §8). It guards against online
guessing only; against someone holding the files and the kiosk secret, a passphrase of four or
more words is the one choice that holds up.

Refusals are ``WeakSecret`` errors that say which problem it was (``SecretProblem``); the
screens word each one so that it says what is wrong and what to do next, without blame and
without echoing the secret.
"""

from __future__ import annotations

import calendar
import enum
import re
import secrets
import unicodedata
from functools import cache

from kiosk.vault.errors import SecretProblem, WeakSecret

MIN_PIN_DIGITS = 6
MAX_PIN_DIGITS = 12
MIN_PASSPHRASE_WORDS = 4
MIN_PASSPHRASE_CHARS = 16

_WHITESPACE_RUN = re.compile(r"\s+")

# Years someone alive today, or her children, might have been born or married in.
_PLAUSIBLE_YEARS = range(1930, 2040)

# People's own choices that no rule below catches, together with the best-known choices the
# rules do catch, so that the list stays readable as "the PINs people choose most often".
# Sources: the top six-digit PINs in Markert et al. 2020 and in public password leaks.
_COMMON_PINS = frozenset(
    {
        "000000", "000001", "000007", "000123", "000111", "001122", "007007", "007700",
        "010101", "010203", "012012", "012345", "020202", "030303", "040404", "050505",
        "060606", "070707", "080808", "090909", "100000", "100100", "100200", "101010",
        "101101", "102030", "102102", "102938", "110110", "111000", "111111", "111112",
        "111222", "111333", "111999", "112112", "112211", "112233", "112244", "112358",
        "113355", "119119", "120120", "121121", "121212", "121314", "121231", "122333",
        "123000", "123123", "123321", "123412", "123432", "123451", "123454", "123455",
        "123456", "123457", "123458", "123459", "123465", "123654", "123789", "123987",
        "124578", "125125", "128500", "131313", "131415", "134679", "135135", "135246",
        "135790", "135791", "142536", "142857", "143143", "147147", "147258", "147369",
        "147852", "147896", "147963", "151515", "159159", "159357", "159630", "159753",
        "161616", "171717", "181818", "191919", "200000", "200200", "201314", "202020",
        "212121", "222222", "222333", "232323", "234567", "242424", "246246", "246810",
        "252525", "258258", "258456", "258852", "262626", "271828", "272727", "282828",
        "292513", "292929", "300000", "303030", "313131", "314159", "321321", "321654",
        "333333", "333666", "343434", "345678", "353535", "357357", "357951", "363636",
        "369258", "369369", "369963", "373737", "383838", "393939", "404040", "420420",
        "424242", "444444", "445566", "454545", "456123", "456456", "456654", "456789",
        "456852", "474747", "500000", "505050", "515151", "520131", "520520", "521521",
        "525252", "555555", "555666", "565656", "567890", "575757", "585858", "595959",
        "606060", "616161", "636363", "654123", "654321", "656565", "666666", "666999",
        "676767", "686868", "690690", "696969", "707070", "717171", "741852", "741963",
        "753159", "753951", "757575", "777777", "778899", "787878", "789123", "789456",
        "789789", "789987", "797979", "808080", "818181", "852456", "852741", "858585",
        "868686", "878787", "888888", "888999", "898989", "909090", "911911", "919191",
        "951357", "951753", "959595", "963741", "963852", "969696", "975310", "979797",
        "987456", "987654", "987987", "989898", "998877", "999666", "999999",
        # Longer favourites: "I love you (forever)" in Chinese number-speak, and doubled runs.
        "5201314", "1314520", "11223344", "12344321", "12121212", "11111111", "12345678",
        "87654321", "123456789", "987654321", "1234567890", "0987654321",
    }
)  # fmt: skip

# Two layouts, one row per string: a telephone keypad (1 at the top left, 0 alone under 8)
# and a computer number pad (7 at the top left, a wide 0 under 1 and 2). A space is no key.
_KEYPADS = (
    ("123", "456", "789", " 0 "),
    ("789", "456", "123", "00 "),
)
_DIRECTIONS = ((0, 1), (1, 0), (1, 1), (1, -1))


class SecretKind(enum.Enum):
    """What a visitor typed as her new secret."""

    PIN = enum.auto()
    PASSPHRASE = enum.auto()


def normalise_secret(secret: str) -> str:
    """The form of a PIN or passphrase that is checked and fed to the KDF.

    NFKC makes full-width digits and other look-alike forms the same as what the kiosk
    keyboard types; spaces are tidied so that a stray double space cannot lock her out.
    Case is kept: it is part of the passphrase she chose.
    """
    text = unicodedata.normalize("NFKC", secret)
    return _WHITESPACE_RUN.sub(" ", text).strip()


def _letters_and_digits(text: str) -> str:
    return "".join(
        char for char in unicodedata.normalize("NFKC", text).casefold() if char.isalnum()
    )


def check_new_secret(secret: str, *, name: str = "") -> SecretKind:
    """Accept a new PIN or passphrase, or raise ``WeakSecret`` saying kindly why not.

    ``name``: the vault's name, which must not be the secret nor hold it (nor be held in
    it): she tells staff her vault's name, and it may be written down or overheard."""
    text = normalise_secret(secret)
    if not text:
        raise WeakSecret(SecretProblem.EMPTY)
    named, secret_only = _letters_and_digits(name), _letters_and_digits(text)
    if named and secret_only and (secret_only in named or named in secret_only):
        raise WeakSecret(SecretProblem.NAME)
    if _is_pin_text(text):
        problem = _pin_problem(text)
        if problem is not None:
            raise WeakSecret(problem)
        return SecretKind.PIN
    words = text.split(" ")
    if len(words) < MIN_PASSPHRASE_WORDS or len(text) < MIN_PASSPHRASE_CHARS:
        raise WeakSecret(SecretProblem.NEITHER_KIND)
    if len({word.casefold() for word in words}) == 1:
        raise WeakSecret(SecretProblem.SAME_WORD)
    return SecretKind.PASSPHRASE


def generate_pin(length: int = MIN_PIN_DIGITS) -> str:
    """A uniformly random PIN of ``length`` digits that the policy accepts."""
    _check_length(length)
    while True:
        pin = f"{secrets.randbelow(10**length):0{length}d}"
        try:
            check_new_secret(pin)
        except WeakSecret:
            continue
        return pin


def refused_share(length: int = MIN_PIN_DIGITS) -> float:
    """The fraction of all ``10**length`` PINs that the policy refuses.

    Exhaustive, so each extra digit costs ten times as long: about two seconds for 6 digits.
    """
    _check_length(length)
    total: int = 10**length
    blocked = _blocklist(length)
    refused = len(blocked)
    for number in range(total):
        pin = f"{number:0{length}d}"
        if pin not in blocked and _has_pattern(pin):
            refused += 1
    return refused / total


def _check_length(length: int) -> None:
    if not MIN_PIN_DIGITS <= length <= MAX_PIN_DIGITS:
        raise ValueError(f"PIN length must be {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits")


def _is_pin_text(text: str) -> bool:
    # ASCII only: the KDF sees the characters as typed, so other scripts' digits would make a
    # PIN that the kiosk's own number keys could never type again.
    return text.isascii() and text.isdigit()


def _pin_problem(pin: str) -> SecretProblem | None:
    """The problem with a digits-only secret the policy refuses, or None if it is fine."""
    if len(pin) < MIN_PIN_DIGITS:
        return SecretProblem.TOO_SHORT
    if len(pin) > MAX_PIN_DIGITS:
        return SecretProblem.TOO_LONG
    # Pattern before common before date: 121212 is a date too, but "a pattern" is what she
    # will recognise, and 112233 is better explained as common than as 22 November 2033.
    if _has_pattern(pin) or pin in _runs(len(pin)):
        return SecretProblem.PATTERN
    if pin in _COMMON_PINS:
        return SecretProblem.COMMON
    if pin in _dates(len(pin)):
        return SecretProblem.DATE
    return None


@cache
def _blocklist(length: int) -> frozenset[str]:
    """Every refused PIN of this length that fits in a set.

    Repeats and keypad lines are left to ``_has_pattern``: for 12 digits there are millions.
    """
    common = {pin for pin in _COMMON_PINS if len(pin) == length}
    return _runs(length) | _dates(length) | common


def _has_pattern(pin: str) -> bool:
    if _is_repetition(pin):
        return True
    # Every keypad pattern opens with a whole line, so three digits rule most PINs out
    # before the regular expression runs, which halves the time refused_share(6) takes.
    return pin[:3] in _stroke_openings() and _keypad_lines().fullmatch(pin) is not None


def _is_repetition(pin: str) -> bool:
    # A string repeats a block of length p exactly when shifting it by p changes nothing;
    # p up to half the length means the block shows at least twice (112112, 1212121).
    return any(pin[p:] == pin[:-p] for p in range(1, len(pin) // 2 + 1))


@cache
def _runs(length: int) -> frozenset[str]:
    """Counting up or down by one or two, going round from 9 to 0 (890123, 098765, 135791)."""
    return frozenset(
        "".join(str((start + step * i) % 10) for i in range(length))
        for start in range(10)
        for step in (1, -1, 2, -2)
    )


@cache
def _strokes() -> tuple[frozenset[str], frozenset[str]]:
    """Straight lines of three or more keys on either keypad, both ways, and their prefixes.

    A finger drawing 147, 2580 or 159 on the keypad is as easy to remember as counting, so
    such lines are built from the layouts rather than listed (a list would miss 0852 on one
    pad or 0147 on the other).
    """
    lines: set[str] = set()
    for pad in _KEYPADS:
        keys = {
            (row, col): char
            for row, text in enumerate(pad)
            for col, char in enumerate(text)
            if char != " "
        }
        for row, col in keys:
            for d_row, d_col in _DIRECTIONS:
                if (row - d_row, col - d_col) in keys:
                    continue
                walk = ""
                r, c = row, col
                while (r, c) in keys:
                    # The wide 0 is one key however far the finger travels along it.
                    if not walk or walk[-1] != keys[r, c]:
                        walk += keys[r, c]
                    r, c = r + d_row, c + d_col
                lines.add(walk)
    strokes = {
        text[start:end]
        for line in lines
        for text in (line, line[::-1])
        for start in range(len(text))
        for end in range(start + 3, len(text) + 1)
    }
    partials = {stroke[:size] for stroke in strokes for size in range(2, len(stroke))}
    return frozenset(strokes), frozenset(partials | strokes)


@cache
def _stroke_openings() -> frozenset[str]:
    return frozenset(stroke[:3] for stroke in _strokes()[0])


@cache
def _keypad_lines() -> re.Pattern[str]:
    """PINs made of keypad lines one after another, the last one perhaps cut short (258014)."""
    strokes, endings = _strokes()
    whole = "|".join(sorted(strokes, key=len, reverse=True))
    tail = "|".join(sorted(endings, key=len, reverse=True))
    return re.compile(f"(?:{whole})+(?:{tail})?")


@cache
def _dates(length: int) -> frozenset[str]:
    if length == 6:
        return _six_digit_dates()
    if length == 7:
        return _seven_digit_dates()
    if length == 8:
        return _eight_digit_dates()
    return frozenset()


def _six_digit_dates() -> frozenset[str]:
    found: set[str] = set()
    for yy in range(100):
        # "Any century": 29 February counts whenever some century makes that year a leap year,
        # which for two digits is every multiple of four (2000 was one).
        leap = yy % 4 == 0
        for month in range(1, 13):
            days = 29 if month == 2 and leap else calendar.monthrange(2001, month)[1]
            for day in range(1, days + 1):
                found.add(f"{day:02d}{month:02d}{yy:02d}")
                found.add(f"{month:02d}{day:02d}{yy:02d}")
                found.add(f"{yy:02d}{month:02d}{day:02d}")
    for year in _PLAUSIBLE_YEARS:
        # Month and year of a birth or a wedding, either way round (198512, 121985).
        for month in range(1, 13):
            found.add(f"{year}{month:02d}")
            found.add(f"{month:02d}{year}")
        # Day and month written without their leading zeros, before or after a full year
        # (7 5 1990 as 751990): one order covers both day-month and month-day.
        for first in range(1, 10):
            for second in range(1, 10):
                found.add(f"{first}{second}{year}")
                found.add(f"{year}{first}{second}")
    return frozenset(found)


def _seven_digit_dates() -> frozenset[str]:
    """Dates with a full year where only the day or only the month lost its leading zero."""
    found: set[str] = set()
    for year in _PLAUSIBLE_YEARS:
        for month in range(1, 13):
            for day in range(1, calendar.monthrange(year, month)[1] + 1):
                if day < 10 <= month:
                    found.add(f"{day}{month:02d}{year}")
                    found.add(f"{month:02d}{day}{year}")
                    found.add(f"{year}{month:02d}{day}")
                elif month < 10 <= day:
                    found.add(f"{day:02d}{month}{year}")
                    found.add(f"{month}{day:02d}{year}")
                    found.add(f"{year}{month}{day:02d}")
    return frozenset(found)


def _eight_digit_dates() -> frozenset[str]:
    found: set[str] = set()
    for year in range(1900, 2100):
        for month in range(1, 13):
            for day in range(1, calendar.monthrange(year, month)[1] + 1):
                found.add(f"{day:02d}{month:02d}{year}")
                found.add(f"{month:02d}{day:02d}{year}")
                found.add(f"{year}{month:02d}{day:02d}")
    return frozenset(found)
