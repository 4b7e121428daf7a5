"""Directory care on screen: staff mark entries checked and correct them, by keyboard alone
and by mouse alone; the file, the staff log and the session's directory follow at once."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.events import MouseScrollDown
from textual.widgets import Input, OptionList, SelectionList, Static

from kiosk.helplines.loader import load_directory
from kiosk.staff.audit import AuditLog, StaffAction
from kiosk.ui.screens.staff.directory_care import DirectoryCareScreen
from kiosk.ui.screens.staff.directory_entry import DirectoryEntryScreen
from kiosk.ui.widgets.keyboard import LetterKeyboard
from tests.ui.conftest import STAFF, Kiosk, held_work
from tests.ui.diary_read_fixtures import screen_text
from tests.ui.directory_care_fixtures import LOCAL, care_app, centre_folder, open_care
from tests.ui.helpers import fill, settle, until
from tests.ui.on_screen_keys import click_key, click_keys
from tests.ui.reach_checks import unreachable_even_by_scrolling

TODAY = dt.date(2026, 9, 21)

# Buttons pressed one after another faster than a person would (a double tap counts once).
pytestmark = pytest.mark.usefixtures("buttons_take_every_press")


def message(app: object) -> str:
    return str(app.screen.query_one("#message", Static).render())  # type: ignore[attr-defined]


def highlighted_id(app: object) -> str:
    options = app.screen.query_one("#care-entries", OptionList)  # type: ignore[attr-defined]
    assert options.highlighted is not None
    return str(options.get_option_at_index(options.highlighted).id)


def listed(app: object) -> list[str]:
    options = app.screen.query_one("#care-entries", OptionList)  # type: ignore[attr-defined]
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


def audit_trail(kiosk: Kiosk) -> list[tuple[StaffAction, str, str]]:
    return [(r.action, r.staff, r.detail) for r in AuditLog(kiosk.config.data_path()).records()]


def shown_on(kiosk: Kiosk, identifier: str) -> dt.date:
    """The day the session's directory (what the next screen shows) says it was checked."""
    uk = kiosk.services.directory.regions["uk"]
    return next(h for h in uk.helplines if h.id == identifier).verified_on


