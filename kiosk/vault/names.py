"""Vault names: what a visitor types to find her vault, and names the kiosk can suggest.

A name is not a secret, but it must never be readable on disk: the caller keys the
normalised form with the kiosk secret (see ``namemap``). Normalising is what lets "Bamo Tiku",
"bamo-tiku" and "BAMO–TIKU" typed on another day reach the same vault, so it forgives case,
spacing and punctuation and nothing else.
"""

from __future__ import annotations

import secrets
import unicodedata

from kiosk.vault.errors import InvalidVaultName, NameProblem

MIN_NAME_CHARS = 4
MAX_NAME_CHARS = 64
# Passes of NFKC, casefold and dropping separators before the form must stop changing.
_MAX_PASSES = 8

# Separators people put inside names, on a keyboard or by a phone's autocorrect. Every Unicode
# dash (category Pd) is dropped too, and the minus sign because it looks exactly like a hyphen.
_SEPARATORS = frozenset("-_.'\u2018\u2019\u2212")

# Invisible joiners that some scripts (Persian, the Indic scripts) insert as a visitor types;
# she cannot see or reliably retype them, so they must not change which vault she reaches.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")

# Letters and marks that draw nothing (Unicode's default-ignorable code points that survive
# the form above: Hangul fillers are letters, variation selectors and the grapheme joiner are
# marks). A name holding one looks like another name on screen and on the slip, but is not
# the same: she could never retype it. Refused for new names only; a vault already keyed
# with one still opens.
_DRAWS_NOTHING = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)

# Fourteen consonants and five vowels that are hard to mishear or misread: no c/k or j/g
# clash, no q or x, no y that might be a vowel, no h that some languages do not voice.
_CONSONANTS = "bdfgklmnprstvz"
_VOWELS = "aeiou"
_WORDS = 3
# Each word is consonant-vowel-consonant-vowel: 14 * 5 * 14 * 5 = 4 900 words, so three of
# them give 4 900**3, about 1.2e11 names or 36.8 bits. A name is not a secret: the bits only
# make two suggestions for different visitors unlikely to clash (about one chance in 200 000
# over a thousand names), and the PIN, not the name, protects the vault.


def normalise_name(name: str) -> str:
    """The canonical form of a vault name, or ``InvalidVaultName`` saying kindly what to fix.

    Idempotent: the canonical form of a canonical form is itself, so two names that look the
    same reach the same vault however they were typed.
    """
    text = name
    # One pass is not always enough: dropping a separator can leave a combining mark next to
    # a letter it composes with ("0A´ß": NFKC turns the accent into space + U+0301, and the
    # space goes), and composing can change what casefolding gives. Repeat until nothing
    # changes; in practice one or two more passes, and ordinary names keep their old form.
    for _ in range(_MAX_PASSES):
        again = _one_pass(text)
        if again == text:
            break
        text = again
    else:
        raise InvalidVaultName(NameProblem.BAD_CHARACTER)
    return _checked(text)


def check_new_name(name: str) -> str:
    """``normalise_name`` for a name about to be given to a new vault: nothing invisible in it."""
    canonical = normalise_name(name)
    if any(char in _DRAWS_NOTHING for char in canonical):
        raise InvalidVaultName(NameProblem.BAD_CHARACTER)
    return canonical


def legacy_normalised_name(name: str) -> str | None:
    """The one-pass form names were keyed with before, when it differs from today's.

    Only names whose old form was not canonical differ (a spacing accent or a separator in
    front of a combining mark); their vaults were keyed with the old form and are still found
    by it. ``None`` when the forms agree or the name was never valid.
    """
    try:
        old = _checked(_one_pass(name))
        current = normalise_name(name)
    except InvalidVaultName:
        return None
    return old if old != current else None


def _one_pass(text: str) -> str:
    # NFKC first so that full-width and other compatibility forms casefold the same way;
    # again after casefolding, which can leave decomposed sequences behind.
    text = unicodedata.normalize("NFKC", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    return "".join(char for char in text if not _is_ignored(char))


def _checked(kept: str) -> str:
    for index, char in enumerate(kept):
        category = unicodedata.category(char)
        # Combining marks belong to the letter before them (Arabic vowel signs, Hindi
        # matras), so they are letters' parts, never a name's first character.
        allowed = category[0] == "L" or category == "Nd" or (category[0] == "M" and index > 0)
        if not allowed:
            raise InvalidVaultName(NameProblem.BAD_CHARACTER)
    if len(kept) < MIN_NAME_CHARS:
        raise InvalidVaultName(NameProblem.TOO_SHORT)
    if len(kept) > MAX_NAME_CHARS:
        raise InvalidVaultName(NameProblem.TOO_LONG)
    return kept


def generate_name() -> str:
    """A random pronounceable name such as ``bamo-tiku-rela``."""
    return "-".join(_generate_word() for _ in range(_WORDS))


def _generate_word() -> str:
    return "".join(
        secrets.choice(alphabet) for alphabet in (_CONSONANTS, _VOWELS, _CONSONANTS, _VOWELS)
    )


def _is_ignored(char: str) -> bool:
    if char in _SEPARATORS or char in _INVISIBLE:
        return True
    category = unicodedata.category(char)
    # Tab and newline are controls as well as spaces; a pasted name may end in either.
    return category == "Pd" or category[0] == "Z" or char in "\t\n\r"
