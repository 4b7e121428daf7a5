"""After a quick exit the neutral screen stays, steady: never a blank frame, never the welcome
menu, whatever is pressed in panic, until a key after the hold brings the welcome screen."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.e2e.conftest import TEST_HOLD_SECONDS
from tests.e2e.harness import NEUTRAL_TEXT, WELCOME, KioskTerminal, Site, TmuxSession

HOLD_SECONDS = 5
LOOK_SECONDS = 3.0
# Keys someone might press in panic: Enter and Space would open the vault's screen from the
# welcome menu, letters and Tab would start typing, Esc and F12 are exit keys again.
PANIC_KEYS = ("Enter", "Space", "a", "Tab", "Escape", "F12", "Enter")


def shown_lines(screen: str) -> list[str]:
    return [line.strip() for line in screen.splitlines() if line.strip()]


def test_the_neutral_screen_stays_until_a_key_after_the_hold(
    site: Site, tmux: Callable[..., TmuxSession]
) -> None:
    site.config.write_text(
        site.config.read_text().replace(
            f"neutral_hold_seconds = {TEST_HOLD_SECONDS}", f"neutral_hold_seconds = {HOLD_SECONDS}"
        )
    )
    kiosk = KioskTerminal(tmux(site.run_command()))
    term = kiosk.term
    session = kiosk.wait_for_fresh_welcome()
    term.send_keys("F12")
    pressed = time.monotonic()
    term.wait_for(NEUTRAL_TEXT, timeout=5)

    # Look as often as tmux allows for 3 s: only the neutral text, every time, while keys
    # keep coming in panic.
    looks = 0
    next_panic = 0.0
    while time.monotonic() - pressed < LOOK_SECONDS:
        screen = term.screen()
        looks += 1
        assert shown_lines(screen) == [NEUTRAL_TEXT], (
            f"look {looks}, {time.monotonic() - pressed:.2f} s after the exit:\n{screen}"
        )
        if time.monotonic() - pressed >= next_panic:
            term.send_keys(*PANIC_KEYS)
            next_panic += 0.4
    assert looks >= 20, f"only {looks} looks in {LOOK_SECONDS:g} s"

    # The next session is already running, holding the same neutral screen.
    assert kiosk.session_pid() not in (None, session)
    # The keys above were dropped, and with no key after the hold it stays as it is.
    while time.monotonic() - pressed < HOLD_SECONDS + 1.0:
        screen = term.screen()
        assert shown_lines(screen) == [NEUTRAL_TEXT], screen
        time.sleep(0.1)

    # A key after the hold brings the welcome screen; that key itself does nothing there.
    term.send_keys("Space")
    screen = term.wait_for(WELCOME, timeout=10)
    assert "Vault name" not in screen
    assert kiosk.session_pid() not in (None, session)
