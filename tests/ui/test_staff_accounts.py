"""Staff accounts from the console: add (hashed in a thread), remove (the name typed again;
never the last account), each in the staff log. By keyboard alone and by mouse alone."""

from __future__ import annotations

import json
import threading

import pytest
from textual.widgets import OptionList, Static

from kiosk.session.ends import SessionEnd
from kiosk.staff.accounts import StaffAccounts
from kiosk.staff.audit import AuditLog, StaffAction
from kiosk.ui.app import NeutralScreen
from kiosk.ui.screens.common.idle import StillThereScreen
from kiosk.ui.screens.staff.account_add import AddStaffAccountScreen
from kiosk.ui.screens.staff.account_remove import RemoveStaffAccountScreen
from kiosk.ui.screens.staff.accounts import StaffAccountsScreen
from tests.ui.conftest import STAFF, Kiosk, held_work
from tests.ui.helpers import fill, settle, until
from tests.ui.staff_fixtures import click_and_fill, sign_in_by_keys, sign_in_by_mouse, tab_to

NEW = ("Dana Lee", "a long passphrase here")
# Typed by pointing: capitals and signs from the full keyboard's other pages.
POINTED = "Go, Dana! 2026"


def message(app: object) -> str:
    return str(app.screen.query_one("#message", Static).render())  # type: ignore[attr-defined]


def listed(app: object) -> list[str]:
    options = app.screen.query_one("#account-list", OptionList)  # type: ignore[attr-defined]
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def records(kiosk: Kiosk) -> list[tuple[StaffAction, str, str]]:
    return [(r.action, r.staff, r.detail) for r in AuditLog(kiosk.config.data_path()).records()]


async def test_add_and_remove_an_account_by_keyboard_alone(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_keys(pilot)
        await tab_to(pilot, "accounts")
        await pilot.press("enter")
        assert isinstance(app.screen, StaffAccountsScreen) and listed(app) == ["Sam"]
        assert app.focused is app.screen.query_one("#add-account")
        await pilot.press("enter")
        assert isinstance(app.screen, AddStaffAccountScreen)
        await fill(pilot, NEW[0])
        await pilot.press("enter")
        await fill(pilot, "too short")
        await pilot.press("enter")
        await fill(pilot, "too short")
        await pilot.press("enter")
        # Refused kindly, before any hashing: both passphrases asked for again.
        assert "at least 12 characters" in message(app)
        assert app.focused is app.screen.query_one("#new-passphrase")
        assert app.screen.query_one("#new-passphrase-again").value == ""  # type: ignore[attr-defined]
        await fill(pilot, NEW[1])
        await pilot.press("enter")
        await fill(pilot, NEW[1])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StaffAccountsScreen)
        assert message(app) == "Added: Dana Lee" and listed(app) == ["Dana Lee", "Sam"]
        # Remove it: the list, then the name typed again (a different name first).
        await tab_to(pilot, "account-list")
        await pilot.press("home", "enter")
        assert app.focused is app.screen.query_one("#remove-account")
        await pilot.press("enter")
        assert isinstance(app.screen, RemoveStaffAccountScreen)
        await fill(pilot, "Dana")
        await pilot.press("enter")
        assert "not the same name" in message(app)
        app.screen.query_one("#confirm-name").value = ""  # type: ignore[attr-defined]
        await fill(pilot, "dana LEE")
        await pilot.press("enter")
        assert isinstance(app.screen, StaffAccountsScreen)
        assert message(app) == "Removed: Dana Lee" and listed(app) == ["Sam"]
    assert records(kiosk)[1:] == [
        (StaffAction.ACCOUNT_ADDED, "Sam", "Dana Lee"),
        (StaffAction.ACCOUNT_REMOVED, "Sam", "Dana Lee"),
    ]
    assert kiosk.services.staff.names() == ["Sam"]


