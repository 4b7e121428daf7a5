"""What an outside check with a shell found in the operator's commands (30 November 2026):
each case gave a traceback, a raw OS error, a wrong state, or changed a folder not the kiosk's.
Each is now one line, and nothing outside what was asked is touched."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.operator.doctor import check_gatekeeper_mode
from kiosk.vault.fsutil import NotARegularFile, read_regular
from tests.commands import run
from tests.integration.test_cli import config_file, create, ready  # noqa: F401 - fixtures

EVERYONE_WRITES = 0o1777  # /tmp's mode


def make_vault(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    config: Path,
    name: str,
    pin: str,
) -> tuple[int, str, str]:
    """``admin vault create --name NAME`` with ``pin`` typed twice, whatever comes of it."""
    return run(
        capsys, monkeypatch, config, "admin", "vault", "create", "--name", name,
        stdin=f"{pin}\n{pin}\n",
    )  # fmt: skip


def test_a_folder_where_a_file_belongs_is_not_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "daily.json").mkdir()
    with pytest.raises(NotARegularFile):
        read_regular(tmp_path / "daily.json", 100)


@pytest.mark.parametrize(
    ("planted", "command", "said"),
    [
        ("numbers/daily.json", ("admin", "numbers"), "daily.json cannot be read"),
        ("staff/audit.jsonl", ("admin", "log", "verify"), "audit.jsonl cannot be read"),
        ("staff/audit.jsonl", ("admin", "log"), "audit.jsonl has a line that cannot be read"),
    ],
)
def test_a_folder_in_place_of_a_state_file_is_one_line(
    ready: Path,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    planted: str,
    command: tuple[str, ...],
    said: str,
) -> None:
    create(capsys, monkeypatch, ready, "first-vault")  # counts a day, writes the log
    path = ready.parent / "data" / planted
    path.unlink()
    path.mkdir()
    code, _, err = run(capsys, monkeypatch, ready, *command)
    assert code != 0
    assert said in err and "not a regular file" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_change_whose_log_is_a_folder_says_which_file_and_why(
    ready: Path,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    log = ready.parent / "data" / "staff" / "audit.jsonl"
    create(capsys, monkeypatch, ready, "first-vault")
    log.unlink()
    log.mkdir()
    code, out, err = make_vault(capsys, monkeypatch, ready, "second-vault", "583920")
    assert code != 0 and "name: second-vault" in out
    assert err.strip() == (
        f"kiosk: the change is made, but the staff log {log} could not be written "
        "(not a regular file)"
    )


@pytest.mark.parametrize("which", ["data folder", "secret's folder"])
def test_init_refuses_a_folder_every_user_writes_in_and_leaves_its_mode(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    which: str,
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, EVERYONE_WRITES)
    (shared / "someone-elses-file").write_text("theirs")
    config = tmp_path / "kiosk.toml"
    if which == "data folder":
        config.write_text(f'[kiosk]\ndata_dir = "{shared}"\n[kdf]\nprofile = "standard"\n')
    else:
        config.write_text(
            f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n'
            f'secret_file = "{shared / "kiosk.secret"}"\n[kdf]\nprofile = "standard"\n'
        )
    code, _, err = run(
        capsys,
        monkeypatch,
        config,
        "admin",
        "init",
        "--staff-name",
        "Sam",
        stdin="long staff passphrase\nlong staff passphrase\n",
    )
    assert code != 0
    assert err.strip() == (
        f"kiosk: {shared}: every user may write in it; choose a folder of the kiosk's own"
    )
    assert stat.S_IMODE(shared.stat().st_mode) == EVERYONE_WRITES
    assert sorted(p.name for p in shared.iterdir()) == ["someone-elses-file"]
    assert not (tmp_path / "data").exists()  # nothing was made before the refusal


@pytest.mark.parametrize("report", [("admin", "numbers"), ("admin", "log")])
def test_reports_on_a_folder_not_set_up_refuse_and_make_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    report: tuple[str, ...],
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ndata_dir = "{empty}"\n')
    code, out, err = run(capsys, monkeypatch, config, *report)
    assert code != 0 and out == ""
    assert err.strip() == f"kiosk: {empty} is not set up yet: run 'kiosk admin init' first"
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize("planted", ["folder", "link to another vault's database"])
def test_a_database_that_is_not_a_file_of_its_own_is_damaged_in_the_list(
    ready: Path,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    planted: str,
) -> None:
    create(capsys, monkeypatch, ready, "first-vault")
    create(capsys, monkeypatch, ready, "other-vault")
    ids = {}
    for name in ("first-vault", "other-vault"):
        _, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "state", name)
        ids[name] = out.split()[0]
    first_id, other_id = ids["first-vault"], ids["other-vault"]
    vaults = ready.parent / "data" / "vaults"
    database = vaults / first_id / "vault.db"
    database.unlink()
    if planted == "folder":
        database.mkdir()
    else:
        database.symlink_to(vaults / other_id / "vault.db")
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "state", "first-vault")
    assert code == 0 and "damaged" in out and "ready" not in out
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "list")
    states = {line.split()[0]: line for line in out.splitlines()}
    assert "damaged" in states[first_id] and "ready" in states[other_id]


def test_the_doctor_warns_when_the_gatekeeper_runs_in_the_kiosks_process(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\ndata_dir = "data"\n')
    [finding] = check_gatekeeper_mode(load_config(config))
    assert finding.level == "warning" and "try PINs" in finding.message
    config.write_text('[kiosk]\ndata_dir = "data"\n[gatekeeper]\nsocket = "/run/harbour/g.sock"\n')
    assert check_gatekeeper_mode(load_config(config)) == []


def test_a_vault_deleted_while_it_is_being_opened_is_not_recognised(tmp_path: Path) -> None:
    """``vault verify`` racing ``vault delete`` printed the lock file's path and an errno:
    the folder went between reading the slots and taking the session's lock."""
    from kiosk.vault.errors import NotRecognised
    from kiosk.vault.storage.database import SessionLock

    folder = tmp_path / "vaults" / "0123456789abcdef0123456789abcdef"
    folder.mkdir(parents=True)
    lock = SessionLock(folder)
    folder.rmdir()  # deleted by staff meanwhile
    with pytest.raises(NotRecognised):
        lock.acquire()


