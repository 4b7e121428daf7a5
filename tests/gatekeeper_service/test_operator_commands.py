"""The operator's commands through a real ``kiosk gatekeeper serve`` process: set-up, doctor,
staff accounts and vaults, with the service owning every gatekeeper file."""

from __future__ import annotations

import io
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.operator.cli import main
from kiosk.staff.accounts import StaffAccounts
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.kdf import FLOOR
from kiosk.vault.remote import connection as connection_module
from kiosk.vault.remote.protocol import VERSION
from tests.commands import run
from tests.conftest import FAST_POLICY
from tests.gatekeeper_service.conftest import (
    Running,
    ServiceProcess,
    child_service,
    service_config,
)

PASSPHRASE = "long staff passphrase"
PIN = "583920"


def test_init_doctor_staff_and_vaults_work_through_the_service(
    tmp_path: Path,
    socket_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sock = socket_dir / "gate.sock"
    config = service_config(tmp_path, sock)
    service = ServiceProcess(config, sock)
    try:
        code, out, err = run(
            capsys,
            monkeypatch,
            config,
            "admin",
            "init",
            "--staff-name",
            "Sam",
            stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n",
        )
        assert code == 0, err
        assert "kiosk secret:" in out and "(created)" in out
    finally:
        stopped, log = service.stop()
    assert stopped == 0 and "Traceback" not in log
    data = tmp_path / "data"
    assert (data / "gatekeeper" / "staff" / "accounts.json").exists()
    assert not (data / "staff" / "accounts.json").exists()

    # Vaults with the cheapest parameters the kiosk accepts, as a centre's calibrated kiosk.
    Gatekeeper.save_calibration(data, FLOOR, 0.0)
    config = service_config(tmp_path, sock, profile="calibrated")
    service = ServiceProcess(config, sock)
    try:
        code, out, err = run(
            capsys,
            monkeypatch,
            config,
            "admin",
            "vault",
            "create",
            "--name",
            "quiet river",
            stdin=f"{PIN}\n{PIN}\n",
        )
        assert code == 0, err
        assert re.search(r"recovery code: \S+", out)
        code, out, err = run(capsys, monkeypatch, config, "admin", "vault", "list")
        assert code == 0 and "ready" in out, err
        code, out, err = run(capsys, monkeypatch, config, "admin", "staff", "list")
        assert (code, out) == (0, "Sam\n"), err
        code, out, err = run(capsys, monkeypatch, config, "doctor")
        assert "gatekeeper service answers and holds the kiosk secret" in out
        assert "staff accounts are readable" in out
        code, out, err = run(
            capsys,
            monkeypatch,
            config,
            "admin",
            "init",
            "--staff-name",
            "Other",
            stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n",
        )
        assert code != 0 and "already set up" in err
    finally:
        stopped, log = service.stop()
    assert stopped == 0 and "Traceback" not in log


def test_doctor_says_when_the_service_does_not_answer(
    tmp_path: Path,
    socket_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = service_config(tmp_path, socket_dir / "nobody.sock")
    _code, out, _err = run(capsys, monkeypatch, config, "doctor")
    assert "gatekeeper service does not answer" in out
    assert "Traceback" not in out


def test_serve_takes_the_socket_systemd_passes(
    tmp_path: Path,
    socket_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Socket activation: the listening socket arrives as fd 3 with LISTEN_FDS=1 and
    LISTEN_PID naming the service's own process; nothing is made at any path."""
    sock = socket_dir / "activated.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(sock))
    listener.listen(4)
    # The socket unit's path is in the config too; the service must not make it again.
    config = service_config(tmp_path, socket_dir / "never-made.sock")
    command = 'LISTEN_PID=$$ LISTEN_FDS=1 exec "$0" -m kiosk --config "$1" gatekeeper serve'

    def as_fd_3() -> None:
        os.dup2(listener.fileno(), 3)

    service = ServiceProcess(
        None,
        sock,
        ["/bin/sh", "-c", command, sys.executable, str(config)],
        preexec_fn=as_fd_3,
    )
    listener.close()
    try:
        _code, out, err = run(capsys, monkeypatch, service_config(tmp_path, sock), "doctor")
        # It answers (on the passed socket): this data folder is simply not set up yet.
        assert "The gatekeeper service has no kiosk secret yet." in out, err
    finally:
        stopped, log = service.stop()
    assert stopped == 0 and "the socket systemd passed" in log
    assert not (socket_dir / "never-made.sock").exists()


def test_commands_run_as_the_kiosks_user_sign_in_first(
    tmp_path: Path,
    socket_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Met as the kiosk's user (not root): listing or deleting vaults and changing staff
    accounts need a staff sign-in on the command's connection; a wrong one changes nothing."""
    data = tmp_path / "data"
    secret = data / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data, secret)
    StaffAccounts(data).add("Sam", PASSPHRASE, PASSPHRASE)
    Gatekeeper(data, secret, kdf=FAST_POLICY).provision("quiet river", PIN, PIN)
    sock = socket_dir / "gate.sock"
    config = service_config(tmp_path, sock)
    service = child_service(data, sock, as_kiosk=True)
    try:
        code, _out, err = run(
            capsys,
            monkeypatch,
            config,
            "admin",
            "vault",
            "list",
            stdin=f"Sam\nwrong {PASSPHRASE}\n",
        )
        assert code != 0 and "not recognised; nothing was changed" in err
        code, out, err = run(
            capsys, monkeypatch, config, "admin", "vault", "list", stdin=f"Sam\n{PASSPHRASE}\n"
        )
        assert code == 0 and "ready" in out, err
        code, out, err = run(
            capsys,
            monkeypatch,
            config,
            "admin",
            "staff",
            "add",
            "Alex",
            stdin=f"Sam\n{PASSPHRASE}\n{PASSPHRASE}\n{PASSPHRASE}\n",
        )
        assert code == 0 and "staff account added: Alex" in out, err
        assert StaffAccounts(data).names() == ["Alex", "Sam"]
        # The staff log's seal needs a sign-in too; no answer to it: one clear line after
        # the sign-in's notice (on stderr, out of the report), no trace.
        code, _out, err = run(capsys, monkeypatch, config, "admin", "log", "verify")
        assert code != 0 and "Traceback" not in err
        asked = "The gatekeeper service asks for a staff sign-in for this user.\n"
        assert err.startswith(asked) and err.count("\n") == 2
        assert "expected the staff name on standard input" in err
        code, out, err = run(
            capsys, monkeypatch, config, "admin", "log", "verify", stdin=f"Sam\n{PASSPHRASE}\n"
        )
        assert code == 0 and "The staff log is whole" in out, err
    finally:
        stopped, log = service.stop()
    assert stopped == 0 and "Traceback" not in log


def test_a_service_of_another_version_is_named_as_such(
    tmp_path: Path,
    service: Running,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One clear line, not "does not answer": the operator must update both together."""
    monkeypatch.setattr(connection_module, "VERSION", VERSION + 1)  # this client is newer
    config = service_config(tmp_path, service.path)
    _code, out, _err = run(capsys, monkeypatch, config, "doctor")
    assert "runs another version of Harbour" in out
    code, _out, err = run(capsys, monkeypatch, config, "admin", "vault", "list")
    assert code != 0 and "runs another version of Harbour" in err and "Traceback" not in err


def test_serve_refuses_a_vaults_folder_that_is_a_link_before_serving(
    tmp_path: Path, socket_dir: Path
) -> None:
    """Checked at start, not at the first call that loads the secret: a vault list or a
    delete never loads it, and would have acted on a folder someone else put there."""
    data = tmp_path / "data"
    (tmp_path / "elsewhere").mkdir()
    data.mkdir()
    (data / "vaults").symlink_to(tmp_path / "elsewhere")
    sock = socket_dir / "refused.sock"
    config = service_config(tmp_path, sock)
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(config), "gatekeeper", "serve"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "symbolic link" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not sock.exists()


def test_a_command_whose_sign_in_a_service_restart_ended_says_to_run_it_again(
    tmp_path: Path,
    socket_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``vault delete`` signed in, then the service restarts while staff type DELETE: not
    "run the command as root" (DEPLOY.md refuses that), but run it again; nothing deleted."""
    data = tmp_path / "data"
    secret = data / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data, secret)
    StaffAccounts(data).add("Sam", PASSPHRASE, PASSPHRASE)
    made = Gatekeeper(data, secret, kdf=FAST_POLICY).provision("quiet river", PIN, PIN)
    sock = socket_dir / "gate.sock"
    config = service_config(tmp_path, sock)
    services = [child_service(data, sock, as_kiosk=True)]

    class TypedSlowly(io.StringIO):
        """Staff's answers; the service restarts just before the last one is typed."""

        def readline(self, size: int | None = -1) -> str:
            line = super().readline()
            if line == "DELETE\n":
                services[0].stop()
                services[0] = child_service(data, sock, as_kiosk=True)
            return line

    monkeypatch.setattr(sys, "stdin", TypedSlowly(f"Sam\n{PASSPHRASE}\nDELETE\n"))
    try:
        code = main(["--config", str(config), "admin", "vault", "delete", "--id", made.vault_id])
        _out, err = capsys.readouterr()
        assert code != 0 and "Traceback" not in err
        assert "as root" not in err and "run the command again" in err, err
    finally:
        services[0].stop()
    assert (data / "vaults" / made.vault_id / "slots.json").exists()
