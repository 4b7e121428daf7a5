"""Reading the safety plan's content: the file shipped in the package, or a centre's own.

The file is written by hand (by us, and by centre staff adapting the wording), so every mistake
becomes a ``PlanContentError`` whose text is one line naming the file, the section, the prompt
and the key: the person reading it is an operator at a console, and the kiosk does not start
with content it could not read whole (a question silently dropped is a step of a plan a visitor
never sees).

What one value may be is stated in ``kiosk/plan/schema.py`` and checked by msgspec; the rules
here are the ones across values: ids used once (and none named like the wizard's own pages),
options on checklists and only there, at most one review date, and the kinds of the prompts the
kiosk itself relies on.

The shipped file's sentences are in the gettext catalogue (``kiosk/plan/extract.py`` puts them
there) and are read through ``_()`` here, so they are shown in the kiosk's language, which is
chosen before any session reads the content. A centre's own file is shown as the centre wrote
it: its sentences are not in any catalogue.

Domain code: no Textual, no Rich; importing it reads no file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from kiosk.i18n import _
from kiosk.plan.content import (
    WIZARD_PAGES,
    Option,
    PlanContent,
    PlanContentError,
    Prompt,
    PromptKind,
    Section,
    Situation,
)
from kiosk.plan.schema import SLUG, ContentFile, PromptEntry, SectionEntry
from kiosk.tomlfile import FileProblem, Step, decode, dotted, read_toml

__all__ = ["MAX_FILE_BYTES", "RESERVED_PROMPTS", "SHIPPED_CONTENT", "load"]

SHIPPED_CONTENT: Final = Path(__file__).parent / "content" / "plan.toml"
"""The content that ships inside the package; replaced by every update, never edited."""

# The shipped file is about 12 KB; a content file far larger is the wrong file.
MAX_FILE_BYTES: Final = 512 * 1024

RESERVED_PROMPTS: Final[dict[tuple[str, str], PromptKind]] = {
    ("emergency", "numbers"): "emergency",
    ("emergency", "people"): "contacts",
    ("emergency", "code-word"): "line",
    ("support", "services"): "helplines",
    ("stalking", "diary"): "diary-link",
    ("review", "review-on"): "review-date",
}
"""Prompts the kiosk finds by id (the wallet card's people and code word, the review date):
a file may leave them out, but where it has one, it must be of this kind."""

# The arrays of tables a file is made of, as the file writes them.
_TABLE_ARRAYS: Final = {"section": "[[section]]", "prompt": "[[section.prompt]]"}


def load(path: object | None = None) -> PlanContent:
    """The content in ``path`` (None: the shipped file, read through gettext), checked.

    Raises ``PlanContentError`` for every problem; no other exception escapes for any content.
    """
    if path is None:
        return _load(SHIPPED_CONTENT, translate=_translated)
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError("a plan-content path is a str or a path")
    return _load(Path(os.fspath(path)), translate=_as_written)


def _translated(text: str) -> str:
    # gettext("") is the catalogue's header, never an empty text.
    return _(text) if text else ""


def _as_written(text: str) -> str:
    return text


def _load(path: Path, *, translate: Callable[[str], str]) -> PlanContent:
    file = str(path)
    document: dict[str, Any] = {}
    try:
        document = read_toml(path, what="plan-content file", limit=MAX_FILE_BYTES)
        parsed = decode(document, ContentFile)
    except FileProblem as problem:
        raise _explained(file, document, problem) from None
    sections = _checked(file, parsed)
    return PlanContent(
        version=parsed.version,
        sections=tuple(_section(entry, translate) for entry in sections),
        source=file,
    )


def _error(file: str, section: str, prompt: str, key: str, message: str) -> PlanContentError:
    where = [f"section {section}" if section else "", f"prompt {prompt}" if prompt else ""]
    return PlanContentError(file, ": ".join(part for part in where if part), key, message)


def _explained(file: str, document: dict[str, Any], problem: FileProblem) -> PlanContentError:
    """A ``FileProblem`` as the operator reads it: the section and prompt named by their ids."""
    path, message = problem.path, problem.message
    if problem.value is None and path and path[-1] in _TABLE_ARRAYS:
        message += f": add at least one {_TABLE_ARRAYS[path[-1]]} table"
    if len(path) >= 2 and path[0] == "section" and isinstance(path[1], int):
        section_table = _table(document.get("section"), path[1])
        section = _label(section_table, path[1])
        rest = path[2:]
        if len(rest) >= 2 and rest[0] == "prompt" and isinstance(rest[1], int):
            prompt = _label(_table(section_table.get("prompt"), rest[1]), rest[1])
            return _error(file, section, prompt, dotted(rest[2:]), message)
        return _error(file, section, "", dotted(rest), message)
    return _error(file, "", "", dotted(path), message)


def _table(tables: object, index: int) -> dict[str, Any]:
    table = tables[index] if isinstance(tables, list) and index < len(tables) else None
    return table if isinstance(table, dict) else {}


def _label(table: dict[str, Any], index: int) -> str:
    """The table's id if it is a usable one, else its position: "3" (counted from 1)."""
    identifier = table.get("id")
    if isinstance(identifier, str) and len(identifier) <= 40 and re.search(SLUG, identifier):
        return identifier
    return f"number {index + 1}"


def _checked(file: str, parsed: ContentFile) -> tuple[SectionEntry, ...]:
    """The rules across values; the first problem, in file order, is raised."""
    seen_sections: set[str] = set()
    review_date: tuple[str, str] | None = None
    for section in parsed.section:
        if section.id in seen_sections:
            raise _error(file, section.id, "", "id", "this section id is used twice in the file")
        if section.id in WIZARD_PAGES:
            pages = ", ".join(WIZARD_PAGES)
            raise _error(
                file,
                section.id,
                "",
                "id",
                f"is the name of one of the wizard's own pages ({pages})",
            )
        seen_sections.add(section.id)
        _refuse_repeats(file, section.id, "", "suggested_for", section.suggested_for)
        seen_prompts: set[str] = set()
        for prompt in section.prompt:
            if prompt.id in seen_prompts:
                raise _error(
                    file, section.id, prompt.id, "id", "this prompt id is used twice in the section"
                )
            seen_prompts.add(prompt.id)
            _check_prompt(file, section.id, prompt)
            if prompt.kind == "review-date":
                if review_date is not None:
                    first = f"section {review_date[0]}, prompt {review_date[1]}"
                    raise _error(
                        file,
                        section.id,
                        prompt.id,
                        "kind",
                        f'only one "review-date" prompt is allowed; the first is in {first}',
                    )
                review_date = (section.id, prompt.id)
    return parsed.section


def _check_prompt(file: str, section: str, prompt: PromptEntry) -> None:
    def fail(key: str, message: str) -> PlanContentError:
        return _error(file, section, prompt.id, key, message)

    if prompt.kind == "checklist" and not prompt.options:
        raise fail("options", 'a "checklist" prompt needs at least one option')
    if prompt.kind != "checklist" and prompt.options:
        raise fail("options", f'only "checklist" prompts have options, this one is "{prompt.kind}"')
    _refuse_repeats(file, section, prompt.id, "options", [option.id for option in prompt.options])
    expected = RESERVED_PROMPTS.get((section, prompt.id))
    if expected is not None and prompt.kind != expected:
        raise fail(
            "kind",
            f'the kiosk relies on this prompt being "{expected}", not "{prompt.kind}" '
            "(docs/PLAN-CONTENT.md); use another id for a different question",
        )


def _refuse_repeats(
    file: str, section: str, prompt: str, key: str, values: list[str] | tuple[str, ...]
) -> None:
    seen: set[str] = set()
    for position, value in enumerate(values):
        if value in seen:
            where: list[Step] = [key, position]
            if key == "options":
                where.append("id")
            raise _error(file, section, prompt, dotted(where), f'"{value}" is listed twice')
        seen.add(value)


def _section(entry: SectionEntry, translate: Callable[[str], str]) -> Section:
    return Section(
        id=entry.id,
        title=translate(entry.title),
        neutral_title=translate(entry.neutral_title),
        intro=translate(entry.intro),
        suggested_for=tuple(Situation(name) for name in entry.suggested_for),
        prompts=tuple(
            Prompt(
                id=prompt.id,
                kind=prompt.kind,
                label=translate(prompt.label),
                hint=translate(prompt.hint),
                options=tuple(
                    Option(option.id, translate(option.label)) for option in prompt.options
                ),
            )
            for prompt in entry.prompt
        ),
    )
