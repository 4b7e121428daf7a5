"""``kiosk admin vault verify|export|import`` driven as an operator's script would: the PIN on
standard input, one line each; a few runs through the installed ``kiosk`` command itself."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.diary.mirror import DiaryWriter, check_at_opening
from kiosk.diary.model import Amendment, Withdrawal
from kiosk.notes.repository import NotesRepository
from kiosk.services import build_gatekeeper
from kiosk.vault.gatekeeper import Gatekeeper
from kiosk.vault.service import VaultService
from tests.commands import run
from tests.integration.test_cli import PIN, config_file, create, ready
from tests.unit.diary_fixtures import content, later

__all__ = ["config_file", "ready"]  # fixtures

NAME = "river-stone"
CODE = re.compile(r"^verification code: ([0-9a-f]{4} ){4}[0-9a-f]{4}$", re.MULTILINE)


def gatekeeper_for(config: Path) -> Gatekeeper:
    return build_gatekeeper(load_config(config))


def write_diary(config: Path, name: str = NAME, entries: int = 2) -> None:
    gatekeeper = gatekeeper_for(config)
    with VaultService(gatekeeper).open(name, PIN) as vault:
        check_at_opening(vault, gatekeeper)
        NotesRepository(vault).add("A note \x1b[31m", written=later(0))
        writer = DiaryWriter(vault, gatekeeper)
        for index in range(entries):
            writer.add(content(f"Incident {index}"), recorded=later(index + 1))
        writer.amend(1, Amendment("detail", "It was raining."), recorded=later(20))
        writer.withdraw(entries, Withdrawal("not him"), recorded=later(21))


@pytest.fixture
def with_diary(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    create(capsys, monkeypatch, ready, NAME)
    write_diary(ready)
    return ready


def test_verify_prints_count_code_and_intact(
    with_diary: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        capsys, monkeypatch, with_diary, "admin", "vault", "verify", NAME, stdin=f"{PIN}\n"
    )
    assert code == 0, err
    assert "records: 4\n" in out and out.endswith("intact\n") and CODE.search(out)
    assert PIN not in out + err


def test_the_name_is_asked_for_when_left_out(
    with_diary: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        capsys, monkeypatch, with_diary, "admin", "vault", "verify", stdin=f"{NAME}\n{PIN}\n"
    )
    assert code == 0, err
    assert "intact" in out


def test_a_wrong_pin_is_one_line(
    with_diary: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        capsys, monkeypatch, with_diary, "admin", "vault", "export", NAME, stdin="720461\n"
    )
    assert code == 1 and out == ""
    assert err.startswith("kiosk: ") and err.count("\n") == 1 and "Traceback" not in err


def test_verify_tells_an_older_copy_put_back(
    with_diary: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    gatekeeper = gatekeeper_for(with_diary)
    vault_dir = next((with_diary.parent / "data" / "vaults").iterdir())
    shutil.copy2(vault_dir / "vault.db", tmp_path / "older.db")
    with VaultService(gatekeeper).open(NAME, PIN) as vault:
        DiaryWriter(vault, gatekeeper).add(content("Later"), recorded=later(30))
    shutil.copy2(tmp_path / "older.db", vault_dir / "vault.db")
    code, out, err = run(
        capsys, monkeypatch, with_diary, "admin", "vault", "verify", NAME, stdin=f"{PIN}\n"
    )
    assert code == 1, err
    assert "records: 4\n" in out and "NOT intact" in out
    assert "older copy" in out and "record 5" in out


def test_export_to_a_file_then_import_into_an_empty_vault_round_trips(
    with_diary: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    code, out, err = run(
        capsys,
        monkeypatch,
        with_diary,
        "admin",
        "vault",
        "export",
        NAME,
        "--output",
        str(first),
        stdin=f"{PIN}\n",
    )
    assert code == 0, err
    assert f"exported 4 diary records to {first}" in out
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    create(capsys, monkeypatch, with_diary, "quiet-lake")
    code, out, err = run(
        capsys,
        monkeypatch,
        with_diary,
        "admin",
        "vault",
        "import",
        "quiet-lake",
        str(first),
        stdin=f"{PIN}\n",
    )
    assert code == 0, err
    assert "imported 1 notes and 2 diary entries (4 records)" in out
    code, _, err = run(
        capsys,
        monkeypatch,
        with_diary,
        "admin",
        "vault",
        "export",
        "quiet-lake",
        "--output",
        str(second),
        stdin=f"{PIN}\n",
    )
    assert code == 0, err
    assert second.read_bytes() == first.read_bytes()
    code, out, _ = run(
        capsys, monkeypatch, with_diary, "admin", "vault", "verify", "quiet-lake", stdin=f"{PIN}\n"
    )
    assert code == 0 and "intact" in out


def tampered(source: Path, to: Path) -> Path:
    document = json.loads(source.read_bytes())
    document["diary"]["records"][0]["entry"]["where"] = "Somewhere else"
    to.write_text(json.dumps(document))
    return to


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda good, to: tampered(good, to), "changed after it was written (record 1)"),
        (lambda good, to: to.write_bytes(good.read_bytes()[:500]) and to, "cut short"),
        (lambda good, to: to.write_text("not json at all") and to, "not a Harbour export"),
    ],
    ids=["tampered", "truncated", "malformed"],
)
def test_import_refuses_a_bad_file_in_one_line_and_changes_nothing(
    with_diary: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    make: object,
    words: str,
) -> None:
    good = tmp_path / "good.json"
    code, _, err = run(
        capsys,
        monkeypatch,
        with_diary,
        "admin",
        "vault",
        "export",
        NAME,
        "--output",
        str(good),
        stdin=f"{PIN}\n",
    )
    assert code == 0, err
    create(capsys, monkeypatch, with_diary, "quiet-lake")
    assert callable(make)
    bad = make(good, tmp_path / "bad.json")
    code, out, err = run(
        capsys,
        monkeypatch,
        with_diary,
        "admin",
        "vault",
        "import",
        "quiet-lake",
        str(bad),
        stdin=f"{PIN}\n",
    )
    assert code == 1 and out == ""
    assert err.startswith("kiosk: not imported: ") and err.count("\n") == 1
    assert words in err and err.rstrip().endswith("nothing was changed")
    code, out, _ = run(
        capsys, monkeypatch, with_diary, "admin", "vault", "verify", "quiet-lake", stdin=f"{PIN}\n"
    )
    assert code == 0 and "records: 0\n" in out


def test_import_refuses_a_vault_with_anything_in_it(
    with_diary: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    export = tmp_path / "export.json"
    run(
        capsys,
        monkeypatch,
        with_diary,
        "admin",
        "vault",
        "export",
        NAME,
        "--output",
        str(export),
        stdin=f"{PIN}\n",
    )
    code, _, err = run(
        capsys, monkeypatch, with_diary, "admin", "vault", "import", NAME, str(export),
        stdin=f"{PIN}\n",
    )  # fmt: skip
    assert code == 1 and "already holds notes or diary entries" in err
    assert err.count("\n") == 1


def test_import_of_a_missing_file_or_a_folder_is_one_line(
    with_diary: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    for path in (tmp_path / "nothing.json", tmp_path):
        code, _, err = run(
            capsys, monkeypatch, with_diary, "admin", "vault", "import", NAME, str(path),
            stdin=f"{PIN}\n",
        )  # fmt: skip
        assert code == 1 and err.count("\n") == 1 and "nothing was changed" in err


def kiosk_command(config: Path, tmp_path: Path, *args: str, stdin: bytes, **kw: object) -> object:
    kiosk = Path(sys.executable).with_name("kiosk")
    return subprocess.run(
        [str(kiosk), *args, "--config", str(config)],
        input=stdin,
        env={**os.environ, "HOME": str(tmp_path)},
        timeout=120,
        check=False,
        **kw,  # type: ignore[arg-type]
    )


def test_the_installed_command_exports_to_a_pipe_the_same_bytes(
    with_diary: Path, tmp_path: Path
) -> None:
    to_file = tmp_path / "export.json"
    done = kiosk_command(
        with_diary,
        tmp_path,
        "admin",
        "vault",
        "export",
        NAME,
        "--output",
        str(to_file),
        stdin=f"{PIN}\n".encode(),
        capture_output=True,
    )
    assert isinstance(done, subprocess.CompletedProcess) and done.returncode == 0, done.stderr
    piped = kiosk_command(
        with_diary,
        tmp_path,
        "admin",
        "vault",
        "export",
        NAME,
        stdin=f"{PIN}\n".encode(),
        capture_output=True,
    )
    assert isinstance(piped, subprocess.CompletedProcess) and piped.returncode == 0
    assert piped.stdout == to_file.read_bytes()
    assert piped.stderr == b""


def test_the_installed_command_never_shows_an_export_on_a_terminal(
    with_diary: Path, tmp_path: Path
) -> None:
    main_end, side = os.openpty()
    try:
        done = kiosk_command(
            with_diary,
            tmp_path,
            "admin",
            "vault",
            "export",
            NAME,
            stdin=f"{PIN}\n".encode(),
            stdout=side,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(side)
    os.set_blocking(main_end, False)
    try:
        shown = os.read(main_end, 65536)
    except (BlockingIOError, OSError):
        shown = b""
    os.close(main_end)
    assert isinstance(done, subprocess.CompletedProcess) and done.returncode == 2
    assert b"--output" in done.stderr and done.stderr.count(b"\n") == 1
    assert b"Incident" not in shown and b"harbour-vault-export" not in shown


def test_export_to_a_place_it_cannot_write_is_one_line(
    with_diary: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    targets = [tmp_path, tmp_path / "no-such-folder" / "x.json"]
    if os.geteuid() != 0:  # root writes anywhere
        targets.append(locked / "x.json")
    for target in targets:
        code, out, err = run(
            capsys, monkeypatch, with_diary, "admin", "vault", "export", NAME,
            "--output", str(target), stdin=f"{PIN}\n",
        )  # fmt: skip
        assert code == 1 and out == "", err
        assert err.count("\n") == 1 and "nothing was written" in err
    assert list(locked.iterdir()) == []


def test_import_of_a_pipe_or_a_device_is_one_line_and_never_waits(
    with_diary: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A FIFO with no writer made the import wait for ever; /dev/zero read 256 MB first."""
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        code, _, err = run(
            capsys, monkeypatch, with_diary, "admin", "vault", "import", NAME, str(path),
            stdin=f"{PIN}\n",
        )  # fmt: skip
        assert code == 1 and err.count("\n") == 1 and "not a regular file" in err


