"""Folding text for search: what she types finds what she wrote, with or without accents.

The same folding is applied to the words stored in the search index and to every query, in
Python, so the index (FTS5's trigram tokenizer) only ever compares folded text: case folded,
accents and other combining marks removed after NFKD decomposition ("ą" is "a", "é" is "e"),
the letters NFKD leaves whole mapped by hand (Polish "ł", Danish "ø", German "ß" …), and in
Arabic the short vowels and other harakat, the tatweel and the alef variants folded, so a word
is found however fully it was vowelled.
"""

from __future__ import annotations

import unicodedata

# Letters with a stroke or a ligature, which NFKD does not decompose.
_LATIN = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ħ": "h",
        "Ħ": "h",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
    }
)
# Arabic: alef wasla and the alef variants NFKD does not take apart, alef maqsura and teh
# marbuta (written for yeh and heh in everyday typing), the tatweel (a stretch, not a letter).
_ARABIC = str.maketrans(
    {
        "\u0671": "\u0627",  # alef wasla
        "\u0672": "\u0627",  # alef with wavy hamza above
        "\u0673": "\u0627",  # alef with wavy hamza below
        "\u0675": "\u0627",  # high hamza alef
        "\u0649": "\u064a",  # alef maqsura -> yeh
        "\u0629": "\u0647",  # teh marbuta -> heh
        "\u0640": None,  # tatweel
    }
)

# Non-spacing and enclosing marks: accents, harakat, niqqud. Both sides of a comparison lose
# them, so a search is at worst a little wider than the words typed.
_MARKS = frozenset({"Mn", "Me"})


def fold(text: str) -> str:
    """``text`` as the search index keeps it and compares it."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN))
    bare = "".join(c for c in decomposed if unicodedata.category(c) not in _MARKS)
    # casefold() turns "ß" into "ss"; the Arabic mapping runs last, on bare letters.
    return bare.casefold().translate(_ARABIC)
