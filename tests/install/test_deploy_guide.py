"""docs/DEPLOY.md works as written: its commands exist, and its backup is private.

The guide was walked by hand on Debian 12 (deploy/install, kiosk admin init, kiosk doctor with
and without ``sudo -u kiosk``, a centre's helpline file, deploy/backup, the kiosk in a
terminal as the kiosk's account). These tests keep the parts a machine can check from
drifting: every ``kiosk`` command in the guide is one the program accepts, every script it
names is shipped, the service runs the command the installer installs, and the backup
archive is readable by its owner only and leaves the kiosk secret out.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
import tarfile
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.helplines.loader import load_directory
from kiosk.operator.cli import build_parser
from tests.e2e.harness import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "DEPLOY.md"
INSTALLED_SOURCE = "/opt/harbour/src/"


def guide_commands() -> list[str]:
    """Every line of the guide's ```sh blocks, without comments."""
    blocks = re.findall(r"```sh\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def kiosk_invocations() -> list[list[str]]:
    """The arguments of every ``sudo -u kiosk kiosk …`` in the guide, code blocks and prose."""
    text = GUIDE.read_text(encoding="utf-8")
    # A redirection (``> ~/q1.csv``) is the administrator's shell's, not the command's.
    found = [line.split(" > ")[0] for line in re.findall(r"sudo -u kiosk kiosk ([^`\n]*)", text)]
    # As a shell reads them: a "# …" after a command in a code block is a comment.
    return [shlex.split(arguments.replace("…", ""), comments=True) for arguments in found]


def test_every_kiosk_command_in_the_guide_is_accepted() -> None:
    invocations = kiosk_invocations()
    assert ["doctor"] in invocations
    assert any(arguments[:2] == ["admin", "init"] for arguments in invocations)
    parser = build_parser()
    for arguments in invocations:
        if arguments:
            parser.parse_args(arguments)  # argparse exits (failing the test) on a bad command


def test_every_script_the_guide_runs_is_shipped_and_executable() -> None:
    commands = guide_commands()
    assert "sudo ./deploy/install" in commands
    scripts = {"deploy/install"}
    for command in commands:
        for word in shlex.split(command):
            if word.startswith(INSTALLED_SOURCE):
                scripts.add(word.removeprefix(INSTALLED_SOURCE))
    assert {"deploy/backup", "deploy/data-folder", "scripts/bench.py"} <= scripts
    for script in scripts:
        path = ROOT / script
        assert path.is_file(), f"the guide runs {script}, which is not in the source"
        if path.suffix != ".py":
            assert os.access(path, os.X_OK), f"{script} is not executable"


def test_the_service_runs_what_the_installer_installs() -> None:
    install = (ROOT / "deploy" / "install").read_text()
    unit = (ROOT / "config" / "systemd" / "harbour-kiosk.service").read_text()
    prefix = re.search(r"^PREFIX=(\S+)$", install, re.MULTILINE)
    assert prefix is not None
    assert f"ExecStart={prefix[1]}/.venv/bin/kiosk --config /etc/harbour/kiosk.toml run" in unit
    data = re.search(r"^DATA=(\S+)$", install, re.MULTILINE)
    assert data is not None and f"ReadWritePaths={data[1]}" in unit
    # Installing the requirements the guide promises: Pango and fonts for printed sheets.
    for package in ("fontconfig", "fonts-noto-core", "libpango-1.0-0", "libpangoft2-1.0-0"):
        assert package in install


def settings_steps(install: str) -> str:
    """deploy/install's lines that check and write /etc/harbour/kiosk.toml, to run alone."""
    check = install[install.index("settings_need_socket=0") : install.index("# 3. The program")]
    write = install[
        install.index('if [ ! -e "$ETC/kiosk.toml" ]') : install.index(
            'install -o root -g "$USER_NAME" -m 0640'
        )
    ]
    return check + write


def run_settings_steps(etc: Path, source: Path) -> subprocess.CompletedProcess[str]:
    install = (ROOT / "deploy" / "install").read_text()
    socket = re.search(r"^GATE_SOCKET=(\S+)$", install, re.MULTILINE)
    assert socket is not None
    script = (
        "set -euo pipefail\n"
        'say() { :; }\nfail() { echo "$*" >&2; exit 1; }\nchown() { :; }\n'
        f"ETC={shlex.quote(str(etc))}\nPREFIX={shlex.quote(str(source))}\n"
        f"USER_NAME=kiosk\nGATE_SOCKET={socket[1]}\n" + settings_steps(install)
    )
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, timeout=60, check=False
    )


def test_the_installed_settings_read_the_centre_folder_and_use_the_service(
    tmp_path: Path,
) -> None:
    """What deploy/install writes to /etc/harbour: the example, pointed at ./helplines and at
    the gatekeeper service's socket."""
    etc = tmp_path / "etc"
    (etc / "helplines").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "helplines" / "local.example.toml.example", etc / "helplines")
    source = tmp_path / "opt"
    (source / "src" / "config").mkdir(parents=True)
    shutil.copy(ROOT / "config" / "kiosk.example.toml", source / "src" / "config")
    result = run_settings_steps(etc, source)
    assert result.returncode == 0, result.stderr
    config = load_config(etc / "kiosk.toml")
    assert config.helplines_path() == etc / "helplines"
    assert config.gatekeeper.socket == "/run/harbour-gate/gatekeeper.sock"
    # Only the example is there: the shipped directory, unchanged.
    assert load_directory(config.helplines_path()) == load_directory(None)
    # A second run leaves the file as it is.
    written = (etc / "kiosk.toml").read_bytes()
    assert run_settings_steps(etc, source).returncode == 0
    assert (etc / "kiosk.toml").read_bytes() == written


