"""What the safety-plan wizard asks: sections, prompts and checklists, as data.

The content lives in a TOML file (the shipped one is ``kiosk/plan/content/plan.toml``; a centre
may name its own in ``kiosk.toml``), so a centre can adapt the wording without code. It is read
and checked once when the kiosk starts: anything wrong is a ``PlanContentError`` whose text is
one line naming the file, the section and the key.

Translation: the shipped file's sentences are extracted into the gettext catalogue (its own
Babel extractor) and shown through gettext; a centre's own file is shown as the centre wrote it.

Domain code: no Textual, no Rich.
"""

from __future__ import annotations

import enum
from typing import Literal

import msgspec

from kiosk.text import one_line


class Situation(enum.Enum):
    """Where she is now; the wizard suggests the sections that fit (every section stays open)."""

    WITH_THEM = "with-them"  # still living with, or in a relationship with, the person
    PLANNING_TO_LEAVE = "planning-to-leave"
    HAS_LEFT = "has-left"  # has left, or the person has moved out
    STALKED = "stalked"  # stalked by someone she never lived with


PromptKind = Literal[
    "text",  # free text, several lines
    "line",  # one short line (a code word, a place)
    "checklist",  # tick any of ``options``
    "contacts",  # people she trusts: name, number, what they will do
    "helplines",  # services picked from the staff-maintained directory
    "emergency",  # the region's emergency facts (999, the Silent Solution); no answer
    "diary-link",  # a way to her incident diary; no answer
    "review-date",  # when to look at the plan again
]


WIZARD_PAGES = ("start", "situation", "finish")
"""The wizard's own pages around the sections; where she stopped (``PlanInProgress.position``)
is one of these or a section id, so no section may be called by one of them."""


class Option(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    id: str
    label: str


class Prompt(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    id: str  # unique within its section; answers are keyed by it
    kind: PromptKind
    label: str  # the question or instruction, on screen and (for answered prompts) in print
    hint: str = ""  # a short line under the label
    options: tuple[Option, ...] = ()  # only for "checklist"


class Section(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    id: str  # unique in the file; answers, drafts and print choices are keyed by it
    title: str  # on screen, inside her vault
    neutral_title: str  # the default printed heading: says nothing of abuse, stalking or the centre
    intro: str = ""  # a sentence or two under the title
    suggested_for: tuple[Situation, ...] = ()  # empty: suggested for every situation
    prompts: tuple[Prompt, ...]


class PlanContent(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    version: int  # the content's own version, stored beside each saved plan
    sections: tuple[Section, ...]
    source: str = ""  # the file it was read from (for messages); not in the file

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def suggested(self, situation: Situation | None) -> tuple[Section, ...]:
        """The sections suggested for ``situation`` (all of them for None), in order."""
        if situation is None:
            return self.sections
        return tuple(
            s for s in self.sections if not s.suggested_for or situation in s.suggested_for
        )


class PlanContentError(Exception):
    """The plan-content file cannot be used; ``str()`` is one line naming file, section, key.

    ``file`` is the file's path; ``where`` names the section and prompt by id ("section home:
    prompt locks", or "section number 3" for one without a usable id), "" for the file as a
    whole; ``key`` is the key inside it (``options[1].label``), "" when none.
    """

    def __init__(self, file: str, where: str, key: str, message: str) -> None:
        self.file = file
        self.where = where
        self.key = key
        self.message = message
        parts = [part for part in (file, where, key, message) if part]
        # A path or a quoted value can hold a newline; the text stays one line so that it cannot
        # be read as two errors on the console or in the doctor's report.
        super().__init__(": ".join(one_line(part) for part in parts))


def load_plan_content(path: object | None = None) -> PlanContent:
    """Read and check the content file (``None``: the shipped one); shown through gettext when
    it is the shipped one. Raises ``PlanContentError`` (kiosk/plan/loader.py has the rules)."""
    from kiosk.plan.loader import load

    return load(path)
