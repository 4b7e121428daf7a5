# ruff: noqa: F811  (the fixtures imported from test_cli are named by the tests' arguments)
"""What a centre's staff member met using the operator commands from outside (issue 7).

Real commands on real data folders: the ``kiosk`` entry point in-process (``main``) or as a
subprocess for ``doctor``. Each test failed on the code before its fix.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.integration.test_cli import (  # noqa: F401  (fixtures)
    PIN,
    config_file,
    create,
    ready,
    run,
)
from tests.integration.test_doctor import kiosk_command

NOBODY = 65534
needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="giving files to another account needs root"
)


def doctor(config: Path) -> str:
    result = subprocess.run(
        [*kiosk_command(), "doctor", "--config", str(config)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return output


def everything_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


@needs_root
def test_a_command_run_by_another_account_is_refused_before_it_writes(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # "sudo kiosk admin vault create" on an installed kiosk: the files root made there could
    # not be read by the kiosk's account, and every vault stopped opening.
    data = ready.parent / "data"
    for path in [data, *everything_in(data)]:
        os.lchown(path, NOBODY, NOBODY)
    before = everything_in(data)
    code, out, err = run(
        capsys, monkeypatch, ready, "admin", "vault", "create", stdin=f"{PIN}\n{PIN}\n"
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "belongs to another account" in err
    assert "sudo -u kiosk kiosk" in err
    assert everything_in(data) == before
    assert all(path.lstat().st_uid == NOBODY for path in everything_in(data))


@needs_root
def test_doctor_finds_files_another_account_made_and_says_how_to_give_them_back(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    create(capsys, monkeypatch, ready, "river-stone")
    data = ready.parent / "data"
    names = data / "gatekeeper" / "names.json"
    os.chown(names, NOBODY, NOBODY)
    output = doctor(ready)
    assert f"problem: 1 file(s) in {data} belong to another user, such as {names}" in output
    assert f"fix: Give them back to the kiosk's user: sudo chown -R root:root {data}" in output


def test_init_refuses_a_folder_that_holds_vaults_but_lost_its_secret(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A backup is restored without the kiosk secret (as the guide says to make it): the old
    # advice, "run kiosk admin init", made a new secret that opens none of the vaults.
    create(capsys, monkeypatch, ready, "river-stone")
    data = ready.parent / "data"
    secret = data / "gatekeeper" / "kiosk.secret"
    secret.unlink()
    code, _, err = run(capsys, monkeypatch, ready, "admin", "vault", "list")
    assert code == 1 and "kiosk admin init' first" not in err
    assert "is missing" in err and "put back its copy" in err and err.count("\n") == 1
    output = doctor(ready)
    assert "to set up this data folder" not in output
    assert "fix: Put back the copy of kiosk.secret" in output
    code, out, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "init",
        "--staff-name",
        "Alex",
        stdin="long staff passphrase\nlong staff passphrase\n",
    )
    assert code == 1 and out == "" and "nothing was changed" in err
    assert not secret.exists()


def test_doctor_says_how_to_make_a_missing_helpline_folder(tmp_path: Path) -> None:
    from tests.integration.test_doctor import set_up

    config = set_up(tmp_path)
    config.write_text(
        config.read_text().replace("[kiosk]\n", '[kiosk]\nhelplines_folder = "mine"\n')
    )
    output = doctor(config)
    assert f"Helpline directory: {tmp_path / 'mine'}: no such folder" in output
    assert "Correct that file" not in output
    assert f"sudo install -d -g kiosk -m 0750 {tmp_path / 'mine'}" in output


def test_create_checks_the_name_before_the_visitor_types_a_pin(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # No PIN on standard input: a name refused only after the PINs asked for them first.
    code, _, err = run(capsys, monkeypatch, ready, "admin", "vault", "create", "--name", "x")
    assert code == 1 and "at least 4 letters" in err
    create(capsys, monkeypatch, ready, "river-stone")
    code, _, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "vault",
        "create",
        "--choose-name",
        stdin="River Stone\n",
    )
    assert code == 1 and "already in use" in err


def test_a_missing_pin_on_standard_input_is_named_as_staff_write_it(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, monkeypatch, ready, "admin", "vault", "create", stdin="")
    assert code == 1
    assert err == "kiosk: expected the new PIN on standard input, one per line\n"


def test_a_damaged_vault_tells_staff_what_they_can_do(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    create(capsys, monkeypatch, ready, "river-stone")
    (folder,) = (ready.parent / "data" / "vaults").iterdir()
    (folder / "vault.db").write_bytes((folder / "vault.db").read_bytes()[:1000])
    code, _, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "vault",
        "change-pin",
        "river-stone",
        stdin=f"{PIN}\n402917\n402917\n",
    )
    assert code == 1 and err.count("\n") == 1
    assert "ask staff" not in err and "restore its folder from a backup" in err
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "state", "river-stone")
    assert code == 0 and "damaged" in out and "restore its folder from a backup" in out


def test_saving_a_sheet_onto_a_folder_is_refused_and_leaves_no_copy(
    tmp_path: Path,
    config_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "sheets"
    target.mkdir()
    before = sorted(tmp_path.iterdir())
    code, out, err = run(
        capsys, monkeypatch, config_file, "print", "helplines", "--output", str(target)
    )
    assert code == 2 and out == ""
    assert err == (
        f"kiosk: {target} is a folder: give a file name, such as {target / 'helplines.pdf'}\n"
    )
    assert sorted(tmp_path.iterdir()) == before and not any(target.iterdir())


@needs_root
def test_a_sheet_that_cannot_be_saved_leaves_no_partial_copy(
    tmp_path: Path,
    config_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The sheet is written beside the target, then renamed over it; an immutable target makes
    # the rename fail, as a sticky folder such as /tmp does for another user's file.
    target = tmp_path / "helplines.pdf"
    target.write_bytes(b"older sheet")
    if subprocess.run(["chattr", "+i", str(target)], check=False).returncode != 0:
        pytest.skip(reason="chattr +i is not supported on this file system")
    try:
        code, _, err = run(
            capsys, monkeypatch, config_file, "print", "helplines", "--output", str(target)
        )
    finally:
        subprocess.run(["chattr", "-i", str(target)], check=True)
    assert code == 1 and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["helplines.pdf", "kiosk.toml"]


def test_on_a_terminal_a_mismatch_or_a_bad_name_is_asked_again_not_left_to_the_shell(
    ready: Path,
) -> None:
    # Before, "Please type the new PIN again" ended the command: what the visitor typed next
    # went to the shell prompt, shown in clear and kept in its history.
    import pty
    import signal
    import sys

    from tests.integration.test_cli import read_until

    kiosk = Path(sys.executable).with_name("kiosk")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command on a real terminal
        os.execv(  # noqa: S606 - the command itself, as an operator runs it
            str(kiosk),
            [str(kiosk), "--config", str(ready), "admin", "vault", "create", "--choose-name"],
        )
    seen: list[str] = []
    answered = False
    try:
        read_until(fd, "Vault name: ", seen)
        os.write(fd, b"ab\n")
        said = read_until(fd, "Vault name: ", seen)
        assert "at least 4 letters" in said and "PIN" not in said
        os.write(fd, b"calm-bay\n")
        read_until(fd, "New PIN: ", seen)
        os.write(fd, b"482917\n")
        read_until(fd, "New PIN again: ", seen)
        os.write(fd, b"482971\n")
        said = read_until(fd, "New PIN: ", seen)
        assert "not the same" in said
        os.write(fd, b"482917\n")
        read_until(fd, "New PIN again: ", seen)
        os.write(fd, b"482917\n")
        shown = read_until(fd, "not shown again", seen)
        assert "name: calm-bay" in shown and "recovery code:" in shown
        answered = True
    finally:
        if not answered:  # a failed check left the command waiting for input
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0


@pytest.mark.parametrize("prompt", ["Vault name: ", "New PIN: ", "New PIN again: "])
def test_on_a_terminal_ctrl_d_at_any_prompt_ends_in_one_calm_line(ready: Path, prompt: str) -> None:
    import pty
    import signal
    import sys

    from tests.integration.test_cli import read_until

    kiosk = Path(sys.executable).with_name("kiosk")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command on a real terminal
        os.execv(  # noqa: S606 - the command itself, as an operator runs it
            str(kiosk),
            [str(kiosk), "--config", str(ready), "admin", "vault", "create", "--choose-name"],
        )
    seen: list[str] = []
    answers = {"Vault name: ": b"calm-bay\n", "New PIN: ": b"482917\n"}
    ended = False
    try:
        for asked in answers:
            read_until(fd, asked, seen)
            if asked == prompt:
                break
            os.write(fd, answers[asked])
        else:
            read_until(fd, prompt, seen)
        os.write(fd, b"\x04")  # Ctrl+D
        label = prompt.removesuffix(": ")
        said = read_until(fd, "nothing was changed", seen)
        ended = True
    finally:
        if not ended:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert "Traceback" not in said and "EOFError" not in said
    assert f"kiosk: ended at '{label}' (Ctrl+D)" in said
    assert os.waitstatus_to_exitcode(status) == 1
    assert not list((ready.parent / "data" / "vaults").iterdir())


def test_deleting_a_vault_that_is_not_there_says_so_before_asking_to_confirm(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    unknown = "abcdef0123456789abcdef0123456789"
    code, out, err = run(
        capsys, monkeypatch, ready, "admin", "vault", "delete", "--id", unknown, stdin="DELETE\n"
    )
    assert code == 1 and out == ""
    assert err == (
        f"kiosk: no vault has the id {unknown} ('kiosk admin vault list' shows them); "
        "nothing was changed\n"
    )
    # No confirmation asked: from a script, the missing DELETE line is not what is reported.
    code, _, err = run(capsys, monkeypatch, ready, "admin", "vault", "delete", "nosuch-name")
    assert code == 1 and "No vault has that name" in err and "DELETE" not in err


def test_a_wrong_recovery_code_is_called_a_recovery_code_not_a_pin(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    create(capsys, monkeypatch, ready, "river-stone")
    code, out, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "vault",
        "recover",
        "river-stone",
        stdin="AAAA-BBBB-CCCC-DDDD-EEEE\n402917\n402917\n",
    )
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "The vault name or recovery code was not recognised." in err and "PIN" not in err


@pytest.mark.parametrize(
    "passphrases", ["short\nshort\n", "long staff passphrase\nlong staff passphrase!\n"]
)
def test_init_refuses_the_passphrase_before_it_makes_the_secret(
    config_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    passphrases: str,
) -> None:
    # As installed: the data folder exists and is empty. Before, a refused passphrase left a
    # kiosk secret behind (after calibrating for seconds), and the next try said "kept".
    data = config_file.parent / "data"
    data.mkdir(mode=0o700)
    code, out, err = run(
        capsys, monkeypatch, config_file, "admin", "init", "--staff-name", "Sam", stdin=passphrases
    )
    assert code == 1 and out == "" and err.count("\n") == 1
    assert err.endswith("; nothing was changed\n")
    assert list(data.iterdir()) == []


@pytest.mark.parametrize("command", [[], ["run"], ["session"]])
def test_the_kiosk_refuses_to_draw_its_screens_into_a_file(
    ready: Path, tmp_path: Path, command: list[str]
) -> None:
    # 'kiosk > log' (or under a pipe) drew every screen, whatever a visitor opened, into the
    # file as text; it is refused before anything is drawn.
    log = tmp_path / "screen.log"
    with log.open("w") as output:
        result = subprocess.run(
            [*kiosk_command(), "--config", str(ready), *command],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr == (
        "kiosk: the kiosk needs a terminal for its input and output, not a file or a pipe: "
        "run it on the console (docs/DEPLOY.md, step 6) or in a terminal window\n"
    )
    assert log.read_text() == ""
