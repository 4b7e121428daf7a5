"""Keep a copy and Load a copy in the kiosk, and the gentle reminder, against real vaults and
real folders: the copy is the documented export file, whole, private to its owner; a folder or
file outside the allowed places, or a changed copy, is refused in one line, changing nothing."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from kiosk.diary.copies import KeptCopies
from kiosk.diary.repository import DiaryRepository
from kiosk.notes.repository import NotesRepository
from kiosk.portable.checking import read_export
from kiosk.portable.export import export_vault
from kiosk.ui.screens.diary.copies import KeepCopyScreen, LoadCopyScreen
from kiosk.ui.screens.diary.diary_list import DiaryScreen
from kiosk.vault.service import VaultService
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.diary_read_fixtures import screen_text, seed, shown, to_diary
from tests.ui.helpers import fill, settle, unlock

OTHER = "quiet-harbour"


def message(app: object) -> str:
    return shown(app.screen.query_one("#message", Static))  # type: ignore[attr-defined]


pytestmark = pytest.mark.usefixtures("buttons_take_every_press")


async def test_a_copy_is_kept_in_the_staff_folder_by_mouse(kiosk: Kiosk, tmp_path: Path) -> None:
    seed(kiosk)
    usb = tmp_path / "usb"
    usb.mkdir()
    app = kiosk.app(printing={"save_folder": str(usb)})
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        # The reminder: five entries, none in a copy yet; one action to make one.
        assert app.screen.query_one("#diary-reminder").display
        assert "5 entries or changes are not in a copy yet" in screen_text(app)
        await pilot.click("#diary-reminder-copy")
        assert isinstance(app.screen, KeepCopyScreen)
        await pilot.click("#copy-go")
        await settle(pilot)
        assert "Your copy is saved as document-" in message(app)
        assert "It holds 5 diary records" in message(app)
        await pilot.click("#copy-back")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        assert not app.screen.query_one("#diary-reminder").display
    (saved,) = usb.iterdir()
    assert saved.name.startswith("document-") and saved.suffix == ".json"
    # The day only, as a saved PDF's: a name to the second records when she was here.
    assert re.fullmatch(r"document-[0-9]{8}-[1-9][0-9]{0,2}\.json", saved.name), saved.name
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    document = read_export(saved.read_bytes())  # the whole, checkable export
    assert len(document.diary.records) == 5
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        assert KeptCopies(vault).records_since_copy() == 0


async def test_the_reminder_is_shown_once_a_visit(kiosk: Kiosk) -> None:
    seed(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        assert app.screen.query_one("#diary-reminder").display
        await pilot.click("#diary-back")
        await pilot.click("#diary")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        assert not app.screen.query_one("#diary-reminder").display


async def test_a_folder_outside_the_allowed_places_is_refused(kiosk: Kiosk, tmp_path: Path) -> None:
    seed(kiosk)
    usb = tmp_path / "usb"
    usb.mkdir()
    os.symlink(kiosk.config.data_path(), usb / "link-to-data")
    app = kiosk.app(printing={"save_folder": str(usb)})
    before = sorted(os.listdir(kiosk.config.data_path()))
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        await pilot.click("#list-export")
        for typed in (str(kiosk.config.data_path()), str(usb / "link-to-data"), "relative/x"):
            app.screen.query_one("#copy-path", Input).value = typed
            # Enter in the field (a button ignores a second click within its 0.2 s press).
            await pilot.click("#copy-path")
            await pilot.press("enter")
            await settle(pilot)
            assert "can be saved only on a USB stick" in message(app), typed
        app.screen.query_one("#copy-path", Input).value = str(usb / "missing")
        await pilot.click("#copy-path")
        await pilot.press("enter")
        await settle(pilot)
        assert "cannot be found" in message(app)
    assert sorted(os.listdir(kiosk.config.data_path())) == before
    assert os.listdir(usb) == ["link-to-data"]


async def _copy_of_seeded_vault(kiosk: Kiosk, folder: Path) -> Path:
    seed(kiosk)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        NotesRepository(vault).all()
        data = export_vault(vault)
    path = folder / "document-20260921-100000.json"
    path.write_bytes(data)
    kiosk.gatekeeper.provision(OTHER, PIN, PIN)
    return path


async def _to_empty_diary(pilot: object) -> None:
    await unlock(pilot, OTHER, PIN)  # type: ignore[arg-type]
    app = pilot.app  # type: ignore[attr-defined]
    if app.screen.__class__.__name__ == "QuickExitIntroScreen":
        await pilot.press("enter")  # type: ignore[attr-defined]
    await pilot.click("#diary")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_a_copy_is_loaded_into_an_empty_vault(kiosk: Kiosk, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    path = await _copy_of_seeded_vault(kiosk, usb)
    app = kiosk.app(printing={"save_folder": str(usb)})
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_empty_diary(pilot)
        assert "Your diary has no entries yet." in screen_text(app)
        await pilot.click("#list-import")
        assert isinstance(app.screen, LoadCopyScreen)
        await fill(pilot, str(path))
        await pilot.press("enter")
        await settle(pilot)
        assert "Your copy is loaded: 0 notes and 5 diary entries." in message(app)
        await pilot.click("#copy-back")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        assert [e.number for e in app.screen.entries] == [1, 2, 3, 4, 5]
        assert not app.screen.query_one("#diary-reminder").display  # the file is her copy
    with VaultService(kiosk.gatekeeper).open(OTHER, PIN) as vault:
        assert DiaryRepository(vault).verify().intact


async def test_a_changed_copy_is_refused_and_nothing_loaded(kiosk: Kiosk, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    path = await _copy_of_seeded_vault(kiosk, usb)
    path.write_bytes(path.read_bytes().replace(b"from the station", b"from the statioN"))
    app = kiosk.app(printing={"save_folder": str(usb)})
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_empty_diary(pilot)
        await pilot.click("#list-import")
        await fill(pilot, str(path))
        await pilot.press("enter")
        await settle(pilot)
        words = message(app)
        assert "This copy did not pass its check" in words and "it was not loaded" in words
        assert "Nothing was changed." in words
        # A file outside the allowed places is never read.
        app.screen.query_one("#copy-path", Input).value = str(kiosk.config.secret_path())
        await pilot.click("#copy-go")
        await settle(pilot)
        assert "That file cannot be used." in message(app)
    with VaultService(kiosk.gatekeeper).open(OTHER, PIN) as vault:
        assert DiaryRepository(vault).head().count == 0


async def test_a_full_stick_is_named_as_that_folder_not_the_kiosk(
    kiosk: Kiosk, tmp_path: Path
) -> None:
    """A file-size limit stands for a full USB stick: she was told the kiosk's own storage
    was full and her changes not saved, when only the copy in that folder failed."""
    import resource

    seed(kiosk)
    usb = tmp_path / "usb"
    usb.mkdir()
    app = kiosk.app(printing={"save_folder": str(usb)})
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        await pilot.click("#diary-reminder-copy")
        assert isinstance(app.screen, KeepCopyScreen)
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, limits[1]))
        try:
            await pilot.click("#copy-go")
            await settle(pilot)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, limits)
        words = message(app)
        assert "could not be saved in that folder" in words, words
        assert "kiosk's storage" not in words
    assert list(usb.iterdir()) == []


async def test_the_reminder_on_show_counts_what_she_added_since(kiosk: Kiosk) -> None:
    """Found by an outside check: the count stayed at what it was when the list first showed,
    after she had written another entry."""
    import datetime as dt

    from textual.screen import Screen

    from kiosk.diary.model import Amendment
    from tests.ui.diary_read_fixtures import RECORDED

    seed(kiosk)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_diary(pilot)
        assert "5 entries or changes are not in a copy yet" in screen_text(app)
        amendment = Amendment(reason="I remembered the time", text="It was nearer 22:00.")
        later = RECORDED + dt.timedelta(days=3)
        app.kit.vault.amend_entry(app, 1, amendment, recorded=later)
        await settle(pilot)
        app.push_screen(Screen())  # she reads or writes elsewhere, then comes back
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        assert "6 entries or changes are not in a copy yet" in screen_text(app)
