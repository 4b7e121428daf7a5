"""A picture of every page of the plan wizard at 80x24 (its start, where she is now, each of the
14 sections filled in, the finish) and its dialog, compared with the reviewed snapshots in
tests/ui/__snapshots__/. After a deliberate change: look at snapshot_report.html, then run with
--snapshot-update."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from kiosk.plan.answers import (
    ChosenHelpline,
    PlanAnswers,
    PromptAnswer,
    SectionStatus,
    TrustedContact,
)
from kiosk.plan.content import Situation
from kiosk.ui.screens.plan.wizard import PlanWizardScreen
from kiosk.ui.screens.plan.wizard_state import with_prompt, with_status
from tests.ui.conftest import Kiosk
from tests.ui.diary_form_steps import click
from tests.ui.helpers import settle
from tests.ui.plan_wizard_steps import field, open_wizard, shipped_content, with_plan_content


def _filled() -> PlanAnswers:
    """Answers on most pages, markup-like text among them (shown literally)."""
    content = shipped_content()
    answers = PlanAnswers(situation=Situation.HAS_LEFT, review_on=dt.date(2027, 3, 21))
    for section in content.sections:
        for prompt in section.prompts:
            if prompt.kind == "checklist":
                answer = PromptAnswer(ticked=(prompt.options[0].id,))
            elif prompt.kind in ("text", "line"):
                answer = PromptAnswer(text="Ask [b]Ann[/b] at no. 12 \\x1b")
            elif prompt.kind == "contacts":
                answer = PromptAnswer(
                    contacts=(TrustedContact(name="Sam", number="07700 900111", note="[red]"),)
                )
            elif prompt.kind == "helplines":
                answer = PromptAnswer(
                    helplines=(ChosenHelpline(id="gone", name="A service since closed"),)
                )
            else:
                continue
            answers = with_prompt(answers, section.id, prompt.id, answer)
    answers = with_status(answers, "pets", SectionStatus.NOT_FOR_ME)
    return with_status(answers, "legal", SectionStatus.SKIPPED)


def page(position: str, *, filled: bool = True) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def journey(pilot: Pilot[None]) -> None:
        wizard, _result = await open_wizard(pilot, vault=False)
        if filled:
            wizard._state.answers = _filled()
        await wizard._show(position)
        await settle(pilot)

    return journey


async def _contact(pilot: Pilot[None]) -> None:
    await page("emergency", filled=False)(pilot)
    await click(pilot, f"#{field('emergency', 'people')}-add")


async def _refused(pilot: Pilot[None]) -> None:
    await page("finish", filled=False)(pilot)
    wizard = pilot.app.screen
    assert isinstance(wizard, PlanWizardScreen)
    assert await pilot.click("#p-review-own")
    await click(pilot, "#p-next")


STATES: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "start": page("start", filled=False),
    "situation": page("situation"),
    **{section.id: page(section.id) for section in shipped_content().sections},
    "finish": page("finish"),
    "contact": _contact,
    "refused": _refused,
}


@pytest.mark.parametrize("state", list(STATES))
def test_wizard_page(
    kiosk: Kiosk,
    state: str,
    snap_compare: Callable[..., bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The review days are shown from the kiosk's clock, in the machine's zone: one for all.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    async def run_before(pilot: Pilot[None]) -> None:
        await STATES[state](pilot)
        await pilot.pause(0.3)  # a clicked button's highlight passes

    try:
        app = with_plan_content(kiosk).app()
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        monkeypatch.undo()
        time.tzset()
