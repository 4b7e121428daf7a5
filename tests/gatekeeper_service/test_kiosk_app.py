"""The kiosk itself (Pilot) opening a visitor's vault through a real gatekeeper service
process: built from a config whose ``[gatekeeper] socket`` is set, as on an installed kiosk."""

from __future__ import annotations

import socket
from pathlib import Path

from textual.widgets import Static

from kiosk.config import Config, GatekeeperSection, KioskSection
from kiosk.helplines.loader import load_directory
from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services
from kiosk.session.ends import SessionEnd
from kiosk.ui.app import KioskApp, NeutralScreen, make_app
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.remote import RemoteGatekeeper
from kiosk.vault.service import VaultService
from tests.conftest import FAST_POLICY, FakeClock
from tests.gatekeeper_service.conftest import child_service

# The Pilot helpers' autouse fixtures (steady cursors, settled keys), as for tests/ui.
from tests.ui.conftest import (  # noqa: F401
    finer_idle_checks,
    no_blinking_cursors,
    pilot_skips_idle_widgets,
    pilot_waits_until_settled,
    stylesheets_parsed_once,
)
from tests.ui.helpers import open_vault, settle, type_text, unlock, until
from tests.ui.staff_fixtures import tab_to

NAME, PIN, NEW_PIN = "river-stone", "583920", "402917"


async def test_the_kiosk_opens_a_vault_and_changes_its_pin_through_the_gatekeeper_service(
    tmp_path: Path, socket_dir: Path
) -> None:
    data = tmp_path / "data"
    sock = socket_dir / "gate.sock"
    secret = data / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data, secret)
    vault_id = Gatekeeper(data, secret, kdf=FAST_POLICY).provision(NAME, PIN, PIN).vault_id
    service = child_service(data, sock, as_kiosk=True)  # met as the kiosk's user meets it
    try:
        config = Config(
            kiosk=KioskSection(data_dir=str(data)),
            gatekeeper=GatekeeperSection(socket=str(sock)),
        )
        services = Services(
            directory=load_directory(None),
            printer=CupsPrinter(queue="absent", server=str(tmp_path / "no-cups.sock")),
            config=config,
        )
        assert isinstance(services.gatekeeper, RemoteGatekeeper)
        app = make_app(config, services, FakeClock())
        async with app.run_test(size=(80, 24)) as pilot:
            await open_vault(pilot)
            assert app.vault is not None and app.vault.vault_id == vault_id
            assert app.screen.__class__.__name__ == "VaultHomeScreen"
            # Her PIN changed from inside the open vault: the service rotates the key while
            # her session's connection to it is closed, and the vault stays open.
            await pilot.click("#change-pin")
            for text in (PIN, NEW_PIN, NEW_PIN):
                await type_text(pilot, text)
                await pilot.press("enter")
            await settle(pilot)
            assert app.screen.__class__.__name__ == "VaultHomeScreen"
            assert app.vault is not None and app.vault.full_check()
            await pilot.press("f12")
        assert app.vault is None
        checker = RemoteGatekeeper(sock, data)
        with VaultService(checker).open(NAME, NEW_PIN) as vault:
            assert vault.vault_id == vault_id
        checker.close()
    finally:
        code, log = service.stop()
    assert code == 0 and "Traceback" not in log


async def test_a_gatekeeper_that_does_not_answer_is_said_calmly(
    tmp_path: Path, socket_dir: Path
) -> None:
    """No service at the socket (stopped, restarting): her unlock could not be checked, and
    the screen says so in one calm sentence; nothing else changes."""
    config = Config(
        kiosk=KioskSection(data_dir=str(tmp_path / "data")),
        gatekeeper=GatekeeperSection(socket=str(socket_dir / "nobody.sock")),
    )
    services = Services(
        directory=load_directory(None),
        printer=CupsPrinter(queue="absent", server=str(tmp_path / "no-cups.sock")),
        config=config,
    )
    app = make_app(config, services, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await until(pilot, lambda: "could not check" in _message(app))
        assert app.vault is None
        assert _message(app) == "The kiosk could not check that just now. Please try again."


async def test_a_staff_sign_in_the_gatekeeper_cannot_check_is_said_calmly(
    tmp_path: Path, socket_dir: Path
) -> None:
    """Not "not recognised" (she typed it right): it could not be checked; try again."""
    config = Config(
        kiosk=KioskSection(data_dir=str(tmp_path / "data")),
        gatekeeper=GatekeeperSection(socket=str(socket_dir / "nobody.sock")),
    )
    services = Services(
        directory=load_directory(None),
        printer=CupsPrinter(queue="absent", server=str(tmp_path / "no-cups.sock")),
        config=config,
    )
    app = make_app(config, services, FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await tab_to(pilot, "staff")
        await pilot.press("enter")
        await type_text(pilot, "Sam")
        await pilot.press("enter")
        await type_text(pilot, "long staff passphrase")
        await pilot.press("enter")
        await until(pilot, lambda: "could not check" in _message(app))
        assert _message(app) == "The kiosk could not check that just now. Please try again."
        assert app.screen.__class__.__name__ == "StaffSignInScreen"


def _message(app: KioskApp) -> str:
    found = app.screen.query("#message")
    return str(found.first(Static).render()) if found else ""


async def test_a_gatekeeper_that_never_answers_does_not_hold_the_session_open(
    tmp_path: Path, socket_dir: Path
) -> None:
    """A service that takes the connection and then says nothing (hung): her quick exit
    shows the neutral screen at once, the session ends, and the call waiting on the service
    is cut with it (a thread left waiting would keep the session's process alive)."""
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.bind(str(socket_dir / "silent.sock"))
    silent.listen(4)  # connections wait in its backlog, never answered
    config = Config(
        kiosk=KioskSection(data_dir=str(tmp_path / "data")),
        gatekeeper=GatekeeperSection(socket=str(socket_dir / "silent.sock")),
    )
    services = Services(
        directory=load_directory(None),
        printer=CupsPrinter(queue="absent", server=str(tmp_path / "no-cups.sock")),
        config=config,
    )
    app = make_app(config, services, FakeClock())
    silent.settimeout(30)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("enter")
            await type_text(pilot, NAME)
            await pilot.press("tab")
            await type_text(pilot, PIN)
            await pilot.press("enter")
            waiting, _ = silent.accept()  # her unlock is waiting on the silent service
            await pilot.press("f12")
            assert isinstance(app.screen, NeutralScreen)
            await until(pilot, lambda: app.return_code is not None)
        assert app.return_code == SessionEnd.ENDED and app.vault is None
        waiting.settimeout(30)
        assert _read_all(waiting).endswith(b"") and _ended(waiting)
        waiting.close()
    finally:
        silent.close()


def _read_all(sock: socket.socket) -> bytes:
    received = b""
    while chunk := sock.recv(4096):
        received += chunk
    return received


def _ended(sock: socket.socket) -> bool:
    return sock.recv(1) == b""
