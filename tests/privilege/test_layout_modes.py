"""File modes in the installed kiosk's two-user layout, and in the one-user layout of
development and tests (docs/SECURITY.md, "The gatekeeper service").

These run as any user: a folder of one's own can be made setgid and group-shared as
deploy/install makes ``/var/lib/harbour/vaults``. What two real users can and cannot do
with these files is in test_two_users.py (root only).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.vault.errors import KioskSecretProblem, VaultDamaged
from kiosk.vault.fsutil import SHARED_DIR_MODE
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import NEXT_DATABASE_FILE, export_rekeyed
from tests.conftest import FAST_POLICY, FakeClock

PIN, NEW_PIN, NAME = "583920", "850264", "river-stone"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture(autouse=True)
def kiosk_umask() -> Iterator[None]:
    """The kiosk and the service run with umask 0077: group bits must be set on purpose."""
    previous = os.umask(0o077)
    yield
    os.umask(previous)


def shared_layout(data_dir: Path) -> Gatekeeper:
    """A data folder laid out as deploy/install does, with this user in both roles."""
    (data_dir / "vaults").mkdir(parents=True)
    os.chmod(data_dir / "vaults", SHARED_DIR_MODE)
    secret = data_dir / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data_dir, secret)
    return Gatekeeper(data_dir, secret, kdf=FAST_POLICY, clock=FakeClock())


def write_something(gatekeeper: Gatekeeper, folder: Path, pin: str) -> dict[str, int]:
    """Open the vault, write a row, and return every file's mode while it is open."""
    with VaultService(gatekeeper).open(NAME, pin) as vault:
        with vault.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('x', 'y')")
        return {path.name: mode(path) for path in folder.iterdir()}


def test_shared_vault_folder_shares_the_database_and_keeps_the_slots_private(
    data_dir: Path,
) -> None:
    gatekeeper = shared_layout(data_dir)
    made = gatekeeper.provision(NAME, PIN, PIN)
    folder = data_dir / "vaults" / made.vault_id
    assert mode(folder) == SHARED_DIR_MODE
    names = write_something(gatekeeper, folder, PIN)
    assert names["vault.db-wal"] == 0o660  # SQLite copies the database's mode, past the umask
    assert names["vault.db"] == 0o660
    assert names[".lock"] == 0o660
    assert names["slots.json"] == 0o600
    # The service's own folder stays its own.
    assert mode(data_dir / "vaults") == SHARED_DIR_MODE
    assert mode(data_dir / "gatekeeper") == 0o700
    for path in (data_dir / "gatekeeper").rglob("*"):
        assert mode(path) in (0o700 if path.is_dir() else 0o600, 0o400), path


def test_a_pin_change_keeps_the_shared_modes(data_dir: Path) -> None:
    gatekeeper = shared_layout(data_dir)
    made = gatekeeper.provision(NAME, PIN, PIN)
    gatekeeper.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
    folder = data_dir / "vaults" / made.vault_id
    assert mode(folder / "vault.db") == 0o660
    assert mode(folder / "slots.json") == 0o600
    assert write_something(gatekeeper, folder, NEW_PIN)["vault.db-wal"] == 0o660


def test_a_rotation_leftover_is_one_the_kiosk_may_remove(data_dir: Path) -> None:
    """A copy left by a rotation killed half-way is removed by the session at the next
    opening (remove_rotation_leftovers): on an installed kiosk the session is the kiosk's
    user, so the copy must be writable by the kiosk's group."""
    gatekeeper = shared_layout(data_dir)
    made = gatekeeper.provision(NAME, PIN, PIN)
    unlocked = gatekeeper.unlock(NAME, PIN)
    folder = unlocked.vault_dir
    new_key = bytearray(os.urandom(32))
    export_rekeyed(folder, made.vault_id, unlocked.data_key, new_key, None)
    assert mode(folder / NEXT_DATABASE_FILE) == 0o660
    write_something(gatekeeper, folder, PIN)
    assert not (folder / NEXT_DATABASE_FILE).exists()


