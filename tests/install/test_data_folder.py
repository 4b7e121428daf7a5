"""deploy/data-folder gives the data folder the two-user layout (docs/SECURITY.md): from an
older install (everything the kiosk's) or from nothing, again and again, and after being
killed at any step. Root only: it changes owners. The users are spare numeric ids, so the
test needs no accounts on the machine."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.vault.gatekeeper.gate import Gatekeeper
from tests.conftest import FAST_POLICY, FakeClock
from tests.e2e.harness import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "data-folder"
KIOSK_UID, KIOSK_GID = 61002, 61002
GATE_UID, GATE_GID = 61001, 61001
PIN = "583920"

Snapshot = dict[str, tuple[int, int, int, str]]


@pytest.fixture(autouse=True)
def as_root() -> None:
    if os.geteuid() != 0:
        skip_or_fail("deploy/data-folder changes owners: run as root (CI does)")


def environment(data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HARBOUR_DATA_DIR": str(data),
        "HARBOUR_KIOSK_GROUP": str(KIOSK_GID),
        "HARBOUR_GATE_USER": str(GATE_UID),
        "HARBOUR_GATE_GROUP": str(GATE_GID),
    }


def run_script(data: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(SCRIPT)],
        env={**environment(data), **extra},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def old_install(data: Path) -> None:
    """A data folder as Harbour made it before the gatekeeper service: all the kiosk's."""
    secret = data / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data, secret)
    gatekeeper = Gatekeeper(data, secret, kdf=FAST_POLICY, clock=FakeClock())
    for name in ("river-stone", "quiet-harbour"):
        gatekeeper.provision(name, PIN, PIN)
    gatekeeper.save_calibration(data, FAST_POLICY.pin, 0.5)
    staff = data / "staff"
    staff.mkdir(mode=0o700)
    (staff / "accounts.json").write_text('{"accounts": {}}')
    (staff / "attempts.json").write_text("[0, 0]")
    (staff / "audit.jsonl").write_text("the kiosk's staff log\n")
    (data / "numbers").mkdir(mode=0o700)
    (data / "numbers" / "daily.json").write_text("{}")
    vault = next((data / "vaults").iterdir())
    (vault / "vault.db-wal").write_bytes(b"left by a killed session")
    for path in [data, *data.rglob("*")]:
        os.lchown(path, KIOSK_UID, KIOSK_GID)


def snapshot(data: Path) -> Snapshot:
    found: Snapshot = {}
    for path in [data, *data.rglob("*")]:
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        found[str(path.relative_to(data))] = (info.st_uid, info.st_gid, info.st_mode, digest)
    return found


def expected_owner_and_mode(relative: str, is_dir: bool) -> tuple[int, int, int]:
    parts = Path(relative).parts
    if relative == ".":
        return 0, KIOSK_GID, stat.S_IFDIR | stat.S_ISVTX | 0o770
    if parts[0] == "gatekeeper":
        mode = 0o700 if is_dir else (0o400 if parts[-1] == "kiosk.secret" else 0o600)
        return GATE_UID, GATE_GID, (stat.S_IFDIR if is_dir else stat.S_IFREG) | mode
    if parts[0] == "vaults":
        if is_dir:
            return GATE_UID, KIOSK_GID, stat.S_IFDIR | 0o2770
        private = parts[-1] == "slots.json" or parts[-1].startswith(".slots.json.")
        return GATE_UID, KIOSK_GID, stat.S_IFREG | (0o600 if private else 0o660)
    # The kiosk's own folders stay as they were.
    return KIOSK_UID, KIOSK_GID, (stat.S_IFDIR | 0o700) if is_dir else (stat.S_IFREG | 0o600)


def check_layout(data: Path) -> None:
    for relative, (uid, gid, mode, digest) in snapshot(data).items():
        assert (uid, gid, mode) == expected_owner_and_mode(relative, is_dir=digest == ""), (
            relative,
            uid,
            gid,
            oct(mode),
        )


