"""The centre's numbers and the staff log on screen: by keyboard alone and by mouse alone,
bad dates, a damaged counts file, a changed log, and CSV saved to a USB stick."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from kiosk.staff.audit import StaffAction
from kiosk.staff.numbers import Tally
from kiosk.ui.screens.staff.audit_log import StaffLogScreen
from kiosk.ui.screens.staff.numbers import CentreNumbersScreen
from kiosk.ui.screens.staff.save_csv import SaveCsvScreen
from tests.ui.conftest import Kiosk
from tests.ui.helpers import fill, settle, until
from tests.ui.on_screen_keys import click_key, click_keys
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)
from tests.ui.staff_numbers_fixtures import (  # noqa: F401 (stick: a fixture)
    STAFF_NAME,
    fill_log,
    fill_numbers,
    open_staff_screen,
    stick,
)


def _text(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def _saved_csv(folder: Path, stem: str) -> list[list[str]]:
    (saved,) = folder.glob(f"{stem}-*.csv")
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    return list(csv.reader(io.StringIO(saved.read_text())))


async def test_numbers_by_keyboard_alone(kiosk: Kiosk, stick: Path) -> None:  # noqa: F811
    fill_numbers(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_screen(pilot, CentreNumbersScreen)
        assert "Visits per day" in _text(app, "#numbers-caption")
        await pilot.press("tab", "enter")  # Last 30 days
        assert "Last 30 days" in str(app.screen.query_one("#period-30").render())
        chart = _text(app, "#numbers-chart")
        assert "█" in chart and len(chart.splitlines()) == 9
        await pilot.press("tab", "tab")  # the first day
        await fill(pilot, "2026-01-01")
        await pilot.press("tab")
        await fill(pilot, "2026-09-21")
        await pilot.press("enter")
        assert "Visits per month, 2026-01-01 to 2026-09-21" in _text(app, "#numbers-caption")
        await pilot.press("tab", "tab", "enter")  # Chart of: the next count
        assert "Vaults made per month" in _text(app, "#numbers-caption")
        totals = _text(app, "#numbers-totals")
        assert "Visits" in totals and "Quick exits" in totals
        await pilot.press("tab", "enter")  # Save as CSV
        assert isinstance(app.screen, SaveCsvScreen)
        await pilot.press("enter")  # Save, to the one stick offered
        await settle(pilot)
        assert isinstance(app.screen, CentreNumbersScreen)
        assert "Saved to the USB stick" in _text(app, "#message")
    rows = _saved_csv(stick, "centre-numbers")
    assert rows[0] == ["day", *(t.value for t in Tally)]
    assert rows[1][0] == "2026-01-01" and rows[-1][0] == "2026-09-21"
    record = kiosk.services.audit.records()[-1]
    assert (record.action, record.staff) == (StaffAction.NUMBERS_EXPORTED, STAFF_NAME)
    assert record.detail == "2026-01-01 to 2026-09-21"


async def test_numbers_by_mouse_alone(kiosk: Kiosk, stick: Path) -> None:  # noqa: F811
    fill_numbers(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_screen(pilot, CentreNumbersScreen)
        # Days typed by the on-screen keys: OK moves from "from" to "to", then shows.
        await pilot.click("#numbers-keys")
        await pilot.click("#numbers-from")
        await click_keys(pilot, "2026-09-01")
        await click_key(pilot, "done")
        assert app.focused is app.screen.query_one("#numbers-to")
        await click_keys(pilot, "2026-09-03")
        await click_key(pilot, "done")
        assert not app.screen.query_one("#numbers-keyboard").display
        assert "2026-09-01 to 2026-09-03" in _text(app, "#numbers-caption")
        await pilot.click("#period-12")
        assert "per month" in _text(app, "#numbers-caption")
        assert "▸ Last 12 months" in str(app.screen.query_one("#period-12").render())
        for _ in range(9):  # round to Quick exits
            await pilot.click("#numbers-tally")
        assert _text(app, "#numbers-caption").startswith("Quick exits per month")
        await pilot.click("#numbers-save")
        await pilot.click("#save-csv-file")
        await settle(pilot)
        assert "Saved to the USB stick" in _text(app, "#message")
        await pilot.click("#back")
        assert not isinstance(app.screen, CentreNumbersScreen)
    rows = _saved_csv(stick, "centre-numbers")
    assert len(rows) > 300  # a row for every day of twelve months


@pytest.mark.usefixtures("sticks")
@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        ("2026-02-30", "2026-03-01", "Please type both days as year-month-day"),
        ("1/3/2026", "2026-03-01", "Please type both days"),
        ("2026-03-02", "2026-03-01", "comes after the last day"),
        ("0206-03-01", "2026-03-01", "at most ten years"),
    ],
)
async def test_a_bad_period_is_one_calm_line(
    kiosk: Kiosk, start: str, end: str, words: str
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_screen(pilot, CentreNumbersScreen)
        await pilot.click("#numbers-from")
        await fill(pilot, start)
        await pilot.click("#numbers-to")
        await fill(pilot, end)
        await pilot.click("#numbers-show")
        assert words in _text(app, "#message")
        assert "Visits per day" in _text(app, "#numbers-caption")  # the chart stays as it was


@pytest.mark.usefixtures("sticks")
async def test_a_damaged_counts_file_is_told_calmly(kiosk: Kiosk) -> None:
    numbers = kiosk.services.numbers
    numbers.count(Tally.VISITS)
    numbers.path.write_text("{not counts")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_screen(pilot, CentreNumbersScreen)
        assert "could not be read just now" in _text(app, "#message")
        numbers.count(Tally.VISITS)  # the next count keeps the damaged file aside
        await pilot.click("#period-7")
        assert "damaged and kept aside" in _text(app, "#message")


async def test_staff_log_by_keyboard_alone(kiosk: Kiosk, stick: Path) -> None:  # noqa: F811
    fill_log(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_screen(pilot, StaffLogScreen)
        assert "whole: 30 records" in _text(app, "#staff-log-state")
        table = app.screen.query_one(DataTable)
        assert app.focused is table
        assert str(table.get_row_at(0)[3]) == "30 sheets"  # newest first
        await pilot.press(*["down"] * 20)
        assert table.cursor_row == 20 and table.scroll_y > 0
        await pilot.press("tab", "enter")  # Save as CSV
        await pilot.press("enter")
        await settle(pilot)
        assert "Saved to the USB stick" in _text(app, "#message")
        assert "whole: 31 records" in _text(app, "#staff-log-state")
        assert str(table.get_row_at(0)[2]) == "Took a copy of the staff log"
    rows = _saved_csv(stick, "staff-log")
    assert rows[0] == ["record", "day", "staff", "action", "detail"]
    assert len(rows) == 31 and rows[1][0] == "1"


async def test_staff_log_by_mouse_alone(kiosk: Kiosk, stick: Path) -> None:  # noqa: F811
    fill_log(kiosk, 3)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_screen(pilot, StaffLogScreen)
        await pilot.click("#log-save")
        await pilot.click("#save-csv-file")
        await settle(pilot)
        assert "Saved to the USB stick" in _text(app, "#message")
        await pilot.click("#back")
        assert not isinstance(app.screen, StaffLogScreen)
    assert kiosk.services.audit.records()[-1].action is StaffAction.LOG_EXPORTED
    assert len(_saved_csv(stick, "staff-log")) == 4


@pytest.mark.usefixtures("sticks")
async def test_a_changed_log_is_said_calmly_and_shown_literally(kiosk: Kiosk) -> None:
    audit = kiosk.services.audit
    audit.record(StaffAction.SIGNED_IN, "[bold]Sam[/bold]")
    audit.record(StaffAction.ENTRY_CHECKED, "Sam", "Refuge [link=x]helpline[/link]")
    lines = audit.path.read_text().splitlines()
    audit.path.write_text(lines[0] + "\n")  # the newest record cut off
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_screen(pilot, StaffLogScreen)
        assert "not as it was written, from record 2 on" in _text(app, "#staff-log-state")
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]) == "[bold]Sam[/bold]"


@pytest.mark.usefixtures("sticks")
async def test_an_empty_log_says_so_and_offers_no_save(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_screen(pilot, StaffLogScreen)
        assert "Nothing has been noted yet." in _text(app, "#message")
        assert app.screen.query_one("#log-save").disabled


async def test_quick_exit_from_the_numbers_screen(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_staff_screen(pilot, CentreNumbersScreen)
        await pilot.press("f12")
        await until(pilot, lambda: app.screen.__class__.__name__ == "NeutralScreen")
        await settle(pilot)
