"""What a visitor using only the mouse met in the plan at 80x24 (an outside tester's walk):
each test fails on the code before its fix. Real vault, real App, Pilot clicks and the mouse
wheel only."""

from __future__ import annotations

import pytest
from textual.events import MouseScrollDown
from textual.widgets import Input, RadioButton, SelectionList, Static

from kiosk.helplines.model import Helpline
from kiosk.ui.screens.plan.plan_view import PlanScreen
from kiosk.ui.screens.plan.wizard import PlanWizardScreen
from tests.ui.conftest import Kiosk
from tests.ui.diary_read_fixtures import screen_text, shown
from tests.ui.helpers import settle
from tests.ui.plan_fixtures import first_plan, keep_in_progress, to_plan
from tests.ui.test_mouse_only import tap_letters

pytestmark = pytest.mark.usefixtures("buttons_take_every_press")


def helplines(kiosk: Kiosk) -> tuple[Helpline, ...]:
    region = kiosk.services.directory.region("uk")
    assert region is not None
    return region.helplines


async def test_a_review_day_that_has_passed_is_not_offered_as_her_choice(kiosk: Kiosk) -> None:
    """Her plan's review day (1 September) is behind her: the page offers "in 3 months", not
    the old day as a day of her own that Next then refuses."""
    keep_in_progress(kiosk, first_plan(kiosk.services.plan_content), "review")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_plan(pilot)
        await pilot.click("#plan-continue")
        await settle(pilot)
        assert isinstance(app.screen, PlanWizardScreen)
        assert app.screen.query_one("#p-review-3", RadioButton).value
        assert not app.screen.query_one("#p-review-own", RadioButton).value
        assert app.screen.query_one("#p-review-date", Input).value == ""
        await pilot.click("#p-next")
        assert shown(app.screen.query_one("#message", Static)) == ""
        assert shown(app.screen.query_one("#p-progress", Static)) == "My plan: the finish"
        assert app.screen.query_one("#p-review-3", RadioButton).value


async def test_every_service_on_the_support_page_shows_its_whole_number(kiosk: Kiosk) -> None:
    """At 80 columns the longest names in the UK list cut their numbers short ("0800 02…")."""
    keep_in_progress(kiosk, first_plan(kiosk.services.plan_content, review_on=None), "support")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_plan(pilot)
        await pilot.click("#plan-continue")
        await settle(pilot)
        services = app.screen.query_one(".p-helplines", SelectionList)
        for _ in range(3):  # the page, then the list, by the mouse wheel
            await pilot._post_mouse_events([MouseScrollDown], "#p-page", offset=(2, 1))
        numbers = {h.phone for h in helplines(kiosk) if h.phone}
        seen: set[str] = set()
        for _ in range(services.option_count):
            seen |= {number for number in numbers if number in screen_text(app)}
            await pilot._post_mouse_events([MouseScrollDown], services, offset=(5, 1))
        assert services.scroll_y == services.max_scroll_y > 0  # the wheel reached the end
        assert seen == numbers


async def test_a_review_day_of_her_own_is_typed_on_the_on_screen_keys(kiosk: Kiosk) -> None:
    """A day tapped on the letters page as "21 12 2027" (or with "-") is her day."""
    keep_in_progress(kiosk, first_plan(kiosk.services.plan_content, review_on=None), "finish")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_plan(pilot)
        await pilot.click("#plan-continue")
        await settle(pilot)
        await pilot.click("#p-review-own")
        await pilot.click("#p-keys")
        await tap_letters(pilot, "21 12 2027")
        await pilot.click("#tap-done")
        assert app.screen.query_one("#p-review-date", Input).value == "21 12 2027"
        await pilot.click("#p-next")  # Save my plan
        await settle(pilot)
        assert isinstance(app.screen, PlanScreen)
        dates = shown(app.screen.query_one("#plan-dates", Static))
        assert dates.endswith("Review date: 21 December 2027.")
