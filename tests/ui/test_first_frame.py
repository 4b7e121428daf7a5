"""A session's start: its first frame draws the whole welcome screen; the helpline files are
read just after it.

Textual makes frames while the App is in a batch (its start is one, and the welcome screen
is pushed inside it) and drops them unwritten, yet counted their regions as drawn: the
welcome screen's first written frame was a partial one, without its focused "Open my vault"
for a frame or two (seen in a real terminal, and by ``scripts/bench``, which waits for the
whole screen), after two whole frames made for nothing. Headless, frames are made the same
way, only not written (kiosk.ui.screens.common.first_show).
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import msgspec
import pytest
from textual._compositor import LayoutUpdate
from textual.widgets import Static

import kiosk.helplines.loader as kiosk_loader
from kiosk.helplines.loader import DirectoryError, load_directory
from kiosk.helplines.model import Directory
from kiosk.services import Services
from kiosk.session.ends import SessionEnd
from kiosk.ui.app import KioskApp, make_app
from kiosk.ui.screens.common.welcome import WelcomeScreen
from tests.ui.conftest import Kiosk


def frames_made(app: KioskApp) -> list[tuple[object, bool]]:
    """Every frame ``app`` makes from now on, and whether it was made inside a batch:
    App._display writes a frame to the terminal unless the App is in a batch."""
    made: list[tuple[object, bool]] = []
    display = app._display

    def noting(screen: object, renderable: object) -> None:
        if renderable is not None:
            made.append((renderable, bool(app._batch_count)))
        display(screen, renderable)  # type: ignore[arg-type]

    app._display = noting  # type: ignore[method-assign]
    return made


async def test_the_first_frame_is_the_whole_welcome_screen_and_none_is_made_to_be_dropped(
    kiosk: Kiosk,
) -> None:
    app = kiosk.app()
    made = frames_made(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
    assert made, "no frame was made"
    dropped = [type(frame).__name__ for frame, in_batch in made if in_batch]
    assert dropped == [], f"frames made during the start's batch, never written: {dropped}"
    first, _ = made[0]
    assert isinstance(first, LayoutUpdate), f"the first frame was {type(first)}"


async def test_a_helpline_file_broken_since_the_kiosk_started_ends_the_session_as_a_crash(
    kiosk: Kiosk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kiosk command checked the helpline files before its first session drew; a file
    broken afterwards is met just after the first session's first frame (the files are read
    then, in a thread of their own), and that session ends as a crash does: the supervisor
    says sorry and starts a fresh one, and says the kiosk cannot start if it keeps happening.

    The read is made late on purpose: it ends the session whenever it fails, not only if it
    fails before the test's first pause (a loaded CI run read it after that)."""
    folder = tmp_path / "helplines"
    folder.mkdir()
    (folder / "centre.toml").write_text("[region\n")
    config = msgspec.structs.replace(
        kiosk.config,
        kiosk=msgspec.structs.replace(kiosk.config.kiosk, helplines_folder=str(folder)),
    )
    read_late = threading.Event()

    def late_directory(folder: Path | None, **options: object) -> Directory:
        read_late.wait(10)
        return load_directory(folder, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(kiosk_loader, "load_directory", late_directory)
    app = make_app(config, Services(config=config), kiosk.clock)
    with pytest.raises(DirectoryError, match=r"centre\.toml"):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen)
            assert not app.ending
            read_late.set()
            for _ in range(400):  # the read is in its own thread: wait for it, up to 20 s
                if app.ending:
                    break
                await asyncio.sleep(0.05)
    assert app.return_code == SessionEnd.CRASHED


async def test_a_frame_skipped_inside_a_batch_is_drawn_once_it_ends(kiosk: Kiosk) -> None:
    """A change made during a batch (a recompose is one) is drawn once the batch ends,
    without waiting for another key or tick, and nothing is drawn inside it."""
    app = kiosk.app()
    made = frames_made(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        made.clear()
        with app.batch_update():
            await app.screen.mount(Static("Added in a batch", id="late"))  # a new layout
            await pilot.pause()
            assert made == []
        await pilot.pause()
        assert made, "nothing was drawn once the batch ended"
        assert not [frame for frame, in_batch in made if in_batch]
        assert app.screen.query_one("#late", Static).region.height == 1


async def test_a_quick_exit_never_waits_for_the_helpline_files(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kiosk's first session reads them after its first frame, and a centre's folder may
    hold many large files (or a shell may add them): F12 acts while they are still read."""
    release = threading.Event()
    read: list[bool] = []

    def slow_directory(folder: Path | None, **options: object) -> Directory:
        release.wait(10)
        read.append(True)
        return load_directory(None)

    monkeypatch.setattr(kiosk_loader, "load_directory", slow_directory)
    services = kiosk.services
    app = make_app(
        kiosk.config,
        Services(
            config=kiosk.config,
            vaults=services.vaults,
            staff=services.staff,
            printer=services.printer,
            numbers=services.numbers,
            audit=services.audit,
        ),
        kiosk.clock,
    )
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen)
            await pilot.press("f12")
            assert app.ending
            assert read == [], "the quick exit waited for the helpline files"
    finally:
        release.set()
