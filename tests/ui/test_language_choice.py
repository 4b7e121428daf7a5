"""The language chooser on the welcome screen: each language named in itself, by keyboard alone
and by mouse alone; the choice holds for the rest of the session, and the next session starts
in the centre's language again. The catalogues are test-only (every message ``‹…›``)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Static

from kiosk.i18n import language
from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services
from kiosk.ui.app import NeutralScreen, make_app
from kiosk.ui.screens.helplines.directory import HelplinesScreen
from kiosk.ui.screens.vault.unlock import UnlockScreen
from kiosk.ui.widgets.language_choice import LanguageChoice
from kiosk.ui.widgets.top_bar import ExitControl
from tests.i18n.conftest import pseudo_languages  # noqa: F401
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_text
from tests.ui.conftest import Kiosk
from tests.ui.helpers import click_language, settle, tab_to_language, until


def _shown(widget: Static) -> str:
    return str(widget.render())


def _labels(app: object) -> list[str]:
    screen = app.screen  # type: ignore[attr-defined]
    return screen.query_one(LanguageChoice).labels  # type: ignore[no-any-return]


def _on_language(app: object, tag: str) -> bool:
    focused = app.focused  # type: ignore[attr-defined]
    return isinstance(focused, LanguageChoice) and focused.cursor == tag


async def test_each_language_is_named_in_itself(kiosk: Kiosk, pseudo_languages: Path) -> None:  # noqa: F811
    app = kiosk.app()
    async with app.run_test(size=(80, 24)):
        # The centre's language first, then every other catalogue.
        assert _labels(app) == ["English", "العربية", "Cymraeg", "Español", "Polski", "اردو"]
    app = kiosk.app(kiosk={"language": "cy", "languages": ("pl", "cy")})
    async with app.run_test(size=(80, 24)):
        assert _labels(app) == ["Polski", "Cymraeg"]
        assert _shown(app.screen.query_one(".title", Static)) == "‹Welcome›"


async def test_one_language_shows_no_chooser(kiosk: Kiosk) -> None:
    app = kiosk.app(kiosk={"languages": ["en"]})
    async with app.run_test(size=(80, 24)):
        chooser = app.screen.query_one(LanguageChoice)
        assert not chooser.display
        assert chooser.labels == []


async def test_by_keyboard_alone(kiosk: Kiosk, pseudo_languages: Path) -> None:  # noqa: F811
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tab_to_language(pilot, "cy")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert _shown(screen.query_one(".title", Static)) == "‹Welcome›"
        assert str(screen.query_one("#open-vault", Button).label) == "‹Open my vault›"
        assert _shown(screen.query_one(ExitControl)) == "‹Exit this page  (F12)›"
        # She is where she was, on the language she chose, and it is marked as the one in use.
        assert _on_language(app, "cy") and language() == "cy"
        # Each language is a stop for Tab and Shift+Tab, in both directions, as Buttons were.
        await pilot.press("tab")
        assert _on_language(app, "es")
        await pilot.press("shift+tab", "shift+tab")
        assert _on_language(app, "ar")
        await tab_to_language(pilot, "ur")
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "display-options"
        await pilot.press("shift+tab")
        assert _on_language(app, "ur")
        while app.focused is None or app.focused.id != "open-vault":
            await pilot.press("shift+tab")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert "‹" in _shown(app.screen.query_one(".title", Static))


async def test_by_mouse_alone(kiosk: Kiosk, pseudo_languages: Path) -> None:  # noqa: F811
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await click_language(pilot, "pl")
        await settle(pilot)
        assert language() == "pl"
        assert _shown(app.screen.query_one(".title", Static)) == "‹Welcome›"
        await pilot.click("#helplines")
        await until(pilot, lambda: isinstance(app.screen, HelplinesScreen))
        texts = [_shown(widget) for widget in app.screen.query(Static)]
        assert any(text.startswith("‹In an emergency call") for text in texts), texts
        # And back, by mouse, to English.
        await pilot.click("#exit-control")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await click_language(pilot, "ar")
        await settle(pilot)
        await click_language(pilot, "en")
        await settle(pilot)
        assert _shown(app.screen.query_one(".title", Static)) == "Welcome"


async def test_the_next_session_starts_in_the_centres_language(
    kiosk: Kiosk,
    pseudo_languages: Path,  # noqa: F811
) -> None:
    app = kiosk.app(kiosk={"language": "cy"})
    async with app.run_test(size=(80, 24)) as pilot:
        await click_language(pilot, "pl")
        await settle(pilot)
        assert language() == "pl"
        await pilot.press("f12")  # quick exit: this session is over
        await until(pilot, lambda: isinstance(app.screen, NeutralScreen))
    # The supervisor starts the next session as a new process; even in this same process the
    # next session's app speaks the centre's language, not the last visitor's.
    app = kiosk.app(kiosk={"language": "cy"})
    async with app.run_test(size=(80, 24)):
        assert language() == "cy"
        assert (
            app.screen.query_one(LanguageChoice).offered[0] == "cy"
        )  # and drawn as the one in use
    app = kiosk.app()
    async with app.run_test(size=(80, 24)):
        assert _shown(app.screen.query_one(".title", Static)) == "Welcome"


async def test_the_helpline_sheet_prints_in_the_chosen_language(
    kiosk: Kiosk,
    pseudo_languages: Path,  # noqa: F811
    private_cups: PrivateCups,
) -> None:
    """Chosen by mouse, printed by mouse, through a private cupsd's capture queue: the paper
    speaks her language, the directory's own entries stay as written."""
    folder = private_cups.add_queue("CAPTURE")
    printer = CupsPrinter(queue="CAPTURE", server=private_cups.server)
    given = kiosk.services
    services = Services(
        directory=given.directory, printer=printer, vaults=given.vaults, staff=given.staff
    )
    app = make_app(kiosk.config, services, kiosk.clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await click_language(pilot, "pl")
        await settle(pilot)
        assert await pilot.click("#helplines")
        await until(pilot, lambda: isinstance(app.screen, HelplinesScreen))
        assert await pilot.click("#print-sheet")
        await settle(pilot, limit=60.0)
        said = _shown(app.screen.query_one("#message", Static))
        assert said.startswith("‹Printed."), said
    (job,) = folder.glob("job-*.pdf")
    text = pdf_text(job.read_bytes())
    assert "‹Useful numbers›" in text and "‹Help in your language›" in text
    assert "‹In an emergency call› 999" in text
    assert "Useful numbers" not in text.replace("‹Useful numbers›", "")
    assert "National Stalking Helpline" in text  # the directory's entry, as written


async def test_by_keyboard_alone_the_helpline_sheet_is_saved_in_her_language(
    kiosk: Kiosk,
    pseudo_languages: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    folder = tmp_path / "media" / "STICK"
    folder.mkdir(parents=True)
    app = kiosk.app(printing={"save_folder": str(folder)})
    async with app.run_test(size=(80, 24)) as pilot:
        await tab_to_language(pilot, "es")
        await pilot.press("enter")
        await settle(pilot)
        while app.focused is None or app.focused.id != "helplines":
            await pilot.press("shift+tab")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, HelplinesScreen))
        for _ in range(40):
            if app.focused is not None and app.focused.id == "save-pdf":
                break
            await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "save-pdf", app.focused
        await pilot.press("enter")
        await settle(pilot, limit=60.0)
    (saved,) = folder.glob("*.pdf")
    text = pdf_text(saved.read_bytes())
    assert "‹Useful numbers›" in text


