"""The operator's commands, driven as a script would: secrets on stdin, one per line.

Vaults are made with the kiosk's floor KDF parameters (64 MiB) through the "calibrated"
profile; the few end-to-end runs through a real subprocess prove the installed entry point.
"""

from __future__ import annotations

import io
import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.kdf import FLOOR
from tests.commands import run

ROOT = Path(__file__).resolve().parents[2]
PIN = "583920"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text('[kiosk]\ndata_dir = "data"\n[kdf]\nprofile = "standard"\n')
    return path


@pytest.fixture
def ready(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    code, _, err = run(
        capsys,
        monkeypatch,
        config_file,
        "admin",
        "init",
        "--staff-name",
        "Sam",
        stdin="long staff passphrase\nlong staff passphrase\n",
    )
    assert code == 0, err
    # From here on PINs use the cheapest parameters the kiosk accepts (its floor), through the
    # "calibrated" profile as on a centre's kiosk; init ran with "standard" to skip measuring.
    Gatekeeper.save_calibration(config_file.parent / "data", FLOOR, 0.0)
    config_file.write_text(config_file.read_text().replace('"standard"', '"calibrated"'))
    return config_file


def create(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, config: Path, name: str
) -> str:
    code, out, err = run(
        capsys,
        monkeypatch,
        config,
        "admin",
        "vault",
        "create",
        "--name",
        name,
        stdin=f"{PIN}\n{PIN}\n",
    )
    assert code == 0, err
    match = re.search(r"recovery code: (\S+)", out)
    assert match and f"name: {name}" in out
    return match.group(1)


def test_init_sets_up_a_private_data_folder(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        capsys,
        monkeypatch,
        config_file,
        "admin",
        "init",
        "--staff-name",
        "Sam",
        stdin="long staff passphrase\nlong staff passphrase\n",
    )
    assert code == 0, err
    assert "staff account: Sam" in out and "kiosk secret:" in out
    data = config_file.parent / "data"
    assert stat.S_IMODE((data / "gatekeeper" / "kiosk.secret").stat().st_mode) == 0o400
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert (
        b"long staff passphrase"
        not in (data / "gatekeeper" / "staff" / "accounts.json").read_bytes()
    )
    again = run(
        capsys,
        monkeypatch,
        config_file,
        "admin",
        "init",
        "--staff-name",
        "Alex",
        stdin="another passphrase\nanother passphrase\n",
    )
    assert again[0] == 1 and "already set up" in again[2]


def test_init_refuses_a_short_staff_passphrase(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(
        capsys,
        monkeypatch,
        config_file,
        "admin",
        "init",
        "--staff-name",
        "Sam",
        stdin="short\nshort\n",
    )
    assert code == 1 and "at least 12 characters" in err
    assert err.count("\n") == 1


def test_vault_life_cycle(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code_1 = create(capsys, monkeypatch, ready, "river-stone")
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "list")
    assert code == 0 and "ready" in out and "river" not in out
    vault_id = out.split()[0]
    assert re.fullmatch(r"[0-9a-f]{32}", vault_id)

    code, _, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "vault",
        "change-pin",
        "river-stone",
        stdin="111111\n402917\n402917\n",
    )
    assert code == 1 and "not recognised" in err
    code, out, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "vault",
        "change-pin",
        "river-stone",
        stdin=f"{PIN}\n402917\n402917\n",
    )
    assert code == 0 and "PIN changed" in out, err

    code, out, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "vault",
        "recover",
        "river-stone",
        stdin=f"{code_1}\n503918\n503918\n",
    )
    assert code == 0, err
    code_2 = re.search(r"new recovery code: (\S+)", out)
    assert code_2 and code_2.group(1) != code_1
    code, _, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "vault",
        "recover",
        "river-stone",
        stdin=f"{code_1}\n604918\n604918\n",
    )
    assert code == 1 and "not recognised" in err

    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "state", "river-stone")
    assert code == 0 and vault_id in out

    code, _, err = run(
        capsys, monkeypatch, ready, "admin", "vault", "delete", "river-stone", stdin="no\n"
    )
    assert code == 1 and "not deleted" in err
    code, out, _ = run(
        capsys, monkeypatch, ready, "admin", "vault", "delete", "river-stone", stdin="DELETE\n"
    )
    assert code == 0 and vault_id in out
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "list")
    assert out == "no vaults\n"


