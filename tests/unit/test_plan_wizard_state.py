"""The plan wizard's state as plain values: the draft it leaves at a quick exit, the review
day's arithmetic, and how a section's status follows what she did."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.plan.answers import PlanAnswers, PromptAnswer, SectionStatus, TrustedContact
from kiosk.plan.content import Situation, load_plan_content
from kiosk.ui.screens.plan.wizard_state import (
    SITUATION,
    WizardState,
    add_months,
    decode_draft,
    encode_draft,
    known_position,
    positions,
    review_months,
    status_going_back,
    status_going_on,
    with_prompt,
    with_status,
)


def test_the_draft_holds_answers_place_and_version_exactly() -> None:
    answers = with_prompt(
        PlanAnswers(situation=Situation.HAS_LEFT),
        "emergency",
        "people",
        PromptAnswer(contacts=(TrustedContact(name="[b]Sam[/b]", number="\x1b[31m"),)),
    )
    state = WizardState(answers=answers, position="emergency", based_on=3)
    assert decode_draft(encode_draft(state)) == state
    assert decode_draft(encode_draft(WizardState())) == WizardState()


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"answers": "not json"},
        {"answers": '{"situation": "elsewhere"}'},
        {"answers": "{}", "based_on": "-1"},
        {"answers": "{}", "based_on": "x"},
    ],
)
def test_a_draft_that_cannot_be_read_is_none(fields: dict[str, str]) -> None:
    assert decode_draft(fields) is None


def test_a_place_the_content_no_longer_has_becomes_where_she_is_now() -> None:
    content = load_plan_content(None)
    assert positions(content)[2:-1] == tuple(s.id for s in content.sections)
    assert known_position(content, "pets") == "pets"
    assert known_position(content, "a-section-removed-since") == SITUATION


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 9, 21), 3, dt.date(2026, 12, 21)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),  # the month's last day
        (dt.date(2027, 12, 31), 1, dt.date(2028, 1, 31)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_review_months_names_the_choice_or_none_for_a_day_of_her_own() -> None:
    today = dt.date(2026, 9, 21)
    assert review_months(None, today) == 3  # the default
    assert review_months(dt.date(2027, 3, 21), today) == 6
    assert review_months(dt.date(2027, 3, 22), today) is None


def test_a_sections_status_follows_what_she_did() -> None:
    content = load_plan_content(None)
    home = content.section("home")
    assert home is not None
    empty = PlanAnswers()
    assert status_going_on(empty, home) is SectionStatus.NOT_STARTED
    assert status_going_back(empty, home) is SectionStatus.NOT_STARTED
    written = with_prompt(empty, "home", "neighbours", PromptAnswer(text="Ann at 12"))
    assert status_going_on(written, home) is SectionStatus.DONE
    assert status_going_back(written, home) is SectionStatus.IN_PROGRESS
    skipped = with_status(written, "home", SectionStatus.SKIPPED)
    assert status_going_back(skipped, home) is SectionStatus.SKIPPED  # as she left it
    cleared = with_prompt(skipped, "home", "neighbours", PromptAnswer())
    assert cleared.section("home").prompts == {}
    assert with_status(cleared, "home", SectionStatus.NOT_STARTED).sections == {}
