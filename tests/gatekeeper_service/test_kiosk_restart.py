"""The gatekeeper service restarted under a running kiosk (``systemctl restart
harbour-gatekeeper``, or a crash and systemd's restart): the kiosk goes on without being
restarted itself. A connection the old service closed is noticed before a call is sent on it,
and what that connection held (a visitor's open vault, a staff sign-in) is not silently lost:
her PIN change from inside her vault still works, and staff are told to sign in again."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from kiosk.config import Config, GatekeeperSection, KioskSection
from kiosk.diary.mirror import verify_with_mirror
from kiosk.diary.repository import DiaryRepository
from kiosk.helplines.loader import load_directory
from kiosk.printing.cups import CupsPrinter
from kiosk.services import Services
from kiosk.staff.accounts import StaffAccounts
from kiosk.staff.audit import AuditLog, StaffAction, plain_seal
from kiosk.ui.app import KioskApp, make_app
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.remote import RemoteGatekeeper
from kiosk.vault.service import VaultService
from tests.conftest import FAST_POLICY, FakeClock
from tests.gatekeeper_service.conftest import ServiceProcess, child_service

# The Pilot helpers' autouse fixtures (steady cursors, settled keys), as for tests/ui.
from tests.ui.conftest import (  # noqa: F401
    STAFF,
    finer_idle_checks,
    no_blinking_cursors,
    pilot_skips_idle_widgets,
    pilot_waits_until_settled,
    stylesheets_parsed_once,
)
from tests.ui.diary_form_steps import keyboard_through_every_step, open_form, press_button
from tests.ui.helpers import fill, open_vault, settle, type_text
from tests.ui.staff_fixtures import sign_in_by_keys

NAME, PIN, NEW_PIN = "river-stone", "583920", "402917"
UNCHECKED = "The kiosk could not check that just now. Please try again."


def _set_up(tmp_path: Path, sock: Path) -> tuple[Path, str, KioskApp]:
    data = tmp_path / "data"
    secret = data / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data, secret)
    vault_id = Gatekeeper(data, secret, kdf=FAST_POLICY).provision(NAME, PIN, PIN).vault_id
    StaffAccounts(data).add(STAFF[0], STAFF[1], STAFF[1])
    config = Config(
        kiosk=KioskSection(data_dir=str(data)),
        gatekeeper=GatekeeperSection(socket=str(sock)),
    )
    services = Services(
        directory=load_directory(None),
        printer=CupsPrinter(queue="absent", server=str(tmp_path / "no-cups.sock")),
        config=config,
    )
    return data, vault_id, make_app(config, services, FakeClock())


def _restarted(service: ServiceProcess, data: Path, sock: Path) -> ServiceProcess:
    code, log = service.stop()
    assert code == 0 and "Traceback" not in log
    return child_service(data, sock, as_kiosk=True)


def _message(app: KioskApp) -> str:
    found = app.screen.query("#message")
    return str(found.first(Static).render()) if found else ""


async def test_her_pin_change_from_inside_works_after_the_service_restarted(
    tmp_path: Path, socket_dir: Path
) -> None:
    sock = socket_dir / "gate.sock"
    data, vault_id, app = _set_up(tmp_path, sock)
    service = child_service(data, sock, as_kiosk=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_vault(pilot)
            service = _restarted(service, data, sock)
            await pilot.click("#change-pin")
            for text in (PIN, NEW_PIN, NEW_PIN):
                await type_text(pilot, text)
                await pilot.press("enter")
            await settle(pilot)
            assert _message(app) == ""
            assert app.screen.__class__.__name__ == "VaultHomeScreen"
            assert app.vault is not None and app.vault.full_check()
            await pilot.press("f12")
        checker = RemoteGatekeeper(sock, data)
        with VaultService(checker).open(NAME, NEW_PIN) as vault:
            assert vault.vault_id == vault_id
        checker.close()
    finally:
        code, log = service.stop()
    assert code == 0 and "Traceback" not in log


async def test_staff_are_asked_to_sign_in_again_after_the_service_restarted(
    tmp_path: Path, socket_dir: Path
) -> None:
    """The service's staff sign-in belonged to the old connection: not "ask staff for help"
    (she is staff), but one line saying to sign in again."""
    sock = socket_dir / "gate.sock"
    data, _vault_id, app = _set_up(tmp_path, sock)
    service = child_service(data, sock, as_kiosk=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await sign_in_by_keys(pilot)
            assert app.screen.__class__.__name__ == "StaffMenuScreen"
            service = _restarted(service, data, sock)
            await pilot.click("#vault-care")
            await settle(pilot)
            app.screen.query_one("#vault-name", Input).focus()
            await fill(pilot, NAME)
            await pilot.press("enter")
            await settle(pilot)
            assert "sign in again" in _message(app)
            assert "ask staff" not in _message(app)
            # Back, out of the staff menu, signed in again: it all works on the new service.
            await pilot.click("#back")
            await settle(pilot)
            await pilot.click("#back")
            await settle(pilot)
            await sign_in_by_keys(pilot)
            await pilot.click("#vault-care")
            await settle(pilot)
            app.screen.query_one("#vault-name", Input).focus()
            await fill(pilot, NAME)
            await pilot.press("enter")
            await settle(pilot)
            assert _message(app) == ""
            assert "Ready" in str(app.screen.query_one("#vault-state", Static).render())
    finally:
        code, log = service.stop()
    assert code == 0 and "Traceback" not in log


async def test_a_diary_entry_saved_while_the_service_is_stopped_is_said_saved_once(
    tmp_path: Path, socket_dir: Path
) -> None:
    """Her entry is written in her vault, which needs no service; only the service's copy of
    the diary's head cannot follow (the next opening moves it forward). Saying "could not
    check, try again" after the entry was saved would have her save it twice."""
    sock = socket_dir / "gate.sock"
    data, _vault_id, app = _set_up(tmp_path, sock)
    service = child_service(data, sock, as_kiosk=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            form = await open_form(pilot)
            await keyboard_through_every_step(pilot)
            code, log = service.stop()
            assert code == 0 and "Traceback" not in log
            await press_button(pilot)  # Save
            await settle(pilot)
            assert app.screen is not form
            await pilot.press("f12")
        service = child_service(data, sock, as_kiosk=True)
        checker = RemoteGatekeeper(sock, data)
        with VaultService(checker).open(NAME, PIN) as vault:
            assert len(list(DiaryRepository(vault).full_entries())) == 1
            assert verify_with_mirror(vault, checker).problems == ()
        checker.close()
    finally:
        code, log = service.stop()
    assert code == 0 and "Traceback" not in log


async def test_staff_accounts_while_the_service_is_stopped_say_one_calm_line(
    tmp_path: Path, socket_dir: Path
) -> None:
    """The list, adding and removing: one calm line, the kiosk stays up; once the service is
    back (and staff signed in again) the same screens work."""
    sock = socket_dir / "gate.sock"
    data, _vault_id, app = _set_up(tmp_path, sock)
    StaffAccounts(data).add("Dana Lee", "dana long passphrase", "dana long passphrase")
    service = child_service(data, sock, as_kiosk=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await sign_in_by_keys(pilot)
            await pilot.click("#accounts")
            await settle(pilot)
            service.stop()
            # Remove: the account chosen, then the service is gone.
            accounts = app.screen.query_one("#account-list", OptionList)
            accounts.highlighted = 0
            await settle(pilot)
            await pilot.click("#remove-account")
            await settle(pilot)
            assert _message(app) == UNCHECKED
            # Add: the name's check needs the service.
            await pilot.click("#add-account")
            await settle(pilot)
            for field, text in (
                ("#new-name", "Alex Kim"),
                ("#new-passphrase", "alex long passphrase"),
                ("#new-passphrase-again", "alex long passphrase"),
            ):
                app.screen.query_one(field, Input).value = text
            await pilot.click("#add")
            await settle(pilot)
            assert _message(app) == UNCHECKED
            assert app.screen.query_one("#new-name", Input).value == "Alex Kim"  # kept
            await pilot.click("#cancel")
            await settle(pilot)
            await pilot.click("#back")
            await settle(pilot)
            # The list itself.
            await pilot.click("#accounts")
            await settle(pilot)
            assert app.screen.__class__.__name__ == "StaffAccountsScreen"
            assert _message(app) == UNCHECKED
            assert app.return_code is None  # the kiosk is still up
    finally:
        service.stop()
    assert StaffAccounts(data).names() == ["Dana Lee", "Sam"]


def test_a_staff_record_the_service_cannot_seal_is_a_write_failure(
    tmp_path: Path, socket_dir: Path
) -> None:
    """``AuditLog.record`` raises ``OSError`` when it cannot write (every staff screen that
    has already done its work treats that as "the staff log was not written"); a seal the
    stopped service cannot give is such a failure, not a crash of the screen."""
    sock = socket_dir / "gate.sock"
    data, _vault_id, _app = _set_up(tmp_path, sock)
    service = child_service(data, sock)  # root: an administrator, as the seal needs
    client = RemoteGatekeeper(sock, data)
    try:
        log = AuditLog(data, seal=client.staff_log_seal)
        log.record(StaffAction.SIGNED_IN, "Sam")
        service.stop()
        with pytest.raises(OSError):
            log.record(StaffAction.VAULT_DELETED, "Sam")
    finally:
        client.close()
        service.stop() if service.process.poll() is None else None
    assert [record.action for record in AuditLog(data, seal=plain_seal).records()] == [
        StaffAction.SIGNED_IN
    ]


async def test_the_staff_log_while_the_service_is_stopped_shows_its_records_unchecked(
    tmp_path: Path, socket_dir: Path
) -> None:
    """The records are the kiosk's own file; only their seal's check needs the service. Not
    an empty log that "could not be read" and "nothing has been noted yet"."""
    sock = socket_dir / "gate.sock"
    data, _vault_id, app = _set_up(tmp_path, sock)
    service = child_service(data, sock, as_kiosk=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await sign_in_by_keys(pilot)  # the sign-in is the log's first record
            service.stop()
            await pilot.click("#staff-log")
            await settle(pilot)
            assert app.screen.query_one("#staff-log-records", DataTable).row_count == 1
            state = str(app.screen.query_one("#staff-log-state", Static).render())
            assert state == UNCHECKED
            assert "Nothing has been noted" not in _message(app)
    finally:
        service.stop()


async def test_a_delete_confirmed_while_the_service_is_stopped_is_not_a_wrong_name(
    tmp_path: Path, socket_dir: Path
) -> None:
    """Staff typed the right name again: the service could not be asked. Saying "that is not
    the same vault name" would send them looking for a typing mistake."""
    sock = socket_dir / "gate.sock"
    data, vault_id, app = _set_up(tmp_path, sock)
    service = child_service(data, sock, as_kiosk=True)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await sign_in_by_keys(pilot)
            await pilot.click("#vault-care")
            await settle(pilot)
            app.screen.query_one("#vault-name", Input).focus()
            await fill(pilot, NAME)
            await pilot.press("enter")
            await settle(pilot)
            await pilot.click("#delete")
            await settle(pilot)
            await fill(pilot, NAME)
            service.stop()
            await pilot.click("#confirm-delete")
            await settle(pilot)
            assert "not the same" not in _message(app)
            assert _message(app).startswith("The vault could not be deleted just now.")
    finally:
        service.stop()
    assert (data / "vaults" / vault_id / "slots.json").exists()