def test_an_earlier_installs_settings_get_the_socket_and_keep_the_rest(tmp_path: Path) -> None:
    """An update from before the gatekeeper service: its settings file has no [gatekeeper];
    the kiosk must reach the service once the service owns the gatekeeper's files."""
    etc = tmp_path / "etc"
    etc.mkdir()
    earlier = (
        '[kiosk]\nregion = "us"\nhelplines_folder = "helplines"\n\n'
        "[lockout]\nkiosk_pause_seconds = 900\n"
    )
    (etc / "kiosk.toml").write_text(earlier)
    (etc / "helplines").mkdir()
    result = run_settings_steps(etc, tmp_path)
    assert result.returncode == 0, result.stderr
    text = (etc / "kiosk.toml").read_text()
    assert text.startswith(earlier)
    config = load_config(etc / "kiosk.toml")
    assert config.gatekeeper.socket == "/run/harbour-gate/gatekeeper.sock"
    assert config.kiosk.region == "us" and config.lockout.kiosk_pause_seconds == 900
    assert run_settings_steps(etc, tmp_path).returncode == 0
    assert (etc / "kiosk.toml").read_text() == text  # added once


def test_settings_that_chose_another_gatekeeper_stop_the_update_first(tmp_path: Path) -> None:
    etc = tmp_path / "etc"
    etc.mkdir()
    chosen = '[gatekeeper]\nsocket = ""\n'
    (etc / "kiosk.toml").write_text(chosen)
    result = run_settings_steps(etc, tmp_path)
    assert result.returncode == 1
    assert 'socket = "/run/harbour-gate/gatekeeper.sock"' in result.stderr
    assert (etc / "kiosk.toml").read_text() == chosen


def test_the_guide_never_needs_sudo_less_system_tools() -> None:
    inline = re.findall(r"(?<!`)`([^`\n]+)`(?!`)", GUIDE.read_text(encoding="utf-8"))
    for command in [*guide_commands(), *inline]:
        for tool in ("swapon", "sysctl", "lpadmin", "lpinfo"):
            if re.search(rf"(^|[|;&]\s*){tool}\b", command):
                pytest.fail(f"{command!r}: {tool} needs sudo on Debian")


def test_the_shell_scripts_pass_shellcheck() -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        skip_or_fail("shellcheck is not installed: it checks deploy/ and scripts/")
    assert shellcheck is not None
    scripts = ["deploy/install", "deploy/backup", "deploy/data-folder"] + [
        f"scripts/{name}" for name in ("_venv.sh", "bench", "test")
    ]
    result = subprocess.run(
        [shellcheck, *scripts], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


def test_the_backup_is_private_and_leaves_out_the_kiosk_secret(tmp_path: Path) -> None:
    data = tmp_path / "harbour"
    (data / "gatekeeper").mkdir(parents=True)
    (data / "vaults" / "0123").mkdir(parents=True)
    (data / "gatekeeper" / "kiosk.secret").write_bytes(b"S" * 32)
    (data / "gatekeeper" / "kdf.json").write_text("{}")
    (data / "vaults" / "0123" / "vault.db").write_bytes(b"ciphertext")
    target = tmp_path / "drive"
    target.mkdir()
    environment = {**os.environ, "HARBOUR_DATA_DIR": str(data)}
    result = subprocess.run(
        # A permissive umask, as an administrator's shell has.
        ["sh", "-c", 'umask 022 && exec "$0" "$1"', str(ROOT / "deploy" / "backup"), str(target)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (archive,) = target.glob("harbour-*.tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    assert "./harbour/vaults/0123/vault.db" in names
    assert "./harbour/gatekeeper/kdf.json" in names
    assert not [name for name in names if name.endswith("kiosk.secret")]
    assert "kiosk secret is not in it" in result.stdout


def test_the_restoring_steps_the_commands_point_to_exist() -> None:
    # 'kiosk admin vault …' and 'kiosk doctor' send staff whose data folder lost its kiosk
    # secret to "docs/DEPLOY.md, step 9, 'Restoring'" instead of to 'kiosk admin init'.
    from kiosk.config import Config
    from kiosk.operator.admin import secret_missing

    assert "step 9, 'Restoring'" in secret_missing(Config())
    guide = GUIDE.read_text(encoding="utf-8")
    step_9 = guide[guide.index("## 9. ") : guide.index("## 10. ")]
    assert "**Restoring**" in step_9
    restore = step_9[step_9.index("**Restoring**") :]
    assert "sudo tar -xzf /mnt/harbour-DATE.tar.gz -C /var/lib" in restore
    # The owners of the two-user layout, not everything the kiosk's (the kiosk's account
    # would then read the kiosk secret again).
    assert "sudo /opt/harbour/src/deploy/data-folder" in restore
    assert "chown -R kiosk:kiosk /var/lib/harbour" not in guide
    assert "-o harbour-gate -g harbour-gate -m 0400 /mnt/kiosk.secret" in restore
