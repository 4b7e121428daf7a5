"""A Babel extractor for the safety plan's content file, so that its sentences reach the
gettext catalogue like every marked sentence in the code.

``scripts/catalogue`` runs ``pybabel extract`` with the mappings in pyproject.toml; the one for
``plan/content/*.toml`` names ``extract_plan_content`` here. Every sentence a visitor reads
(titles, neutral titles, intros, labels, hints, option labels) becomes a message; each carries a
comment saying where it is (the section and prompt ids), and a neutral title says what it must
not say, so a translator keeps it neutral. ``kiosk/plan/loader.py`` reads the same sentences
through ``_()``.

This reads the file on its own (TOML, no checks): the loader's checks are what the kiosk relies
on, and a test loads the shipped file with them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

__all__ = ["extract_plan_content", "sentences"]

_SECTION_KEYS = ("title", "neutral_title", "intro")
_PROMPT_KEYS = ("label", "hint")
_NEUTRAL_NOTE = (
    "A printed heading: it must say nothing of abuse, stalking, the centre or its purpose."
)


def sentences(document: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """Every sentence of a content document, in file order: ``(sentence, where, key)``."""
    for section in _tables(document.get("section")):
        where = f"section {section.get('id', '?')}"
        for key in _SECTION_KEYS:
            yield from _text(section, key, where)
        for prompt in _tables(section.get("prompt")):
            prompt_where = f"{where}, prompt {prompt.get('id', '?')}"
            for key in _PROMPT_KEYS:
                yield from _text(prompt, key, prompt_where)
            for option in _tables(prompt.get("options")):
                yield from _text(option, "label", f"{prompt_where}, option {option.get('id', '?')}")


def extract_plan_content(
    fileobj: IO[bytes],
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extractor interface: ``(line, function, message, comments)`` per sentence."""
    del keywords, comment_tags, options  # a data file has no calls and no comments to tag
    text = fileobj.read().decode("utf-8-sig")
    lines = text.splitlines()
    cursor = 0
    for sentence, where, key in sentences(tomllib.loads(text)):
        cursor = _line_of(lines, sentence, cursor)
        comments = [f"{where}: {key}"]
        if key == "neutral_title":
            comments.append(_NEUTRAL_NOTE)
        yield cursor + 1, None, sentence, comments


def _tables(value: object) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _text(table: Mapping[str, Any], key: str, where: str) -> Iterator[tuple[str, str, str]]:
    value = table.get(key)
    if isinstance(value, str) and value.strip():
        yield value, where, key


def _line_of(lines: list[str], sentence: str, start: int) -> int:
    """The first line from ``start`` on that holds ``sentence`` as written (the file is walked
    in order); ``start`` when it is written with escapes."""
    for number in range(start, len(lines)):
        if sentence in lines[number]:
            return number
    return start
