"""The plan wizard under a fast typist's bursts, with Textual's buttons as they really are (no
``buttons_take_every_press``): a button shows each press for 0.2 s and ignores a press during
that time, while a burst hands its keys on a few milliseconds apart."""

from __future__ import annotations

from textual import events
from textual.widgets import Button, Input, OptionList

from kiosk.plan.answers import TrustedContact
from kiosk.ui.screens.plan.plan_prompts import SectionPage
from kiosk.ui.screens.plan.wizard_state import PLAN_DRAFT, decode_draft
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.helpers import settle, until
from tests.ui.plan_fixtures import (
    SECOND_SAVED,
    first_plan,
    keep_in_progress,
    save,
    second_plan,
    to_plan,
)
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


def _key(name: str) -> events.Key:
    return events.Key(name, name if len(name) == 1 else None)


async def test_a_typo_put_right_just_before_the_quick_exit_is_kept_as_she_put_it(
    kiosk: Kiosk,
) -> None:
    """Words, a Backspace, the arrow keys, Tab and more words, then F12, in one read of the
    terminal: the draft holds what the fields would have held (it stopped at the first key
    that was not a letter, and everything typed after a corrected typo was lost)."""
    app = with_plan_content(kiosk).app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot)
        await wizard._show("emergency")
        await settle(pilot)
        wizard.set_focus(wizard.query_one(f"#{field('emergency', 'code-word')}", Input))
        await settle(pilot)
        names = [*"bluz", "backspace", "e", "home", "left", ">", "end", "delete", "!"]
        names += ["tab", *"12", "backspace", "3", "f12"]
        for name in names:
            app.post_message(_key(name))  # one read: most keys still wait when F12 is read
        await until(pilot, lambda: app.return_code is not None)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        draft = DraftsRepository(vault).load(PLAN_DRAFT)
    assert draft is not None
    state = decode_draft(draft.fields)
    assert state is not None
    prompts = state.answers.section("emergency").prompts
    assert prompts["code-word"].text == ">blue!"
    assert prompts["by-heart"].text == "13"


async def test_the_start_page_offers_only_the_ways_out_this_kiosk_has(kiosk: Kiosk) -> None:
    """A centre that turned Esc twice off, and keeps no interrupted drafts: the plan's first
    page neither tells her to press Esc twice (it would do nothing) nor promises that what
    she is writing is kept (it told her both whatever the settings said)."""
    app = with_plan_content(kiosk).app(
        quick_exit={"escape_twice": False}, session={"keep_interrupted_drafts": False}
    )
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot, vault=False)
        words = " ".join(str(s.render()) for s in wizard.query("#p-page Static"))
        assert "F12" in words
        assert "Esc" not in words
        assert "What you have written so far is kept" not in words
        assert "what you wrote since is thrown away" in words


async def test_the_plan_screens_buttons_fit_80_columns_with_changes_to_continue(
    kiosk: Kiosk,
) -> None:
    """Two versions kept and a change left part way: Continue my changes, Earlier versions,
    Print and Back side by side, none cut at the edge (Back lost its right edge)."""
    kiosk = with_plan_content(kiosk)
    content = kiosk.services.plan_content
    save(kiosk, first_plan(content))
    save(kiosk, second_plan(content), SECOND_SAVED)
    keep_in_progress(kiosk, second_plan(content), "home")
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await to_plan(pilot)
        await settle(pilot)
        assert str(app.screen.query_one("#plan-change", Button).label) == "Continue my changes"
        row = app.screen.query_one("#plan-buttons")
        shown = [button for button in row.query(Button) if button.display]
        assert len(shown) == 4
        for button in shown:
            assert row.content_region.contains_region(button.region), button.id
