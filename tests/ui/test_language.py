"""The kiosk speaks ``kiosk.language``: with a (test-only) Welsh catalogue, every screen's
words change, and switching back to English gives the English words again."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Static

from kiosk.ui.screens.vault.unlock import UnlockScreen
from kiosk.ui.widgets.top_bar import ExitControl
from tests.i18n.conftest import welsh  # noqa: F401
from tests.ui.conftest import NAME, Kiosk
from tests.ui.helpers import unlock


def _shown(widget: Static) -> str:
    return str(widget.render())


async def test_the_screens_speak_the_configured_language(kiosk: Kiosk, welsh: Path) -> None:  # noqa: F811
    app = kiosk.app(kiosk={"language": "cy"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert _shown(screen.query_one(".title", Static)) == "‹Welcome›"
        assert str(screen.query_one("#open-vault", Button).label) == "‹Open my vault›"
        assert _shown(screen.query_one(ExitControl)) == "‹Exit this page  (F12)›"
        await unlock(pilot, NAME, "111111")
        assert isinstance(app.screen, UnlockScreen)
        said = _shown(app.screen.query_one("#message", Static))
        assert said == "‹The vault name or PIN was not recognised.› ‹Please try again.›"


async def test_english_is_english_again(kiosk: Kiosk, welsh: Path) -> None:  # noqa: F811
    async with kiosk.app(kiosk={"language": "cy"}).run_test(size=(80, 24)):
        pass
    app = kiosk.app()
    async with app.run_test(size=(80, 24)):
        assert _shown(app.screen.query_one(".title", Static)) == "Welcome"
