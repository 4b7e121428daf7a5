"""Recovery codes: 100 random bits a visitor keeps on paper to open her vault without a PIN.

Crockford's base32 alphabet leaves out I, L, O and U, so a code copied by hand can be read
back forgivingly: O is taken for 0, and I or L for 1 (vault-security.md §8).
"""

from __future__ import annotations

import secrets
import unicodedata

CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_CHARS = 20
GROUP_CHARS = 4
# Twenty characters of five bits each; requirement 14 asks for at least 100.
RECOVERY_CODE_BITS = 100

_ALLOWED = frozenset(CROCKFORD_ALPHABET)
_CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")


def generate_code() -> str:
    """A new recovery code, in groups of four for reading aloud and copying: ``7K3M-Q9TD-…``."""
    code = "".join(secrets.choice(CROCKFORD_ALPHABET) for _ in range(CODE_CHARS))
    return "-".join(code[i : i + GROUP_CHARS] for i in range(0, CODE_CHARS, GROUP_CHARS))


def normalise_code(text: str) -> str:
    """The 20-character canonical form of a typed code, or "" if it cannot be one.

    "" is simply a wrong code to the caller: a malformed code must cost an attempt and read
    the same as a wrong one, so nothing here raises or says what was malformed.
    """
    # NFKC turns full-width letters and digits, which some keyboards type, into plain ones.
    folded = unicodedata.normalize("NFKC", text).upper()
    # Format characters (bidi marks, zero widths, a byte-order mark, a soft hyphen) are
    # invisible and arrive with pasted text; they are never part of what she read.
    kept = "".join(
        char
        for char in folded
        if not char.isspace() and char not in _HYPHENS and unicodedata.category(char) != "Cf"
    )
    code = kept.translate(_CONFUSABLES)
    if len(code) != CODE_CHARS or not _ALLOWED.issuperset(code):
        return ""
    return code
