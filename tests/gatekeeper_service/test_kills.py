"""Kills during an unlock, on either side of the socket.

A guess is counted (on disk) before any key derivation starts: a client killed mid-unlock
has still paid for its guess, and a service killed mid-unlock counted it once, at most. The
kiosk's call then fails with the calm "could not check; try again", and the next unlock
works once the service is back.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.gatekeeper_service import GatekeeperServer, bound_socket
from kiosk.staff.accounts import StaffAccounts
from kiosk.ui.wording import describe
from kiosk.vault.errors import GatekeeperUnavailable, NotRecognised
from kiosk.vault.gatekeeper import Gatekeeper, VaultState
from kiosk.vault.gatekeeper.counters import CounterStore
from kiosk.vault.remote import RemoteGatekeeper
from kiosk.vault.service import VaultService
from tests.gatekeeper_service.child_service import policy
from tests.gatekeeper_service.conftest import ROOT, child_service

NAME, PIN, WRONG = "quiet river", "483920", "572913"
# The PIN slot's Argon2id memory: enough work (a few hundred ms) to be killed in the middle.
SLOW_KIB = 128 * 1024


def _vault(data: Path) -> tuple[Gatekeeper, str]:
    secret = data / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data, secret)
    gatekeeper = Gatekeeper(data, secret, kdf=policy(SLOW_KIB))
    return gatekeeper, gatekeeper.provision(NAME, PIN, PIN).vault_id


def _failures(data: Path, vault_id: str) -> int:
    with CounterStore(data / "gatekeeper").locked() as state:
        return state.get("pin", vault_id).failures


def _wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.001)


def test_a_client_killed_mid_unlock_still_has_its_guess_counted(
    tmp_path: Path, socket_dir: Path
) -> None:
    data = tmp_path / "data"
    gatekeeper, vault_id = _vault(data)
    sock = socket_dir / "g.sock"
    server = GatekeeperServer(bound_socket(sock), gatekeeper=gatekeeper, staff=StaffAccounts(data))
    server.serve_in_thread()
    client = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from kiosk.vault.remote import "
            "RemoteGatekeeper; RemoteGatekeeper(sys.argv[1], Path(sys.argv[2]))"
            ".unlock(sys.argv[3], sys.argv[4])",
            str(sock),
            str(data),
            NAME,
            WRONG,
        ],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Counted on disk before the key derivation: the guess is paid for from here.
        _wait_for(lambda: _failures(data, vault_id) == 1, "the guess was never counted")
        os.kill(client.pid, signal.SIGKILL)
        client.wait(timeout=30)
        # The service finishes the derivation (its answer has nowhere to go) and keeps
        # serving; the guess stays counted.
        other = RemoteGatekeeper(sock, data)
        assert [summary.vault_id for summary in other.list_vaults()] == [vault_id]
        assert _failures(data, vault_id) == 1
        other.close()
    finally:
        server.stop()


def test_the_service_killed_mid_unlock_fails_calmly_counts_once_and_comes_back(
    tmp_path: Path, socket_dir: Path
) -> None:
    data = tmp_path / "data"
    _gatekeeper, vault_id = _vault(data)
    sock = socket_dir / "g.sock"
    service = child_service(data, sock, SLOW_KIB)
    kiosk = RemoteGatekeeper(sock, data)
    outcome: list[BaseException | None] = []

    def unlock() -> None:
        try:
            kiosk.unlock(NAME, PIN).data_key[:] = bytes(32)
            outcome.append(None)
        except BaseException as error:  # the test looks at it below
            outcome.append(error)

    worker = threading.Thread(target=unlock)
    worker.start()
    try:
        _wait_for(lambda: _failures(data, vault_id) == 1, "the attempt was never counted")
        service.kill()
        worker.join(timeout=30)
    finally:
        if service.process.poll() is None:
            service.kill()
    assert len(outcome) == 1 and isinstance(outcome[0], GatekeeperUnavailable)
    assert describe(outcome[0]) == "The kiosk could not check that just now. Please try again."
    assert _failures(data, vault_id) == 1  # counted, and only once

    service = child_service(data, sock, SLOW_KIB)
    try:
        # The same client, on a new connection: her next try works (and clears the count).
        with VaultService(kiosk).open(NAME, PIN) as vault:
            assert vault.vault_id == vault_id
        assert _failures(data, vault_id) == 0
    finally:
        kiosk.close()
        code, log = service.stop()
    assert code == 0 and "Traceback" not in log


def test_an_unlock_after_a_restart_goes_on_a_new_connection_and_is_counted_once(
    tmp_path: Path, socket_dir: Path
) -> None:
    """A connection the service closed while idle (a restart between calls) is found closed
    before anything is sent on it: an unlock then goes on a new connection, asked once and
    counted once, instead of failing with "could not check". (An unlock whose connection
    breaks mid-call is never repeated: the test above.)"""
    data = tmp_path / "data"
    _gatekeeper, vault_id = _vault(data)
    sock = socket_dir / "g.sock"
    service = child_service(data, sock)
    kiosk = RemoteGatekeeper(sock, data)
    try:
        assert len(kiosk.list_vaults()) == 1
        code, _log = service.stop()
        assert code == 0
        service = child_service(data, sock)
        assert len(kiosk.list_vaults()) == 1
        code, _log = service.stop()
        service = child_service(data, sock)
        # ...an unlock is sent again only because it could not be sent at all on the old
        # connection (never read there): counted once. One the service read and never
        # answered is not (test_the_service_killed_mid_unlock_fails_calmly_...).
        with pytest.raises(NotRecognised):
            kiosk.unlock(NAME, WRONG)
        assert _failures(data, vault_id) == 1
    finally:
        kiosk.close()
        service.stop()


def test_sigterm_finishes_the_call_in_hand_then_exits_0(tmp_path: Path, socket_dir: Path) -> None:
    data = tmp_path / "data"
    _gatekeeper, vault_id = _vault(data)
    sock = socket_dir / "g.sock"
    service = child_service(data, sock, SLOW_KIB)
    kiosk = RemoteGatekeeper(sock, data)
    keys: list[str] = []

    def unlock() -> None:
        key = kiosk.unlock(NAME, PIN)
        keys.append(key.vault_id)
        key.data_key[:] = bytes(32)

    worker = threading.Thread(target=unlock)
    worker.start()
    try:
        _wait_for(lambda: _failures(data, vault_id) == 1, "the attempt was never counted")
        service.process.send_signal(signal.SIGTERM)  # while the key derivation runs
        worker.join(timeout=30)
        code, log = service.wait()  # one SIGTERM, as systemd sends
    finally:
        kiosk.close()
        if service.process.poll() is None:
            service.kill()
    assert keys == [vault_id]  # she got her answer
    assert _failures(data, vault_id) == 0
    assert code == 0 and "Traceback" not in log
    assert not _answers_at(sock)  # and no new call is taken


def _answers_at(sock: Path) -> bool:
    try:
        RemoteGatekeeper(sock, Path("/nonexistent")).secret_exists()
    except GatekeeperUnavailable:
        return False
    return True


def test_a_vault_whose_making_the_service_was_killed_in_is_never_finished_not_damaged(
    tmp_path: Path, socket_dir: Path
) -> None:
    """Killed after the database was made and before its key slots were written: no name
    leads to it, and staff see it as "never finished setting up" (which they may delete),
    not as a visitor's vault whose files are broken."""
    data = tmp_path / "data"
    _gatekeeper, vault_id = _vault(data)
    sock = socket_dir / "g.sock"
    service = child_service(data, sock, SLOW_KIB)
    kiosk = RemoteGatekeeper(sock, data)
    outcome: list[BaseException | None] = []

    def provision() -> None:
        try:
            kiosk.provision("river stone", PIN, PIN)
            outcome.append(None)
        except BaseException as error:  # the test looks at it below
            outcome.append(error)

    def half_made() -> list[Path]:
        return [
            folder
            for folder in (data / "vaults").iterdir()
            if folder.name != vault_id and (folder / "vault.db").exists()
        ]

    worker = threading.Thread(target=provision)
    worker.start()
    try:
        _wait_for(lambda: bool(half_made()), "the database was never made")
        service.kill()
        worker.join(timeout=30)
    finally:
        if service.process.poll() is None:
            service.kill()
    assert len(outcome) == 1 and isinstance(outcome[0], GatekeeperUnavailable)
    (left,) = half_made()
    assert not (left / "slots.json").exists()  # killed between the two, as intended
    service = child_service(data, sock, SLOW_KIB)
    try:
        states = {summary.vault_id: summary.state for summary in kiosk.list_vaults()}
        assert states == {vault_id: VaultState.READY, left.name: VaultState.INCOMPLETE}
        kiosk.delete_id(left.name)
        assert not left.exists()
    finally:
        kiosk.close()
        code, log = service.stop()
    assert code == 0 and "Traceback" not in log
