"""``kiosk admin vault unused [--months N]`` (issue 11, retention), driven as a script would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.operator import retention
from kiosk.staff.audit import AuditLog, StaffAction
from tests.commands import run
from tests.integration.test_cli import config_file, create, ready

__all__ = ["config_file", "ready"]


def test_unused_lists_ids_and_creation_months_only(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    create(capsys, monkeypatch, ready, "river-stone")
    code, out, err = run(capsys, monkeypatch, ready, "admin", "vault", "unused")
    assert code == 0, err
    assert "no vaults unused for 12 months" in out
    now = dt.datetime.now(dt.UTC).date()
    monkeypatch.setattr(retention, "today_utc", lambda: now + dt.timedelta(days=400))
    code, out, err = run(capsys, monkeypatch, ready, "admin", "vault", "unused")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].endswith(f"created {now:%Y-%m}") and len(lines[0].split()[0]) == 32
    assert "river" not in out
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "unused", "--months", "24")
    assert "no vaults unused for 24 months" in out
    # One month is said as one month (it read "1 months").
    monkeypatch.setattr(retention, "today_utc", lambda: now)
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "unused", "--months", "1")
    assert out == "no vaults unused for 1 month or more\n"
    monkeypatch.setattr(retention, "today_utc", lambda: now + dt.timedelta(days=40))
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "unused", "--months", "1")
    assert out.splitlines()[-1].startswith("1 not opened for 1 month or more;")


@pytest.mark.parametrize("months", ["0", "121", "x", "-1", "1e3"])
def test_unused_refuses_a_bad_number_of_months(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, months: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(capsys, monkeypatch, ready, "admin", "vault", "unused", "--months", months)
    err = capsys.readouterr().err
    assert exit_.value.code == 2
    assert "Traceback" not in err and "months" in err


def test_vaults_made_and_deleted_from_the_command_line_are_in_the_staff_log(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """As at the kiosk (vault-made, vault-deleted, never a name), under "command line"."""
    create(capsys, monkeypatch, ready, "river-stone")
    listed = run(capsys, monkeypatch, ready, "admin", "vault", "list")[1]
    create(capsys, monkeypatch, ready, "quiet-harbour")
    vault_id = listed.split()[0]  # river-stone's
    code, out, err = run(
        capsys, monkeypatch, ready, "admin", "vault", "delete", "--id", vault_id, "--yes"
    )
    assert code == 0, err
    code, out, err = run(
        capsys, monkeypatch, ready, "admin", "vault", "delete", "quiet-harbour", "--yes"
    )
    assert code == 0, err
    records = AuditLog(ready.parent / "data").records()
    assert [(r.action, r.staff, r.detail) for r in records] == [
        (StaffAction.VAULT_MADE, "command line", ""),
        (StaffAction.VAULT_MADE, "command line", ""),
        (StaffAction.VAULT_DELETED, "command line", ""),
        (StaffAction.VAULT_DELETED, "command line", ""),
    ]
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "log", "verify")
    assert (code, out) == (0, "The staff log is whole: 4 records, none changed.\n")
