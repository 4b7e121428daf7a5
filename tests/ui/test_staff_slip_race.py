"""Her recovery slip and "I have it" pressed while the slip is still being prepared.

Before, "I have it" cancelled only a slip already held; one still being rendered was sent a
moment later, held on the visitors' printer, in a session that goes on after staff sign out:
the next person at the kiosk who pressed "Release my printing" (on her vault's home) got the
slip, with the vault name and recovery code on it. Now "I have it" waits for the slip to be
sent, then cancels it. Real app, real private cupsd."""

from __future__ import annotations

from kiosk.ui.screens.common.intro import QuickExitIntroScreen
from tests.printing.cupsd import PrivateCups
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle, until
from tests.ui.test_staff_vaults_slip import slip_app, to_her_code


async def test_i_have_it_pressed_while_her_slip_is_prepared_leaves_nothing_held(
    kiosk: Kiosk, private_cups: PrivateCups
) -> None:
    app, _staff_folder, folder = slip_app(kiosk, private_cups)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_her_code(pilot, app)
        await pilot.click("#print-slip")
        await pilot.click("#have-it")  # at once: the slip is still being prepared
        await until(pilot, lambda: isinstance(app.screen, QuickExitIntroScreen), 60.0)
        await settle(pilot)
        # Whatever was sent is no longer held for anyone to release, nor waiting in the queue.
        await until(pilot, lambda: not app.kit.print_jobs.held, 30.0)
        await until(
            pilot, lambda: not private_cups.run("lpstat", "-o", check=False).stdout.strip(), 30.0
        )
        await pilot.click("#understood")
        await settle(pilot)
    assert not any(folder.glob("job-*.pdf"))
