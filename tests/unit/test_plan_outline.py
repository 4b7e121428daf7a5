"""The outline the plan view and the printed plan share: every section in order, only what she
answered, her words exactly as typed, nothing from a section she skipped or set aside."""

from __future__ import annotations

import datetime as dt
import string

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.plan.answers import (
    MAX_TEXT_CHARACTERS,
    ChosenHelpline,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    TrustedContact,
    decode_answers,
    encode_answers,
)
from kiosk.plan.content import load_plan_content
from kiosk.plan.outline import OutlineSection, outline

CONTENT = load_plan_content()
SILENT = "If you cannot speak, press 55."


def items_of(sections: tuple[OutlineSection, ...], section_id: str) -> dict[str, tuple[str, ...]]:
    found = next(s for s in sections if s.id == section_id)
    return {item.label: item.lines for item in found.items}


def answered(section: str, status: SectionStatus, **prompts: PromptAnswer) -> PlanAnswers:
    return PlanAnswers(sections={section: SectionAnswers(status=status, prompts=prompts)})


def test_every_section_is_in_the_outline_in_order_with_both_titles() -> None:
    sections = outline(CONTENT, PlanAnswers(), emergency_number="999")
    assert [s.id for s in sections] == [s.id for s in CONTENT.sections]
    assert [(s.title, s.neutral_title) for s in sections] == [
        (s.title, s.neutral_title) for s in CONTENT.sections
    ]
    # Nothing answered, nothing opened: no items at all (not even the region's facts).
    assert all(s.items == () and s.status is SectionStatus.NOT_STARTED for s in sections)


def test_each_kind_of_answer_becomes_lines() -> None:
    answers = PlanAnswers(
        sections={
            "emergency": SectionAnswers(
                status=SectionStatus.DONE,
                prompts={
                    "people": PromptAnswer(
                        contacts=(
                            TrustedContact(name="Sam", number="07700 900123", note="rings 999"),
                            TrustedContact(name="Mum"),
                        )
                    ),
                    "code-word": PromptAnswer(text="  pineapple  "),
                    "by-heart": PromptAnswer(text="\n\nfirst\n\n  second\n\n"),
                },
            ),
            "leaving": SectionAnswers(
                status=SectionStatus.IN_PROGRESS,
                # In the content's order, whatever order she ticked them in; an id the
                # content no longer has is left out.
                prompts={"bag": PromptAnswer(ticked=("keys", "id", "gone-option"))},
            ),
            "support": SectionAnswers(
                status=SectionStatus.DONE,
                prompts={
                    "services": PromptAnswer(
                        helplines=(
                            ChosenHelpline(id="a", name="Line A", phone="0808 000"),
                            ChosenHelpline(id="b", name="Web only"),
                        )
                    )
                },
            ),
            "stalking": SectionAnswers(status=SectionStatus.DONE),
        },
        review_on=dt.date(2027, 3, 3),
    )
    sections = outline(CONTENT, answers, emergency_number="999", silent_call_note=SILENT)
    assert items_of(sections, "emergency") == {
        "The emergency number": ("999", SILENT),
        "People you could call": ("Sam: 07700 900123 (rings 999)", "Mum"),
        "A code word or sign": ("  pineapple  ",),
        "Numbers you know by heart, or would like to learn": ("first", "", "  second"),
    }
    assert items_of(sections, "leaving") == {
        "Things to keep together, ready to take": ("ID and passports", "Spare keys")
    }
    assert items_of(sections, "support") == {
        "Services you might call": ("Line A: 0808 000", "Web only")
    }
    # The diary link holds nothing of hers.
    assert items_of(sections, "stalking") == {}
    assert items_of(sections, "review") == {"When to look at this plan again": ("3 March 2027",)}


def test_a_region_without_a_silent_call_note_shows_the_number_alone() -> None:
    answers = answered("emergency", SectionStatus.IN_PROGRESS)
    sections = outline(CONTENT, answers, emergency_number="911")
    assert items_of(sections, "emergency") == {"The emergency number": ("911",)}


def test_a_skipped_or_set_aside_section_shows_nothing_of_what_was_typed() -> None:
    for status in (SectionStatus.SKIPPED, SectionStatus.NOT_FOR_ME):
        answers = answered("home", status, neighbours=PromptAnswer(text="CANARY next door"))
        sections = outline(CONTENT, answers, emergency_number="999")
        home = next(s for s in sections if s.id == "home")
        assert home.status is status
        assert home.items == ()


def test_an_empty_answer_is_not_an_item() -> None:
    answers = answered(
        "home", SectionStatus.DONE, neighbours=PromptAnswer(text=" \n \n"), changes=PromptAnswer()
    )
    assert items_of(outline(CONTENT, answers, emergency_number="999"), "home") == {}


# Her text is literal: whatever she types comes back exactly, through the vault's encoding
# and into the outline, markup and escapes included (the screens and templates never read it
# as markup; they make it safe where it is shown).
HER_TEXT = st.lists(
    st.text(st.characters(codec="utf-8"), max_size=20)
    | st.sampled_from(["[b]", "[/]", "[link=x]", "{{ x }}", "<b>", "\x1b[2J", "\r\n", "\u202e"]),
    max_size=10,
).map("".join)


@given(text=HER_TEXT, name=HER_TEXT, number=st.text(string.digits + " +", max_size=20))
def test_her_words_survive_the_vault_encoding_exactly(text: str, name: str, number: str) -> None:
    answers = PlanAnswers(
        sections={
            "emergency": SectionAnswers(
                status=SectionStatus.DONE,
                prompts={
                    "code-word": PromptAnswer(text=text),
                    "people": PromptAnswer(contacts=(TrustedContact(name=name, number=number),)),
                },
            )
        }
    )
    assert decode_answers(encode_answers(answers)) == answers
    # The encoding is canonical: the same answers give the same bytes.
    assert encode_answers(decode_answers(encode_answers(answers))) == encode_answers(answers)


@given(text=HER_TEXT.filter(lambda t: t.strip()))
def test_her_words_reach_the_outline_unchanged(text: str) -> None:
    answers = answered("home", SectionStatus.DONE, neighbours=PromptAnswer(text=text))
    lines = items_of(outline(CONTENT, answers, emergency_number="999"), "home")[
        "Neighbours who know, and what you have asked them to do"
    ]
    # Line by line as she typed it: every line with words in it, unchanged and in order (only
    # blank lines at either end are left out), and no line holds a line break.
    assert [line for line in lines if line.strip()] == [
        line for line in text.splitlines() if line.strip()
    ]
    assert all(line.splitlines() in ([line], []) for line in lines)
    assert lines[0].strip() and lines[-1].strip()


def test_an_over_long_answer_is_refused_on_decoding_never_cut() -> None:
    text = "x" * (MAX_TEXT_CHARACTERS + 1)
    too_long = answered("home", SectionStatus.DONE, neighbours=PromptAnswer(text=text))
    with pytest.raises(msgspec.ValidationError, match="length"):
        decode_answers(encode_answers(too_long))
