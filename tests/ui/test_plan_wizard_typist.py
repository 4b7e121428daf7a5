"""The plan wizard under a fast typist's bursts, with Textual's buttons as they really are (no
``buttons_take_every_press``): a button shows each press for 0.2 s and ignores a press during
that time, while a burst hands its keys on a few milliseconds apart."""

from __future__ import annotations

from textual import events
from textual.widgets import Button, OptionList

from kiosk.plan.answers import TrustedContact
from kiosk.ui.screens.plan.plan_prompts import SectionPage
from tests.ui.conftest import Kiosk
from tests.ui.helpers import settle, until
from tests.ui.plan_wizard_steps import field, open_wizard, with_plan_content


async def test_enter_pressed_twice_on_a_button_in_one_burst_presses_it_twice(
    kiosk: Kiosk,
) -> None:
    """Remove, Remove: both people she listed are gone (the second Enter reached the button
    while it still showed the first press, and Textual dropped it without a sign)."""
    app = with_plan_content(kiosk).app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot, vault=False)
        await wizard._show("emergency")
        page = wizard.query_one(SectionPage)
        people = field("emergency", "people")
        index = int(people.split("-")[1])
        for name in ("Sam", "Jo"):
            page.add_contact(index, TrustedContact(name=name))
        await settle(pilot)
        wizard.set_focus(wizard.query_one(f"#{people}-remove", Button))
        await settle(pilot)
        for _ in range(2):
            app.post_message(events.Key("enter", "\r"))  # one read of the terminal
        await until(pilot, lambda: page.contact_count(index) < 2, limit=5)
        await until(pilot, lambda: not app._keys.busy, limit=5)  # the second one handled too
        await settle(pilot)
        assert page.contact_count(index) == 0
        listed = wizard.query_one(f"#{people}", OptionList)
        assert str(listed.get_option_at_index(0).prompt) == "No one added yet."