async def test_add_and_remove_an_account_by_mouse_alone(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        await pilot.click("#accounts")
        await pilot.click("#add-account")
        await click_and_fill(pilot, "#new-name", NEW[0])
        await click_and_fill(pilot, "#new-passphrase", POINTED)
        await click_and_fill(pilot, "#new-passphrase-again", POINTED)
        await pilot.click("#add")
        await settle(pilot)
        assert listed(app) == ["Dana Lee", "Sam"]
        assert StaffAccounts(kiosk.config.data_path()).verify("dana lee", POINTED)
        await pilot.click("#account-list", offset=(4, 1))  # Dana Lee, the first
        await pilot.click("#remove-account")
        await click_and_fill(pilot, "#confirm-name", NEW[0])
        await pilot.click("#remove")
        assert isinstance(app.screen, StaffAccountsScreen) and listed(app) == ["Sam"]
        # Cancel on both forms changes nothing.
        await pilot.click("#add-account")
        await pilot.click("#cancel")
        assert isinstance(app.screen, StaffAccountsScreen) and listed(app) == ["Sam"]
    assert [action for action, _, _ in records(kiosk)] == [
        StaffAction.SIGNED_IN,
        StaffAction.ACCOUNT_ADDED,
        StaffAction.ACCOUNT_REMOVED,
    ]


async def test_the_last_account_cannot_be_removed(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        await pilot.click("#accounts")
        await pilot.click("#account-list", offset=(4, 1))
        await pilot.click("#remove-account")
        assert isinstance(app.screen, StaffAccountsScreen)  # not even asked to confirm
        assert "only staff account" in message(app)
    assert kiosk.services.staff.names() == ["Sam"]
    assert records(kiosk) == [(StaffAction.SIGNED_IN, "Sam", "")]


async def test_the_account_signed_in_is_not_removed_from_under_its_session(kiosk: Kiosk) -> None:
    """Found by an outside check as staff: a member of staff removed her own account and,
    still signed in, went on to add another one with it."""
    kiosk.services.staff.add(NEW[0], NEW[1], NEW[1])
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)  # as Sam
        await pilot.click("#accounts")
        await settle(pilot)
        own = listed(app).index("Sam")
        await pilot.click("#account-list", offset=(4, 1 + own))
        await pilot.click("#remove-account")
        await settle(pilot)
        assert isinstance(app.screen, StaffAccountsScreen)  # not even asked to confirm
        assert "the account you are signed in with" in message(app)
    assert sorted(kiosk.services.staff.names()) == sorted(["Sam", NEW[0]])


@pytest.mark.parametrize(
    ("name", "passphrase", "again", "said"),
    [
        ("SAM", NEW[1], NEW[1], "already a staff account with that name"),
        ("x", NEW[1], NEW[1], "2 to 60 characters"),
        (NEW[0], NEW[1], NEW[1] + "!", "not the same"),
    ],
)
async def test_a_refused_account_is_said_calmly_and_nothing_is_added(
    kiosk: Kiosk, name: str, passphrase: str, again: str, said: str
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        await pilot.click("#accounts")
        await pilot.click("#add-account")
        await click_and_fill(pilot, "#new-name", name)
        await click_and_fill(pilot, "#new-passphrase", passphrase)
        await click_and_fill(pilot, "#new-passphrase-again", again)
        await pilot.click("#add")
        await settle(pilot)
        assert isinstance(app.screen, AddStaffAccountScreen) and said in message(app)
    assert kiosk.services.staff.names() == ["Sam"]


async def test_the_hashing_runs_off_the_ui_thread_and_a_quick_exit_meanwhile_is_safe(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """F12 while the passphrase is hashed: the neutral screen at once; the account is then
    added whole (or not at all), and nothing of staff's comes back over the neutral screen."""
    release = threading.Event()
    threads: list[threading.Thread] = []
    add = StaffAccounts.add

    def held_add(self: StaffAccounts, name: str, passphrase: str, again: str) -> str:
        threads.append(threading.current_thread())
        with held_work.holding():
            release.wait(30)
            return add(self, name, passphrase, again)

    monkeypatch.setattr(StaffAccounts, "add", held_add)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        await pilot.click("#accounts")
        await pilot.click("#add-account")
        await fill(pilot, NEW[0])
        await pilot.click("#new-passphrase")
        await fill(pilot, NEW[1])
        await pilot.click("#new-passphrase-again")
        await fill(pilot, NEW[1])
        await pilot.click("#add")
        await until(pilot, lambda: bool(threads))
        assert threads[0] is not threading.main_thread()
        await pilot.press("f12")
        assert isinstance(app.screen, NeutralScreen)
        release.set()
        await until(pilot, lambda: app.return_code is not None)
        assert isinstance(app.screen, NeutralScreen) or not app.screen_stack
    assert app.return_code == SessionEnd.ENDED
    # The session's end does not wait for the hash (a real session's process then ends, and
    # the account is not written at all); here the thread lives on and writes it whole.
    threads[0].join(30)
    assert kiosk.services.staff.names() == ["Dana Lee", "Sam"]


async def test_a_name_with_escape_sequences_is_shown_as_text(kiosk: Kiosk) -> None:
    """An account file written before names were checked (or by hand) may hold anything a
    terminal would act on: new names with such characters are refused now
    (tests/unit/test_staff_name_spoofing.py), so the account is put in the file directly."""
    kiosk.services.staff.add("Eve", STAFF[1], STAFF[1])
    accounts_file = kiosk.config.data_path() / "gatekeeper" / "staff" / "accounts.json"
    document = json.loads(accounts_file.read_text())
    document["accounts"]["Eve\x1b[2J [b]x[/b]"] = document["accounts"].pop("Eve")
    accounts_file.write_text(json.dumps(document))
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        await pilot.click("#accounts")
        assert listed(app)[0] == "Eve\\x1b[2J [b]x[/b]"
        await pilot.click("#account-list", offset=(4, 1))
        await pilot.click("#remove-account")
        lead = str(app.screen.query_one(".lead", Static).render())
        assert "The account Eve\\x1b[2J [b]x[/b] will no longer sign in" in lead


async def test_an_account_added_under_the_idle_screen_is_said_once_back(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hash finished while "Still there?" was up: that screen stays until a key, then the
    accounts list says the account was added."""
    release = threading.Event()
    add = StaffAccounts.add

    def held_add(self: StaffAccounts, name: str, passphrase: str, again: str) -> str:
        with held_work.holding():
            release.wait(30)
            return add(self, name, passphrase, again)

    monkeypatch.setattr(StaffAccounts, "add", held_add)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_by_mouse(pilot)
        await pilot.click("#accounts")
        await pilot.click("#add-account")
        await click_and_fill(pilot, "#new-name", NEW[0])
        await click_and_fill(pilot, "#new-passphrase", NEW[1])
        await click_and_fill(pilot, "#new-passphrase-again", NEW[1])
        await pilot.click("#add")
        kiosk.clock.advance(app.idle_limit_seconds)
        app.check_inactivity()
        await pilot.pause()
        assert isinstance(app.screen, StillThereScreen)
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, StillThereScreen)
        await pilot.press("space")
        await settle(pilot)
        assert isinstance(app.screen, StaffAccountsScreen)
        assert message(app) == "Added: Dana Lee" and listed(app) == ["Dana Lee", "Sam"]
