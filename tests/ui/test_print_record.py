"""The diary's print screen, driven as a visitor would: by keyboard alone and by mouse alone,
printing on a private cupsd's capture queue or saving to a folder; Cancel and a quick exit in
the middle of a render end the renderer process (watched through /proc)."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, RadioSet, Static

from kiosk.diary.copies import KeptCopies
from kiosk.diary.model import Amendment, Withdrawal
from kiosk.diary.repository import DiaryRepository
from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services
from kiosk.staff.numbers import CentreNumbers
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.screens.diary.print_record import PrintRecordScreen
from kiosk.vault.gatekeeper import MirroredHead
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_page_count, pdf_page_text, pdf_text
from tests.printing.processes import ends, renderers, running
from tests.ui.conftest import Kiosk
from tests.ui.helpers import fill, open_vault, settle, until
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)
from tests.unit.diary_fixtures import content, later

pytestmark = pytest.mark.usefixtures("buttons_take_every_press", "sticks")

CANCELLED = "Cancelled. Nothing was printed or saved."


def seed(app: KioskApp, extra: int = 0) -> DiaryRepository:
    """Four entries on 1, 2, 3 and 4 September, an amendment of 1, entry 3 withdrawn."""
    assert app.vault is not None
    diary = DiaryRepository(app.vault)
    for n in range(4 + extra):
        day = content().when.date.replace(day=1 + n % 28)
        diary.add(content(f"Entry text {n + 1} <b>[bold]</b>", day=day), recorded=later(n))
    diary.amend(1, Amendment("wrong time", "It was 22:15."), recorded=later(100))
    diary.withdraw(3, Withdrawal("wrong day"), recorded=later(101))
    return diary


async def open_print_screen(
    pilot: Pilot[None], numbers: list[int] | None = None, extra: int = 0
) -> DiaryRepository:
    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    diary = seed(app, extra)
    app.push_screen(PrintRecordScreen(app.kit, numbers=numbers))
    await settle(pilot)
    return diary


def said(app: KioskApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


def released_note(app: KioskApp) -> str:
    return str(app.screen.query_one("#release-note", Static).render())


def days_counted(app: KioskApp) -> dict[str, int]:
    """Today's counts in the centre's numbers, by name."""
    days = app.services.numbers.days()
    return {tally.value: n for day in days for tally, n in day.counts.items() if n}


def capture_app(kiosk: Kiosk, cups: PrivateCups, **changes: object) -> tuple[KioskApp, Path]:
    folder = cups.add_queue("CAPTURE")
    given = kiosk.services
    services = Services(
        directory=given.directory,
        printer=CupsPrinter(queue="CAPTURE", server=cups.server),
        vaults=given.vaults,
        staff=given.staff,
        numbers=CentreNumbers(kiosk.config.data_path()),
    )
    config = kiosk.app(**changes).config
    return make_app(config, services, kiosk.clock), folder


async def renderer_started(pilot: Pilot[None], limit: float = 30.0) -> int:
    deadline = time.monotonic() + limit
    while not (found := renderers(os.getpid())):
        assert time.monotonic() < deadline, "no renderer process started"
        await pilot.pause(0.02)
    return found[0]


async def test_by_keyboard_the_whole_diary_is_printed(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, queue = capture_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        diary = await open_print_screen(pilot)
        assert isinstance(app.focused, RadioSet) and app.focused.id == "record-scope"
        await pilot.press(*["tab"] * 5)  # the two dates, the heading, Look again, the folder
        assert isinstance(app.focused, Input) and app.focused.id == "record-folder"
        await pilot.press("tab")
        assert isinstance(app.focused, Button) and app.focused.id == "print-record-button"
        assert app.vault is not None
        assert (
            KeptCopies(app.vault).records_since_copy() == 6
        )  # 4 entries, 1 amendment, 1 withdrawal
        await pilot.press("enter")
        await settle(pilot, limit=90.0)
        # Held printing (the default): it waits in the queue until she is at the printer.
        assert said(app) == (
            "Sent to the printer and held there: nothing comes out until you release it."
        )
        assert released_note(app) == "Standing at the printer? Press Release my printing."
        assert not list(queue.glob("job-*"))
        assert KeptCopies(app.vault).records_since_copy() == 6  # not hers until it prints
        assert isinstance(app.focused, Button) and app.focused.id == "release-printing"
        await pilot.press("enter")
        await until(pilot, lambda: released_note(app).startswith("Printed"), limit=60.0)
        assert released_note(app) == "Printed. Please collect every page from the printer."
        assert not app.screen.query_one("#release-printing", Button).display
        await until(pilot, lambda: getattr(app.focused, "id", "") == "print-record-button")
        await settle(pilot)  # the copy is noted in the vault by a worker
        code = diary.verify().code
        assert KeptCopies(app.vault).records_since_copy() == 0  # the whole diary: her copy
        assert days_counted(app) == {"sheets_records": 1}
    (job,) = queue.glob("job-*.pdf")
    pdf = job.read_bytes()
    text = pdf_text(pdf)
    for n in (1, 2, 4):
        assert f"Entry text {n} <b>[bold]</b>" in text
    assert "Entry text 3" not in text and "Reason: wrong day" in text
    assert "It was 22:15." in text
    assert "Personal record" in text and "Incident diary" not in text
    for page in range(1, pdf_page_count(pdf) + 1):
        assert f"Verification code: {code}" in pdf_page_text(pdf, page)


async def test_by_keyboard_a_date_range_is_saved_with_the_titled_heading(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    stick = tmp_path / "media" / "KINGSTON"
    stick.mkdir(parents=True)
    app = kiosk.app(printing={"save_folder": str(stick)})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_screen(pilot)
        await pilot.press("down", "enter", "tab")  # "Entries from a date range", its first date
        assert isinstance(app.focused, Input) and app.focused.id == "range-start"
        await fill(pilot, "2026-09-04")
        await pilot.press("tab")
        await fill(pilot, "2026-09-04")
        await pilot.press("tab", "down", "enter")  # the heading: "Incident diary"
        await pilot.press(*["tab"] * 5)  # the place, Look again, the folder, Print, Save as PDF
        assert isinstance(app.focused, Button) and app.focused.id == "save-record"
        await pilot.press("enter")
        await settle(pilot, limit=90.0)
        (saved,) = stick.glob("*.pdf")
        assert said(app) == f'Saved to the folder "KINGSTON" as {saved.name}.'
    text = pdf_text(saved.read_bytes())
    assert "Incident diary" in text and "Entry text 4" in text and "Entry text 2" not in text


async def test_a_stick_pulled_out_while_the_record_is_made_is_one_calm_line(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    media = tmp_path / "media"
    stick = media / "STICK"
    stick.mkdir(parents=True)
    app = kiosk.app(printing={"save_folder": str(media)})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_screen(pilot, extra=150)
        app.screen.query_one("#record-folder", Input).value = str(stick)
        assert await pilot.click("#save-record")
        await renderer_started(pilot)
        stick.rmdir()  # the stick is gone before the record is ready
        await settle(pilot, limit=90.0)
        assert said(app) == (
            "The folder for saved documents cannot be found. Please ask staff for help."
        )
    assert list(media.iterdir()) == []


async def test_by_mouse_a_date_range_is_saved_with_the_titled_heading(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    stick = tmp_path / "media" / "KINGSTON"
    stick.mkdir(parents=True)
    app = kiosk.app(printing={"save_folder": str(stick)})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_screen(pilot)
        assert await pilot.click("#range-start")
        await fill(pilot, "2026-09-02")
        scope = app.screen.query_one("#record-scope", RadioSet)
        assert scope.pressed_button is not None and scope.pressed_button.id == "scope-range"
        assert await pilot.click("#range-end")
        await fill(pilot, "2026-09-03")
        assert await pilot.click("#heading-titled")
        assert await pilot.click("#save-record")
        await settle(pilot, limit=90.0)
        (saved,) = stick.glob("*.pdf")
        assert said(app) == f'Saved to the folder "KINGSTON" as {saved.name}.'
        assert app.vault is not None
        assert KeptCopies(app.vault).records_since_copy() == 6  # a part is not a copy of it all
        assert await pilot.click("#back")
        assert not isinstance(app.screen, PrintRecordScreen)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    text = pdf_text(saved.read_bytes())
    assert "Incident diary" in text
    assert "Entries about what happened from 2026-09-02 to 2026-09-03" in text
    assert "Entry text 2" in text and "Reason: wrong day" in text  # 3 is withdrawn
    assert "Entry text 1" not in text and "Entry text 4" not in text


async def test_chosen_entries_are_offered_and_printed_alone(kiosk: Kiosk, tmp_path: Path) -> None:
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    app = kiosk.app(printing={"save_folder": str(stick)})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_screen(pilot, numbers=[4, 2])
        scope = app.screen.query_one("#record-scope", RadioSet)
        assert scope.pressed_button is not None and scope.pressed_button.id == "scope-chosen"
        assert "Only the 2 entries on the list" in str(scope.pressed_button.label)
        assert await pilot.click("#save-record")
        await settle(pilot, limit=90.0)
    (saved,) = stick.glob("*.pdf")
    text = pdf_text(saved.read_bytes())
    assert "Selected entries. 2 entries" in text
    assert "Entry text 2" in text and "Entry text 4" in text and "Entry text 1" not in text


async def test_a_bad_folder_or_bad_dates_are_one_calm_line_and_nothing_is_written(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (stick / "link").symlink_to(outside)
    app = kiosk.app(printing={"save_folder": str(stick)})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_screen(pilot)
        folder = app.screen.query_one("#record-folder", Input)
        for typed, expected in (
            (str(stick / "link"), "Documents can be saved only on a USB stick or in the folder"),
            ("/etc", "Documents can be saved only on a USB stick or in the folder"),
            (str(stick / "pulled-out"), "The folder for saved documents cannot be found."),
        ):
            folder.value = typed
            await pilot.pause(0.3)  # a button ignores a second press for 0.2 s
            assert await pilot.click("#save-record")
            await settle(pilot)
            assert said(app).startswith(expected), (said(app), folder.value)
            assert "\n" not in said(app)
        assert await pilot.click("#scope-range")
        assert await pilot.click("#range-start")
        await fill(pilot, "31/12/2026")
        assert await pilot.click("#print-record-button")
        assert said(app) == "Please give the dates as year-month-day, for example 2026-11-29."
        assert app.is_running
    assert list(stick.iterdir()) == [stick / "link"] and list(outside.iterdir()) == []


async def test_cancel_ends_the_renderer_and_the_screen_stays_usable(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_screen(pilot, extra=150)
        assert await pilot.click("#print-record-button")
        renderer = await renderer_started(pilot)
        assert app.screen.query_one("#record-progress").display
        assert "Preparing 154 entries" in str(app.screen.query_one("#record-stage").render())
        assert await pilot.click("#cancel-record")
        await until(pilot, lambda: said(app) == CANCELLED)
        assert ends(renderer)  # killed at the cancel; dead once the kernel has run it
        assert not app.screen.query_one("#record-progress").display
        assert not app.screen.query_one("#print-record-button", Button).disabled
    assert renderers(os.getpid()) == []


async def test_back_during_the_render_ends_it_and_nothing_is_printed(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, queue = capture_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_screen(pilot, extra=150)
        assert await pilot.click("#print-record-button")
        renderer = await renderer_started(pilot)
        assert await pilot.click("#back")
        assert not isinstance(app.screen, PrintRecordScreen)
        await until(pilot, lambda: not running(renderer))
        await settle(pilot)
    assert renderers(os.getpid()) == []
    assert list(queue.glob("job-*")) == []


async def test_a_quick_exit_during_the_render_ends_the_renderer(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_screen(pilot, extra=150)
        await pilot.click("#print-record-button")
        renderer = await renderer_started(pilot)
        await pilot.press("f12")
        deadline = time.monotonic() + 10
        while app.is_running and time.monotonic() < deadline:
            await pilot.pause(0.02)
        assert not app.is_running
    assert ends(renderer)  # killed at the quick exit; dead once the kernel has run it
    assert renderers(os.getpid()) == []


async def test_an_older_copy_of_the_vault_is_printed_as_not_confirmed(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    """The kiosk's own copy of the chain head is further on than the vault (an older copy of
    the vault was put back): the printed record never passes for intact."""
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    app = kiosk.app(printing={"save_folder": str(stick)})
    async with app.run_test(size=(80, 24)) as pilot:
        diary = await open_print_screen(pilot)
        assert app.vault is not None
        head = diary.head()
        kiosk.gatekeeper.record_chain_head(
            app.vault.vault_id, MirroredHead(head.count + 2, "ab" * 32)
        )
        assert await pilot.click("#save-record")
        await settle(pilot, limit=90.0)
    (saved,) = stick.glob("*.pdf")
    assert "could not confirm that this record is whole and unchanged" in pdf_text(
        saved.read_bytes()
    )


async def test_a_read_cancelled_before_it_answers_is_dropped(kiosk: Kiosk, tmp_path: Path) -> None:
    """Save, Cancel while the diary is still being read, Save again at once: the first read's
    answer arrives while the second is awaited and must not make a record of its own."""
    stick = tmp_path / "media" / "STICK"
    stick.mkdir(parents=True)
    app = kiosk.app(printing={"save_folder": str(stick)})
    async with app.run_test(size=(80, 24)) as pilot:
        await open_print_screen(pilot)
        screen = app.screen
        assert isinstance(screen, PrintRecordScreen)
        # In one turn of the screen's loop, before either vault read can answer.
        screen._start(save=True)
        screen._stop()
        screen._start(save=True)
        await settle(pilot, limit=90.0)
        assert said(app).startswith("Saved to the folder")
    assert len(list(stick.glob("*.pdf"))) == 1
