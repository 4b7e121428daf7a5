"""What a newcomer does first: ``scripts/run``, then the README's operator commands, as written.

``scripts/run`` and the README's code block run for real in a copy of the checkout whose
``.venv`` points at the environment running the tests (so nothing is installed), with the
example config switched to the "standard" KDF profile so the first run does not calibrate.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_PIN = "583920"
DEMO_CONFIG = "config/kiosk.example.toml"
DEMO_KIOSK = (".venv/bin/kiosk", "--config", DEMO_CONFIG, "--data-dir", "kiosk-data")
CODE = re.compile(r"recovery code ([0-9A-Z]{4}(?:-[0-9A-Z]{4}){4})\b")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the parts of the checkout that scripts/run uses, with this test's .venv."""
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    for script in ("run", "_venv.sh"):
        shutil.copy2(ROOT / "scripts" / script, root / "scripts" / script)
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copy2(ROOT / name, root / name)
    shutil.copy2(ROOT / "README.md", root / "README.md")
    shutil.copytree(ROOT / "config", root / "config")
    example = root / "config" / "kiosk.example.toml"
    text = example.read_text()
    assert '\nprofile = "calibrated"\n' in text
    example.write_text(text.replace('\nprofile = "calibrated"\n', '\nprofile = "standard"\n'))
    bin_dir = root / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    here = Path(sys.executable)
    (bin_dir / "python").symlink_to(here)
    (bin_dir / "kiosk").symlink_to(here.with_name("kiosk"))
    # The stamp scripts/_venv.sh writes after installing: with it, nothing is installed.
    installed = (root / "pyproject.toml").read_bytes() + (root / "constraints.txt").read_bytes()
    digest = hashlib.sha256(installed).hexdigest()[:16]
    (root / ".venv" / ".harbour-installed").write_text(f"{digest} []\n")
    return root


def scripts_run(checkout: Path) -> subprocess.CompletedProcess[str]:
    # --help: scripts/run prepares the demo folder, then hands its arguments to the kiosk.
    return subprocess.run(
        ["bash", "scripts/run", "--help"],
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_scripts_run_prints_the_demo_recovery_code_at_every_start(checkout: Path) -> None:
    first = scripts_run(checkout)
    assert first.returncode == 0, first.stderr
    found = CODE.search(first.stdout)
    assert found, first.stdout
    code = found.group(1)
    assert "demo-vault" in first.stdout and DEMO_PIN in first.stdout
    assert "Demo staff" in first.stdout and "demo staff passphrase" in first.stdout
    kept = checkout / "kiosk-data" / "demo-recovery-code.txt"
    assert kept.read_text().strip() == code
    assert kept.stat().st_mode & 0o077 == 0

    again = scripts_run(checkout)
    assert again.returncode == 0, again.stderr
    assert "preparing" not in again.stdout
    assert f"recovery code {code}" in again.stdout

    # The printed code is the real one: it sets a new PIN for the demo vault.
    recovered = subprocess.run(
        [*DEMO_KIOSK, "admin", "vault", "recover", "demo-vault"],
        cwd=checkout,
        input=f"{code}\n402917\n402917\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert recovered.returncode == 0 and "PIN changed" in recovered.stdout, recovered.stderr


def readme_operator_commands(readme: str) -> list[str]:
    """The lines of the first shell block under "The operator's commands", comments dropped."""
    section = readme.split("## The operator's commands", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block, "no ```sh block in the operator's commands section"
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


def stdin_for(command: str, recovery_code: str) -> str:
    """What an operator types for each command, one line per prompt."""
    if " create" in command:
        names = "quiet-harbour\n" if "--choose-name" in command else ""
        return f"{names}402917\n402917\n"
    if " change-pin" in command:
        return f"{DEMO_PIN}\n602847\n602847\n"
    if " recover" in command:
        return f"{recovery_code}\n718264\n718264\n"
    if " delete" in command:
        return "DELETE\n"
    if " verify" in command or " export" in command:
        return "718264\n"  # demo-vault's PIN since the recovery above
    if " import" in command:
        return "402917\n"  # the vault made with --choose-name, still empty
    return ""


def test_every_readme_operator_command_works_on_the_demo_folder(checkout: Path) -> None:
    prepared = scripts_run(checkout)
    assert prepared.returncode == 0, prepared.stderr
    found = CODE.search(prepared.stdout)
    assert found, prepared.stdout
    commands = readme_operator_commands((checkout / "README.md").read_text())
    setup, examples = commands[0], commands[1:]
    assert setup.startswith("kiosk()"), "the block starts by pointing kiosk at the demo folder"
    ran = set()
    for command in examples:
        assert command.startswith("kiosk "), command
        result = subprocess.run(
            ["bash", "-c", f"{setup}\n{command}"],
            cwd=checkout,
            input=stdin_for(command, found.group(1)),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        words = command.split()
        ran.add(" ".join(words[1:4]) if words[1] == "admin" else words[1])
        assert "Traceback" not in result.stderr, (command, result.stderr)
        if words[1] == "doctor":
            # It judges this machine (printer, CUPS settings), so it may find problems, but it
            # must have read the demo config and folder.
            assert result.returncode in (0, 1), (command, result.stderr)
            assert "problem(s)" in result.stdout and "kiosk-data" in result.stdout
        else:
            assert result.returncode == 0, (command, result.stdout, result.stderr)
        if " state " in command:
            assert "ready" in result.stdout
        if " recover " in command:
            assert "new recovery code:" in result.stdout
        if " verify " in command:
            assert result.stdout.endswith("intact\n")
    assert (checkout / "helplines.pdf").read_bytes().startswith(b"%PDF")
    assert {
        "admin vault create",
        "admin vault list",
        "admin vault state",
        "admin vault change-pin",
        "admin vault recover",
        "admin vault delete",
        "admin vault verify",
        "admin vault export",
        "admin vault import",
        "print",
        "doctor",
    } <= ran


def test_on_a_terminal_the_demo_credentials_stay_readable_until_enter(checkout: Path) -> None:
    # The kiosk takes the whole screen (the alternate screen) the moment it starts: the
    # credentials printed just before, recovery code included, were never seen in a terminal.
    import os
    import pty
    import signal

    from tests.integration.test_cli import read_until

    pid, fd = pty.fork()
    if pid == 0:  # the child: scripts/run on a real terminal; --help ends the kiosk at once
        os.chdir(checkout)
        os.execv("/bin/bash", ["bash", "scripts/run", "--help"])  # noqa: S606
    seen: list[str] = []
    done = False
    try:
        shown = read_until(fd, "press Enter to start the kiosk", seen, timeout=300)
        assert CODE.search(shown), shown
        assert "Demo staff" in shown and DEMO_PIN in shown
        os.write(fd, b"\n")
        read_until(fd, "usage: kiosk", seen)
        done = True
    finally:
        if not done:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
