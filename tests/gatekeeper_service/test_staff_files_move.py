"""Staff accounts' files move once from ``<data>/staff/`` into the gatekeeper's folder, which
the kiosk's user cannot read or change when the gatekeeper is a service."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.staff.accounts import StaffAccounts
from kiosk.staff.errors import StaffAccountError
from tests.conftest import FakeClock

PASSPHRASE = "long staff passphrase"


def _old_install(data: Path) -> bytes:
    """Accounts and a failed sign-in where an older Harbour kept them."""
    made = StaffAccounts(data, FakeClock())
    made.add("Sam", PASSPHRASE, PASSPHRASE)
    assert not made.verify("Sam", "wrong passphrase here")
    new = data / "gatekeeper" / "staff"
    old = data / "staff"
    old.mkdir(mode=0o700)
    for name in ("accounts.json", "attempts.json"):
        (new / name).rename(old / name)
    return (old / "accounts.json").read_bytes()


def test_the_old_files_move_into_the_gatekeepers_folder_on_first_use(tmp_path: Path) -> None:
    accounts = _old_install(tmp_path)
    clock = FakeClock()
    staff = StaffAccounts(tmp_path, clock)

    assert staff.names() == ["Sam"]
    moved = tmp_path / "gatekeeper" / "staff"
    assert (moved / "accounts.json").read_bytes() == accounts
    assert (moved / "attempts.json").exists()  # the failed sign-in still counts
    assert not (tmp_path / "staff" / "accounts.json").exists()
    assert not (tmp_path / "staff" / "attempts.json").exists()


def test_a_move_killed_half_way_keeps_what_is_already_moved(tmp_path: Path) -> None:
    _old_install(tmp_path)
    moved = tmp_path / "gatekeeper" / "staff"
    # Killed after the attempts' rename, before the accounts' (the accounts go last, so that
    # once they are there the move is done): each file is at one place or the other, whole.
    (tmp_path / "staff" / "attempts.json").rename(moved / "attempts.json")

    staff = StaffAccounts(tmp_path, FakeClock())
    assert staff.names() == ["Sam"]
    assert (moved / "accounts.json").exists()
    assert not (tmp_path / "staff" / "accounts.json").exists()


def test_once_moved_the_kiosks_own_staff_folder_is_never_looked_in(tmp_path: Path) -> None:
    """The kiosk keeps its staff log in ``<data>/staff``, private to its user: the service's
    user cannot look in it. Once the accounts are at the new place that must not matter
    (stood in for here by a ``staff`` that is not a folder: looking in it is an error)."""
    StaffAccounts(tmp_path, FakeClock()).add("Sam", PASSPHRASE, PASSPHRASE)
    (tmp_path / "staff").write_bytes(b"")

    assert StaffAccounts(tmp_path, FakeClock()).names() == ["Sam"]


def test_an_old_folder_that_cannot_be_looked_in_never_reads_as_no_accounts(
    tmp_path: Path,
) -> None:
    (tmp_path / "staff").write_bytes(b"")  # looking in it fails (as EACCES would)

    with pytest.raises(StaffAccountError) as refused:
        StaffAccounts(tmp_path, FakeClock()).names()
    assert "could not be moved" in str(refused.value)


def test_old_files_that_cannot_be_moved_never_read_as_no_accounts(tmp_path: Path) -> None:
    """Fails closed: "no account yet" would let anyone make the first one."""
    _old_install(tmp_path)
    shutil.rmtree(tmp_path / "gatekeeper" / "staff")
    (tmp_path / "gatekeeper" / "staff").write_bytes(b"")  # not a folder: nothing can move

    with pytest.raises(StaffAccountError) as refused:
        StaffAccounts(tmp_path, FakeClock()).names()
    assert "could not be moved" in str(refused.value)
