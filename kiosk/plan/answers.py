"""Her answers: what the wizard keeps while she works and what each saved version holds.

Free text is kept exactly as typed (screens and print show it literally). The answers are
encoded canonically (``encode_answers``) for the vault, the draft and the comparison of versions.
Domain code: no Textual, no Rich.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated

import msgspec

from kiosk.plan.content import Situation

MAX_TEXT_CHARACTERS = 20_000  # one answer; longer is refused, never cut short
MAX_ITEMS = 50  # contacts, helplines, ticks in one prompt
MAX_SHORT_CHARACTERS = 200  # a name, a number, an id

# The limits are checked when answers are decoded (from the vault, or by the repository before
# it stores them): a longer answer is refused, never cut short.
Text = Annotated[str, msgspec.Meta(max_length=MAX_TEXT_CHARACTERS)]
Short = Annotated[str, msgspec.Meta(max_length=MAX_SHORT_CHARACTERS)]


class SectionStatus(enum.Enum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"  # opened, some answers, not finished
    DONE = "done"
    SKIPPED = "skipped"  # "skip for now": offered again later
    NOT_FOR_ME = "not-for-me"  # she said it does not apply


class TrustedContact(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    name: Short
    number: Short = ""
    note: Text = ""  # what they will do, when to call them


class ChosenHelpline(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """A service picked from the directory: its id, and its name and number as they were when
    picked (shown if the directory no longer lists it; the directory's own is shown otherwise)."""

    id: Short
    name: Short
    phone: Short = ""


class PromptAnswer(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True, omit_defaults=True
):
    text: Text = ""  # "text" and "line"
    ticked: Annotated[tuple[Short, ...], msgspec.Meta(max_length=MAX_ITEMS)] = ()  # option ids
    contacts: Annotated[tuple[TrustedContact, ...], msgspec.Meta(max_length=MAX_ITEMS)] = ()
    helplines: Annotated[tuple[ChosenHelpline, ...], msgspec.Meta(max_length=MAX_ITEMS)] = ()
    date: dt.date | None = None  # "review-date"

    def is_empty(self) -> bool:
        return self == PromptAnswer()


class SectionAnswers(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True, omit_defaults=True
):
    status: SectionStatus = SectionStatus.NOT_STARTED
    prompts: dict[str, PromptAnswer] = {}


class CardChoices(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True, omit_defaults=True
):
    """What she chose for the wallet card (the emergency number is always on it)."""

    # names of trusted contacts (TrustedContact.name), and helpline ids
    contacts: Annotated[tuple[Short, ...], msgspec.Meta(max_length=MAX_ITEMS)] = ()
    helplines: Annotated[tuple[Short, ...], msgspec.Meta(max_length=MAX_ITEMS)] = ()
    code_word: bool = False  # only if she asks


class PlanAnswers(
    msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True, omit_defaults=True
):
    situation: Situation | None = None
    sections: dict[str, SectionAnswers] = {}  # by Section.id
    review_on: dt.date | None = None  # the review date set at the end
    card: CardChoices = CardChoices()

    def section(self, section_id: str) -> SectionAnswers:
        return self.sections.get(section_id, SectionAnswers())


def encode_answers(answers: PlanAnswers) -> bytes:
    """Canonical JSON (sorted keys): the same answers always give the same bytes."""
    return msgspec.json.encode(msgspec.to_builtins(answers, order="sorted"))


def decode_answers(data: bytes | str) -> PlanAnswers:
    """Raises ``msgspec.ValidationError``/``DecodeError`` for anything malformed."""
    return msgspec.json.decode(data, type=PlanAnswers)
