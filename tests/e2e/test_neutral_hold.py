"""After a quick exit the neutral screen stays, steady: never a blank frame, never the welcome
menu, whatever is pressed in panic, until a key after the hold brings the welcome screen."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.e2e.conftest import TEST_HOLD_SECONDS
from tests.e2e.harness import (
    NEUTRAL_TEXT,
    SCREEN_TIMEOUT,
    WELCOME,
    KioskTerminal,
    Site,
    TmuxSession,
)

# Long enough that the panic below, however slowly a loaded machine lets the test look, ends
# well inside it: its keys must reach the next session while the hold still drops them.
HOLD_SECONDS = 10
LOOK_SECONDS = 3.0
LOOKS = 20
# The panic goes on past LOOK_SECONDS until the test has looked LOOKS times (each look is a
# tmux command: a tenth of a second and more on a loaded machine), but no longer than this,
# which leaves the next session four seconds to read the last keys before the hold ends.
PANIC_SECONDS = 6.0
# The hold runs from when the supervisor saw the session end, which is before it started the
# next one: a key sent this long after the next session was first seen comes after the hold,
# however long that session took to start (the hold is not counted from its start).
PAST_THE_HOLD = 0.2
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

    # Look as often as tmux allows, for 3 s and at least 20 times: only the neutral text, every
    # time, while keys keep coming in panic. Meanwhile, note when the next session is seen.
    looks = 0
    next_panic = 0.0
    next_session_seen: float | None = None
    while (
        time.monotonic() - pressed < LOOK_SECONDS or looks < LOOKS
    ) and time.monotonic() - pressed < PANIC_SECONDS:
        screen = term.screen()
        looks += 1
        assert shown_lines(screen) == [NEUTRAL_TEXT], (
            f"look {looks}, {time.monotonic() - pressed:.2f} s after the exit:\n{screen}"
        )
        if time.monotonic() - pressed >= next_panic:
            term.send_keys(*PANIC_KEYS)
            next_panic += 0.4
        if next_session_seen is None and kiosk.session_pid() not in (None, session):
            next_session_seen = time.monotonic()
    assert looks >= LOOKS, f"only {looks} looks in {PANIC_SECONDS:g} s"

    # The next session is already running, holding the same neutral screen.
    if next_session_seen is None:
        assert kiosk.session_pid() not in (None, session)
        next_session_seen = time.monotonic()
    # The keys above were dropped, and with no key after the hold it stays as it is.
    hold_over = next_session_seen + HOLD_SECONDS + PAST_THE_HOLD
    while time.monotonic() < hold_over:
        screen = term.screen()
        assert shown_lines(screen) == [NEUTRAL_TEXT], screen
        time.sleep(0.1)

    # A key after the hold brings the welcome screen; that key itself does nothing there.
    term.send_keys("Space")
    screen = term.wait_for(WELCOME, timeout=SCREEN_TIMEOUT)
    assert "Vault name" not in screen
    assert kiosk.session_pid() not in (None, session)
