"""A centre's helpline folder and the directory care screen, for the Pilot tests and snapshots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot

from kiosk.helplines.loader import load_directory
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.staff.context import StaffContext
from kiosk.ui.screens.staff.directory_care import DirectoryCareScreen
from tests.ui.conftest import STAFF, Kiosk
from tests.ui.helpers import settle

# The fake clock's day (tests/conftest.py FakeClock): 2026-09-21.
LOCAL = """\
# Our centre's own helplines.
region = "uk"

# A name that looks like markup: it must be shown as written.
[[helpline]]
id = "bracket-line"
name = "[bold red]Bracket[/] Line"
phone = "0800 000 0001"
hours = "Mon to Fri, 9am to 5pm"
helps_with = "A local service for testing."
topics = ["stalking"]
verified_on = 2025-01-15  # last call

[[helpline]]
id = "fresh-line"
name = "Fresh Line"
website = "example.org"
hours = "See website for opening hours"
helps_with = "Checked recently."
topics = ["legal"]
verified_on = 2026-09-01
"""


def centre_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "helplines"
    folder.mkdir(exist_ok=True)
    (folder / "local.toml").write_text(LOCAL, encoding="utf-8")
    return folder


def care_app(kiosk: Kiosk, folder: Path | None) -> KioskApp:
    """The kiosk with ``folder`` as its centre folder (None: none configured)."""
    today = dt.datetime.fromtimestamp(kiosk.clock()).date()
    kiosk.services.replace_directory(load_directory(folder, today=today))
    return kiosk.app(kiosk={"helplines_folder": str(folder) if folder else ""})


async def open_care(pilot: Pilot[None]) -> DirectoryCareScreen:
    app = pilot.app
    assert isinstance(app, KioskApp)
    # The welcome screen draws first: pushed over it before its first frame, its after-refresh
    # work would wait for ever, and every settle() with it (10 s each).
    await settle(pilot)
    screen = DirectoryCareScreen(app.kit, StaffContext(STAFF[0]))
    app.push_screen(screen)
    await settle(pilot)
    return screen