def contents(found: Snapshot) -> dict[str, str]:
    """What each file holds, by name: the staff accounts under their new place."""
    moved = {"staff/accounts.json": "gatekeeper/staff/accounts.json"}
    moved["staff/attempts.json"] = "gatekeeper/staff/attempts.json"
    return {moved.get(path, path): value[3] for path, value in found.items() if value[3]}


@pytest.fixture
def old(tmp_path: Path) -> Iterator[Path]:
    data = tmp_path / "harbour"
    old_install(data)
    yield data


def test_an_older_install_gets_the_two_user_layout_and_loses_nothing(old: Path) -> None:
    before = contents(snapshot(old))
    result = run_script(old)
    assert result.returncode == 0, result.stderr
    check_layout(old)
    assert contents(snapshot(old)) == before
    assert (old / "gatekeeper" / "staff" / "accounts.json").is_file()
    assert not (old / "staff" / "accounts.json").exists()
    assert (old / "staff" / "audit.jsonl").is_file()  # the staff log stays the kiosk's


def test_a_second_run_changes_nothing(old: Path) -> None:
    assert run_script(old).returncode == 0
    first = snapshot(old)
    assert run_script(old).returncode == 0
    assert snapshot(old) == first


def test_a_new_kiosk_gets_the_empty_layout(tmp_path: Path) -> None:
    data = tmp_path / "harbour"
    result = run_script(data)
    assert result.returncode == 0, result.stderr
    assert sorted(snapshot(data)) == [".", "gatekeeper", "vaults"]
    check_layout(data)


def test_killed_at_any_step_a_second_run_finishes_the_job(tmp_path: Path) -> None:
    """The script is killed before its n-th command, for every n; a full run afterwards
    gives the same folder as one run that was never stopped, and every file is there."""
    pristine = tmp_path / "pristine"
    old_install(pristine)
    reference = tmp_path / "reference"
    shutil.copytree(pristine, reference, symlinks=True)
    assert run_script(reference).returncode == 0
    expected = snapshot(reference)
    # Before each simple command, count it; at the n-th, the script kills itself (SIGKILL).
    trap = tmp_path / "kill-at"
    trap.write_text(
        "harbour_steps=0\ntrap 'harbour_steps=$((harbour_steps + 1)); "
        'if [ "$harbour_steps" = "$HARBOUR_KILL_AT" ]; then kill -9 $$; fi\' DEBUG\n'
    )
    killed = 0
    for step in range(1, 500):
        data = tmp_path / f"run-{step}"
        shutil.copytree(pristine, data, symlinks=True)
        result = run_script(data, BASH_ENV=str(trap), HARBOUR_KILL_AT=str(step))
        if result.returncode == 0:
            break  # the script ended before its n-th command: every step has been tried
        assert result.returncode == -9, result.stderr
        killed += 1
        assert run_script(data).returncode == 0
        assert {path: value[:3] for path, value in snapshot(data).items()} == {
            path: value[:3] for path, value in expected.items()
        }, step
        assert contents(snapshot(data)) == contents(expected), step
        shutil.rmtree(data)
    assert killed > 10


@pytest.mark.parametrize("folder", ["vaults", "gatekeeper", "staff"])
def test_a_linked_folder_is_refused_and_nothing_changes(old: Path, folder: str) -> None:
    elsewhere = old.parent / "elsewhere"
    (old / folder).rename(elsewhere)
    (old / folder).symlink_to(elsewhere)
    before = snapshot(old)
    result = run_script(old)
    assert result.returncode == 1
    assert "symbolic link" in result.stderr and result.stderr.count("\n") == 1
    assert snapshot(old) == before


def test_a_link_planted_in_the_gatekeepers_folder_is_refused(old: Path) -> None:
    (old / "gatekeeper" / "names.json.link").symlink_to("/etc/passwd")
    result = run_script(old)
    assert result.returncode == 1 and "neither a file nor a folder" in result.stderr
    assert stat.S_IMODE(Path("/etc/passwd").stat().st_mode) == 0o644
