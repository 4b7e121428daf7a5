"""The real App, built by the same factory as the command line, on a private data folder with
a tiny KDF and a clock the test controls."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec
import pytest
from textual.widgets import Input, TextArea

from kiosk.app import KioskApp, make_app
from kiosk.config import Config, KioskSection, QuickExitSection, SessionSection
from kiosk.helplines.loader import load_directory
from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services
from kiosk.staff import StaffAccounts
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.service import VaultService
from tests.conftest import FAST_POLICY, FakeClock

# A private cupsd, for the screens that print on a real (capture) printer.
from tests.printing.conftest import cups_tools, make_private_cups, private_cups  # noqa: F401

NAME = "river-stone"
PIN = "583920"
STAFF = ("Sam", "long staff passphrase")


@pytest.fixture(autouse=True)
def no_blinking_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots differ from run to run."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@dataclass
class Kiosk:
    config: Config
    gatekeeper: Gatekeeper
    services: Services
    clock: FakeClock
    recovery_code: str

    def app(self, **changes: Any) -> KioskApp:
        config = self.config
        for section, values in changes.items():
            config = msgspec.structs.replace(
                config, **{section: msgspec.structs.replace(getattr(config, section), **values)}
            )
        return make_app(config, self.services, self.clock)


@pytest.fixture
def kiosk(tmp_path: Path, clock: FakeClock) -> Iterator[Kiosk]:
    data = tmp_path / "data"
    config = Config(
        kiosk=KioskSection(data_dir=str(data)),
        session=SessionSection(),
        quick_exit=QuickExitSection(),
    )
    Gatekeeper.initialise(config.data_path(), config.secret_path())
    gatekeeper = Gatekeeper(config.data_path(), config.secret_path(), kdf=FAST_POLICY, clock=clock)
    staff = StaffAccounts(config.data_path())
    staff.add(STAFF[0], STAFF[1], STAFF[1])
    made = gatekeeper.provision(NAME, PIN, PIN)
    services = Services(
        vaults=VaultService(gatekeeper),
        staff=staff,
        directory=load_directory(None),
        # No scheduler answers at this address: tests that print use a private cupsd instead.
        printer=CupsPrinter(queue="absent", server=str(tmp_path / "no-cups.sock")),
    )
    yield Kiosk(config, gatekeeper, services, clock, made.recovery_code)


Driver = Callable[..., Any]
