"""Staff accounts: hashed passphrases, and sign-in attempts that cannot be tried endlessly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.staff.accounts import StaffAccountError, StaffAccounts, StaffSignInPaused
from kiosk.staff.errors import AccountRefusal
from kiosk.text import terminal_safe
from tests.conftest import FakeClock

PASSPHRASE = "long staff passphrase"


@pytest.fixture
def staff(tmp_path: Path, clock: FakeClock) -> StaffAccounts:
    accounts = StaffAccounts(tmp_path, clock=clock)
    accounts.add("Sam", PASSPHRASE, PASSPHRASE)
    return accounts


def test_passphrase_is_stored_only_as_a_hash(staff: StaffAccounts, tmp_path: Path) -> None:
    stored = (tmp_path / "gatekeeper" / "staff" / "accounts.json").read_bytes()
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


# -- removing an account ----------------------------------------------------------------------


def test_an_account_is_removed_whatever_the_case_typed(staff: StaffAccounts) -> None:
    staff.add("Dana Lee", PASSPHRASE, PASSPHRASE)
    assert staff.remove("  dana   LEE ") == "Dana Lee"
    assert staff.names() == ["Sam"]
    assert not staff.verify("Dana Lee", PASSPHRASE)
    assert staff.verify("Sam", PASSPHRASE)


def test_the_last_account_is_never_removed(staff: StaffAccounts) -> None:
    """Without an account nobody could sign in to the console, or leave the kiosk."""
    with pytest.raises(StaffAccountError) as refused:
        staff.remove("sam")
    assert refused.value.code is AccountRefusal.LAST_ACCOUNT and "only staff account" in str(
        refused.value
    )
    assert staff.names() == ["Sam"] and staff.verify("Sam", PASSPHRASE)


def test_an_unknown_name_is_a_clear_refusal_and_changes_nothing(
    staff: StaffAccounts, tmp_path: Path
) -> None:
    staff.add("Alex", PASSPHRASE, PASSPHRASE)
    before = (tmp_path / "gatekeeper" / "staff" / "accounts.json").read_bytes()
    with pytest.raises(StaffAccountError) as refused:
        staff.remove("Nobody")
    assert refused.value.code is AccountRefusal.UNKNOWN_ACCOUNT
    assert str(refused.value) == "there is no staff account called Nobody"
    assert (tmp_path / "gatekeeper" / "staff" / "accounts.json").read_bytes() == before


def test_the_saved_spelling_is_what_a_typed_name_finds(staff: StaffAccounts) -> None:
    assert staff.account_name(" SAM") == "Sam"
    assert staff.account_name("Nobody") is None
    assert staff.add("  Dana   Lee ", PASSPHRASE, PASSPHRASE) == "Dana Lee"


def test_refusals_carry_a_code_for_the_screens(staff: StaffAccounts) -> None:
    for args, code in (
        (("A", PASSPHRASE, PASSPHRASE), AccountRefusal.NAME_LENGTH),
        (("Alex", "short", "short"), AccountRefusal.SHORT_PASSPHRASE),
        (("Alex", PASSPHRASE, PASSPHRASE + "x"), AccountRefusal.PASSPHRASES_DIFFER),
        (("SAM", PASSPHRASE, PASSPHRASE), AccountRefusal.NAME_TAKEN),
    ):
        with pytest.raises(StaffAccountError) as refused:
            staff.add(*args)
        assert refused.value.code is code


# -- a damaged account file (found by trying it from outside: tracebacks before) --------------


@pytest.mark.parametrize(
    "content",
    [
        b"[]",
        b"null",
        b'"x"',
        b"{not json",
        b"\xff\xfe{}",
        b'{"v": 1, "accounts": []}',
        b'{"v": 1, "accounts": {"Sam": 5}}',
        b'{"v": 1, "accounts": {}, "\\u001b[2J\\u202e": 0}',
        # Not what "kiosk admin staff add" writes: a name it refuses, a hash it never makes.
        b'{"v": 1, "accounts": {"Sam": "hunter2hunter2"}}',
        b'{"v": 1, "accounts": {"S": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"}}',
        b'{"v": 1, "accounts": {"' + b"S" * 61 + b'": "$argon2id$v=19$x"}}',
    ],
)
def test_account_file_of_the_wrong_shape_is_one_line(tmp_path: Path, content: bytes) -> None:
    accounts = tmp_path / "gatekeeper" / "staff" / "accounts.json"
    accounts.parent.mkdir(mode=0o700, parents=True)
    accounts.write_bytes(content)
    staff = StaffAccounts(tmp_path)
    for use in (staff.names, lambda: staff.verify("Sam", PASSPHRASE)):
        with pytest.raises(StaffAccountError) as refused:
            use()
        message = str(refused.value)
        assert "accounts.json" in message and "damaged" in message
        assert terminal_safe(message) == message and "\n" not in message
    assert accounts.read_bytes() == content  # never "repaired"


@pytest.mark.parametrize(
    "content",
    [b"[]", b'{"failures": -50, "last": 0}', b'{"failures": 0}', b'{"failures": "0", "last": 0}'],
)
def test_a_damaged_attempt_count_is_the_worst_case_never_a_reset(
    staff: StaffAccounts, tmp_path: Path, clock: FakeClock, content: bytes
) -> None:
    (tmp_path / "gatekeeper" / "staff" / "attempts.json").write_bytes(content)
    with pytest.raises(StaffSignInPaused):
        staff.verify("Sam", PASSPHRASE)


INIT_SAM = ("admin", "init", "--staff-name", "Sam")


def test_admin_init_over_a_damaged_account_file_is_one_line(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ndata_dir = "{data_dir}"\n[kdf]\nprofile = "standard"\n')
    (data_dir / "staff").mkdir(parents=True, mode=0o700)
    (data_dir / "staff" / "accounts.json").write_bytes(b'{"v": 1, "accounts": []}')
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--config",
            str(config),
            "admin",
            "init",
            "--staff-name",
            "Sam",
        ],
        input=f"{PASSPHRASE}\n{PASSPHRASE}\n",
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
        check=False,
    )
    assert "Traceback" not in ran.stderr
    assert ran.returncode == 1
    assert len(ran.stderr.strip().splitlines()) == 1 and "accounts.json" in ran.stderr
