"""The built wheel alone is a working kiosk: what ``pip install`` gives a centre.

Build the wheel, install it with the tested versions of its dependencies (constraints.txt) into
a fresh virtual environment, set up an empty data folder with ``kiosk admin init`` under a
config that names no helpline folder, and see the welcome screen in a real terminal. Nothing
from this checkout is on the installed kiosk's path: it runs from outside the checkout, with
PYTHONPATH removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import (
    FIRST_SCREEN_TIMEOUT,
    STAFF_PASSPHRASE,
    WELCOME,
    TmuxSession,
    sessions,
    skip_or_fail,
)

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def run(command: list[str], *, cwd: Path, stdin: str | None = None) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        command,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, (
        f"{' '.join(command)} exited {result.returncode}:\n{result.stdout[-2000:]}\n"
        f"{result.stderr[-4000:]}"
    )
    return result.stdout


@pytest.fixture
def terminal() -> Iterator[list[TmuxSession]]:
    started: list[TmuxSession] = []
    yield started
    for session in started:
        session.kill()


def test_the_wheel_installed_alone_shows_the_welcome_screen(
    tmp_path: Path, terminal: list[TmuxSession]
) -> None:
    if shutil.which("tmux") is None:
        skip_or_fail("tmux is not installed: this test shows the kiosk in tmux")

    # 1. The wheel, built as a release would be, carries the helpline directory...
    dist = tmp_path / "dist"
    run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("harbour_kiosk-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"kiosk/helplines/directory/uk.toml", "kiosk/helplines/directory/us.toml"} <= names
    assert {"kiosk/printing/templates/base.html", "kiosk/printing/templates/sheet.css"} <= names
    # ... and the compiled English catalogue the screens read their words from.
    assert "kiosk/i18n/locale/en/LC_MESSAGES/harbour.mo" in names

    # 2. A fresh virtual environment with the wheel and the tested dependency versions.
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    python = venv / "bin" / "python"
    run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--constraint",
            str(ROOT / "constraints.txt"),
            str(wheel),
        ],
        cwd=tmp_path,
    )
    location = run([str(python), "-c", "import kiosk; print(kiosk.__file__)"], cwd=tmp_path)
    assert location.startswith(str(venv)), location

    # 3. A config that names no helpline folder, and an empty data folder set up by the
    #    installed command.
    site = tmp_path / "site"
    site.mkdir()
    config = site / "kiosk.toml"
    config.write_text('[kiosk]\ndata_dir = "data"\n[kdf]\nprofile = "standard"\n')
    (site / "data").mkdir(mode=0o700)
    kiosk = venv / "bin" / "kiosk"
    run(
        [str(kiosk), "admin", "init", "--staff-name", "Sam", "--config", str(config)],
        cwd=tmp_path,
        stdin=f"{STAFF_PASSPHRASE}\n{STAFF_PASSPHRASE}\n",
    )
    assert (site / "data" / "gatekeeper" / "kiosk.secret").is_file()
    # The installed renderer process makes a sheet from the templates in the wheel.
    sheet = tmp_path / "helplines.pdf"
    run(
        [str(kiosk), "print", "helplines", "--config", str(config), "--output", str(sheet)],
        cwd=tmp_path,
    )
    assert sheet.read_bytes().startswith(b"%PDF")

    # 4. The kiosk, from outside the checkout, in a real terminal.
    command = ["env", "-C", str(tmp_path), "-u", "PYTHONPATH", str(kiosk), "--config", str(config)]
    term = TmuxSession(command)
    terminal.append(term)
    screen = term.wait_for(WELCOME, timeout=FIRST_SCREEN_TIMEOUT)
    assert "Helplines and printing" in screen
    found = sessions(term.processes())
    assert found, term.processes()
    assert all(p.argv[0].startswith(str(venv)) for p in found), found
