"""The operator's commands through a real ``kiosk gatekeeper serve`` process: set-up, doctor,
staff accounts and vaults, with the service owning every gatekeeper file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.kdf import FLOOR
from tests.commands import run
from tests.gatekeeper_service.conftest import ServiceProcess, service_config

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
