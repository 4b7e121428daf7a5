# ruff: noqa: F811  (the fixtures imported from test_cli are named by the tests' arguments)
"""``kiosk admin staff add|remove|list`` as an operator runs them: secrets on stdin one per
line, or on a real terminal; every change in the staff log."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest

from kiosk.staff.accounts import StaffAccounts
from kiosk.staff.audit import AuditLog, StaffAction
from tests.commands import run
from tests.integration.test_cli import config_file, read_until, ready  # noqa: F401  (fixtures)

PASSPHRASE = "another long passphrase"


def data(config: Path) -> Path:
    return config.parent / "data"


def staff(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    config: Path,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    result = run(capsys, monkeypatch, config, "admin", "staff", *args, stdin=stdin)
    assert "Traceback" not in result[2]
    return result


def test_add_list_and_remove_an_account(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = staff(
        capsys, monkeypatch, ready, "add", "  Dana   Lee ", stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n"
    )
    assert (code, out, err) == (0, "staff account added: Dana Lee\n", "")
    assert PASSPHRASE not in out
    assert StaffAccounts(data(ready)).verify("dana lee", PASSPHRASE)
    assert staff(capsys, monkeypatch, ready, "list")[1] == "Dana Lee\nSam\n"
    # Confirmed by typing the name again, in any case.
    code, out, err = staff(capsys, monkeypatch, ready, "remove", "DANA LEE", stdin="dana lee\n")
    assert (code, out, err) == (0, "staff account removed: Dana Lee\n", "")
    assert staff(capsys, monkeypatch, ready, "list")[1] == "Sam\n"
    log = AuditLog(data(ready))
    assert [(r.action, r.staff, r.detail) for r in log.records()] == [
        (StaffAction.ACCOUNT_ADDED, "command line", "Dana Lee"),
        (StaffAction.ACCOUNT_REMOVED, "command line", "Dana Lee"),
    ]
    # Sealed as the kiosk and 'kiosk admin log verify' seal it (under the kiosk secret): a
    # plain-sealed record read as "the staff log has been changed" after a normal day.
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "log", "verify")
    assert (code, out) == (0, "The staff log is whole: 2 records, none changed.\n")


def test_a_name_taken_in_another_case_is_refused_in_one_line(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (data(ready) / "gatekeeper" / "staff" / "accounts.json").read_bytes()
    # Refused before any passphrase is asked for (none is on standard input).
    code, out, err = staff(capsys, monkeypatch, ready, "add", "SAM")
    assert code == 1 and out == "" and err == "kiosk: there is already a staff account called SAM\n"
    code, out, err = staff(capsys, monkeypatch, ready, "add", "x")
    assert code == 1 and out == "" and err == "kiosk: a staff name needs 2 to 60 characters\n"
    assert (data(ready) / "gatekeeper" / "staff" / "accounts.json").read_bytes() == before
    assert AuditLog(data(ready)).records() == []


@pytest.mark.parametrize(
    ("stdin", "said"),
    [
        ("short\nshort\n", "at least 12 characters"),
        (f"{PASSPHRASE}\n{PASSPHRASE}x\n", "not the same"),
        (f"{PASSPHRASE}\n", "expected the staff passphrase again on standard input"),
    ],
)
def test_a_refused_passphrase_from_a_script_ends_in_one_line(
    ready: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str,
    said: str,
) -> None:
    code, out, err = staff(capsys, monkeypatch, ready, "add", "Alex", stdin=stdin)
    assert code == 1 and out == "" and said in err and err.count("\n") == 1
    assert StaffAccounts(data(ready)).names() == ["Sam"]


def test_the_last_account_is_not_removed(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = staff(capsys, monkeypatch, ready, "remove", "sam", "--yes")
    assert code == 1 and out == ""
    assert err == (
        "kiosk: Sam is the only staff account, and staff could not sign in without one: "
        "add another account first\n"
    )
    assert StaffAccounts(data(ready)).names() == ["Sam"]


def test_an_unknown_name_is_refused_before_the_confirmation(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = staff(capsys, monkeypatch, ready, "remove", "Nobody", stdin="Nobody\n")
    assert (code, out, err) == (1, "", "kiosk: there is no staff account called Nobody\n")


def test_removing_needs_the_name_again_or_yes(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("Alex", "Dana"):
        staff(capsys, monkeypatch, ready, "add", name, stdin=f"{PASSPHRASE}\n{PASSPHRASE}\n")
    code, _, err = staff(capsys, monkeypatch, ready, "remove", "Alex", stdin="Dana\n")
    assert code == 1 and err == "kiosk: not removed: the name typed again was not the same\n"
    code, _, err = staff(capsys, monkeypatch, ready, "remove", "Alex")
    assert code == 1 and "confirm with a line giving the account's name" in err
    assert err.count("\n") == 1
    assert StaffAccounts(data(ready)).names() == ["Alex", "Dana", "Sam"]
    code, out, _ = staff(capsys, monkeypatch, ready, "remove", "alex", "--yes")
    assert code == 0 and out == "staff account removed: Alex\n"
    assert StaffAccounts(data(ready)).names() == ["Dana", "Sam"]


def test_staff_commands_before_init(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = staff(capsys, monkeypatch, config_file, "list")
    assert code == 1 and out == "" and "run 'kiosk admin init' first" in err


def test_on_a_terminal_the_passphrase_is_not_echoed_and_a_refusal_asks_again(
    ready: Path,
) -> None:
    import pty

    kiosk = Path(sys.executable).with_name("kiosk")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command on a real terminal
        os.execv(  # noqa: S606 - the command itself, as an operator runs it
            str(kiosk), [str(kiosk), "--config", str(ready), "admin", "staff", "add", "Alex"]
        )
    seen: list[str] = []
    answered = False
    try:
        read_until(fd, "New staff passphrase: ", seen)
        os.write(fd, b"too short\n")
        read_until(fd, "Staff passphrase again: ", seen)
        os.write(fd, b"too short\n")
        said = read_until(fd, "New staff passphrase: ", seen)
        assert "at least 12 characters" in said and "too short" not in said
        os.write(fd, f"{PASSPHRASE}\n".encode())
        read_until(fd, "Staff passphrase again: ", seen)
        os.write(fd, f"{PASSPHRASE}\n".encode())
        shown = read_until(fd, "staff account added: Alex", seen)
        assert PASSPHRASE not in shown
        answered = True
    finally:
        if not answered:  # a failed check left the command waiting for input
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert StaffAccounts(data(ready)).verify("alex", PASSPHRASE)
