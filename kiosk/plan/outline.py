"""A plan as lines to show or print: the screens' plan view and the printed plan share this, so
what she reads on screen is what prints.

Domain code: no Textual, no Rich. Text stays literal (the screens and templates never read it as
markup).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.plan.answers import PlanAnswers, SectionStatus
from kiosk.plan.content import PlanContent


@dataclass(frozen=True)
class OutlineItem:
    label: str  # the prompt's label
    lines: tuple[str, ...]  # her answer as lines (ticked options, contacts "Name: number", text)


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
    caller beforehand into ``ChosenHelpline`` values)."""
    raise NotImplementedError
