"""What a safety-plan content file may hold, as msgspec structures: keys, types, lengths, forms.

``kiosk/plan/loader.py`` decodes a file into ``ContentFile`` (through ``kiosk.tomlfile``, which
words a refusal from the limits stated here) and then applies the rules across values: ids used
once, options only on checklists, at most one review date. The format is documented for centre
staff at the top of ``kiosk/plan/content/plan.toml`` and in docs/PLAN-CONTENT.md.

Every text reaches a terminal and a printed page, so none may hold a control character or a
direction override (either could change what a visitor reads). The lengths keep a heading on one
line at 80 columns and catch a paste of the wrong thing.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

import msgspec
from msgspec import Meta

from kiosk.plan.content import PromptKind
from kiosk.tomlfile import text_pattern

__all__ = [
    "SLUG",
    "ContentFile",
    "OptionEntry",
    "PromptEntry",
    "SectionEntry",
    "SituationName",
]

# The values of ``kiosk.plan.content.Situation``, as a Literal so that a refusal lists them.
SituationName = Literal["with-them", "planning-to-leave", "has-left", "stalked"]

SLUG: Final = r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z"
_SLUG_WORDS: Final = "must be lowercase letters and digits, joined by '-', at most 40 characters"
_LINE: Final = text_pattern(refuse_bidi=True)
_LINE_WORDS: Final = "must be one line of text (not blank) without control characters"
_OPTIONAL_LINE: Final = text_pattern(blank=True, refuse_bidi=True)
_OPTIONAL_WORDS: Final = "must be one line of text without control characters"

Id = Annotated[str, Meta(max_length=40, pattern=SLUG, description=_SLUG_WORDS)]
Title = Annotated[str, Meta(min_length=1, max_length=60, pattern=_LINE, description=_LINE_WORDS)]
Label = Annotated[str, Meta(min_length=1, max_length=200, pattern=_LINE, description=_LINE_WORDS)]
Sentence = Annotated[str, Meta(max_length=300, pattern=_OPTIONAL_LINE, description=_OPTIONAL_WORDS)]
OptionLabel = Annotated[
    str, Meta(min_length=1, max_length=120, pattern=_LINE, description=_LINE_WORDS)
]

MAX_SECTIONS: Final = 40
MAX_PROMPTS: Final = 20
MAX_OPTIONS: Final = 30


class OptionEntry(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One tick box of a checklist: ``{ id = "keys", label = "Spare keys" }``."""

    id: Id
    label: OptionLabel


class PromptEntry(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One ``[[section.prompt]]``."""

    id: Id
    kind: PromptKind
    label: Label
    hint: Sentence = ""
    options: Annotated[
        tuple[OptionEntry, ...],
        Meta(max_length=MAX_OPTIONS, description=f"must list at most {MAX_OPTIONS} options"),
    ] = ()


class SectionEntry(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One ``[[section]]``, its keys in the order the format documents them."""

    id: Id
    title: Title
    neutral_title: Title
    intro: Sentence = ""
    suggested_for: tuple[SituationName, ...] = ()
    prompt: Annotated[
        tuple[PromptEntry, ...],
        Meta(
            min_length=1,
            max_length=MAX_PROMPTS,
            description=f"a section needs 1 to {MAX_PROMPTS} [[section.prompt]] tables",
        ),
    ]


class ContentFile(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A whole file: the content's version and its sections, in order."""

    version: Annotated[int, Meta(ge=1, le=1_000_000)]
    section: Annotated[
        tuple[SectionEntry, ...],
        Meta(
            min_length=1,
            max_length=MAX_SECTIONS,
            description=f"the file needs 1 to {MAX_SECTIONS} [[section]] tables",
        ),
    ]
