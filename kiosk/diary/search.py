"""What the search index holds for a record, and how a query becomes a safe FTS5 query.

Every free-text field of an entry (and an amendment's reason and text) is folded
(``kiosk.diary.folding``) and joined into one document per record. A query is split into
words; each is matched as a quoted FTS5 string (never as FTS5 syntax: quotes, stars, NEAR,
column filters are only characters), or, for a word of one or two characters, too short for
the trigram index, looked for with ``instr`` in the folded words (a scan of the index's rows,
no pattern characters at all).
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from kiosk.diary.folding import fold
from kiosk.diary.model import Amendment, EntryContent

TRIGRAM = 3  # the trigram tokenizer matches words of at least this many characters


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, tuple):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, msgspec.Struct):
        return [text for name in value.__struct_fields__ for text in _texts(getattr(value, name))]
    return []  # dates, numbers, yes/no answers and behaviours are filtered, not searched


def entry_words(content: EntryContent) -> str:
    return fold("\n".join(_texts(content)))


def amendment_words(amendment: Amendment) -> str:
    return fold("\n".join(_texts(amendment)))


@dataclass(frozen=True)
class SearchTerms:
    """A query made safe: one FTS5 string per word long enough for the trigram index, and the
    shorter words as they are (folded)."""

    matches: tuple[str, ...]
    shorts: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.matches and not self.shorts


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def search_terms(query: str) -> SearchTerms:
    words = fold(query).split()
    return SearchTerms(
        matches=tuple(_quoted(word) for word in words if len(word) >= TRIGRAM),
        shorts=tuple(word for word in words if len(word) < TRIGRAM),
    )
