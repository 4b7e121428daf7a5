"""A safety plan at its size limits (kiosk.plan.answers: 20,000 characters an answer, 50
contacts a prompt): "My plan" shows her first lines while the rest is laid out off the
screen's thread, a quick exit pressed meanwhile brings the neutral screen with nothing of the
plan left in it, and every word stays reachable by scrolling. Real vault, real App, Pilot.
Behaviour only: the timings are scripts/bench's ("Plan view, plan at the limits")."""

from __future__ import annotations

import re

import pytest
from textual.app import App
from textual.widgets import Static, TextArea

from kiosk.plan.answers import (
    MAX_ITEMS,
    MAX_TEXT_CHARACTERS,
    PlanAnswers,
    PromptAnswer,
    SectionAnswers,
    SectionStatus,
    TrustedContact,
)
from kiosk.plan.content import PlanContent
from kiosk.ui.app import KioskApp, NeutralScreen
from kiosk.ui.screens.plan.plan_lines import PlanLines
from kiosk.ui.screens.plan.plan_view import PlanScreen
from tests.ui.conftest import Kiosk
from tests.ui.helpers import open_vault, settle, until
from tests.ui.plan_fixtures import save, text_prompt
from tests.ui.plan_wizard_steps import with_plan_content

pytestmark = pytest.mark.usefixtures("buttons_take_every_press")

MARK = "harbourword"  # in every answer of the big plan: no neutral text holds it


def numbered_text(start: int, characters: int = MAX_TEXT_CHARACTERS) -> str:
    """Words ``w<start>``, ``w<start+1>``... up to ``characters``: each one can be looked for."""
    words: list[str] = []
    size, number = 0, start
    while size + 8 < characters:
        words.append(f"w{number:06d}")
        size += 8
        number += 1
    return " ".join(words)


def plan_at_limits(content: PlanContent) -> PlanAnswers:
    """Every text answer 20,000 characters; every contacts prompt 50 people, each with a
    20,000-character note."""
    big = (MARK + " " + numbered_text(0))[:MAX_TEXT_CHARACTERS]
    sections: dict[str, SectionAnswers] = {}
    for section in content.sections:
        prompts: dict[str, PromptAnswer] = {}
        for prompt in section.prompts:
            if prompt.kind in ("text", "line"):
                prompts[prompt.id] = PromptAnswer(text=big)
            elif prompt.kind == "contacts":
                people = tuple(
                    TrustedContact(name=f"Friend {n}", number="07700 900123", note=big)
                    for n in range(MAX_ITEMS)
                )
                prompts[prompt.id] = PromptAnswer(contacts=people)
        sections[section.id] = SectionAnswers(status=SectionStatus.DONE, prompts=prompts)
    return PlanAnswers(sections=sections)


def every_word_of_the_screen(app: App[None]) -> str:
    """The text of every widget on the screen (shown or not), and what the screen draws."""
    texts = [str(w.render()) for w in app.screen.query(Static)]
    texts += [w.plain_text() for w in app.screen.query(PlanLines)]
    texts += [w.text for w in app.screen.query(TextArea)]
    texts += [strip.text for strip in app.screen._compositor.render_strips()]
    return "\n".join(texts)


async def test_a_quick_exit_while_a_plan_at_its_limits_is_laid_out(kiosk: Kiosk) -> None:
    save(kiosk, plan_at_limits(kiosk.services.plan_content))
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#plan")
        view = app.screen
        await until(pilot, lambda: isinstance(app.screen, PlanScreen) and MARK in drawn(app))
        lines = view.query_one("#plan-body", PlanLines)
        # Her first lines are on screen, and the keys answered, before the rest is laid out.
        assert lines.wrapping
        await pilot.press("f12")
        assert isinstance(app.screen, NeutralScreen)
        assert app.screen_stack[-1] is app.screen and view not in app.screen_stack
        assert MARK not in every_word_of_the_screen(app)
        await until(pilot, lambda: app.return_code is not None)


def drawn(app: App[None]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_every_word_of_a_long_answer_is_reachable_by_scrolling(kiosk: Kiosk) -> None:
    content = kiosk.services.plan_content
    answer = numbered_text(0)
    home = SectionAnswers(
        status=SectionStatus.DONE,
        prompts={text_prompt(content, "home"): PromptAnswer(text=answer)},
    )
    save(kiosk, PlanAnswers(sections={"home": home}))
    app = kiosk.app()
    assert isinstance(app, KioskApp)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#plan")
        await settle(pilot)
        lines = app.screen.query_one("#plan-body", PlanLines)
        await until(pilot, lambda: not lines.wrapping)
        seen: list[str] = []
        height = lines.scrollable_content_region.height
        top = 0
        while top < lines.line_count:
            lines.scroll_to(y=top, animate=False, immediate=True)
            await pilot.pause()
            shown = lines.scroll_offset.y
            seen += [lines.render_line(y).text for y in range(height) if shown + y >= top]
            top = shown + height
        # Her words, in order, each once: none cut away, none hidden past the end.
        assert re.findall(r"\bw\d{6}\b", " ".join(seen)) == answer.split()


async def test_a_quick_exit_from_a_wizard_page_holding_a_20000_character_answer(
    kiosk: Kiosk,
) -> None:
    kiosk = with_plan_content(kiosk)
    save(kiosk, plan_at_limits(kiosk.services.plan_content))
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#plan")
        await settle(pilot)
        await pilot.click("#plan-change")
        await settle(pilot)
        while not app.screen.query(TextArea):  # on to the first page with a text answer
            await pilot.click("#p-next")
            await settle(pilot)
        area = app.screen.query_one(TextArea)
        assert area.text.startswith(MARK) and len(area.text) == MAX_TEXT_CHARACTERS
        await pilot.press("f12")
        assert isinstance(app.screen, NeutralScreen)
        assert MARK not in every_word_of_the_screen(app)
        await until(pilot, lambda: app.return_code is not None)
