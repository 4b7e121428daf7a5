"""Her safety plan as document requests: the sections she ticked, and her wallet card.

Runs in the session. The printed plan is built from ``kiosk.plan.outline``, the same lines the
plan view shows, so what she reads on screen is what prints; only the sections she ticked go
into the request (an unticked section never reaches the renderer). The renderer lays the
requests out with ``templates/plan.html`` and ``templates/plan-card.html``.

Headings are the sections' neutral titles unless she asks for the full ones: a printed plan
may be found by the person she is afraid of.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

import msgspec

from kiosk.helplines.model import Region
from kiosk.i18n import _, language
from kiosk.plan.answers import (
    CardChoices,
    CardContact,
    ChosenHelpline,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
)
from kiosk.plan.content import PlanContent
from kiosk.plan.outline import OutlineItem, OutlineSection, outline
from kiosk.printing.documents import CardNumber, PlanCard, PlanItem, PlanPart, PlanSheet

# Besides the emergency number: more lines would drop below a readable size on the card.
PLAN_CARD_MAX_NUMBERS = 4

# Where the wizard keeps her code word (the "emergency" section's "line" prompt).
CODE_WORD_SECTION, CODE_WORD_PROMPT = "emergency", "code-word"


# A section she skipped or said is not for her is absent from her plan (kiosk.plan.outline),
# and so from her card, whatever was typed in it before.
_LEFT_OUT = frozenset({SectionStatus.SKIPPED, SectionStatus.NOT_FOR_ME})


@dataclasses.dataclass(frozen=True)
class CardOption:
    """A number she may put on her card: a trusted contact or a chosen helpline."""

    kind: str  # "contact" or "helpline"
    key: str  # the contact's name, or the helpline's id
    name: str
    number: str
    first_of_name: bool = True  # a contact: the first of hers with this name (see CardChoices)

    def chosen_in(self, choices: CardChoices) -> bool:
        """Whether ``choices`` puts this number on her card."""
        if self.kind == "helpline":
            return self.key in choices.helplines
        mine = CardContact(name=self.name, number=self.number)
        return mine in choices.contacts or (self.first_of_name and self.name in choices.contacts)


def card_choices(ticked: Collection[CardOption], *, code_word: bool) -> CardChoices:
    """What she ticked, as her plan keeps it."""
    return CardChoices(
        contacts=tuple(
            CardContact(name=o.name, number=o.number) for o in ticked if o.kind == "contact"
        ),
        helplines=tuple(o.key for o in ticked if o.kind == "helpline"),
        code_word=code_word,
    )


def silent_call_note(region: Region) -> str:
    """The region's silent-call line (the UK's "press 55"), or "" where it has none; in the
    kiosk's language where the directory file translates it."""
    return region.in_language(language()).silent_call_note


def with_current_helplines(answers: PlanAnswers, region: Region) -> PlanAnswers:
    """Her chosen helplines with the directory's current name and number where it still lists
    them (as picked otherwise), as ``outline`` expects them."""
    listed = {helpline.id: helpline for helpline in region.helplines}

    def current(chosen: ChosenHelpline) -> ChosenHelpline:
        helpline = listed.get(chosen.id)
        if helpline is None:
            return chosen
        return ChosenHelpline(id=chosen.id, name=helpline.name, phone=helpline.phone)

    def prompt(answer: PromptAnswer) -> PromptAnswer:
        if not answer.helplines:
            return answer
        helplines = tuple(current(chosen) for chosen in answer.helplines)
        return msgspec.structs.replace(answer, helplines=helplines)

    sections = {
        section_id: SectionAnswers(
            status=section.status,
            prompts={key: prompt(answer) for key, answer in section.prompts.items()},
        )
        for section_id, section in answers.sections.items()
    }
    return msgspec.structs.replace(answers, sections=sections)


def plan_outline(
    content: PlanContent, answers: PlanAnswers, region: Region
) -> tuple[OutlineSection, ...]:
    """Every section with her answers, the region's facts and helplines filled in."""
    return outline(
        content,
        with_current_helplines(answers, region),
        emergency_number=region.emergency_number,
        silent_call_note=silent_call_note(region),
    )


