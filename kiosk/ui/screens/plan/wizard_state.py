"""What the plan wizard holds as she goes, as plain values: her answers, where she is, and
which saved version (if any) she is changing.

The wizard keeps this in her vault as the plan in progress on every step, and hands it to the
App as a draft (``PLAN_DRAFT``) when a quick exit or an idle lock ends the visit mid-step, so
what she typed since the last step is kept too. Pure functions; no Textual.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

import msgspec

from kiosk.plan.answers import (
    MAX_TEXT_CHARACTERS,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    decode_answers,
    encode_answers,
)
from kiosk.plan.content import PlanContent, Section

PLAN_DRAFT = "plan"  # the draft kind (one plan in progress: the reference is always "")

# The wizard's own pages around the sections (PlanInProgress.position holds one of these or a
# section id).
START, SITUATION, FINISH = "start", "situation", "finish"

REVIEW_MONTHS = (1, 3, 6)
DEFAULT_REVIEW_MONTHS = 3

# Answers with nothing to keep: "emergency" and "diary-link" show facts or open the diary.
INFORMATION_KINDS = frozenset({"emergency", "diary-link"})


class WizardState(msgspec.Struct, kw_only=True):
    answers: PlanAnswers = PlanAnswers()
    position: str = START
    based_on: int | None = None


def positions(content: PlanContent) -> tuple[str, ...]:
    """Every page in order: the start, where she is now, each section, the finish."""
    return (START, SITUATION, *(s.id for s in content.sections), FINISH)


def known_position(content: PlanContent, position: str) -> str:
    """``position`` if the wizard has that page (a centre may have removed a section since)."""
    return position if position in positions(content) else SITUATION


def encode_draft(state: WizardState) -> dict[str, str]:
    return {
        "answers": encode_answers(state.answers).decode(),
        "position": state.position,
        "based_on": "" if state.based_on is None else str(state.based_on),
    }


def decode_draft(fields: dict[str, str]) -> WizardState | None:
    """A kept draft read back; None if it cannot be (it is then left alone)."""
    try:
        answers = decode_answers(fields.get("answers", ""))
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    based_on = fields.get("based_on", "")
    if based_on and not based_on.isdecimal():
        return None
    return WizardState(
        answers=answers,
        position=fields.get("position", START),
        based_on=int(based_on) if based_on else None,
    )


# -- changing answers ----------------------------------------------------------------------


def with_prompt(
    answers: PlanAnswers, section_id: str, prompt_id: str, answer: PromptAnswer
) -> PlanAnswers:
    """``answers`` with one prompt's answer replaced (an empty one is dropped)."""
    section = answers.section(section_id)
    prompts = dict(section.prompts)
    if answer.is_empty():
        prompts.pop(prompt_id, None)
    else:
        prompts[prompt_id] = answer
    return _with_section(answers, section_id, msgspec.structs.replace(section, prompts=prompts))


def with_status(answers: PlanAnswers, section_id: str, status: SectionStatus) -> PlanAnswers:
    section = answers.section(section_id)
    return _with_section(answers, section_id, msgspec.structs.replace(section, status=status))


def _with_section(answers: PlanAnswers, section_id: str, section: SectionAnswers) -> PlanAnswers:
    sections = dict(answers.sections)
    if section == SectionAnswers():
        sections.pop(section_id, None)
    else:
        sections[section_id] = section
    return msgspec.structs.replace(answers, sections=sections)


def has_answers(answers: PlanAnswers, section_id: str) -> bool:
    return any(not a.is_empty() for a in answers.section(section_id).prompts.values())


def status_going_on(answers: PlanAnswers, section: Section) -> SectionStatus:
    """Her section's status once she goes on with Next: done if she wrote or chose anything
    (or there was nothing to write), else as it was."""
    current = answers.section(section.id).status
    nothing_to_answer = all(p.kind in INFORMATION_KINDS for p in section.prompts)
    if has_answers(answers, section.id) or nothing_to_answer:
        return SectionStatus.DONE
    return current


def status_going_back(answers: PlanAnswers, section: Section) -> SectionStatus:
    """Back (or Leave) from a section: begun if she wrote anything, else as it was."""
    current = answers.section(section.id).status
    if current is SectionStatus.NOT_STARTED and has_answers(answers, section.id):
        return SectionStatus.IN_PROGRESS
    return current


def counted(answers: PlanAnswers, section_ids: Iterable[str], status: SectionStatus) -> int:
    return sum(1 for s in section_ids if answers.section(s).status is status)


def too_long(section: Section, answers: PlanAnswers) -> str | None:
    """The label of the first prompt whose text is over the limit, if any."""
    for prompt in section.prompts:
        answer = answers.section(section.id).prompts.get(prompt.id)
        if answer is not None and len(answer.text) > MAX_TEXT_CHARACTERS:
            return prompt.label
    return None


# -- the review date -----------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day if it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_months(review_on: dt.date | None, today: dt.date) -> int | None:
    """Which of the offered choices ``review_on`` is (None: a date of her own)."""
    if review_on is None:
        return DEFAULT_REVIEW_MONTHS
    return next((m for m in REVIEW_MONTHS if add_months(today, m) == review_on), None)
