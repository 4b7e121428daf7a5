"""Saving by mouse alone, with no folder configured: the USB sticks mounted now are offered by
label (a fake removable root stands in for /media), Look again finds one plugged in later, and
a hostile label is shown literally."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import RadioButton, Static

from kiosk.ui.screens.diary.copies import KeepCopyScreen, LoadCopyScreen
from tests.ui.conftest import Kiosk
from tests.ui.diary_read_fixtures import seed, shown, to_diary
from tests.ui.helpers import settle
from tests.ui.print_plan_fixtures import open_print_plan, plan_app
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)
from tests.ui.test_diary_read_copies import _copy_of_seeded_vault, _to_empty_diary
from tests.ui.test_print_plan import wheel_to

pytestmark = pytest.mark.usefixtures("buttons_take_every_press")


def said(app: object) -> str:
    return shown(app.screen.query_one("#message", Static))  # type: ignore[attr-defined]


def offered(app: object) -> list[str]:
    buttons = app.screen.query(".save-place-places RadioButton")  # type: ignore[attr-defined]
    return [str(button.label) for button in buttons]


async def test_a_plan_is_saved_to_a_stick_plugged_in_later_by_clicks_alone(
    kiosk: Kiosk,
    sticks: Path,  # noqa: F811
) -> None:
    app = plan_app(kiosk)  # no save folder configured
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_plan(pilot)
        assert await pilot.click("#section-0")
        await wheel_to(pilot, ".save-place-look")
        assert offered(app) == []
        assert "Plug in a USB stick, then press Look again." in shown(
            app.screen.query_one(".save-place-none", Static)
        )
        (sticks / "KINGSTON").mkdir()  # she plugs her stick in
        assert await pilot.click(".save-place-look")
        await settle(pilot)
        assert offered(app) == ["USB stick KINGSTON"]
        await wheel_to(pilot, ".save-place-places RadioButton")
        assert await pilot.click(".save-place-places RadioButton")
        assert await pilot.click("#save-plan")
        await settle(pilot, limit=90.0)
        (saved,) = (sticks / "KINGSTON").glob("*.pdf")
        assert said(app) == f'Saved to the USB stick "KINGSTON" as {saved.name}.'


async def test_a_diary_copy_is_kept_on_the_stick_by_clicks_alone(
    kiosk: Kiosk,
    sticks: Path,  # noqa: F811
) -> None:
    seed(kiosk)
    (sticks / "KINGSTON").mkdir()
    (sticks / "SANDISK").mkdir()
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        assert await pilot.click("#list-export")
        assert isinstance(app.screen, KeepCopyScreen)
        assert offered(app) == ["USB stick KINGSTON", "USB stick SANDISK"]
        sandisk = app.screen.query(".save-place-places RadioButton")[1]
        assert await pilot.click(sandisk)
        assert isinstance(sandisk, RadioButton) and sandisk.value
        assert await pilot.click("#copy-go")
        await settle(pilot)
        assert "Your copy is saved as document-" in said(app)
    assert list((sticks / "KINGSTON").iterdir()) == []
    (copy,) = (sticks / "SANDISK").iterdir()
    assert copy.suffix == ".json"


async def test_the_newest_copy_on_the_stick_is_loaded_by_clicks_alone(
    kiosk: Kiosk,
    sticks: Path,  # noqa: F811
) -> None:
    stick = sticks / "KINGSTON"
    stick.mkdir()
    await _copy_of_seeded_vault(kiosk, stick)
    (stick / "document-20250101-1.json").write_text("an older copy, not this one")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_empty_diary(pilot)
        assert await pilot.click("#list-import")
        assert isinstance(app.screen, LoadCopyScreen)
        assert offered(app) == ["USB stick KINGSTON"]
        assert await pilot.click(".save-place-places RadioButton")
        assert await pilot.click("#copy-go")
        await settle(pilot)
        assert "Your copy is loaded: 0 notes and 5 diary entries." in said(app)


async def test_a_hostile_label_is_shown_literally(
    kiosk: Kiosk,
    sticks: Path,  # noqa: F811
) -> None:
    seed(kiosk)
    (sticks / "[red]X[@click=app.quit]\x1b]0;owned\x07").mkdir()
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        assert await pilot.click("#list-export")
        assert offered(app) == ["USB stick [red]X[@click=app.quit]\\x1b]0;owned\\x07"]