def test_delete_by_id_from_the_list(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    create(capsys, monkeypatch, ready, "river-stone")
    _, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "list")
    vault_id = out.split()[0]
    code, out, err = run(
        capsys, monkeypatch, ready, "admin", "vault", "delete", "--id", vault_id, "--yes"
    )
    assert code == 0, err
    assert not (ready.parent / "data" / "vaults" / vault_id).exists()


@pytest.mark.parametrize("attack", ["../gatekeeper/" + "./" * 9, "../../outside/" + "./" * 9])
def test_delete_refuses_a_path_given_as_id(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, attack: str
) -> None:
    data = ready.parent / "data"
    (ready.parent / "outside").mkdir()
    before = sorted(str(p) for p in ready.parent.rglob("*"))
    code, out, err = run(
        capsys, monkeypatch, ready, "admin", "vault", "delete", "--id", attack, "--yes"
    )
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "not a vault id" in err and attack not in err
    assert sorted(str(p) for p in ready.parent.rglob("*")) == before
    assert (data / "gatekeeper" / "kiosk.secret").exists()


@pytest.mark.parametrize(
    ("pins", "expected"),
    [
        ("250389\n250389\n", "date"),
        ("123456\n123456\n", "pattern"),
        ("583920\n583921\n", "not the same"),
        ("5839\n5839\n", "6"),
    ],
)
def test_create_refuses_weak_or_mismatched_pins(
    ready: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    pins: str,
    expected: str,
) -> None:
    code, out, err = run(capsys, monkeypatch, ready, "admin", "vault", "create", stdin=pins)
    assert code == 1 and expected in err.lower() and out == ""
    assert err.count("\n") == 1
    assert not list((ready.parent / "data" / "vaults").iterdir())


def test_create_suggests_a_name_and_refuses_a_taken_one(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        capsys, monkeypatch, ready, "admin", "vault", "create", stdin=f"{PIN}\n{PIN}\n"
    )
    assert code == 0
    assert re.search(r"name: [a-z]{4}-[a-z]{4}-[a-z]{4}\n", out)
    create(capsys, monkeypatch, ready, "river-stone")
    code, _, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "vault",
        "create",
        "--name",
        "River Stone",
        stdin=f"{PIN}\n{PIN}\n",
    )
    assert code == 1 and "already in use" in err


@pytest.mark.parametrize(
    ("name", "refusal"),
    [("b" * 100, "at most 64"), ("river!", "only use"), ("River Stone", "in use")],
)
def test_create_refuses_a_name_before_the_pin_is_typed(
    ready: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    refusal: str,
) -> None:
    # Found from outside: the name was checked only after the visitor had typed her PIN twice.
    create(capsys, monkeypatch, ready, "river-stone")
    for args, stdin in ((("--name", name), ""), (("--choose-name",), f"{name}\n")):
        code, out, err = run(
            capsys, monkeypatch, ready, "admin", "vault", "create", *args, stdin=stdin
        )
        assert code == 1 and refusal in err, err
        assert "standard input" not in err and out == ""