async def test_checking_and_correcting_by_keyboard_alone(kiosk: Kiosk, tmp_path: Path) -> None:
    folder = centre_folder(tmp_path)
    app = care_app(kiosk, folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_care(pilot)
        assert app.focused is app.screen.query_one("#care-entries", OptionList)
        assert highlighted_id(app) == "uk/national-stalking-helpline"
        # Down to the second entry, Enter on it, Enter on "Checked today".
        await pilot.press("down", "enter")
        assert app.focused is not None and app.focused.id == "checked"
        await pilot.press("enter")
        await settle(pilot)
        assert message(app) == "Suzy Lamplugh Trust (office) is marked as checked today."
        # Written into the centre's file that adds to the region (a copy of the shipped
        # entry), after every line it had; shown at once.
        text = (folder / "local.toml").read_text(encoding="utf-8")
        added = text.removeprefix(LOCAL + "\n")
        assert added != text and "verified_on = 2026-09-21" in added
        assert highlighted_id(app) != "uk/suzy-lamplugh-trust-office"
        identifier = next(
            h.id for h in kiosk.services.directory.regions["uk"].helplines if h.id in added
        )
        assert f'id = "{identifier}"' in added and shown_on(kiosk, identifier) == TODAY
        assert audit_trail(kiosk) == [
            (StaffAction.ENTRY_CHECKED, STAFF[0], "Suzy Lamplugh Trust (office)")
        ]
        # Checked: no longer overdue, so it has left the list; the next one is highlighted.
        assert "uk/suzy-lamplugh-trust-office" not in listed(app)

        # Correct the centre's own entry: "Show all entries", End, Correct.
        await pilot.press("tab", "tab", "tab", "enter")  # Checked today, Correct, Show all
        await settle(pilot)
        assert app.focused is app.screen.query_one("#care-entries", OptionList)
        await pilot.press("end")
        while highlighted_id(app) != "uk/bracket-line":
            await pilot.press("up")
        await pilot.press("tab", "tab", "enter")  # Checked today, Correct
        await settle(pilot)
        assert isinstance(app.screen, DirectoryEntryScreen)
        assert app.focused is app.screen.query_one("#entry-name", Input)
        await pilot.press("end", "ctrl+u")
        await fill(pilot, "Square Line")
        await pilot.press("enter", "end", "ctrl+u")  # the phone
        await fill(pilot, "0800 000 0009")
        # Enter through website, hours and who it helps to the topics; tick "legal" too.
        await pilot.press("enter", "enter", "enter", "enter")
        assert app.focused is app.screen.query_one("#entry-topics", SelectionList)
        for _ in range(7):  # down to "Legal advice and protection orders"
            await pilot.press("down")
        await pilot.press("space", "tab", "enter")  # tick, Save
        await settle(pilot)
        await until(pilot, lambda: isinstance(app.screen, DirectoryCareScreen))
        assert message(app) == "Square Line is corrected and marked as checked today."
        expected = (
            text.replace('name = "[bold red]Bracket[/] Line"', 'name = "Square Line"')
            .replace('phone = "0800 000 0001"', 'phone = "0800 000 0009"')
            .replace('topics = ["stalking"]\n', 'topics = ["stalking", "legal"]\n', 1)
            .replace("verified_on = 2025-01-15", "verified_on = 2026-09-21")
        )
        assert (folder / "local.toml").read_text(encoding="utf-8") == expected
        assert audit_trail(kiosk)[-1] == (StaffAction.ENTRY_CORRECTED, STAFF[0], "Square Line")
        assert "Square Line" in screen_text(app)
        uk = kiosk.services.directory.regions["uk"]
        line = next(h for h in uk.helplines if h.id == "bracket-line")
        assert (line.name, line.phone, line.topics) == (
            "Square Line",
            "0800 000 0009",
            ("stalking", "legal"),
        )
    # What the session shows is what a new session reads from the files.
    fresh = load_directory(folder, today=TODAY).regions["uk"]
    assert next(h for h in fresh.helplines if h.id == "bracket-line").name == "Square Line"


async def test_checking_and_correcting_by_mouse_alone(kiosk: Kiosk, tmp_path: Path) -> None:
    folder = centre_folder(tmp_path)
    app = care_app(kiosk, folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_care(pilot)
        # The second entry (one line each, inside the list's border), then "Checked today".
        await pilot.click("#care-entries", offset=(10, 2))
        assert highlighted_id(app) == "uk/suzy-lamplugh-trust"
        await pilot.click("#checked")
        await settle(pilot)
        assert message(app) == "Suzy Lamplugh Trust (office) is marked as checked today."
        assert shown_on(kiosk, "suzy-lamplugh-trust") == TODAY
        assert audit_trail(kiosk) == [
            (StaffAction.ENTRY_CHECKED, STAFF[0], "Suzy Lamplugh Trust (office)")
        ]

        # Correct the first entry's topics: click it, Correct, wheel down, tick, Save.
        await pilot.click("#care-entries", offset=(10, 1))
        assert highlighted_id(app) == "uk/national-stalking-helpline"
        await pilot.click("#correct")
        await settle(pilot)
        assert isinstance(app.screen, DirectoryEntryScreen)
        # Its translations are the file's to change: the form says so, and keeps them.
        lead = str(app.screen.query_one("#entry-lead", Static).render())
        assert "Its translations (Polski, Español, Cymraeg, العربية, and اردو) are kept" in lead
        # The hours, added to by the on-screen keys (all three pages), at the field's end.
        await pilot.click("#entry-keys")
        await pilot.click("#entry-hours", offset=(40, 1))
        await click_keys(pilot, "; Sat 10-2!")
        await pilot.click("#entry-keys")
        fields = app.screen.query_one("#entry-fields")
        for _ in range(10):
            await pilot._post_mouse_events([MouseScrollDown], "#entry-fields", offset=(5, 1))
        assert fields.scroll_y == fields.max_scroll_y > 0
        # Topics in the format's order: emergency, stalking, domestic-abuse (the third row).
        await pilot.click("#entry-topics", offset=(8, 3))
        await pilot.click("#save")
        await settle(pilot)
        await until(pilot, lambda: isinstance(app.screen, DirectoryCareScreen))
        assert message(app) == (
            "National Stalking Helpline is corrected and marked as checked today."
        )
    text = (folder / "local.toml").read_text(encoding="utf-8")
    copied = text.split('id = "national-stalking-helpline"')[1]
    assert 'topics = ["stalking", "domestic-abuse"]' in copied
    assert "verified_on = 2026-09-21" in copied
    assert '; Sat 10-2!"' in copied
    assert 'helps_with = "Porady dla każdej osoby' in copied  # its Polish, kept
    assert audit_trail(kiosk)[-1] == (
        StaffAction.ENTRY_CORRECTED,
        STAFF[0],
        "National Stalking Helpline",
    )


async def test_an_invalid_correction_is_refused_in_one_line_and_nothing_changes(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    folder = centre_folder(tmp_path)
    app = care_app(kiosk, folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_care(pilot)
        await pilot.click("#correct")  # the first entry, a shipped one
        await settle(pilot)
        await pilot.click("#entry-phone")
        await pilot.press("end", "ctrl+u")
        await fill(pilot, "call us free")
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, DirectoryEntryScreen)  # the form stays, as typed
        assert app.screen.query_one("#entry-phone", Input).value == "call us free"
        said = message(app)
        # The field as the form names it, and what to do: no file path, entry id or key.
        assert said == (
            "Not saved: Phone: may contain only digits, spaces and + - ( ), got 'call us "
            "free'. Please correct it and save again."
        )
        await pilot.click("#cancel")
        await settle(pilot)
        assert isinstance(app.screen, DirectoryCareScreen)
    assert (folder / "local.toml").read_text(encoding="utf-8") == LOCAL
    assert sorted(p.name for p in folder.iterdir()) == ["local.toml"]
    assert audit_trail(kiosk) == []


async def test_without_a_centre_folder_staff_are_told_how_to_set_one_up(kiosk: Kiosk) -> None:
    app = care_app(kiosk, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_care(pilot)
        await pilot.press("enter", "enter")  # the first entry, Checked today
        await settle(pilot)
        assert message(app).startswith(
            "Nothing was changed: changes are saved in the centre's own helpline folder, and "
            "this kiosk has none. Ask the operator to set helplines_folder in kiosk.toml"
        )
        assert highlighted_id(app) == "uk/national-stalking-helpline"  # still overdue
    assert audit_trail(kiosk) == []


async def test_every_entry_is_reachable_and_shown_as_written(kiosk: Kiosk, tmp_path: Path) -> None:
    app = care_app(kiosk, centre_folder(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_care(pilot)
        assert "uk/fresh-line" not in listed(app)  # checked this month: not overdue
        await pilot.click("#show")
        await settle(pilot)
        assert "uk/fresh-line" in listed(app)
        options = app.screen.query_one("#care-entries", OptionList)
        assert options.max_scroll_y > 0  # more than fits at 80x24: it scrolls inside
        await pilot.press("end")
        assert options.scroll_y == options.max_scroll_y
        while highlighted_id(app) != "uk/bracket-line":
            await pilot.press("up")
        await settle(pilot)
        # The name is shown literally: brackets, never markup.
        assert "[bold red]Bracket[/] Line  local.toml  checked 2025-01-15, overdue" in (
            screen_text(app)
        )
        await pilot.click("#show")  # back to the overdue ones
        await settle(pilot)
        assert "uk/fresh-line" not in listed(app)


async def test_every_control_of_both_screens_is_reachable_at_80x24(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    app = care_app(kiosk, centre_folder(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_care(pilot)
        assert await unreachable_even_by_scrolling(pilot) == []
        await pilot.click("#show")
        await settle(pilot)
        assert await unreachable_even_by_scrolling(pilot) == []
        await pilot.click("#correct")
        await settle(pilot)
        assert isinstance(app.screen, DirectoryEntryScreen)
        assert await unreachable_even_by_scrolling(pilot) == []


async def test_while_a_correction_is_saved_the_on_screen_keys_are_greyed_out(
    kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of the keyboard, like the form's fields and buttons, while the save runs
    (held here, as a slow one); a click on a key then types nothing."""
    from kiosk.ui.screens.staff import directory_entry

    saving, go_on = threading.Event(), threading.Event()
    real_save = directory_entry.save_change

    def slow_save(*args: Any, **kwargs: Any) -> Any:
        saving.set()
        with held_work.holding():
            go_on.wait(timeout=15)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(directory_entry, "save_change", slow_save)
    app = care_app(kiosk, centre_folder(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_care(pilot)
        await pilot.click("#correct")
        await settle(pilot)
        await pilot.click("#entry-keys")
        await pilot.click("#entry-hours", offset=(40, 1))
        hours = app.screen.query_one("#entry-hours", Input)
        before = hours.value
        await pilot.click("#save")
        assert saving.wait(timeout=30)
        pages = list(app.screen.query(LetterKeyboard))
        assert len(pages) == 3
        assert all(page.is_disabled for page in pages)
        await click_key(pilot, "x")
        assert hours.value == before
        go_on.set()
        await settle(pilot)


async def test_the_menus_count_of_overdue_entries_follows_what_was_checked(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    """Found by an outside check as staff: the menu went on saying how many entries were
    overdue as at sign-in, after some were checked."""
    import re

    from tests.ui.staff_fixtures import sign_in_by_mouse

    folder = centre_folder(tmp_path)
    app = care_app(kiosk, folder)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)

        def overdue() -> int:
            shown = str(app.screen.query_one("#freshness", Static).render())
            found = re.search(r"(\d+) helpline entr", shown)
            return int(found.group(1)) if found else 0

        before = overdue()
        assert before > 0
        await pilot.click("#directory-care")
        await settle(pilot)
        await pilot.click("#care-entries", offset=(10, 1))
        await pilot.click("#checked")
        await settle(pilot)
        assert "is marked as checked today" in message(app)
        await pilot.click("#back")
        await settle(pilot)
        assert overdue() == before - 1
