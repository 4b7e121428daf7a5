"""Directory care on screen: staff mark entries checked and correct them, by keyboard alone
and by mouse alone; the file, the staff log and the session's directory follow at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, OptionList, SelectionList, Static

from kiosk.helplines.loader import load_directory
from kiosk.staff.audit import AuditLog, StaffAction
from kiosk.ui.screens.staff.directory_care import DirectoryCareScreen
from kiosk.ui.screens.staff.directory_entry import DirectoryEntryScreen
from tests.ui.conftest import STAFF, Kiosk
from tests.ui.diary_read_fixtures import screen_text
from tests.ui.directory_care_fixtures import LOCAL, care_app, centre_folder, open_care
from tests.ui.helpers import fill, settle, until

TODAY = dt.date(2026, 9, 21)


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
