"""A quick exit during a 500-entry render ends the session process within 0.5 s and leaves no
renderer behind: the real session (``python -m kiosk session``) in a real pseudo-terminal,
printing a helpline sheet of 500 local services, its renderer and render server watched
through /proc."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scripts.benchlib.pty_app import PtyApp
from tests.printing.processes import (
    ends,
    parent_of,
    wait_for_renderer,
    wait_until_gone,
    wait_until_laying_out,
)

pytestmark = pytest.mark.e2e

# The figure, asserted as it is: F12 written to the terminal until the session
# process has been reaped. The renderer runs niced, so the session keeps its share of the CPU.
EXIT_SECONDS = 0.5
F12 = "\x1b[24~"
ENTRIES = 500
WELCOME = "Everything here is private"
HELPLINES = "Helplines and practical steps"
PREPARING = "Preparing your sheet"
NEUTRAL = "Welcome. Information and leaflets are available at the desk."


def write_centre_directory(folder: Path) -> None:
    """A centre's folder adding 500 local services to the shipped UK region."""
    folder.mkdir()
    lines = ['region = "uk"', ""]
    for number in range(ENTRIES):
        lines += [
            "[[helpline]]",
            f'id = "local-{number}"',
            f'name = "Local service {number}"',
            f'phone = "01234 {number:06d}"',
            'hours = "Monday to Friday, 9am to 5pm"',
            'helps_with = "Advocates who support people affected by domestic abuse or stalking."',
            'topics = ["domestic-abuse", "stalking"]',
            "verified_on = 2026-06-01",
            "",
        ]
    (folder / "local.toml").write_text("\n".join(lines))


@pytest.fixture
def session_argv(tmp_path: Path) -> list[str]:
    helplines = tmp_path / "helplines"
    write_centre_directory(helplines)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\nhelplines_folder = "{helplines}"\n[kdf]\nprofile = "standard"\n')
    place = ["--config", str(config), "--data-dir", str(tmp_path / "data")]
    subprocess.run(
        [sys.executable, "-m", "kiosk", "admin", "init", "--staff-name", "Sam", *place],
        input="long staff passphrase\nlong staff passphrase\n",
        text=True,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return [sys.executable, "-m", "kiosk", "session", *place]


def start_printing(app: PtyApp) -> int:
    """Welcome → Helplines and printing → Print this sheet; the renderer's pid once it is
    laying the sheet out."""
    app.wait_for(WELCOME, timeout=60)
    mark = app.mark()
    app.send("\t\r")  # "Helplines and printing" is the second button
    app.wait_for(HELPLINES, since=mark, timeout=30)
    mark = app.mark()
    app.send("\r")  # "Print this sheet" has the focus
    app.wait_for(PREPARING, since=mark, timeout=30)
    renderer = wait_for_renderer(app.pid)
    wait_until_laying_out(renderer)
    return renderer


def test_a_quick_exit_during_a_500_entry_render_ends_the_session_within_half_a_second(
    session_argv: list[str], tmp_path: Path
) -> None:
    with PtyApp(session_argv, cwd=tmp_path) as app:
        renderer = start_printing(app)
        server = parent_of(renderer)
        app.settle(0.3)  # the session idle, the renderer busy: as when a visitor waits
        mark = app.mark()
        pressed = app.send(F12)
        code = app.wait_exit(30)
        took = time.perf_counter() - pressed
        assert code == 0, app.text_since(mark)
        assert NEUTRAL in app.text_since(mark)
        assert ends(renderer), "the renderer outlived the session"
        assert took < EXIT_SECONDS, f"the session took {took:.2f} s to end"
        assert wait_until_gone(server, timeout=5), "the render server outlived the session"


def test_a_killed_session_leaves_no_renderer(session_argv: list[str], tmp_path: Path) -> None:
    with PtyApp(session_argv, cwd=tmp_path) as app:
        renderer = start_printing(app)
        server = parent_of(renderer)
        os.kill(app.pid, signal.SIGKILL)
        assert app.wait_exit(10) == -signal.SIGKILL
        assert wait_until_gone(renderer, timeout=5), "the renderer outlived its killed session"
        assert wait_until_gone(server, timeout=5), "the render server outlived its session"
