"""Textual's screenshot switch, set in the kiosk's environment, never takes a picture of a visit.

``TEXTUAL_SCREENSHOT=1`` makes a Textual app save an SVG of its screen a second after it is
ready and then quit. The supervisor is started here with it (and with a folder to write to, a
working folder and a home of its own), and the visitor's session must ignore it: no picture
anywhere a picture could be written, and the session carries on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from tests.e2e.harness import POLL, UNLOCK, KioskTerminal, Site, TmuxSession


def test_the_screenshot_switch_is_ignored(
    site: Site, tmux: Callable[..., TmuxSession], tmp_path: Path
) -> None:
    shots, work, home = tmp_path / "shots", tmp_path / "work", tmp_path / "home"
    for folder in (shots, work, home):
        folder.mkdir()
    switches = [
        f"HOME={home}",
        "TEXTUAL_SCREENSHOT=1",
        f"TEXTUAL_SCREENSHOT_LOCATION={shots}",
        "TEXTUAL_SCREENSHOT_FILENAME=visit.svg",
    ]
    kiosk = KioskTerminal(tmux(["env", "-C", str(work), *switches, *site.run_command()]))
    session = kiosk.wait_for_fresh_welcome()
    kiosk.term.send_keys("Enter")
    kiosk.term.wait_for(UNLOCK)
    # Watched for three seconds, well past the switch's one: a screenshot would appear in one
    # of the folders and end the session.
    watch_until = time.monotonic() + 3.0
    while time.monotonic() < watch_until:
        pictures = [p for p in tmp_path.rglob("*") if p.suffix == ".svg"]
        assert pictures == [], pictures
        assert kiosk.session_pid() == session, "the session ended"
        time.sleep(POLL)
    assert UNLOCK in kiosk.term.screen()
