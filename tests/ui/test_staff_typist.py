"""A fast typist at the staff console (issue 11): what an outside tester typing in bursts found.

Real app, real gatekeeper and SQLCipher files; keys pressed as a typist presses them.
"""

from __future__ import annotations

import threading

import pytest

from kiosk.staff.accounts import StaffAccounts
from kiosk.ui.app import NeutralScreen
from kiosk.ui.screens.common.intro import QuickExitIntroScreen
from kiosk.ui.screens.common.welcome import WelcomeScreen
from kiosk.ui.screens.staff.menu import StaffMenuScreen
from kiosk.ui.screens.staff.provision import ProvisionScreen
from kiosk.ui.screens.staff.sign_in import StaffSignInScreen
from kiosk.ui.screens.staff.vault_care import VaultCareScreen
from kiosk.ui.screens.vault.recovery import RecoveryCodeScreen
from kiosk.ui.screens.vault.setup import VaultSetupScreen
from tests.ui.conftest import STAFF, Kiosk, held_work
from tests.ui.helpers import settle
from tests.ui.staff_fixtures import tab_to
from tests.ui.staff_vaults_steps import NEW_NAME, NEW_PIN, open_staff_screen

A_CODE = "ABCD-EFGH-JKMN-PQRS-TVWX"


async def test_tab_then_enter_on_her_new_code_presses_i_have_it_not_the_exit(
    kiosk: Kiosk,
) -> None:
    # Nothing has the focus on her code (so a second Enter cannot pass it by). Tab then Enter,
    # the way to the first button, put the focus on the top bar's Exit control first: the
    # quick exit ended the session, her explanation unseen and staff signed out.
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_staff_screen(pilot, "provision")
        await pilot.press("enter", "enter")  # Hand over, Start
        await pilot.press(*NEW_NAME, "tab", *NEW_PIN, "enter", *NEW_PIN, "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, VaultSetupScreen)
        assert app.focused is None
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "have-it"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, NeutralScreen)
        assert isinstance(app.screen, QuickExitIntroScreen)


async def test_tab_then_enter_on_a_new_recovery_code_is_not_the_exit(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(RecoveryCodeScreen(app.kit, A_CODE))
        await settle(pilot)
        assert app.focused is None
        await pilot.press("enter")  # by habit: nothing happens
        assert isinstance(app.screen, RecoveryCodeScreen)
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id == "done"


async def test_keys_typed_while_the_passphrase_is_checked_do_not_reach_the_exit_control(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A typist's burst goes on past Enter (Tab to a menu entry, Enter) while the passphrase is
    # checked. The form's fields and buttons are then disabled, so Tab put the focus on the
    # top bar's Exit control and the Enter after it was a quick exit.
    release = threading.Event()
    verify = StaffAccounts.verify

    def held_verify(self: StaffAccounts, name: str, passphrase: str) -> bool:
        with held_work.holding():
            release.wait(30)
            return verify(self, name, passphrase)

    monkeypatch.setattr(StaffAccounts, "verify", held_verify)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tab_to(pilot, "staff")
        await pilot.press("enter", *STAFF[0], "tab", *STAFF[1], "enter", "tab", "enter")
        assert not app.ending
        assert isinstance(app.screen, StaffSignInScreen)
        assert app.focused is None or app.focused.id != "exit-control"
        release.set()
        await settle(pilot)
        # The Tab and Enter wait for the menu (then open one of its first two entries: the Tab
        # may come before the menu puts the focus on its first), or, if the check outlasts the
        # kiosk's wait for a key, did nothing on the busy form. Never the Exit control.
        assert isinstance(app.screen, StaffMenuScreen | VaultCareScreen | ProvisionScreen)
        assert not app.ending


async def test_esc_then_esc_read_with_the_next_letter_is_a_quick_exit(kiosk: Kiosk) -> None:
    # In a terminal Esc and Alt send the same byte: Esc, Esc and a letter typed straight after
    # reach Textual as Escape then Alt+letter.
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tab_to(pilot, "staff")
        await pilot.press("enter", "T", "e", "escape", "alt+s")
        assert app.ending
        await settle(pilot)
        assert isinstance(app.screen, NeutralScreen)


async def test_after_staff_sign_out_enter_opens_a_vault_not_staff_sign_in(kiosk: Kiosk) -> None:
    # The welcome screen kept the focus on Staff: the next visitor's Enter opened the staff
    # sign-in.
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await tab_to(pilot, "staff")
        await pilot.press("enter", *STAFF[0], "tab", *STAFF[1], "enter")
        await settle(pilot)
        assert isinstance(app.screen, StaffMenuScreen)
        await tab_to(pilot, "back")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.focused is not None and app.focused.id == "open-vault"