def test_one_user_layout_stays_private(data_dir: Path) -> None:
    secret = data_dir / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data_dir, secret)
    gatekeeper = Gatekeeper(data_dir, secret, kdf=FAST_POLICY, clock=FakeClock())
    made = gatekeeper.provision(NAME, PIN, PIN)
    gatekeeper.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
    folder = data_dir / "vaults" / made.vault_id
    modes = write_something(gatekeeper, folder, NEW_PIN)
    assert mode(folder) == 0o700
    assert set(modes.values()) == {0o600}


def test_initialise_keeps_an_installed_layout(data_dir: Path) -> None:
    """``admin init`` on a folder deploy/install made must not make the vaults folder
    private again (the kiosk could no longer reach any vault)."""
    shared_layout(data_dir)
    Gatekeeper.initialise(data_dir, data_dir / "gatekeeper" / "kiosk.secret")
    assert mode(data_dir / "vaults") == SHARED_DIR_MODE


@pytest.mark.parametrize("folder", ["vaults", "gatekeeper"])
def test_a_folder_replaced_by_a_link_is_refused(tmp_path: Path, folder: Path) -> None:
    data_dir = tmp_path / "data"
    gatekeeper = shared_layout(data_dir)
    gatekeeper.provision(NAME, PIN, PIN)
    elsewhere = tmp_path / "elsewhere"
    (data_dir / folder).rename(elsewhere)
    (data_dir / folder).symlink_to(elsewhere)
    restarted = Gatekeeper(
        data_dir, data_dir / "gatekeeper" / "kiosk.secret", kdf=FAST_POLICY, clock=FakeClock()
    )
    with pytest.raises(KioskSecretProblem) as refused:
        restarted.unlock(NAME, PIN)
    assert "symbolic link" in refused.value.detail
    with pytest.raises(KioskSecretProblem):
        Gatekeeper.initialise(data_dir, data_dir / "gatekeeper" / "kiosk.secret")


def test_a_link_or_fifo_in_place_of_the_slots_is_damage_not_a_hang(data_dir: Path) -> None:
    """On an installed kiosk the kiosk's group may write a vault folder: what it puts
    where the service reads is never followed nor waited on."""
    gatekeeper = shared_layout(data_dir)
    made = gatekeeper.provision(NAME, PIN, PIN)
    folder = data_dir / "vaults" / made.vault_id
    (folder / "slots.json").rename(folder / "kept")
    os.mkfifo(folder / "slots.json", 0o660)
    with pytest.raises(VaultDamaged):
        gatekeeper.unlock(NAME, PIN)
    (folder / "slots.json").unlink()
    (folder / "slots.json").symlink_to(folder / "kept")
    with pytest.raises(VaultDamaged):
        gatekeeper.unlock(NAME, PIN)
    (folder / "slots.json").unlink()
    (folder / "kept").rename(folder / "slots.json")
    (folder / ".lock").unlink()
    os.mkfifo(folder / ".lock", 0o660)
    with pytest.raises(VaultDamaged):
        VaultService(gatekeeper).open(NAME, PIN)


@pytest.mark.parametrize("planted", ["vault.db-wal", "vault.db-journal"])
def test_a_link_in_place_of_sqlites_files_is_refused_not_written_through(
    tmp_path: Path, planted: str
) -> None:
    """On an installed kiosk the kiosk's group may write a vault folder, and the gatekeeper
    service opens the database there to re-key it: a link planted where SQLite opens a
    journal must not have it write pages into the file the link points to (the counters).
    SQLite's own opening refuses it; this keeps it so."""
    data_dir = tmp_path / "data"
    gatekeeper = shared_layout(data_dir)
    made = gatekeeper.provision(NAME, PIN, PIN)
    precious = tmp_path / "counters.json"
    precious.write_text('{"kept": true}')
    (data_dir / "vaults" / made.vault_id / planted).symlink_to(precious)
    with pytest.raises(VaultDamaged):
        write_something(gatekeeper, data_dir / "vaults" / made.vault_id, PIN)
    with pytest.raises(VaultDamaged):
        gatekeeper.change_secret(NAME, PIN, NEW_PIN, NEW_PIN)
    assert precious.read_text() == '{"kept": true}'
