"""Helplines without a vault: browse by region and topic, read the practical steps, print."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Select, Static, TabbedContent

from kiosk.ui.screens.helplines import directory
from kiosk.ui.screens.helplines.directory import HelplinesScreen
from tests.printing.pdftext import pdf_text
from tests.ui.conftest import Kiosk, held_work
from tests.ui.helpers import click_language, settle


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


async def test_the_screen_has_a_title_and_sentence_case_headings(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#helplines")
        title = app.screen.query_one("#helplines-title", Static)
        assert str(title.render()) == "Helplines and practical steps"
        assert title.region.bottom <= app.size.height
        steps = str(app.screen.query_one("#steps-text", Static).render())
        assert "Keeping a record" in steps and "Further reading" in steps
        assert "KEEPING A RECORD" not in steps and "FURTHER READING" not in steps


async def test_a_saved_sheet_follows_the_topic_and_says_where_it_went(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    folder = tmp_path / "media" / "KINGSTON"
    folder.mkdir(parents=True)
    app = kiosk.app(printing={"save_folder": str(folder)})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#helplines")
        app.screen.query_one("#topic", Select).value = "domestic-abuse"
        await pilot.pause()
        await pilot.click("#save-pdf")
        await settle(pilot)
        said = str(app.screen.query_one("#message", Static).render())
    (saved,) = folder.glob("*.pdf")
    assert said == f'Saved to the folder "KINGSTON" as {saved.name}.'
    text = pdf_text(saved.read_bytes())
    assert "0808 2000 247" in text  # National Domestic Abuse Helpline
    assert "0808 802 0300" not in text  # the stalking helpline is another topic


def test_a_usb_stick_is_called_a_usb_stick() -> None:
    from kiosk.ui.wording import saved_to

    stick = saved_to(Path("/media/kiosk/KINGSTON/document.pdf"))
    assert stick == 'Saved to the USB stick "KINGSTON" as document.pdf.'
    assert (
        saved_to(Path("/run/media/kiosk/STICK/a.pdf")) == 'Saved to the USB stick "STICK" as a.pdf.'
    )
    assert saved_to(Path("/srv/harbour/saved/a.pdf")) == 'Saved to the folder "saved" as a.pdf.'


async def test_how_the_last_sheet_went_goes_once_something_else_is_shown(kiosk: Kiosk) -> None:
    """Found by an outside check: "Printing is not working" stayed under another tab and
    another region's helplines, as if about them."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#helplines")

        def message() -> str:
            return str(app.screen.query_one("#message", Static).render())

        for show_something_else in (
            lambda: setattr(app.screen.query_one("#tabs", TabbedContent), "active", "tab-steps"),
            lambda: setattr(app.screen.query_one("#region", Select), "value", "us"),
            lambda: setattr(app.screen.query_one("#topic", Select), "value", "domestic-abuse"),
        ):
            await pilot.click("#print-sheet")
            await settle(pilot)
            assert "ask staff" in message().lower()
            show_something_else()
            await settle(pilot)
            assert message() == ""


async def test_a_second_print_while_a_sheet_is_prepared_says_so(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another print button pressed while a sheet is still being prepared is not silently
    ignored: the screen says the sheet is on its way. (The renderer is held, as a slow one.)"""
    rendering, go_on = threading.Event(), threading.Event()
    real_render = directory.render

    def slow_render(*args: Any, **kwargs: Any) -> bytes:
        rendering.set()
        with held_work.holding():
            go_on.wait(timeout=15)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(directory, "render", slow_render)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#helplines")
        await pilot.click("#print-card")
        assert rendering.wait(timeout=30)
        await pilot.click("#print-sheet")
        message = str(app.screen.query_one("#message", Static).render())
        go_on.set()
        await settle(pilot)
    assert "still being prepared" in message, message


async def test_in_polish_the_directory_speaks_polish(kiosk: Kiosk) -> None:
    """Chosen on the welcome screen: the entries' hours and descriptions, the region's name
    and note, the languages a helpline speaks and how it joins them, all in Polish; names
    and numbers as the organisations write them."""
    app = kiosk.app(kiosk={"languages": ["en", "pl"]})
    async with app.run_test(size=(80, 24)) as pilot:
        await click_language(pilot, "pl")
        await settle(pilot)
        assert await pilot.click("#helplines")
        await settle(pilot)
        text = shown(app)
        assert "Ktoś, z kim możesz porozmawiać bez oceniania, cokolwiek przeżywasz." in text
        assert "Całą dobę, codziennie" in text
        assert "Jeśli nie możesz mówić, zadzwoń pod 999 z komórki" in text
        assert "whatever you are going through" not in text and "every day" not in text
        assert "Samaritans" in text and "116 123" in text
        # Live Fear Free speaks English and Welsh: named and joined in Polish.
        assert "angielski i walijski" in text
        # The region chooser names the region in Polish too.
        assert "Wielka" in app.export_screenshot()