async def test_the_arrow_keys_move_along_the_row_and_space_chooses(
    kiosk: Kiosk,
    pseudo_languages: Path,  # noqa: F811
) -> None:
    """The row is drawn by one widget (issue 8, cold start): the arrows move along it as
    well as Tab, and stop at its ends; Space chooses as Enter does."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tab_to_language(pilot, "en")
        await pilot.press("left")
        assert _on_language(app, "en")
        await pilot.press("right", "right")
        assert _on_language(app, "cy")
        for _ in range(8):
            await pilot.press("right")
        assert _on_language(app, "ur")
        await pilot.press("left", "space")
        await settle(pilot)
        assert language() == "pl" and _on_language(app, "pl")


async def test_a_press_that_slides_to_another_language_chooses_none(
    kiosk: Kiosk,
    pseudo_languages: Path,  # noqa: F811
) -> None:
    """As a Button takes a click: down and up on the same key, or nothing. Pressed as a
    terminal sends it (to the App, by place)."""
    from textual import events

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chooser = app.screen.query_one(LanguageChoice)
        for kind, tag in ((events.MouseDown, "pl"), (events.MouseUp, "es")):
            x = chooser.region.x + chooser.item_offset(tag).x
            y = chooser.region.y
            app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, x, y))
        await settle(pilot)
        assert language() == "en"
        await click_language(pilot, "es")  # a whole click still chooses
        await settle(pilot)
        assert language() == "es"


async def test_a_press_between_two_languages_leaves_the_focus_where_it_was(kiosk: Kiosk) -> None:
    """As on a row of Buttons: a press on the gap between two keys, or beside them, neither
    takes the focus nor picks anything (an Enter after it then picked English)."""
    from tests.ui.helpers import press_as_a_terminal_does

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chooser = app.screen.query_one(LanguageChoice)
        first = chooser.item_offset(chooser.offered[0])
        gap = chooser.item_offset(chooser.offered[1]).x - 6  # between the first two keys
        for x in (gap, 1):
            await press_as_a_terminal_does(pilot, chooser, (x, 0))
            assert app.focused is not None and app.focused.id == "open-vault"
        await press_as_a_terminal_does(pilot, chooser, (first.x, 0))
        assert isinstance(app.focused, LanguageChoice)  # (made afresh: the screen redrew)
