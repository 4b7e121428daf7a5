"""A fast typist at the staff console in a real terminal (issue 11's outside test)."""

from __future__ import annotations

from tests.e2e.harness import NEUTRAL_TEXT, WELCOME, KioskTerminal

TYPED_AFTER = "ter"


def test_esc_twice_in_the_middle_of_a_burst_is_a_quick_exit(kiosk: KioskTerminal) -> None:
    """Esc, Esc and the next letter in one burst: the terminal sends ESC ESC t, and Textual
    reads the second ESC with the letter as Alt+t. The two presses of Esc must still leave."""
    term = kiosk.term
    session = kiosk.wait_for_fresh_welcome()
    # Open my vault (focused) → Helplines and printing → Staff; the staff name, Esc twice,
    # and the typing goes on.
    term.type(f"\t\t\rTes\x1b\x1b{TYPED_AFTER}")
    term.wait_until(
        lambda screen: NEUTRAL_TEXT in screen and "Staff sign-in" not in screen,
        "the quick exit",
        timeout=30,  # a bound for a loaded machine; the exit itself is immediate
    )
    kiosk.come_back(session)
    screen = term.screen()
    assert WELCOME in screen and TYPED_AFTER not in screen
