"""The saved plan as a living document: "My plan" on the vault's home, the plan as she reads it,
a change saved as a new version with the earlier one still readable with its date, and the
gentle note on the home once the review date has come. Real vault, real App, Pilot."""

from __future__ import annotations

import datetime as dt

import pytest
from textual.widgets import Button, Input, OptionList, Static

from kiosk.plan.content import PlanContent
from kiosk.plan.repository import PlanRepository
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.plan.plan_lines import PlanLines
from kiosk.ui.screens.plan.plan_view import PlanScreen, PlanVersionScreen, PlanVersionsDialog
from kiosk.ui.screens.plan.print_plan import PrintPlanScreen
from kiosk.ui.screens.plan.wizard import PlanWizardScreen
from kiosk.ui.screens.vault.home import VaultHomeScreen
from kiosk.vault.service import VaultService
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.diary_read_fixtures import screen_text, shown
from tests.ui.helpers import open_vault, settle
from tests.ui.plan_fixtures import (
    MARKUP,
    SECOND_SAVED,
    first_plan,
    save,
    second_plan,
    to_plan,
)
from tests.ui.test_diary_read import tab_to

pytestmark = pytest.mark.usefixtures("buttons_take_every_press")


def displayed(app: KioskApp, selector: str) -> bool:
    return app.screen.query_one(selector).display


def plan_shown(app: KioskApp) -> str:
    return app.screen.query_one("#plan-body", PlanLines).plain_text()


def code_word_field(content: PlanContent) -> str:
    """The wizard's field for the emergency section's code word (fields go by prompt order)."""
    section = content.section("emergency")
    assert section is not None
    return f"#p-{[p.id for p in section.prompts].index('code-word')}"


async def test_a_change_is_a_new_version_and_the_earlier_one_stays_readable(kiosk: Kiosk) -> None:
    """By mouse, through the real wizard (one word typed: the new code word)."""
    content = kiosk.services.plan_content
    save(kiosk, first_plan(content))
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        assert displayed(app, "#plan-note")  # its review day, 1 September, has come
        await pilot.click("#plan")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        first = plan_shown(app)
        assert "blue umbrella" in first
        # Her words literally: markup stays text, escape sequences are shown, never sent.
        assert "[bold]not bold[/bold] [link=x]y[/link]" in first and "\\x1b[31m" in first
        assert "\x1b" not in first and MARKUP not in first
        # A chosen service with the directory's name and number, not the ones kept with it.
        assert "National Stalking Helpline" in first and "Old name" not in first
        children, pets = content.section("children"), content.section("pets")
        assert children is not None and pets is not None
        assert f"Skipped for now: {children.title}" in first
        assert f"Not for me: {pets.title}" in first
        dates = shown(app.screen.query_one("#plan-dates", Static))
        assert dates == (
            "Saved 1 June 2026, 10:00. Review date: 1 September 2026. That day has come: "
            "read it through, and choose Change my plan if anything is different now."
        )
        assert not displayed(app, "#plan-versions")  # nothing earlier yet

        await pilot.click("#plan-change")
        assert isinstance(app.screen, PlanWizardScreen)
        field = code_word_field(content)
        for _ in range(5):  # the start page, where she is now, the first sections
            if app.screen.query(field):
                break
            await pilot.click("#p-next")
        code_word = app.screen.query_one(field, Input)
        assert code_word.value == "blue umbrella"  # the change starts from the saved plan
        code_word.value = "green kettle"
        next_button = app.screen.query_one("#p-next", Button)
        for _ in range(len(content.sections)):
            if str(next_button.label) == "Save my plan":
                break
            if app.screen.query("#p-review-3"):
                await pilot.click("#p-review-3")  # the old review day has passed: a new one
            await pilot.click("#p-next")
        await pilot.click("#p-next")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        latest = plan_shown(app)
        assert "green kettle" in latest and "blue umbrella" not in latest
        assert "[bold]not bold[/bold]" in latest  # what she did not change is kept
        dates = shown(app.screen.query_one("#plan-dates", Static))
        assert dates.startswith("Saved 21 September 2026, ")  # the kiosk's clock
        assert dates.endswith("Review date: 21 December 2026.")  # three months on: not yet

        await pilot.click("#plan-versions")
        assert isinstance(app.screen, PlanVersionsDialog)
        versions = app.screen.query_one(OptionList)
        assert versions.option_count == 1  # only the earlier one: the latest is on the screen
        assert "1 June 2026, 10:00" in str(versions.get_option_at_index(0).prompt)
        await pilot.click("#plan-version-list", offset=(3, 1))
        await settle(pilot)
        assert isinstance(app.screen, PlanVersionScreen)
        assert app.screen.number == 1
        earlier = app.screen.query_one("#plan-version-body", PlanLines).plain_text()
        assert "blue umbrella" in earlier and "green kettle" not in earlier
        dates = shown(app.screen.query_one("#plan-version-dates", Static))
        assert dates == "Saved 1 June 2026, 10:00. Review date: 1 September 2026."
        await pilot.click("#plan-version-back")
        assert isinstance(app.screen, PlanScreen)
        await pilot.click("#plan-print")
        assert isinstance(app.screen, PrintPlanScreen)
        await pilot.click("#back")
        assert isinstance(app.screen, PlanScreen)
        await pilot.click("#plan-back")
        await settle(pilot)
        assert not displayed(app, "#plan-note")  # reviewed: the next day is in December
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        plans = PlanRepository(vault)
        assert [v.number for v in plans.versions()] == [2, 1]
        assert plans.in_progress() is None  # finishing cleared the plan in progress


