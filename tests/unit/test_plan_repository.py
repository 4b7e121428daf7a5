"""The plan in a real vault (SQLCipher, fast KDF): versions numbered and kept with their dates,
the plan in progress kept and resumed exactly, saving a version clears it, review dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.plan.answers import (
    MAX_ITEMS,
    MAX_TEXT_CHARACTERS,
    CardChoices,
    ChosenHelpline,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    TrustedContact,
)
from kiosk.plan.content import Situation
from kiosk.plan.repository import PlanRepository, PlanTooLarge
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.migrations import SCHEMA_VERSION
from tests.unit.diary_fixtures import RECORDED, later, vault

__all__ = ["vault"]  # fixtures

ANSWERS = PlanAnswers(
    situation=Situation.HAS_LEFT,
    sections={
        "emergency": SectionAnswers(
            status=SectionStatus.DONE,
            prompts={
                "people": PromptAnswer(
                    contacts=(TrustedContact(name="Sam", number="07700 900123", note="calls 999"),)
                ),
                "code-word": PromptAnswer(text="pineapple"),
            },
        ),
        "home": SectionAnswers(
            status=SectionStatus.IN_PROGRESS,
            prompts={"changes": PromptAnswer(ticked=("locks", "lights"))},
        ),
        "support": SectionAnswers(
            status=SectionStatus.DONE,
            prompts={
                "services": PromptAnswer(
                    helplines=(ChosenHelpline(id="victim-support", name="VS", phone="0808"),)
                )
            },
        ),
        "pets": SectionAnswers(status=SectionStatus.NOT_FOR_ME),
    },
    review_on=dt.date(2026, 12, 21),
    card=CardChoices(contacts=("Sam",), helplines=("victim-support",), code_word=True),
)


@pytest.fixture
def plans(vault: VaultDatabase) -> PlanRepository:
    return PlanRepository(vault)


def test_an_empty_vault_has_no_plan(plans: PlanRepository) -> None:
    assert plans.latest() is None
    assert plans.versions() == []
    assert plans.in_progress() is None
    assert plans.version(1) is None
    assert plans.review_due(dt.date(2030, 1, 1)) is None


def test_a_saved_version_reads_back_whole_with_its_dates(plans: PlanRepository) -> None:
    number = plans.save_version(ANSWERS, content_version=3, saved=RECORDED)
    assert number == 1
    saved = plans.latest()
    assert saved is not None
    assert saved.number == 1
    assert saved.answers == ANSWERS
    assert saved.content_version == 3
    assert saved.review_on == dt.date(2026, 12, 21)
    # The moment, in the offset she saw.
    assert saved.saved == RECORDED
    assert saved.saved.utcoffset() == dt.timedelta(hours=1)
    assert plans.version(1) == saved


def test_versions_are_numbered_in_order_and_every_one_is_kept(plans: PlanRepository) -> None:
    first = PlanAnswers(review_on=dt.date(2026, 10, 1))
    second = PlanAnswers(situation=Situation.STALKED)
    assert plans.save_version(first, content_version=1, saved=RECORDED) == 1
    assert plans.save_version(second, content_version=1, saved=later(60)) == 2
    assert plans.save_version(ANSWERS, content_version=2, saved=later(120)) == 3
    assert [(v.number, v.saved, v.review_on) for v in plans.versions()] == [
        (3, later(120), dt.date(2026, 12, 21)),
        (2, later(60), None),
        (1, RECORDED, dt.date(2026, 10, 1)),
    ]
    old = plans.version(1)
    assert old is not None and old.answers == first
    latest = plans.latest()
    assert latest is not None and latest.number == 3 and latest.answers == ANSWERS


@pytest.mark.parametrize("number", [0, -1, 2, 2**63, -(2**70)])
def test_a_version_that_is_not_there_is_none(plans: PlanRepository, number: int) -> None:
    plans.save_version(ANSWERS, content_version=1, saved=RECORDED)
    assert plans.version(number) is None


def test_the_plan_in_progress_resumes_exactly_where_she_stopped(plans: PlanRepository) -> None:
    plans.keep_in_progress(PlanAnswers(), position="start", based_on=None, saved=RECORDED)
    plans.keep_in_progress(ANSWERS, position="home", based_on=None, saved=later(5))
    kept = plans.in_progress()
    assert kept is not None
    assert (kept.answers, kept.position, kept.based_on, kept.saved) == (
        ANSWERS,
        "home",
        None,
        later(5),
    )


def test_changing_a_saved_plan_records_which_version_it_started_from(
    plans: PlanRepository,
) -> None:
    plans.save_version(ANSWERS, content_version=1, saved=RECORDED)
    plans.keep_in_progress(ANSWERS, position="finish", based_on=1, saved=later(1))
    kept = plans.in_progress()
    assert kept is not None and kept.based_on == 1 and kept.position == "finish"


def test_saving_a_version_clears_the_plan_in_progress(plans: PlanRepository) -> None:
    plans.keep_in_progress(ANSWERS, position="review", based_on=None, saved=RECORDED)
    plans.save_version(ANSWERS, content_version=1, saved=later(1))
    assert plans.in_progress() is None


def test_discarding_the_plan_in_progress_keeps_the_saved_versions(plans: PlanRepository) -> None:
    plans.save_version(ANSWERS, content_version=1, saved=RECORDED)
    plans.keep_in_progress(PlanAnswers(), position="home", based_on=1, saved=later(1))
    plans.discard_in_progress()
    assert plans.in_progress() is None
    assert [v.number for v in plans.versions()] == [1]
    plans.discard_in_progress()  # nothing to discard: still fine


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (dt.date(2026, 12, 20), None),  # the day before
        (dt.date(2026, 12, 21), dt.date(2026, 12, 21)),  # the day itself
        (dt.date(2027, 3, 1), dt.date(2026, 12, 21)),  # long past
    ],
)
def test_the_review_is_due_on_its_date_and_after(
    plans: PlanRepository, today: dt.date, due: dt.date | None
) -> None:
    plans.save_version(ANSWERS, content_version=1, saved=RECORDED)
    assert plans.review_due(today) == due


def test_only_the_latest_versions_review_date_counts(plans: PlanRepository) -> None:
    for minutes, review_on in ((0, dt.date(2026, 10, 1)), (1, dt.date(2027, 1, 1))):
        plans.save_version(
            PlanAnswers(review_on=review_on), content_version=1, saved=later(minutes)
        )
    assert plans.review_due(dt.date(2026, 11, 1)) is None
    plans.save_version(PlanAnswers(), content_version=1, saved=later(2))
    assert plans.review_due(dt.date(2030, 1, 1)) is None  # the latest has no review date


@pytest.mark.parametrize(
    "too_much",
    [
        PromptAnswer(text="x" * (MAX_TEXT_CHARACTERS + 1)),
        PromptAnswer(ticked=tuple(f"o{n}" for n in range(MAX_ITEMS + 1))),
        PromptAnswer(contacts=(TrustedContact(name="n" * 201),)),
    ],
)
def test_an_answer_over_the_limits_is_refused_and_nothing_is_stored(
    plans: PlanRepository, too_much: PromptAnswer
) -> None:
    answers = PlanAnswers(sections={"home": SectionAnswers(prompts={"p": too_much})})
    with pytest.raises(PlanTooLarge):
        plans.save_version(answers, content_version=1, saved=RECORDED)
    with pytest.raises(PlanTooLarge):
        plans.keep_in_progress(answers, position="home", based_on=None, saved=RECORDED)
    assert plans.versions() == [] and plans.in_progress() is None


def test_the_longest_answer_allowed_is_kept_whole(plans: PlanRepository) -> None:
    text = "a\n" * (MAX_TEXT_CHARACTERS // 2)
    answers = PlanAnswers(sections={"home": SectionAnswers(prompts={"p": PromptAnswer(text=text)})})
    plans.save_version(answers, content_version=1, saved=RECORDED)
    latest = plans.latest()
    assert latest is not None and latest.answers == answers


@pytest.mark.parametrize("position", ["", "x" * 65, "home\x1b[2J"])
def test_a_position_that_is_not_a_short_printable_name_is_refused(
    plans: PlanRepository, position: str
) -> None:
    with pytest.raises(ValueError, match="position"):
        plans.keep_in_progress(PlanAnswers(), position=position, based_on=None, saved=RECORDED)


@pytest.mark.parametrize("based_on", [0, -3, 2**63])
def test_a_plan_based_on_no_possible_version_is_refused(
    plans: PlanRepository, based_on: int
) -> None:
    with pytest.raises(ValueError, match="saved version"):
        plans.keep_in_progress(PlanAnswers(), position="home", based_on=based_on, saved=RECORDED)
    assert plans.in_progress() is None


@pytest.mark.parametrize("content_version", [0, -1, 2**63])
def test_a_version_of_no_possible_content_is_refused(
    plans: PlanRepository, content_version: int
) -> None:
    with pytest.raises(ValueError, match="content versions"):
        plans.save_version(PlanAnswers(), content_version=content_version, saved=RECORDED)
    assert plans.versions() == []


def test_a_naive_time_is_refused(plans: PlanRepository) -> None:
    with pytest.raises(ValueError, match="offset"):
        plans.save_version(PlanAnswers(), content_version=1, saved=dt.datetime(2026, 9, 21, 10))
    assert plans.versions() == []


def test_a_vault_made_before_the_plan_gets_its_tables_on_opening(
    gatekeeper: Gatekeeper, data_dir: Path
) -> None:
    """Migration 6 on a vault from schema 5 (the diary's): the plan works, nothing else moves."""
    from tests.unit.test_vault_migrations import make_vault_at
    from tests.unit.test_vault_rotation import NAME, PIN

    make_vault_at(gatekeeper, data_dir, 5)
    with VaultService(gatekeeper).open(NAME, PIN) as opened:
        assert opened.meta()["schema"] == str(SCHEMA_VERSION)
        plans = PlanRepository(opened)
        assert plans.latest() is None and plans.in_progress() is None
        plans.keep_in_progress(ANSWERS, position="emergency", based_on=None, saved=RECORDED)
        assert plans.save_version(ANSWERS, content_version=1, saved=later(1)) == 1
    with VaultService(gatekeeper).open(NAME, PIN) as opened:
        latest = PlanRepository(opened).latest()
        assert latest is not None and latest.answers == ANSWERS
        assert opened.full_check()
