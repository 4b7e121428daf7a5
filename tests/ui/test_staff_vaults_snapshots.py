"""Pictures at 80x24 of the vaults stream's screens (issue 11, items 2 and 3): setting up a vault
(staff's pages and hers), a visitor's vault, unused vaults. After a deliberate change: look at
each picture (snapshot_report.html), then run
`pytest tests/ui/test_staff_vaults_snapshots.py --snapshot-update`."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import NAME, Kiosk
from tests.ui.helpers import fill, settle
from tests.ui.staff_vaults_steps import NEW_NAME, NEW_PIN, open_staff_screen
from tests.ui.test_staff_vaults_care import look_up, stop_the_pin

FIXED_CODE = "7K3M-Q9TD-2WXH-J4RB-8NCE"
SUGGESTED = "tivo-mare-kasu"


async def provision_start(pilot: Pilot[None]) -> None:
    await open_staff_screen(pilot, "provision")
    await pilot.click("#suggest")


async def provision_hand_over(pilot: Pilot[None]) -> None:
    await provision_start(pilot)
    await pilot.press("enter")


async def setup_weak_pin(pilot: Pilot[None]) -> None:
    await provision_hand_over(pilot)
    await pilot.press("enter")
    await fill(pilot, "123456")
    await pilot.press("enter")


async def setup_pin_again(pilot: Pilot[None]) -> None:
    await provision_hand_over(pilot)
    await pilot.press("enter")
    await fill(pilot, NEW_PIN)
    await pilot.press("enter")


async def setup_code(pilot: Pilot[None]) -> None:
    await setup_pin_again(pilot)
    await fill(pilot, NEW_PIN)
    await pilot.press("enter")
    await settle(pilot)


async def provision_done(pilot: Pilot[None]) -> None:
    await setup_code(pilot)
    await pilot.click("#have-it")
    await settle(pilot)
    await pilot.click("#understood")
    await settle(pilot)


async def care_pin_stopped(pilot: Pilot[None]) -> None:
    await open_staff_screen(pilot, "vault-care")
    await look_up(pilot, NAME)


async def care_confirm_delete(pilot: Pilot[None]) -> None:
    await care_pin_stopped(pilot)
    await pilot.click("#delete")


async def unused_list(pilot: Pilot[None]) -> None:
    await open_staff_screen(pilot, "unused-vaults")


async def unused_confirm(pilot: Pilot[None]) -> None:
    await unused_list(pilot)
    await pilot.press("enter")


SCREENS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "provision-start": provision_start,
    "provision-hand-over": provision_hand_over,
    "setup-weak-pin": setup_weak_pin,
    "setup-pin-again": setup_pin_again,
    "setup-code": setup_code,
    "provision-done": provision_done,
    "care-pin-stopped": care_pin_stopped,
    "care-confirm-delete": care_confirm_delete,
    "unused-list": unused_list,
    "unused-confirm": unused_confirm,
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_staff_vaults_screen(
    kiosk: Kiosk,
    screen: str,
    snap_compare: Callable[..., bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What is random in a vault (its code, its id, a suggested name) is fixed for the pictures.
    monkeypatch.setattr("kiosk.vault.gatekeeper.gate.generate_code", lambda: FIXED_CODE)
    monkeypatch.setattr("kiosk.staff.care.generate_name", lambda: SUGGESTED)
    ids = (f"{n:032x}" for n in itertools.count(0xA11CE))
    monkeypatch.setattr("kiosk.vault.gatekeeper.gate.new_vault_id", lambda: next(ids))
    if screen.startswith("care"):
        stop_the_pin(kiosk.gatekeeper, kiosk.clock)
    if screen.startswith("unused"):
        kiosk.gatekeeper.delete(NAME)  # made with a random id, once per test session
        for name in (NAME, NEW_NAME):
            kiosk.gatekeeper.provision(name, NEW_PIN, NEW_PIN)
        kiosk.clock.advance(400 * 86400)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await SCREENS[screen](pilot)
        await settle(pilot)
        # A clicked button stays highlighted for 0.2 s; let that pass so pictures are stable.
        await pilot.pause(0.3)

    assert snap_compare(kiosk.app(), terminal_size=(80, 24), run_before=run_before)