def test_an_export_never_replaces_a_file_unless_asked(
    ready: Path,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Found by an outside check: export and print replaced a file silently, while numbers
    and log refused without --replace. Refused before her PIN is asked for."""
    create(capsys, monkeypatch, ready, "first-vault")
    kept = tmp_path / "kept.json"
    kept.write_text("an earlier copy")
    export = ("admin", "vault", "export", "first-vault", "--output", str(kept))
    code, _, err = run(capsys, monkeypatch, ready, *export)  # no PIN on stdin: not asked
    assert (
        code != 0
        and err.strip()
        == f"kiosk: {kept} already exists; add --replace to replace it; nothing was written"
    )
    assert kept.read_text() == "an earlier copy"
    code, _, err = run(capsys, monkeypatch, ready, *export, "--replace", stdin="583920\n")
    assert code == 0, err
    assert kept.read_text().startswith("{") and stat.S_IMODE(kept.stat().st_mode) == 0o600
    code, _, err = run(capsys, monkeypatch, ready, *export[:-2], "--replace")
    assert code != 0 and "--replace goes with --output" in err


def test_a_sheet_never_replaces_a_file_or_a_device_unless_asked(
    ready: Path,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    kept = tmp_path / "kept.pdf"
    kept.write_text("keep me")
    sheet = ("print", "helplines", "--output", str(kept))
    code, _, err = run(capsys, monkeypatch, ready, *sheet)
    assert (
        code != 0
        and err.strip()
        == f"kiosk: {kept} already exists; add --replace to replace it; nothing was written"
    )
    assert kept.read_text() == "keep me"
    code, _, err = run(capsys, monkeypatch, ready, "print", "helplines", "--output", "/dev/null")
    assert code != 0 and "/dev/null: not a regular file; nothing was written" in err
    code, _, err = run(capsys, monkeypatch, ready, *sheet, "--replace")
    assert code == 0, err
    assert kept.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("748291", "748291"),  # the same
        ("stone-639174", "639174"),  # in the name
        ("blue-river", "Blue river candle morning"),  # the name in it
        ("blue river candle morning", "blue river candle morning"),
    ],
)
def test_a_pin_that_is_the_vault_name_or_part_of_it_is_refused(name: str, secret: str) -> None:
    """Found by an outside check as staff: a PIN typed as the vault's name was accepted, and
    staff, told her vault's name, then knew her PIN."""
    from kiosk.vault.errors import SecretProblem, WeakSecret
    from kiosk.vault.pin_policy import check_new_secret

    with pytest.raises(WeakSecret) as refused:
        check_new_secret(secret, name=name)
    assert refused.value.problem is SecretProblem.NAME
    check_new_secret("583920", name=name)  # a PIN of its own is fine


def test_staff_cannot_make_a_vault_whose_pin_is_its_name(
    ready: Path,  # noqa: F811 - the fixture
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = make_vault(capsys, monkeypatch, ready, "748291", "748291")
    assert code != 0 and "recovery code" not in out
    assert "too close to the vault name" in err
    _, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "list")
    assert out.strip() == "no vaults"
