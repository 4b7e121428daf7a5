"""The centre's counts of visits, quick exits and idle locks, from real sessions: counted
after the neutral screen is drawn, never in its way, and never for a staff member's session."""

from __future__ import annotations

import threading
import time

from kiosk.session.ends import SessionEnd
from kiosk.staff.numbers import Tally
from kiosk.ui.app import NeutralScreen
from kiosk.ui.screens.common.idle import StillThereScreen
from kiosk.ui.screens.staff.context import as_staff
from tests.ui.conftest import PIN, Kiosk
from tests.ui.helpers import open_vault, settle, until


def _counts(kiosk: Kiosk) -> dict[Tally, int]:
    days = kiosk.services.numbers.days()
    assert len(days) <= 1
    return days[0].counts if days else dict.fromkeys(Tally, 0)


async def test_a_visit_ended_by_quick_exit_counts_a_visit_and_a_quick_exit(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.press("f12")
        await settle(pilot)
    assert app.return_code == SessionEnd.ENDED
    counts = _counts(kiosk)
    assert (counts[Tally.VISITS], counts[Tally.QUICK_EXITS], counts[Tally.IDLE_LOCKS]) == (1, 1, 0)


async def test_an_idle_lock_counts_a_visit_and_an_idle_lock(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        kiosk.clock.advance(app.idle_limit_seconds)
        app.check_inactivity()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        kiosk.clock.advance(kiosk.config.session.idle_warning_seconds)
        screen = app.screen
        assert isinstance(screen, StillThereScreen)
        screen._tick()  # what its once-a-second timer does, now, on the test's clock
        # Its counts are written before its code is set (KioskApp.on_vault_locked).
        await until(pilot, lambda: app.return_code is not None)
    counts = _counts(kiosk)
    assert (counts[Tally.VISITS], counts[Tally.QUICK_EXITS], counts[Tally.IDLE_LOCKS]) == (1, 0, 1)


async def test_a_staff_members_session_is_no_visit_and_its_quick_exit_no_visitors(
    kiosk: Kiosk,
) -> None:
    """Its quick exit or idle lock is not a visitor's either: counted, the numbers showed
    quick exits and idle locks on days with no visit (found by an outside check as staff)."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab")
        as_staff(app.kit)  # what the staff menu does once staff have signed in
        await pilot.press("escape", "escape")
        await settle(pilot)
    counts = _counts(kiosk)
    assert (counts[Tally.VISITS], counts[Tally.QUICK_EXITS], counts[Tally.IDLE_LOCKS]) == (0, 0, 0)


async def test_the_count_waits_until_the_neutral_screen_is_up(kiosk: Kiosk) -> None:
    """A count held up (a slow disk, another process holding the lock) does not hold up the
    neutral screen; the session still ends, and the count lands once the disk answers."""
    numbers = kiosk.services.numbers
    release = threading.Event()
    counted: list[Tally] = []
    real_count = numbers.count

    def slow_count(tally: Tally, amount: int = 1) -> None:
        release.wait(timeout=10)
        counted.append(tally)
        real_count(tally, amount)

    numbers.count = slow_count  # type: ignore[method-assign]
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.press("f12")
        assert isinstance(app.screen, NeutralScreen)
        assert counted == []
        release.set()
        await settle(pilot)
    assert app.return_code == SessionEnd.ENDED  # the session did not wait for the count
    deadline = time.monotonic() + 10
    while len(counted) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert counted == [Tally.VISITS, Tally.QUICK_EXITS]


async def test_a_count_that_cannot_be_written_is_silent(kiosk: Kiosk) -> None:
    blocker = kiosk.config.data_path() / "numbers"
    blocker.write_text("a file where the counts' folder should be")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.press("f12")
        # Not settle(): the F12 ends the session, and its key is never handed back as settled.
        # The session's code is set once its vault is closed, off the UI thread, a moment
        # after it started ending (a loaded clean-clone run left the App before that).
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == SessionEnd.ENDED
    assert blocker.read_text() == "a file where the counts' folder should be"


def test_the_kiosks_gatekeeper_counts_vaults_made_deleted_and_recovered(kiosk: Kiosk) -> None:
    kiosk.gatekeeper.provision("harbour-lantern", PIN, PIN)
    kiosk.gatekeeper.delete("harbour-lantern")
    counts = _counts(kiosk)
    assert (counts[Tally.VAULTS_CREATED], counts[Tally.VAULTS_DELETED]) == (1, 1)


async def test_from_the_staff_menu_to_the_numbers_and_a_staff_session_is_no_visit(
    kiosk: Kiosk,
) -> None:
    """Signed in through the console (which calls as_staff), staff open Centre numbers and the
    Staff log from the menu; leaving by quick exit counts neither a visit nor a quick exit."""
    from kiosk.ui.screens.staff.audit_log import StaffLogScreen
    from kiosk.ui.screens.staff.numbers import CentreNumbersScreen
    from tests.ui.staff_fixtures import sign_in_by_mouse

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        await pilot.click("#numbers")
        assert isinstance(app.screen, CentreNumbersScreen)
        await pilot.click("#back")
        await pilot.click("#staff-log")
        assert isinstance(app.screen, StaffLogScreen)
        await pilot.press("f12")
        await settle(pilot)
    counts = _counts(kiosk)
    assert (counts[Tally.VISITS], counts[Tally.QUICK_EXITS]) == (0, 0)
