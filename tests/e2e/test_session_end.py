"""A quick exit ends the session process at once, whatever it was doing: rendering a sheet,
or working out a PIN. Nothing the visit held may wait in memory for slow work to finish."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.harness import (
    HOME,
    INTRO,
    NEUTRAL_TEXT,
    WELCOME,
    KioskTerminal,
    Site,
    TmuxSession,
    alive,
)

# The figure. A loaded two-core test machine gets a generous margin on top; the
# latency itself is measured by scripts/bench.
EXIT_SECONDS = 0.5
MARGIN_SECONDS = 1.5
PREPARING = "Preparing your sheet"
BULK_HELPLINES = 400


def write_large_directory(folder: Path) -> None:
    """A centre folder adding many local services to the shipped directory: a real sheet that
    takes long to render."""
    folder.mkdir()
    lines = ['region = "uk"', ""]
    for number in range(BULK_HELPLINES):
        lines += [
            "[[helpline]]",
            f'id = "bulk-{number}"',
            f'name = "Local service {number}"',
            'phone = "01234 567890"',
            'hours = "Monday to Friday, 9am to 5pm"',
            'helps_with = "Advocates who support people affected by domestic abuse or stalking."',
            'topics = ["domestic-abuse", "stalking"]',
            "verified_on = 2026-06-01",
            "",
        ]
    (folder / "bulk-local.toml").write_text("\n".join(lines))


def seconds_until_gone(kiosk: KioskTerminal, session: int, limit: float = 30.0) -> float:
    """Press F12 and time how long the session process takes to end."""
    process = next(p for p in kiosk.term.processes() if p.pid == session)
    kiosk.term.send_keys("F12")
    pressed = time.monotonic()
    while alive(process):
        if time.monotonic() - pressed > limit:
            pytest.fail(f"the session was still running {limit:g} s after the quick exit")
        time.sleep(0.01)
    return time.monotonic() - pressed


def test_a_quick_exit_while_a_sheet_renders_ends_the_session_at_once(
    site: Site, tmux: Callable[..., TmuxSession], tmp_path: Path
) -> None:
    helplines = tmp_path / "large-directory"
    write_large_directory(helplines)
    site.config.write_text(
        f"[kiosk]\nhelplines_folder = {json.dumps(str(helplines))}\n" + site.config.read_text()
    )
    kiosk = KioskTerminal(tmux(site.run_command()))
    term = kiosk.term
    session = kiosk.wait_for_fresh_welcome()
    # Helplines and printing, then "Print this sheet" (focused when the screen opens).
    term.send_keys("Tab", "Enter", "Enter")
    term.wait_for(PREPARING, timeout=30)
    took = seconds_until_gone(kiosk, session)
    assert took < EXIT_SECONDS + MARGIN_SECONDS, f"the session took {took:.2f} s to end"
    screen = term.screen()
    assert PREPARING not in screen
    assert NEUTRAL_TEXT in screen or WELCOME in screen
    kiosk.come_back(session)


def test_a_quick_exit_while_the_pin_is_checked_ends_the_session_and_opens_nothing(
    kiosk: KioskTerminal, site: Site
) -> None:
    term = kiosk.term
    session = kiosk.wait_for_fresh_welcome()
    kiosk.unlock(site.name, site.pin)
    term.wait_for("Opening your vault")  # the real KDF is at work in a thread
    took = seconds_until_gone(kiosk, session)
    assert took < EXIT_SECONDS + MARGIN_SECONDS, f"the session took {took:.2f} s to end"
    # Nothing of the vault was ever shown, and the next visitor starts from the welcome.
    session = kiosk.come_back(session)
    assert HOME not in term.history() and INTRO not in term.history()
    # The vault was left closed and whole: it opens as usual.
    kiosk.open_vault(site.name, site.pin)
