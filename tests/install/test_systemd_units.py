"""The systemd units: valid for systemd, and saying what docs/SECURITY.md says they do (the
gatekeeper service as its own user, hardened, reachable only by the kiosk's group)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.e2e.harness import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "config" / "systemd"
SOCKET_PATH = "/run/harbour-gate/gatekeeper.sock"


def unit(name: str) -> dict[str, list[str]]:
    """``Section.Key`` → every value given (systemd allows a key more than once)."""
    found: dict[str, list[str]] = {}
    section = ""
    for line in (UNITS / name).read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        found.setdefault(f"{section}.{key}", []).append(value)
    return found


def test_systemd_accepts_every_unit(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        skip_or_fail("systemd-analyze is not installed: it checks config/systemd")
    assert analyze is not None
    for path in UNITS.iterdir():
        shutil.copy(path, tmp_path)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [
        "harbour-gatekeeper.service",
        "harbour-gatekeeper.socket",
        "harbour-kiosk.service",
    ]
    result = subprocess.run(
        [analyze, "verify", "--man=no", *(f"./{name}" for name in names)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # The program is installed by deploy/install, not on this machine: the only complaint.
    complaints = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if line and "Command /opt/harbour/.venv/bin/kiosk is not executable" not in line
    ]
    assert complaints == []


def test_the_socket_lets_only_the_kiosks_group_connect() -> None:
    socket = unit("harbour-gatekeeper.socket")
    assert socket["Socket.ListenStream"] == [SOCKET_PATH]
    assert socket["Socket.SocketUser"] == ["harbour-gate"]
    assert socket["Socket.SocketGroup"] == ["kiosk"]
    assert socket["Socket.SocketMode"] == ["0660"]
    assert socket.get("Socket.Accept", ["no"]) == ["no"]


def test_the_service_runs_as_its_own_user_and_is_hardened() -> None:
    install = (ROOT / "deploy" / "install").read_text()
    prefix = re.search(r"^PREFIX=(\S+)$", install, re.MULTILINE)
    data = re.search(r"^DATA=(\S+)$", install, re.MULTILINE)
    assert prefix is not None and data is not None
    service = unit("harbour-gatekeeper.service")
    assert service["Service.User"] == ["harbour-gate"]
    assert service["Service.SupplementaryGroups"] == ["kiosk"]
    assert service["Service.ExecStart"] == [
        f"{prefix[1]}/.venv/bin/kiosk gatekeeper serve --config /etc/harbour/kiosk.toml"
    ]
    assert service["Unit.Requires"] == ["harbour-gatekeeper.socket"]
    assert service["Service.ReadWritePaths"] == [f"{data[1]}/gatekeeper {data[1]}/vaults"]
    hardening = {
        "LimitCORE": "0",
        "UMask": "0077",
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "PrivateNetwork": "yes",
        "CapabilityBoundingSet": "",
        "RestrictAddressFamilies": "AF_UNIX",
        "MemoryDenyWriteExecute": "yes",
        "ProtectProc": "invisible",
    }
    for key, value in hardening.items():
        assert service[f"Service.{key}"] == [value], key


def test_the_kiosk_starts_after_the_socket() -> None:
    kiosk = unit("harbour-kiosk.service")
    assert "harbour-gatekeeper.socket" in kiosk["Unit.Wants"]
    assert any("harbour-gatekeeper.socket" in value.split() for value in kiosk["Unit.After"])


def test_the_installer_sets_up_what_the_units_need() -> None:
    install = (ROOT / "deploy" / "install").read_text()
    assert f"GATE_SOCKET={SOCKET_PATH}" in install  # the settings name the unit's socket
    assert "GATE_USER=harbour-gate" in install
    assert 'usermod -a -G "$USER_NAME" "$GATE_USER"' in install
    assert '"$PREFIX/src/deploy/data-folder"' in install
    assert "GATE_UNITS=(harbour-gatekeeper.socket harbour-gatekeeper.service)" in install
    assert "systemctl enable --now harbour-gatekeeper.socket" in install
