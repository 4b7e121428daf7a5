"""A plan as lines to show or print: the screens' plan view and the printed plan share this, so
what she reads on screen is what prints.

Domain code: no Textual, no Rich. Text stays literal (the screens and templates never read it as
markup).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from kiosk.i18n import _
from kiosk.i18n.formats import format_date
from kiosk.plan.answers import (
    ChosenHelpline,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    TrustedContact,
)
from kiosk.plan.content import PlanContent, Prompt, Section


@dataclass(frozen=True)
class OutlineItem:
    label: str  # the prompt's label
    lines: tuple[str, ...]  # her answer as lines (ticked options, contacts "Name: number", text)
    prompt_id: str  # the prompt's id (the printed plan leaves her code word out by it)


@dataclass(frozen=True)
class OutlineSection:
    id: str
    title: str
    neutral_title: str
    status: SectionStatus
    items: tuple[OutlineItem, ...]  # only answered prompts


def outline(
    content: PlanContent,
    answers: PlanAnswers,
    *,
    emergency_number: str,
    silent_call_note: str = "",
) -> tuple[OutlineSection, ...]:
    """Every section of ``content`` in order, with her answers (helplines resolved by the
    caller beforehand into ``ChosenHelpline`` values).

    A section she skipped or said is not for her has no items (a skipped section is absent
    from the plan, whatever was typed in it before). The region's emergency facts are an item
    of a section she went through; a link to the diary is never an item (it holds nothing).
    """
    return tuple(
        _section(section, answers.section(section.id), answers, emergency_number, silent_call_note)
        for section in content.sections
    )


_HIDDEN: Final = frozenset({SectionStatus.SKIPPED, SectionStatus.NOT_FOR_ME})


def _section(
    section: Section,
    given: SectionAnswers,
    answers: PlanAnswers,
    emergency_number: str,
    silent_call_note: str,
) -> OutlineSection:
    items: list[OutlineItem] = []
    if given.status not in _HIDDEN:
        for prompt in section.prompts:
            if prompt.kind == "emergency":
                lines = _emergency(given, emergency_number, silent_call_note)
            else:
                lines = _lines(prompt, given.prompts.get(prompt.id, PromptAnswer()), answers)
            if lines:
                items.append(OutlineItem(prompt.label, lines, prompt.id))
    return OutlineSection(
        id=section.id,
        title=section.title,
        neutral_title=section.neutral_title,
        status=given.status,
        items=tuple(items),
    )


def _emergency(given: SectionAnswers, number: str, note: str) -> tuple[str, ...]:
    # Shown in a section she has opened: the facts are the region's, not her answer.
    if given.status is SectionStatus.NOT_STARTED:
        return ()
    return tuple(line for line in (number.strip(), note.strip()) if line)


def _lines(prompt: Prompt, answer: PromptAnswer, answers: PlanAnswers) -> tuple[str, ...]:
    match prompt.kind:
        case "text" | "line":
            return _text_lines(answer.text)
        case "checklist":
            ticked = set(answer.ticked)
            # In the content's order; an option the content no longer has is not shown (its id
            # alone would mean nothing to her).
            return tuple(option.label for option in prompt.options if option.id in ticked)
        case "contacts":
            return tuple(_contact(contact) for contact in answer.contacts)
        case "helplines":
            return tuple(_helpline(helpline) for helpline in answer.helplines)
        case "review-date":
            when = answer.date or answers.review_on
            return () if when is None else (format_date(when, _("d MMMM y")),)
        case _:  # "diary-link", and "emergency" (handled by the caller): nothing of hers
            return ()


def _text_lines(text: str) -> tuple[str, ...]:
    """Her text as she typed it, line by line, without the blank lines at either end."""
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return tuple(lines)


def _contact(contact: TrustedContact) -> str:
    line = contact.name
    if contact.number:
        line = _("{name}: {number}").format(name=line, number=contact.number)
    if contact.note:
        line = _("{contact} ({note})").format(contact=line, note=" ".join(contact.note.split()))
    return line


def _helpline(helpline: ChosenHelpline) -> str:
    if not helpline.phone:
        return helpline.name
    return _("{name}: {number}").format(name=helpline.name, number=helpline.phone)