def printable(sections: tuple[OutlineSection, ...]) -> tuple[OutlineSection, ...]:
    """The sections with something to print (at least one answered prompt), in order."""
    return tuple(section for section in sections if _printed_items(section))


def _printed_items(section: OutlineSection) -> tuple[OutlineItem, ...]:
    """The section's items but her code word: a plan found would give it away, and she asks
    for it by name only on her card (``CardChoices.code_word``)."""
    return tuple(
        item
        for item in section.items
        if (section.id, item.prompt_id) != (CODE_WORD_SECTION, CODE_WORD_PROMPT)
    )


def plan_sheet(
    sections: tuple[OutlineSection, ...], chosen: Collection[str], *, full_titles: bool = False
) -> PlanSheet:
    """The request for the sections whose ids are in ``chosen`` (and nothing else), without
    her code word."""
    parts = tuple(
        PlanPart(
            heading=section.title if full_titles else section.neutral_title,
            items=tuple(PlanItem(item.label, item.lines) for item in _printed_items(section)),
        )
        for section in printable(sections)
        if section.id in chosen
    )
    # Translators: the heading of a printed safety plan when she keeps the headings neutral.
    title = _("My safety plan") if full_titles else _("Personal notes")
    return PlanSheet(title=title, parts=parts)


def card_options(content: PlanContent, answers: PlanAnswers, region: Region) -> list[CardOption]:
    """The numbers she may put on her card: her trusted contacts that have a number, then her
    chosen helplines (the directory's current number where it still lists them), each once."""
    answers = with_current_helplines(answers, region)
    options: list[CardOption] = []
    seen: set[tuple[str, str]] = set()
    people: set[tuple[str, str]] = set()  # contacts offered, (name, number)
    for section in content.sections:
        given = answers.section(section.id)
        if given.status in _LEFT_OUT:
            continue
        for prompt in section.prompts:
            answer = given.prompts.get(prompt.id)
            if answer is None:
                continue
            if prompt.kind == "contacts":
                for contact in answer.contacts:
                    # By name and number: "Mum" on a mobile and at work are two numbers.
                    if contact.number.strip() and (contact.name, contact.number) not in people:
                        first = contact.name not in {name for name, _number in people}
                        people.add((contact.name, contact.number))
                        options.append(
                            CardOption("contact", contact.name, contact.name, contact.number, first)
                        )
            elif prompt.kind == "helplines":
                for helpline in answer.helplines:
                    if helpline.phone.strip() and ("helpline", helpline.id) not in seen:
                        seen.add(("helpline", helpline.id))
                        options.append(
                            CardOption("helpline", helpline.id, helpline.name, helpline.phone)
                        )
    return options


def code_word(answers: PlanAnswers) -> str:
    """Her code word as she typed it, or "" if she has none."""
    given = answers.section(CODE_WORD_SECTION)
    answer = given.prompts.get(CODE_WORD_PROMPT)
    if answer is None or given.status in _LEFT_OUT:
        return ""
    return answer.text.strip()


def plan_card(
    content: PlanContent, answers: PlanAnswers, region: Region, choices: CardChoices
) -> PlanCard:
    """Her card: the emergency number always, the numbers in ``choices`` (in the order offered),
    the region's silent-call line where it has one, her code word only if ``choices`` asks.

    Raises ``ValueError`` for more than ``PLAN_CARD_MAX_NUMBERS`` numbers (the screen says so
    first)."""
    chosen = [
        option for option in card_options(content, answers, region) if option.chosen_in(choices)
    ]
    if len(chosen) > PLAN_CARD_MAX_NUMBERS:
        raise ValueError(f"a card has room for {PLAN_CARD_MAX_NUMBERS} numbers")
    word = code_word(answers) if choices.code_word else ""
    return PlanCard(
        # Translators: the heading of her wallet card; neutral, it may be found.
        heading=_("Numbers"),
        emergency_label=_("Emergency"),
        emergency_number=region.emergency_number,
        numbers=tuple(CardNumber(option.name, option.number) for option in chosen),
        silent_call_note=silent_call_note(region).strip(),
        code_word_label=_("Code word") if word else "",
        code_word=word,
    )
