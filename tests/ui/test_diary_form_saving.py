"""Saving an entry and discarding the form's draft are one transaction, and a quick exit during
a save neither loses the entry nor brings it back as a draft. Also: a new entry linked to an
earlier one."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Button, SelectionList, Static

from kiosk.diary.repository import ENTRY_DRAFT, DiaryRepository
from kiosk.session.ends import SessionEnd
from kiosk.ui.app import NeutralScreen
from kiosk.ui.screens.diary.entry_form import EntryFormScreen
from kiosk.ui.screens.diary.entry_state import FormState, encode
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.diary_form_steps import (
    click,
    keyboard_through_every_step,
    open_form,
    press_button,
)
from tests.ui.helpers import settle
from tests.ui.journeys import WRITTEN
from tests.ui.test_vault_io import one_slow_transaction

pytestmark = pytest.mark.usefixtures("buttons_take_every_press")

# A real failure inside SQLCipher, at the draft's discard: the statement is refused.
FAILING_DISCARD = (
    "CREATE TRIGGER discard_fails BEFORE DELETE ON drafts BEGIN SELECT RAISE(ABORT, 'io'); END"
)


async def test_a_save_whose_draft_discard_fails_stores_nothing_and_a_second_save_one_entry(
    kiosk: Kiosk,
) -> None:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        kept = {"form": encode(FormState(where="kept"))}
        DraftsRepository(vault).save(ENTRY_DRAFT, "", kept, saved=WRITTEN, interrupted=True)
        with vault.transaction() as tx:
            tx.execute(FAILING_DISCARD)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await pilot.press("enter")  # continue the kept entry
        assert app.screen is form
        await pilot.click("#d-date")
        await keyboard_through_every_step(pilot)
        await press_button(pilot)  # Save
        # "Not saved", and truly so: everything stays in the form and nothing was stored.
        assert app.screen is form
        assert str(form.query_one("#message", Static).render()) not in ("", "Saving …")
        assert app.vault is not None
        assert DiaryRepository(app.vault).entries() == []
        with app.vault.transaction() as tx:
            tx.execute("DROP TRIGGER discard_fails")  # the fault has passed
        form.query_one("#d-next", Button).press()
        await settle(pilot)
        assert app.screen is not form
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        assert len(DiaryRepository(vault).entries()) == 1
        assert DraftsRepository(vault).all() == []


async def test_a_quick_exit_during_a_save_that_then_succeeds_keeps_no_draft_of_it(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = kiosk.app()
    saving, go_on = threading.Event(), threading.Event()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await keyboard_through_every_step(pilot)
        assert form.draft_fields() is not None  # unsaved, it would be kept
        with one_slow_transaction(monkeypatch, saving, go_on) as released:
            await click(pilot, "#d-next")  # Save
            assert saving.wait(timeout=30)
            await pilot.press("f12")
            assert isinstance(app.screen, NeutralScreen)
            go_on.set()
            await settle(pilot)
        assert released == [True]
    assert app.return_code == SessionEnd.ENDED
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        assert len(DiaryRepository(vault).entries()) == 1
        assert DraftsRepository(vault).all() == []


async def test_a_new_entry_is_linked_to_an_earlier_one(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await keyboard_through_every_step(pilot, what="The [b]first[/b] time.")
        await press_button(pilot)
        form = EntryFormScreen(app.kit)
        app.push_screen(form)
        await settle(pilot)
        await keyboard_through_every_step(pilot, what="Again.", until_links=True)
        links = form.query_one("#d-related", SelectionList)
        assert app.focused is links and links.option_count == 1
        assert "The [b]first[/b] time." in str(links.get_option_at_index(0).prompt)  # literally
        await pilot.press("space")
        await press_button_next(pilot)
        review = str(form.query_one("#d-review", Static).render())
        assert "Related entries: 1. 20 September 2026  The [b]first[/b] time." in review
        await press_button(pilot)
        assert app.screen is not form
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        second = DiaryRepository(vault).get(2)
    assert second is not None and second.content is not None
    assert second.content.related == (1,)


async def press_button_next(pilot: object) -> None:
    from tests.ui.diary_form_steps import next_step

    await next_step(pilot)  # type: ignore[arg-type]


async def test_each_write_from_the_screens_moves_the_kiosks_copy_of_the_chain_head(
    kiosk: Kiosk,
) -> None:
    """Entry, amendment and withdrawal all go through the diary writer (kiosk/diary/mirror.py),
    so a vault later put back from an older copy is noticed at opening."""
    from kiosk.ui.screens.diary.amend import AmendDialog, WithdrawDialog
    from tests.ui.helpers import fill

    def heads() -> tuple[object, object]:
        assert app.vault is not None
        head = DiaryRepository(app.vault).head()
        mirror = kiosk.gatekeeper.chain_head(app.vault.vault_id)
        assert mirror is not None
        return (head.count, head.link), (mirror.count, mirror.link)

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await keyboard_through_every_step(pilot)
        await press_button(pilot)
        in_vault, copy = heads()
        assert in_vault == copy and in_vault[0] == 1
        app.push_screen(AmendDialog(app.kit, 1))
        await settle(pilot)
        await fill(pilot, "Wrong time")
        await pilot.press("enter")
        await fill(pilot, "It was 21:15.")
        await click(pilot, "#a-save")
        await settle(pilot)
        in_vault, copy = heads()
        assert in_vault == copy and in_vault[0] == 2
        app.push_screen(WithdrawDialog(app.kit, 1))
        await settle(pilot)
        await click(pilot, "#w-withdraw")
        await settle(pilot)
        in_vault, copy = heads()
        assert in_vault == copy and in_vault[0] == 3
