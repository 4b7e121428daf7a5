"""Helplines without a vault: browse by region and topic, read the practical steps, print."""

from __future__ import annotations

from textual.widgets import Select, Static, TabbedContent

from kiosk.screens.helplines import HelplinesScreen
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle


def shown(app: object) -> str:
    return str(app.screen.query_one("#helpline-list", Static).render())  # type: ignore[attr-defined]


async def test_browse_by_region_and_topic(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#helplines")
        assert isinstance(app.screen, HelplinesScreen)
        assert app.vault is None
        text = shown(app)
        assert "999" in text and "0808 802 0300" in text
        app.screen.query_one("#topic", Select).value = "domestic-abuse"
        await pilot.pause()
        text = shown(app)
        assert "0808 2000 247" in text and "0808 802 0300" not in text
        app.screen.query_one("#region", Select).value = "us"
        await pilot.pause()
        assert "911" in shown(app) and "1-800-799-7233" in shown(app)


async def test_practical_steps_tab(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#helplines")
        app.screen.query_one("#tabs", TabbedContent).active = "tab-steps"
        await pilot.pause()
        steps = str(app.screen.query_one("#steps-text", Static).render())
        assert "Surviving Stalking" in steps


async def test_printing_problem_gets_a_calm_message(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#helplines")
        await pilot.click("#print-card")
        await settle(pilot)
        message = str(app.screen.query_one("#message", Static).render())
        assert "ask staff" in message.lower()
        assert app.is_running
