"""The vault's home asks for her drafts and the plan's review date each time it comes up; the
answers come from a worker, and may arrive as the App closes and empties the screen (CI saw
it: a burst that opened the vault, then the end of the test)."""

from __future__ import annotations

import datetime as dt

from kiosk.ui.screens.vault.home import VaultHomeScreen
from kiosk.ui.vault_io import DraftsLoaded, PlanReviewDue
from tests.ui.conftest import Kiosk
from tests.ui.helpers import open_vault, settle


async def test_answers_that_reach_an_emptied_home_screen_are_let_go(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        home = app.screen
        assert isinstance(home, VaultHomeScreen)
        await home.remove_children()
        home.post_message(DraftsLoaded(kind="note", drafts=[]))
        home.post_message(PlanReviewDue(review_on=dt.date(2026, 1, 1)))
        await settle(pilot)
        assert app.screen is home and app.return_code is None
