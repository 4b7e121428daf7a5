"""A staff account whose name differs from another's only by a character that does not show
(a zero-width space, a bidirectional control, an escape) is refused: the staff log keeps
printable text only, so such an account's actions were logged under the other's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.staff.accounts import StaffAccounts
from kiosk.staff.audit import AuditLog, tidy
from kiosk.staff.errors import AccountRefusal, StaffAccountError
from kiosk.ui.wording import staff_account_refusal
from tests.conftest import FakeClock

LOOKALIKES = ["Sam\u200b", "Sa\u202em", "\x1b[31mSam", "Sam\u2066"]


@pytest.mark.parametrize("name", LOOKALIKES)
def test_a_name_with_a_character_that_does_not_show_is_refused(name: str) -> None:
    # What the log would have recorded for it: another account's name.
    assert tidy(name, 60) != name

    with pytest.raises(StaffAccountError) as refused:
        StaffAccounts.check_name(name)

    assert refused.value.code is AccountRefusal.NAME_CHARACTERS
    assert "letters, digits" in staff_account_refusal(refused.value)


def test_a_refused_lookalike_leaves_no_account_and_the_log_names_only_real_ones(
    tmp_path: Path,
) -> None:
    accounts = StaffAccounts(tmp_path, FakeClock())
    log = AuditLog(tmp_path, FakeClock())

    with pytest.raises(StaffAccountError):
        accounts.add("Sam\u200b", "long staff passphrase", "long staff passphrase")

    assert accounts.names() == []
    assert log.records() == []


def test_ordinary_names_are_still_accepted() -> None:
    for name in ("Sam", "Anne-Marie O'Neill", "José", "Łucja  K.", "山田"):
        StaffAccounts.check_name(name)


@pytest.mark.parametrize("name", ["D\u0435mo staff", "S\u0430m", "\u0391nne", "Sam \u0561"])
def test_a_name_mixing_two_alphabets_is_refused(name: str) -> None:
    """Cyrillic "е" and "а", Greek "Α", Armenian "ա" look like Latin letters: "Dеmo staff"
    was a second account that read exactly as "Demo staff" on the list and in the log."""
    with pytest.raises(StaffAccountError) as refused:
        StaffAccounts.check_name(name)

    assert refused.value.code is AccountRefusal.NAME_ALPHABETS
    assert "one alphabet" in staff_account_refusal(refused.value)


def test_names_in_one_alphabet_are_accepted_in_any() -> None:
    for name in ("Анна Петрова", "محمد علي", "山田 はなこ", "Zoë O\u02bcBrien 2", "Ａｄｍｉｎ"):
        StaffAccounts.check_name(name)


@pytest.mark.parametrize(
    "name", ["command line", "Command Line", "command  line ", "ｃｏｍｍａｎｄ line"]
)
def test_the_name_the_log_gives_the_kiosk_command_is_refused(name: str, tmp_path: Path) -> None:
    """The staff log names changes made with ``kiosk admin`` "command line": an account of
    that name signed in and acted, and the log read as if it had been the command."""
    with pytest.raises(StaffAccountError) as refused:
        StaffAccounts.check_name(name)
    assert refused.value.code is AccountRefusal.NAME_RESERVED
    assert "command line" in staff_account_refusal(refused.value)
    accounts = StaffAccounts(tmp_path, FakeClock())
    with pytest.raises(StaffAccountError):
        accounts.add(name, "long staff passphrase", "long staff passphrase")
    assert accounts.names() == []
    StaffAccounts.check_name("command line team")  # a name that only holds the words is fine
