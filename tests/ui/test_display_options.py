"""High contrast and larger text: chosen on the welcome screen by keyboard alone or by mouse
alone, applied to every screen at once, and gone with the visit (a quick exit shows the
neutral screen in the default look; the next session starts in it)."""

from __future__ import annotations

import pytest
from textual.color import Color

from kiosk.ui import display
from kiosk.ui.app import KioskApp, NeutralScreen
from kiosk.ui.screens.vault.home import VaultHomeScreen
from kiosk.ui.themes import DEFAULT_THEME, HIGH_CONTRAST
from kiosk.ui.widgets.display_options import DisplayOptions
from tests.ui.conftest import Kiosk
from tests.ui.display_steps import tick
from tests.ui.helpers import open_vault

CHOICES = ["high-contrast", "larger-text"]


def chosen(app: KioskApp, choice: str) -> bool:
    return display.high_contrast(app) if choice == "high-contrast" else display.larger_text(app)


def looks_default(app: KioskApp) -> bool:
    return app.theme == DEFAULT_THEME and not display.larger_text(app)


@pytest.mark.parametrize("choice", CHOICES)
async def test_a_tap_applies_it_to_every_screen_and_a_quick_exit_undoes_it(
    kiosk: Kiosk, choice: str
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert looks_default(app)
        await tick(pilot, choice)
        assert chosen(app, choice)
        await open_vault(pilot)
        assert isinstance(app.screen, VaultHomeScreen)
        assert chosen(app, choice)  # still on, on her vault's screens
        await pilot.press("f12")
        assert isinstance(app.screen, NeutralScreen)
        assert looks_default(app)  # the neutral screen, in the same frame, as any session's


@pytest.mark.parametrize("choice", CHOICES)
async def test_the_keyboard_alone_ticks_and_unticks_it(kiosk: Kiosk, choice: str) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        options = app.screen.query_one(DisplayOptions)
        while app.focused is not options or options.cursor != choice:
            await pilot.press("tab")
        await pilot.press("space")
        assert options.value(choice) and chosen(app, choice)
        await pilot.press("enter")
        assert not options.value(choice) and not chosen(app, choice)


async def test_the_next_session_starts_in_the_default_look(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tick(pilot, *CHOICES)
        assert app.theme == HIGH_CONTRAST and display.larger_text(app)
    following = kiosk.app()
    async with following.run_test(size=(80, 24)):
        assert looks_default(following)
        options = following.screen.query_one(DisplayOptions)
        assert [options.value(choice) for choice in CHOICES] == [False, False]


async def test_high_contrast_is_white_on_black(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tick(pilot, "high-contrast")
        await open_vault(pilot)
        styles = app.screen.styles
        assert styles.background == Color.parse("#000000")
        assert styles.color == Color.parse("#FFFFFF")


async def test_a_hovered_tick_box_keeps_its_words_readable(kiosk: Kiosk) -> None:
    """The theme's hover shade is translucent: drawn as it was, the label under the pointer
    became light grey on white (about 1.3:1). Laid over the label's background, as Textual
    lays it, it is a shade, and the words keep their contrast (4.5:1 at the least)."""
    from tests.ui.contrast import contrast

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        options = app.screen.query_one(DisplayOptions)

        def drawn(label: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
            [segment] = [s for s in options.render_line(0) if s.text == label]
            assert segment.style is not None
            words = Color.from_rich_color(segment.style.color)
            under = Color.from_rich_color(segment.style.bgcolor)
            return words.rgb, under.rgb

        plain = drawn("Larger text ")
        await pilot.hover(DisplayOptions, offset=options.item_offset("larger-text"))
        await pilot.pause()
        words, under = drawn("Larger text ")
        assert under != plain[1]  # shaded
        assert contrast(words, under) >= 4.5
