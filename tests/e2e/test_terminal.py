"""The installed kiosk in a real terminal: the supervisor, one process per visit, the quick
exit, what the terminal keeps afterwards, and what a visitor's keys can and cannot do."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from kiosk.staff.audit import AuditLog, StaffAction
from tests.e2e.harness import (
    EDITOR,
    EXIT_REPORT,
    FIRST_SCREEN_TIMEOUT,
    HOME,
    INTRO,
    MASK,
    NOT_RECOGNISED,
    NOTE,
    PIN,
    RESTORED,
    STAFF_NAME,
    STAFF_PASSPHRASE,
    UNFINISHED,
    UNLOCK,
    VAULT_NAME,
    WELCOME,
    KioskTerminal,
    Site,
    TmuxSession,
    alive,
)

CANARIES = (NOTE, VAULT_NAME, PIN)
GAP_TEXT = "GAPCANARY"


def assert_nothing_kept(text: str, where: str) -> None:
    for canary in CANARIES:
        assert canary not in text, f"{canary!r} is still in the {where}:\n{text}"


def files_holding(data: Path, needle: bytes) -> list[Path]:
    return [
        path for path in sorted(data.rglob("*")) if path.is_file() and needle in path.read_bytes()
    ]


def test_a_visit_leaves_nothing_behind_after_the_quick_exit(
    kiosk: KioskTerminal, site: Site
) -> None:
    term = kiosk.term
    session = kiosk.wait_for_fresh_welcome()
    supervisor = kiosk.supervisor

    # The visit: unlock, the first-time explanation, My notes, Write a note, type.
    kiosk.open_vault(site.name, site.pin)
    kiosk.open_note_editor()
    term.type(NOTE)
    term.wait_for(NOTE)

    session = kiosk.quick_exit(session, hidden=(NOTE, EDITOR, HOME))
    assert kiosk.supervisor == supervisor, "the supervisor itself was replaced"
    assert_nothing_kept(term.history(), "terminal's scrollback after the quick exit")

    # Someone at the kiosk afterwards tries the keys that bring things back elsewhere.
    # Esc twice is itself a quick exit: on the welcome screen it starts yet another session.
    term.press_escape(2)
    session = kiosk.come_back(session)
    for key in ("C-z", "C-c", "u", "Up"):
        term.send_keys(key, pause=0.3)
        screen = term.screen()
        assert WELCOME in screen, f"after {key} the welcome screen went away:\n{screen}"
        assert HOME not in screen
        assert_nothing_kept(screen, f"screen after {key}")
    assert kiosk.session_pid() == session
    term.send_keys("Enter")
    screen = term.wait_for(UNLOCK)
    # Both fields are empty: no name is offered back and the PIN field holds nothing.
    assert MASK not in screen
    assert_nothing_kept(screen, "unlock screen of the next visitor")
    session = kiosk.quick_exit(session, hidden=(UNLOCK,))
    assert_nothing_kept(term.history(), "terminal's scrollback")
    assert HOME not in term.history()

    # She comes back: her unfinished note was kept, encrypted, in her vault.
    kiosk.open_vault(site.name, site.pin)
    term.wait_for(UNFINISHED)
    kiosk.open_note_editor()
    term.wait_for(RESTORED)
    term.wait_for(NOTE)
    session = kiosk.quick_exit(session, hidden=(NOTE, EDITOR, HOME))
    assert_nothing_kept(term.history(), "terminal's scrollback after the second visit")

    # On disk there is only ciphertext: no note, no vault name, no PIN, in any file.
    for canary in CANARIES:
        for encoding in ("utf-8", "utf-16-le"):
            found = files_holding(site.data, canary.encode(encoding))
            assert not found, f"{canary!r} ({encoding}) is readable in {found}"


def test_name_tab_pin_and_enter_typed_as_one_burst_open_the_vault_and_never_show_the_pin(
    kiosk: KioskTerminal, site: Site
) -> None:
    """A fast typist, or a barcode-style paste: every key in one write to the terminal."""
    term = kiosk.term
    kiosk.wait_for_fresh_welcome()
    term.type(f"\r{site.name}\t{site.pin}\r")
    # Look at the screen as often as tmux allows until the vault opens: the PIN, on the end of
    # the name or anywhere else, must never be there.
    deadline = time.monotonic() + FIRST_SCREEN_TIMEOUT
    looks = 0
    while True:
        screen = term.screen()
        looks += 1
        assert site.pin not in screen, f"the PIN showed in clear (look {looks}):\n{screen}"
        if INTRO in screen or HOME in screen:
            break
        assert NOT_RECOGNISED not in screen and "Please type" not in screen, screen
        assert time.monotonic() < deadline, f"the vault did not open; the screen was:\n{screen}"
    assert site.pin not in term.history()


def test_a_wrong_pin_is_refused_calmly_and_never_shown(kiosk: KioskTerminal, site: Site) -> None:
    term = kiosk.term
    session = kiosk.wait_for_fresh_welcome()
    wrong = "264817"
    kiosk.unlock(site.name, wrong)
    screen = term.wait_for(NOT_RECOGNISED, timeout=30)
    assert wrong not in screen and PIN not in screen
    assert HOME not in screen
    # The PIN field was emptied for the next try.
    term.wait_until(lambda screen: MASK not in screen, "the PIN field to be emptied")
    assert kiosk.session_pid() == session
    kiosk.quick_exit(session, hidden=(UNLOCK, VAULT_NAME))
    history = term.history()
    assert wrong not in history
    assert_nothing_kept(history, "terminal's scrollback")


def test_interrupt_and_quit_keys_do_not_stop_the_kiosk(kiosk: KioskTerminal) -> None:
    term = kiosk.term
    session = kiosk.wait_for_fresh_welcome()
    supervisor = kiosk.supervisor
    # Interrupt, quit (Textual's usual binding), suspend, SIGQUIT and the command palette.
    for key in ("C-c", "C-q", "C-z", "C-\\", "C-p"):
        term.send_keys(key, pause=0.5)
        screen = term.screen()
        assert not term.pane_dead(), f"{key} ended the kiosk:\n{screen}"
        assert kiosk.supervisor == supervisor, f"{key} replaced the supervisor"
        assert kiosk.session_pid() == session, f"{key} ended the visitor's session"
        assert WELCOME in screen, f"after {key} the welcome screen went away:\n{screen}"
        last = [line.rstrip() for line in screen.splitlines() if line.strip()][-1]
        assert not last.endswith(("$", "#", ">")), f"a shell prompt after {key}:\n{screen}"
        assert "Search for commands" not in screen, f"{key} opened the command palette"
    # The kiosk still answers keys afterwards.
    term.send_keys("Enter")
    term.wait_for(UNLOCK)


def test_staff_can_leave_the_kiosk_back_to_the_operating_system(
    site: Site, tmux: Callable[..., TmuxSession]
) -> None:
    # Under sh, which reports how the supervisor ended.
    term = tmux(site.run_command(), report_exit=True)
    kiosk = KioskTerminal(term)
    kiosk.wait_for_fresh_welcome()
    supervisor = kiosk.supervisor
    # Open my vault (focused) → Helplines and printing → Staff.
    term.send_keys("Tab", "Tab", "Enter")
    term.wait_for("Staff sign-in")
    term.type(STAFF_NAME)
    term.wait_for(STAFF_NAME)
    term.send_keys("Enter")  # on to the passphrase
    term.type(STAFF_PASSPHRASE)
    term.wait_for(MASK * len(STAFF_PASSPHRASE))
    term.send_keys("Enter")
    term.wait_for("Leave the kiosk", timeout=30)
    # Set up a vault (focused), then the menu's other entries in reading order, the last
    # of them Leave the kiosk.
    term.send_keys(*["Tab"] * 9, "Enter")
    # It asks first; "Stay" has the focus, "Leave the kiosk" is next.
    term.wait_for("Stay")
    term.send_keys("Tab", "Enter")
    # Status 10: the service's unit does not restart the kiosk after it (nor does the
    # supervisor start another session).
    assert term.wait_for_exit(timeout=30) == 10
    last = AuditLog(site.data).records()[-1]
    assert (last.action, last.staff) == (StaffAction.KIOSK_CLOSED, STAFF_NAME)
    assert not alive(supervisor)
    # The supervisor cleared the terminal on its way out: only the exit report is left.
    left = [
        line
        for line in term.history().splitlines()
        if line.strip() and EXIT_REPORT not in line and not line.startswith("Pane is dead")
    ]
    assert left == [], "the terminal still shows:\n" + "\n".join(left)


def test_keys_typed_during_the_quick_exit_are_not_echoed(kiosk: KioskTerminal) -> None:
    term = kiosk.term
    session = kiosk.wait_for_fresh_welcome()
    term.send_keys("F12")
    # She keeps typing for a moment after pressing F12, through the gap between sessions.
    deadline = time.monotonic() + FIRST_SCREEN_TIMEOUT
    while time.monotonic() < deadline:
        new = kiosk.session_pid()
        if new not in (None, session) and WELCOME in term.screen():
            break
        term.type(GAP_TEXT, pause=0.05)
    kiosk.come_back(session)
    assert GAP_TEXT not in term.history(), "keys typed between sessions were echoed:\n" + (
        term.saved_screen()
    )