@pytest.mark.parametrize("name", ["", "   "])
def test_create_refuses_an_empty_name_given_with_name(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """``--name "$NAME"`` with the variable unset quietly made a vault with a suggested name
    that nobody chose (and the visitor was told another): it is refused, and nothing made."""
    with pytest.raises(SystemExit) as refused:
        run(
            capsys, monkeypatch, ready, "admin", "vault", "create", "--name", name,
            stdin=f"{PIN}\n{PIN}\n",
        )  # fmt: skip
    _, err = capsys.readouterr()
    assert refused.value.code == 2 and "leave --name out for a suggested one" in err
    code, listed, _ = run(capsys, monkeypatch, ready, "admin", "vault", "list")
    assert code == 0 and listed == "no vaults\n"


def test_missing_secrets_on_stdin_is_a_clear_error(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, monkeypatch, ready, "admin", "vault", "create", stdin=f"{PIN}\n")
    assert code == 1 and "standard input" in err


def test_vault_commands_before_init(
    config_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(capsys, monkeypatch, config_file, "admin", "vault", "list")
    assert code == 1 and "kiosk admin init" in err


def test_config_problems_name_the_file_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[session]\nidle_lock_secs = 5\n")
    code, _, err = run(capsys, monkeypatch, bad, "admin", "vault", "list")
    assert code == 2 and "bad.toml" in err and "session.idle_lock_secs" in err
    code, _, err = run(capsys, monkeypatch, tmp_path / "absent.toml", "admin", "vault", "list")
    assert code == 2 and "absent.toml" in err


def test_data_dir_option_overrides_the_config(
    config_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    code, _, err = run(
        capsys,
        monkeypatch,
        config_file,
        "admin",
        "init",
        "--staff-name",
        "Sam",
        "--data-dir",
        str(elsewhere),
        stdin="long staff passphrase\nlong staff passphrase\n",
    )
    assert code == 0, err
    assert (elsewhere / "gatekeeper" / "kiosk.secret").exists()
    assert not (config_file.parent / "data").exists()


def test_installed_command_end_to_end(tmp_path: Path, config_file: Path) -> None:
    kiosk = Path(sys.executable).with_name("kiosk")
    assert kiosk.exists(), "the console script 'kiosk' is not installed in this environment"
    env = {**os.environ, "HOME": str(tmp_path)}

    def call(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(kiosk), *args, "--config", str(config_file)],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    init = call("admin", "init", "--staff-name", "Sam", stdin="long staff passphrase\n" * 2)
    assert init.returncode == 0, init.stderr
    created = call("admin", "vault", "create", stdin=f"{PIN}\n{PIN}\n")
    assert created.returncode == 0 and "recovery code:" in created.stdout
    listing = call("admin", "vault", "list")
    assert listing.returncode == 0 and "ready" in listing.stdout
    wrong = call("admin", "vault", "change-pin", "nobody-here", stdin="111111\n402917\n402917\n")
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("kiosk: ") and wrong.stderr.count("\n") == 1
    assert "Traceback" not in wrong.stderr


def test_names_can_stay_off_the_command_line(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Arguments end up in shell history, the process list and sudo's log; stdin does not."""
    code, out, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "vault",
        "create",
        "--choose-name",
        stdin=f"quiet-harbour\n{PIN}\n{PIN}\n",
    )
    assert code == 0 and "name: quiet-harbour" in out, err
    code, out, _ = run(
        capsys, monkeypatch, ready, "admin", "vault", "state", stdin="quiet-harbour\n"
    )
    assert code == 0 and "ready" in out
    code, out, _ = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "vault",
        "change-pin",
        stdin=f"quiet-harbour\n{PIN}\n402917\n402917\n",
    )
    assert code == 0 and "PIN changed" in out
    code, out, _ = run(
        capsys, monkeypatch, ready, "admin", "vault", "delete", stdin="quiet-harbour\nDELETE\n"
    )
    assert code == 0 and "deleted" in out


def test_a_refused_pin_is_explained_before_it_is_asked_for_again(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From a script: the first entry is judged on its own, so one line is enough to refuse."""
    code, out, err = run(capsys, monkeypatch, ready, "admin", "vault", "create", stdin="250389\n")
    assert code == 1 and "looks like a date" in err and "standard input" not in err
    assert err.count("\n") == 1 and out == ""


def read_until(fd: int, wanted: str, seen: list[str], timeout: float = 60.0) -> str:
    """Everything the terminal shows until ``wanted`` appears (no fixed waits)."""
    import select
    import time

    deadline = time.monotonic() + timeout
    while wanted not in "".join(seen):
        left = deadline - time.monotonic()
        assert left > 0, f"{wanted!r} never appeared in {''.join(seen)!r}"
        ready_fds, _, _ = select.select([fd], [], [], left)
        if ready_fds:
            try:
                chunk = os.read(fd, 4096).decode("utf-8", "replace")
            except OSError:  # the command ended and the terminal closed
                chunk = ""
            assert chunk, f"the command ended before {wanted!r}: {''.join(seen)!r}"
            seen.append(chunk)
    text = "".join(seen)
    seen.clear()
    seen.append(text[text.index(wanted) + len(wanted) :])
    return text[: text.index(wanted)]


def test_on_a_terminal_a_weak_pin_is_refused_kindly_after_the_first_entry(ready: Path) -> None:
    import pty

    kiosk = Path(sys.executable).with_name("kiosk")
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command on a real terminal
        os.execv(  # noqa: S606 - the command itself, as an operator runs it
            str(kiosk),
            [str(kiosk), "--config", str(ready), "admin", "vault", "create", "--name", "calm-bay"],
        )
    seen: list[str] = []
    answered = False
    try:
        read_until(fd, "New PIN: ", seen)
        os.write(fd, b"250389\n")
        said = read_until(fd, "New PIN: ", seen)
        assert "looks like a date" in said and "New PIN again" not in said
        os.write(fd, b"583920\n")
        read_until(fd, "New PIN again: ", seen)
        os.write(fd, b"583920\n")
        shown = read_until(fd, "not shown again", seen)
        assert "name: calm-bay" in shown and "recovery code:" in shown
        answered = True
    finally:
        if not answered:  # a failed check left the command waiting for input
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0


def test_vault_state_is_said_in_plain_words(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    create(capsys, monkeypatch, ready, "river-stone")
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "state", "river-stone")
    assert code == 0 and "ready" in out and "resting" not in out
    for _ in range(5):
        run(
            capsys,
            monkeypatch,
            ready,
            "admin",
            "vault",
            "change-pin",
            "river-stone",
            stdin="111111\n402917\n402917\n",
        )
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "state", "river-stone")
    assert code == 0 and "waiting" in out
    assert re.search(r"tried again in \d+ (second|minute)s?", out), out


@pytest.mark.parametrize(
    "damage",
    [
        lambda db: db.unlink(),
        lambda db: db.write_bytes(b""),
        lambda db: db.write_bytes(db.read_bytes()[:5000]),
    ],
    ids=["missing", "empty", "cut-short"],
)
def test_a_damaged_vault_reads_as_damaged_not_ready(
    ready: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    damage: object,
) -> None:
    create(capsys, monkeypatch, ready, "river-stone")
    (folder,) = (ready.parent / "data" / "vaults").iterdir()
    damage(folder / "vault.db")  # type: ignore[operator]
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "state", "river-stone")
    assert code == 0 and "damaged" in out and "ready" not in out
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "list")
    assert "damaged" in out


def test_delete_without_a_terminal_says_how_to_confirm_in_one_line(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    create(capsys, monkeypatch, ready, "river-stone")
    code, _, err = run(
        capsys, monkeypatch, ready, "admin", "vault", "delete", "river-stone", stdin=""
    )
    assert code == 1 and err.count("\n") == 1
    assert err == (
        "kiosk: not deleted: confirm with a line saying DELETE on standard input, or use --yes\n"
    )
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "list")
    assert "ready" in out


def test_a_lost_kiosk_secret_is_never_replaced_over_existing_vaults(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found from outside: with the secret file gone, every vault command said "run 'kiosk
    # admin init'", and init made a new secret (then failed on the existing staff name), after
    # which every vault was listed as ready but no name found it.
    create(capsys, monkeypatch, ready, "river-stone")
    secret = ready.parent / "data" / "gatekeeper" / "kiosk.secret"
    kept = secret.read_bytes()
    secret.unlink()
    code, _, err = run(capsys, monkeypatch, ready, "admin", "vault", "list")
    assert code == 1 and "kiosk secret" in err and "missing" in err, err
    assert "run 'kiosk admin init'" not in err
    code, out, err = run(
        capsys,
        monkeypatch,
        ready,
        "admin",
        "init",
        "--staff-name",
        "Alex",
        stdin="another passphrase\nanother passphrase\n",
    )
    assert code == 1 and "missing" in err and err.count("\n") == 1, err
    assert "Run 'kiosk admin init'" not in err
    assert not secret.exists()  # nothing was created
    doctor = subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(ready), "doctor"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert "is missing, but the data folder has vaults" in doctor.stdout
    assert "Run 'kiosk admin init' to set up" not in doctor.stdout
    secret.write_bytes(kept)  # the copy kept apart from backups is put back
    secret.chmod(0o400)
    code, out, _ = run(capsys, monkeypatch, ready, "admin", "vault", "state", "river-stone")
    assert code == 0 and "ready" in out


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can be root in another user's folder")
def test_root_is_refused_in_the_kiosk_users_data_folder(
    ready: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Found from outside: root ran every admin command in the kiosk user's folder, whose owner
    # can swap a vault folder for a symlink while a delete runs (root would then overwrite the
    # files it points to), and whose files root made stop the kiosk.
    create(capsys, monkeypatch, ready, "river-stone")
    data = ready.parent / "data"
    before = sorted((p.relative_to(data), p.stat().st_mtime_ns) for p in data.rglob("*"))
    os.chown(data, 65534, 65534)
    for command in (("vault", "list"), ("vault", "delete", "--yes", "river-stone")):
        code, out, err = run(capsys, monkeypatch, ready, "admin", *command)
        assert code == 2 and out == "" and "belongs to another account" in err, err
        assert err.count("\n") == 1, err
    os.chown(data, 0, 0)
    assert sorted((p.relative_to(data), p.stat().st_mtime_ns) for p in data.rglob("*")) == before


@pytest.mark.parametrize("verb", ["session", "run"])
@pytest.mark.parametrize("problem", ["config", "folder", "terminal"])
def test_a_start_is_checked_as_the_full_command_line_checks_it(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    problem: str,
    verb: str,
) -> None:
    """The kiosk's own words (``kiosk --config … --data-dir …``) and the supervisor's words for
    a session (``session --config … --data-dir …``) are read without building the whole
    parser, which cost ten milliseconds of every start; the checks and their one-line errors
    are the ones the whole parser's reading leads to."""
    from kiosk.operator import cli

    config = tmp_path / "kiosk.toml"
    config.write_text("[session]\nidle_lock_secs = 5\n" if problem == "config" else "")
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    if problem == "folder":
        if os.geteuid() != 0:
            pytest.skip("only root can give the data folder to another account")
        os.chown(data, 65534, 65534)
    built = []
    full_parser = cli.build_parser

    def counted_parser() -> object:
        built.append(1)
        return full_parser()

    monkeypatch.setattr(cli, "build_parser", counted_parser)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal
    place = ["--config", str(config), "--data-dir", str(data)]
    if verb == "session":
        # The second: options before the command, which only the whole parser reads.
        ways = (["session", *place], [*place, "session"])
    else:
        # The second: options abbreviated, which only the whole parser reads.
        ways = (place, ["--conf", str(config), "--data", str(data)])
    said = []
    for argv in ways:
        code = cli.main(argv)
        out, err = capsys.readouterr()
        said.append((code, out, err))
    assert built == [1]
    assert said[0] == said[1]
    code, out, err = said[0]
    assert code == 2 and out == "", err
    assert err.startswith("kiosk: ") and err.count("\n") == 1, err
    expected = {"config": "idle_lock_secs", "folder": "another account", "terminal": "terminal"}
    assert expected[problem] in err
