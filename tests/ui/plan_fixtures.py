"""Saved safety plans in the test kiosk's real vault (fast KDF), stored through PlanRepository,
and the steps to reach the plan's screens (for the Pilot tests and the snapshots)."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static

from kiosk.plan.answers import (
    ChosenHelpline,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    TrustedContact,
)
from kiosk.plan.content import PlanContent, Situation
from kiosk.plan.repository import PlanRepository
from kiosk.vault.service import VaultService
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import open_vault, settle

# The visitor's screen showed UTC+1. The test clock starts on 2026-09-21 (UTC).
ZONE = dt.timezone(dt.timedelta(hours=1))
FIRST_SAVED = dt.datetime(2026, 6, 1, 10, 0, tzinfo=ZONE)
SECOND_SAVED = dt.datetime(2026, 9, 21, 11, 30, tzinfo=ZONE)
FIRST_REVIEW = dt.date(2026, 9, 1)  # before the clock's day: due
SECOND_REVIEW = dt.date(2026, 12, 21)
MARKUP = "[bold]not bold[/bold] [link=x]y[/link] \x1b[31mred\x1b[0m"


def text_prompt(content: PlanContent, section_id: str) -> str:
    """The id of the section's first free-text prompt in the shipped content."""
    section = content.section(section_id)
    assert section is not None
    return next(p.id for p in section.prompts if p.kind in ("text", "line"))


def plan(
    content: PlanContent, *, code_word: str, at_home: str, review_on: dt.date | None
) -> PlanAnswers:
    """A plan as the wizard leaves it: some sections written in, one skipped, one not for her."""
    done = SectionStatus.DONE
    prompts = {} if review_on is None else {"review-on": PromptAnswer(date=review_on)}
    return PlanAnswers(
        situation=Situation.HAS_LEFT,
        sections={
            "now-safe": SectionAnswers(status=done),
            "emergency": SectionAnswers(
                status=done,
                prompts={
                    "people": PromptAnswer(
                        contacts=(
                            TrustedContact(
                                name="Anna", number="07700 900123", note="she calls the police"
                            ),
                        )
                    ),
                    "code-word": PromptAnswer(text=code_word),
                },
            ),
            "home": SectionAnswers(
                status=done, prompts={text_prompt(content, "home"): PromptAnswer(text=at_home)}
            ),
            "children": SectionAnswers(status=SectionStatus.SKIPPED),
            "pets": SectionAnswers(status=SectionStatus.NOT_FOR_ME),
            "support": SectionAnswers(
                status=done,
                prompts={
                    "services": PromptAnswer(
                        helplines=(
                            # An old name and number: the directory's own are shown.
                            ChosenHelpline(
                                id="national-stalking-helpline", name="Old name", phone="0000"
                            ),
                        )
                    )
                },
            ),
            "review": SectionAnswers(status=done, prompts=prompts),
        },
        review_on=review_on,
    )


def first_plan(content: PlanContent, review_on: dt.date | None = FIRST_REVIEW) -> PlanAnswers:
    return plan(content, code_word="blue umbrella", at_home=MARKUP, review_on=review_on)


def second_plan(content: PlanContent) -> PlanAnswers:
    return plan(
        content,
        code_word="green kettle",
        at_home="New locks on the back door.\nThe neighbour at 12 knows.",
        review_on=SECOND_REVIEW,
    )


def save(kiosk: Kiosk, answers: PlanAnswers, saved: dt.datetime = FIRST_SAVED) -> None:
    """Store a version before the kiosk opens the vault, as an earlier visit would have."""
    content = kiosk.services.plan_content
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        PlanRepository(vault).save_version(answers, content_version=content.version, saved=saved)


def keep_in_progress(kiosk: Kiosk, answers: PlanAnswers, position: str) -> None:
    """A plan she started and left part way (no version saved)."""
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        PlanRepository(vault).keep_in_progress(
            answers, position=position, based_on=None, saved=FIRST_SAVED
        )


def words(widget: Static) -> str:
    """All the text a Static holds (a Rich renderable too), as plain text on long lines."""
    console = Console(width=400, color_system=None, legacy_windows=False)
    with console.capture() as captured:
        console.print(widget.content)
    return captured.get()


async def to_plan(pilot: Pilot[None]) -> None:
    await open_vault(pilot)
    await pilot.click("#plan")
    await settle(pilot)