async def test_by_keyboard_alone(kiosk: Kiosk) -> None:
    content = kiosk.services.plan_content
    save(kiosk, first_plan(content))
    save(kiosk, second_plan(content), SECOND_SAVED)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await tab_to(pilot, "plan")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert "green kettle" in plan_shown(app)
        assert app.focused is app.screen.query_one("#plan-body")  # arrows scroll the plan
        await tab_to(pilot, "plan-versions")
        await pilot.press("enter")
        assert isinstance(app.screen, PlanVersionsDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanVersionScreen)
        assert "blue umbrella" in app.screen.query_one("#plan-version-body", PlanLines).plain_text()
        await tab_to(pilot, "plan-version-back")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert app.focused is app.screen.query_one("#plan-versions")  # where she was
        # Change my plan, one page on, leave: the change is kept and continued, not restarted.
        await tab_to(pilot, "plan-change")
        await pilot.press("enter")
        assert isinstance(app.screen, PlanWizardScreen)
        await tab_to(pilot, "p-next")
        await pilot.press("enter")
        where = shown(app.screen.query_one("#p-progress", Static))
        await tab_to(pilot, "p-leave")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert str(app.screen.query_one("#plan-change", Button).label) == "Continue my changes"
        assert "green kettle" in plan_shown(app)  # nothing saved until she finishes
        await tab_to(pilot, "plan-change")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PlanWizardScreen)
        assert shown(app.screen.query_one("#p-progress", Static)) == where
        await tab_to(pilot, "p-leave")
        await pilot.press("enter")
        await settle(pilot)
        await tab_to(pilot, "plan-back")
        await pilot.press("enter")
        assert isinstance(app.screen, VaultHomeScreen)


async def test_the_review_note_shows_only_once_the_day_has_come(kiosk: Kiosk) -> None:
    content = kiosk.services.plan_content
    today = dt.datetime.fromtimestamp(kiosk.clock(), dt.UTC).astimezone().date()
    save(kiosk, first_plan(content, review_on=today + dt.timedelta(days=1)))
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        assert isinstance(app.screen, VaultHomeScreen)
        assert not displayed(app, "#plan-note")
        assert "review" not in screen_text(app)
        # Two days on: not an idle spell. Without this the idle check's next tick (every
        # second, real time) could cover the screen with "Still there?" before the click.
        app.idle_limit_seconds = 10**6
        kiosk.clock.advance(2 * 24 * 3600)
        await pilot.click("#plan")
        await settle(pilot)
        await pilot.click("#plan-back")
        await settle(pilot)
        assert displayed(app, "#plan-note")
        day = today + dt.timedelta(days=1)
        note = f"Time to look at your plan again: you chose {day:%-d %B}."
        assert shown(app.screen.query_one("#plan-note", Static)) == note
        assert note in screen_text(app)  # on one line of the screen at 80x24


async def test_without_a_saved_plan_she_starts_or_continues(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_plan(pilot)
        assert displayed(app, "#plan-start") and not displayed(app, "#plan-continue")
        assert not displayed(app, "#plan-change") and not displayed(app, "#plan-body")
        assert app.focused is app.screen.query_one("#plan-start")
        await pilot.click("#plan-start")
        assert isinstance(app.screen, PlanWizardScreen)
        await pilot.click("#p-leave")  # before anything is written: nothing kept
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        assert displayed(app, "#plan-start")
        # She starts and leaves part way (what the wizard keeps as she goes).
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        answers = first_plan(screen.kit.plan_content)
        screen.kit.vault.keep_plan_in_progress(
            screen, answers, position="home", based_on=None, saved=SECOND_SAVED
        )
        await settle(pilot)
        await pilot.click("#plan-back")
        assert not displayed(app, "#plan-note")  # no saved plan, no review
        await pilot.click("#plan")
        await settle(pilot)
        assert displayed(app, "#plan-continue") and not displayed(app, "#plan-start")
        assert app.focused is app.screen.query_one("#plan-continue")
        await pilot.click("#plan-continue")
        await settle(pilot)
        assert isinstance(app.screen, PlanWizardScreen)
        home = screen.kit.plan_content.section("home")
        assert home is not None
        assert shown(app.screen.query_one("#p-progress", Static)).endswith(home.title)
