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
from tests.conftest import FAST_POLICY, FakeClock
from tests.gatekeeper_service.conftest import child_service

# The Pilot helpers' autouse fixtures (steady cursors, settled keys), as for tests/ui.
from tests.ui.conftest import (  # noqa: F401
    finer_idle_checks,
    no_blinking_cursors,
    pilot_skips_idle_widgets,
    pilot_waits_until_settled,
)
from tests.ui.helpers import open_vault, type_text, unlock, until

NAME, PIN = "river-stone", "583920"


async def test_the_kiosk_opens_a_vault_through_the_gatekeeper_service(
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
            await pilot.press("f12")
        assert app.vault is None
        services.gatekeeper.close()
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