def test_export_to_a_full_disk_names_that_disk_and_leaves_nothing(
    with_diary: Path, tmp_path: Path
) -> None:
    """A file-size limit stands for a full USB stick: the line said the kiosk's own storage
    was full and 'your changes could not be saved', words for her vault, not for this file."""
    import resource

    folder = tmp_path / "stick"
    folder.mkdir()

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    done = kiosk_command(
        with_diary, tmp_path, "admin", "vault", "export", NAME, "--output",
        str(folder / "copy.json"), stdin=f"{PIN}\n".encode(), capture_output=True,
        preexec_fn=limited,
    )  # fmt: skip
    assert isinstance(done, subprocess.CompletedProcess)
    err = done.stderr.decode()
    assert done.returncode == 1 and err.count("\n") == 1, err
    assert "copy.json" in err and "full" in err and "nothing was written" in err
    assert "kiosk's storage" not in err
    assert list(folder.iterdir()) == []


def test_export_into_the_kiosks_own_data_folder_is_refused(
    with_diary: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--output naming the vault's own database replaced it with plain JSON (her vault gone
    at its next opening), and any file there left her diary readable in the data folder."""
    (database,) = (with_diary.parent / "data" / "vaults").glob("*/vault.db")
    before = database.read_bytes()
    for target in (database, database.parent / "copy.json", with_diary.parent / "data" / "x"):
        code, out, err = run(
            capsys, monkeypatch, with_diary, "admin", "vault", "export", NAME,
            "--output", str(target), stdin=f"{PIN}\n",
        )  # fmt: skip
        assert code == 1 and out == "", err
        assert err.count("\n") == 1 and "data folder" in err and "nothing was written" in err
    assert database.read_bytes() == before
    assert not (database.parent / "copy.json").exists()
    code, out, _ = run(
        capsys, monkeypatch, with_diary, "admin", "vault", "verify", NAME, stdin=f"{PIN}\n"
    )
    assert code == 0 and out.endswith("intact\n")


def test_a_pin_missing_from_standard_input_is_named_as_a_pin(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    create(capsys, monkeypatch, ready, NAME)
    code, _out, err = run(capsys, monkeypatch, ready, "admin", "vault", "verify", NAME)
    assert code != 0 and err == "kiosk: expected the PIN on standard input, one per line\n"
