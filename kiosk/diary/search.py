"""What the search index holds for a record, and how a query becomes a safe FTS5 query.

Every free-text field of an entry (and an amendment's reason and text) is folded
(``kiosk.diary.folding``) and joined into one document per record. A query is split into
words; each is matched as a quoted FTS5 string (never as FTS5 syntax: quotes, stars, NEAR,
column filters are only characters), or, for a word of one or two characters, too short for
the trigram index, looked for with ``instr`` in the folded words (a scan of the index's rows,
no pattern characters at all). A very long word is matched by its start and checked whole.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from kiosk.diary.folding import fold
from kiosk.diary.model import Amendment, EntryContent

TRIGRAM = 3  # the trigram tokenizer matches words of at least this many characters
# A longer word is matched by its start and then checked whole: a phrase of thousands of
# trigrams costs FTS5 seconds and hundreds of MB (a pasted paragraph in the search box).
LONGEST_MATCH = 48
# Every word of a query must be found. Beyond this many different words a query (a pasted
# page, or text that folds into thousands of one-letter words) would exceed SQLite's limits
# on a statement: the first ones are matched, which finds every entry holding all of them.
MOST_WORDS = 32


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
class SearchWord:
    """One word of a query, made safe: ``match`` is an FTS5 string (quoted, so never syntax)
    for the trigram index, ``contains`` the folded word itself for ``instr``; a word may need
    both (a long one: the index finds its start, ``instr`` checks the whole)."""

    match: str | None
    contains: str | None


@dataclass(frozen=True)
class SearchTerms:
    words: tuple[SearchWord, ...]

    @property
    def empty(self) -> bool:
        return not self.words


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _word(word: str) -> SearchWord:
    if len(word) < TRIGRAM:
        return SearchWord(match=None, contains=word)
    if len(word) <= LONGEST_MATCH:
        return SearchWord(match=_quoted(word), contains=None)
    return SearchWord(match=_quoted(word[:LONGEST_MATCH]), contains=word)


def search_terms(query: str) -> SearchTerms:
    distinct = list(dict.fromkeys(fold(query).split()))[:MOST_WORDS]
    return SearchTerms(tuple(_word(word) for word in distinct))
