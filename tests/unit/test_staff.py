"""Staff accounts: hashed passphrases, and sign-in attempts that cannot be tried endlessly."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.staff import StaffAccountError, StaffAccounts, StaffSignInPaused
from tests.conftest import FakeClock

PASSPHRASE = "long staff passphrase"


@pytest.fixture
def staff(tmp_path: Path, clock: FakeClock) -> StaffAccounts:
    accounts = StaffAccounts(tmp_path, clock=clock)
    accounts.add("Sam", PASSPHRASE, PASSPHRASE)
    return accounts


def test_passphrase_is_stored_only_as_a_hash(staff: StaffAccounts, tmp_path: Path) -> None:
    stored = (tmp_path / "staff" / "accounts.json").read_bytes()
    assert PASSPHRASE.encode() not in stored and b"argon2id" in stored
    assert staff.verify("Sam", PASSPHRASE)
    assert not staff.verify("Sam", "wrong passphrase!")
    assert not staff.verify("Nobody", PASSPHRASE)


def test_accounts_refuse_weak_or_duplicate_entries(staff: StaffAccounts) -> None:
    with pytest.raises(StaffAccountError, match="12 characters"):
        staff.add("Alex", "short", "short")
    with pytest.raises(StaffAccountError, match="not the same"):
        staff.add("Alex", PASSPHRASE, PASSPHRASE + "x")
    with pytest.raises(StaffAccountError, match="already"):
        staff.add("sam", PASSPHRASE, PASSPHRASE)


def test_staff_names_are_the_same_whatever_the_case_or_spacing(
    staff: StaffAccounts, tmp_path: Path, clock: FakeClock
) -> None:
    for typed in ("sam", "SAM", "  Sam ", "sAm"):
        assert staff.verify(typed, PASSPHRASE), typed
    assert not staff.verify("SAM", "wrong passphrase!")
    with pytest.raises(StaffAccountError, match="already"):
        staff.add("  SAM  ", PASSPHRASE, PASSPHRASE)
    staff.add("Dana Lee", PASSPHRASE, PASSPHRASE)
    with pytest.raises(StaffAccountError, match="already"):
        staff.add("dana   LEE", PASSPHRASE, PASSPHRASE)
    assert staff.names() == ["Dana Lee", "Sam"]
    # An account saved by an earlier version keeps its spelling and still signs in.
    assert StaffAccounts(tmp_path, clock=clock).verify("DANA lee", PASSPHRASE)


def test_repeated_failures_make_sign_in_wait(staff: StaffAccounts, clock: FakeClock) -> None:
    for _ in range(3):
        assert not staff.verify("Sam", "wrong passphrase!")
    assert not staff.verify("Nobody", "wrong passphrase!")  # unknown names count the same
    with pytest.raises(StaffSignInPaused) as paused:
        staff.verify("Sam", PASSPHRASE)  # even the right passphrase waits
    assert paused.value.retry_after == 30
    clock.advance(30)
    assert staff.verify("Sam", PASSPHRASE)
    assert not staff.verify("Sam", "wrong passphrase!")  # the count started again


def test_the_count_survives_a_restart_and_has_no_final_stop(
    tmp_path: Path, clock: FakeClock
) -> None:
    staff = StaffAccounts(tmp_path, clock=clock)
    staff.add("Sam", PASSPHRASE, PASSPHRASE)
    for _ in range(12):
        try:
            staff.verify("Sam", "wrong passphrase!")
        except StaffSignInPaused as paused:
            clock.advance(paused.retry_after)
            staff.verify("Sam", "wrong passphrase!")
    restarted = StaffAccounts(tmp_path, clock=clock)
    with pytest.raises(StaffSignInPaused):
        restarted.verify("Sam", PASSPHRASE)
    clock.advance(3600)
    assert restarted.verify("Sam", PASSPHRASE)
