"""The diary's entry form, driven as a visitor drives it, against a real vault file (fast KDF):
by keyboard alone and by mouse alone to a saved entry; refusals in one calm line; text shown
literally on the review; a burst of typing; drafts kept in the vault through a quick exit and
offered again; a note made into an entry; amendments and withdrawals."""

from __future__ import annotations

import msgspec
import pytest
from textual import events
from textual.widgets import Input, RadioButton, Static, TextArea

from kiosk.diary.model import Amendment, Answer, Behaviour, SourceKind
from kiosk.diary.repository import AMENDMENT_DRAFT, ENTRY_DRAFT, DiaryRepository
from kiosk.notes.repository import NotesRepository
from kiosk.session.ends import SessionEnd
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.diary.amend import AmendDialog, WithdrawDialog
from kiosk.ui.screens.diary.entry_dialogs import DraftOfferDialog, LeaveDialog
from kiosk.ui.screens.diary.entry_form import EntryFormScreen
from kiosk.ui.screens.diary.entry_state import decode
from kiosk.ui.screens.notes.notebook import NoteReaderScreen
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.diary_form_steps import (
    click,
    keyboard_through_every_step,
    mouse_through_every_step,
    next_step,
    open_form,
    press_button,
)
from tests.ui.helpers import fill, open_vault, settle, type_text, until
from tests.ui.journeys import WRITTEN

pytestmark = pytest.mark.usefixtures("buttons_take_every_press")

MARKUP = 'He said "[bold red]you[/] will pay" \x1b[31m\x1b]0;owned\x07 [link=x]y[/link]'


def _message(app: KioskApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


def _progress(app: KioskApp) -> str:
    return str(app.screen.query_one("#d-progress", Static).render())


async def _ended(pilot: object, app: KioskApp) -> None:
    await until(pilot, lambda: app.return_code is not None)  # type: ignore[arg-type]


def _entries(kiosk: Kiosk) -> list[object]:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        return list(DiaryRepository(vault).full_entries())


def _entry_draft(kiosk: Kiosk) -> object:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        return DraftsRepository(vault).load(ENTRY_DRAFT)


# -- to a saved entry ------------------------------------------------------------------------


async def test_keyboard_alone_through_every_step_to_a_saved_entry(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await keyboard_through_every_step(pilot)
        assert _progress(app) == "Step 10 of 10: Check and save"
        assert app.focused is not None and app.focused.id == "d-next"  # Save, by Enter
        await press_button(pilot)
        assert app.screen is not form
    (entry,) = _entries(kiosk)
    content = entry.content  # type: ignore[attr-defined]
    assert content.where == "Bus stop on Mill Road"
    assert content.what_happened == "He waited."
    assert content.when.date.isoformat() == "2026-09-20"
    assert content.when.time.isoformat() == "20:15:00" and content.when.approximate
    assert content.behaviours == (Behaviour.FOLLOWING, Behaviour.CALLS_MESSAGES)
    assert content.technology == "07700 900123"
    assert content.who.identity == "unknown" and content.who.children_present is Answer.YES
    assert [w.name for w in content.witnesses] == ["Ann Lee"]
    assert content.witnesses[0].contact == "ann@example.org"
    assert [(e.kind, e.original_kept_at) for e in content.evidence] == [("Screenshot", "My phone")]
    assert content.police.reference == "CAD 1234/20SEP"
    assert content.effect_on_you == "Scared to go out."
    assert content.source.kind is SourceKind.TYPED_HERE
    assert _entry_draft(kiosk) is None


async def test_mouse_alone_through_every_step_to_a_saved_entry(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await mouse_through_every_step(pilot)
        assert _progress(app) == "Step 10 of 10: Check and save"
        await click(pilot, "#d-next")
        await settle(pilot)
        assert app.screen is not form
    (entry,) = _entries(kiosk)
    content = entry.content  # type: ignore[attr-defined]
    assert (content.where, content.what_happened, content.effect_on_you) == (
        "bus stop",
        "he waited",
        "scared",
    )
    assert content.when.time is None and content.behaviours == (Behaviour.FOLLOWING,)


# -- refusals --------------------------------------------------------------------------------


async def test_required_fields_refuse_to_move_on_with_one_line_naming_the_field(
    kiosk: Kiosk,
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await next_step(pilot)  # nothing given
        assert _progress(app).startswith("Step 1 of 10")
        assert "date it happened" in _message(app)
        await pilot.click("#d-date")
        await fill(pilot, "31/02/2026")
        await click(pilot, "#d-next")
        assert _progress(app).startswith("Step 1 of 10")
        assert _message(app).startswith("Date: “31/02/2026” is not a date")
        assert "\n" not in _message(app).strip()
        app.screen.query_one("#d-date", Input).value = "20/09/2026"
        await click(pilot, "#d-next")
        assert "Time not known" in _message(app)  # no time, and not ticked unknown
        await pilot.click("#d-time-unknown")
        await click(pilot, "#d-next")
        assert _progress(app).startswith("Step 2 of 10") and _message(app) == ""
        await click(pilot, "#d-next")
        assert "where it happened" in _message(app)
        await pilot.click("#d-where")
        await fill(pilot, "unknown")  # "unknown" is always accepted
        await pilot.click("#d-what")
        await fill(pilot, "unknown")
        await click(pilot, "#d-next")
        assert _progress(app).startswith("Step 3 of 10")
        await click(pilot, "#d-next")
        assert "at least one type of behaviour" in _message(app)
        await pilot.click("#d-behaviour-other")
        await click(pilot, "#d-next")
        await click(pilot, "#d-next")
        assert "who it was" in _message(app)
        await click(pilot, "#d-identity-unknown")
        await click(pilot, "#d-next")
        assert _progress(app).startswith("Step 5 of 10")
        for _ in range(3):
            await click(pilot, "#d-next")
        assert _progress(app).startswith("Step 8 of 10")
        await click(pilot, "#d-next")
        assert "how this affected you" in _message(app)
        # Back keeps what was typed.
        await click(pilot, "#d-back")
        await click(pilot, "#d-back")
        assert _progress(app).startswith("Step 6 of 10")


async def test_a_date_later_than_today_is_refused(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await fill(pilot, "01/01/2027")  # the fake clock's day is 21 September 2026
        await pilot.click("#d-time-unknown")
        await click(pilot, "#d-next")
        assert _message(app) == (
            "Date: that day is after today. Please give today's date or an earlier one."
        )


# -- literal text, typing ----------------------------------------------------------------------


async def test_markup_and_escape_sequences_are_shown_literally_on_the_review(
    kiosk: Kiosk,
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_form(pilot)
        await keyboard_through_every_step(pilot, what=MARKUP)
        review = str(app.screen.query_one("#d-review", Static).render())
        assert "[bold red]you[/] will pay" in review  # not taken as markup
        assert "[link=x]y[/link]" in review
        assert "\x1b" not in review and "\x07" not in review
        assert "\\x1b[31m" in review and "\\x1b]0;owned\\x07" in review
        assert "Recorded at: 2026-09-21" in review  # the kiosk's clock, not editable


async def test_a_burst_of_typing_lands_in_full_in_order(kiosk: Kiosk) -> None:
    app = kiosk.app()
    burst = "He was outside at 8pm again, said 'I know where you are' & left (3rd time)."
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await fill(pilot, "20/09/2026")
        await pilot.click("#d-time-unknown")
        await click(pilot, "#d-next")
        await pilot.click("#d-what")
        await type_text(pilot, burst)
        assert app.screen.query_one("#d-what", TextArea).text == burst


# -- drafts ----------------------------------------------------------------------------------


async def test_a_quick_exit_mid_form_keeps_the_draft_in_the_vault_and_it_comes_back(
    kiosk: Kiosk,
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await fill(pilot, "20/09/2026")
        await pilot.press("enter")
        await fill(pilot, "21:40")
        await click(pilot, "#d-next")
        await fill(pilot, "Outside my work")
        await pilot.press("f12")
        await _ended(pilot, app)
    assert app.return_code == SessionEnd.ENDED
    draft = _entry_draft(kiosk)
    assert draft is not None and draft.interrupted  # type: ignore[attr-defined]
    kept = decode(draft.fields["form"])  # type: ignore[attr-defined]
    assert kept is not None
    assert (kept.date, kept.time, kept.where, kept.step) == (
        "20/09/2026",
        "21:40",
        "Outside my work",
        1,
    )

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        assert isinstance(app.screen, DraftOfferDialog)
        offer = str(app.screen.query_one(".lead", Static).render())
        assert offer == "Continue the unfinished entry (kept when your visit ended)?"
        await pilot.press("enter")  # "Continue it" has the focus
        assert isinstance(app.screen, EntryFormScreen)
        assert _progress(app).startswith("Step 2 of 10")
        assert app.screen.query_one("#d-where", Input).value == "Outside my work"
        assert app.screen.query_one("#d-date", Input).value == "20/09/2026"


async def test_leaving_keeps_the_draft_for_later_or_throws_it_away(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await fill(pilot, "19/09/2026")
        await click(pilot, "#d-leave")
        assert isinstance(app.screen, LeaveDialog)
        await pilot.press("enter")  # "Keep it for later"
        await settle(pilot)
        assert not form.is_attached
        draft = _entry_draft_open(app)
        assert draft is not None and not draft.interrupted
        form = EntryFormScreen(app.kit)
        app.push_screen(form)
        await settle(pilot)
        assert isinstance(app.screen, DraftOfferDialog)
        offer = str(app.screen.query_one(".lead", Static).render())
        assert offer == "Continue the unfinished entry you kept for later?"
        await click(pilot, "#continue")
        assert form.query_one("#d-date", Input).value == "19/09/2026"
        await click(pilot, "#d-leave")
        await click(pilot, "#throw")
        await settle(pilot)
        assert not form.is_attached
        assert _entry_draft_open(app) is None


def _entry_draft_open(app: KioskApp) -> object:
    vault = app.vault_io.vault
    assert vault is not None
    return DraftsRepository(vault).load(ENTRY_DRAFT)


async def test_an_untouched_form_leaves_at_once_and_keeps_no_draft(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await click(pilot, "#d-leave")
        assert not form.is_attached
        assert _entry_draft_open(app) is None


async def test_saving_a_taken_up_draft_removes_it_with_the_entry(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await fill(pilot, "20/09/2026")
        await pilot.press("f12")
        await _ended(pilot, app)
    assert _entry_draft(kiosk) is not None
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await pilot.press("enter")  # continue the draft
        assert app.screen.query_one("#d-date", Input).value == "20/09/2026"
        app.screen.query_one("#d-date", Input).value = ""
        await pilot.click("#d-date")
        await keyboard_through_every_step(pilot)
        await press_button(pilot)
        assert not isinstance(app.screen, EntryFormScreen)
    assert len(_entries(kiosk)) == 1
    assert _entry_draft(kiosk) is None


# -- from a note -----------------------------------------------------------------------------


async def test_a_note_becomes_a_diary_entry_from_my_notes(kiosk: Kiosk) -> None:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        NotesRepository(vault).add('He rang 14 times. Said "[b]answer[/b]".', written=WRITTEN)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#notes")
        await pilot.click("#note-list", offset=(4, 1))
        assert isinstance(app.screen, NoteReaderScreen)
        await pilot.click("#to-diary")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, EntryFormScreen)
        assert form.query_one("#d-date", Input).value == "21/09/2026"
        await pilot.click("#d-time-unknown")
        await click(pilot, "#d-next")
        assert form.query_one("#d-what", TextArea).text == 'He rang 14 times. Said "[b]answer[/b]".'
        await pilot.click("#d-where")
        await fill(pilot, "My phone")
        await click(pilot, "#d-next")
        await pilot.click("#d-behaviour-calls_messages")
        await click(pilot, "#d-next")
        await click(pilot, "#d-identity-unknown")
        for _ in range(4):
            await click(pilot, "#d-next")
        await pilot.click("#d-effect")
        await fill(pilot, "Could not sleep.")
        await click(pilot, "#d-next")
        assert form.query_one("#d-source-from_my_notes", RadioButton).display
        await click(pilot, "#d-next")
        review = str(form.query_one("#d-review", Static).render())
        assert "Source: From my notes of 21 September 2026" in review
        await click(pilot, "#d-next")
        await settle(pilot)
        assert isinstance(app.screen, NoteReaderScreen)
    (entry,) = _entries(kiosk)
    source = entry.content.source  # type: ignore[attr-defined]
    assert source.kind is SourceKind.FROM_MY_NOTES and source.dated == WRITTEN.date()


# -- amendments and withdrawals ----------------------------------------------------------------


async def _one_saved_entry(pilot: object, app: KioskApp) -> None:
    await open_form(pilot)  # type: ignore[arg-type]
    await keyboard_through_every_step(pilot)  # type: ignore[arg-type]
    await press_button(pilot)  # type: ignore[arg-type]


async def test_an_amendment_keeps_the_original_and_survives_a_quick_exit(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _one_saved_entry(pilot, app)
        app.push_screen(AmendDialog(app.kit, 1))
        await settle(pilot)
        lead = str(app.screen.query_one(".lead", Static).render())
        assert "The original stays as written" in lead
        await click(pilot, "#a-save")
        assert _message(app) == "Please give a reason for the amendment."
        await pilot.click("#a-reason")
        await fill(pilot, "Wrong time")
        await pilot.press("enter")
        await fill(pilot, "It was 21:15, not 20:15.")
        await pilot.press("f12")
        await _ended(pilot, app)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        draft = DraftsRepository(vault).load(AMENDMENT_DRAFT, "1")
    assert draft is not None and draft.fields == {
        "reason": "Wrong time",
        "text": "It was 21:15, not 20:15.",
    }
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        results: list[object] = []
        app.push_screen(AmendDialog(app.kit, 1), results.append)
        await settle(pilot)
        assert app.screen.query_one("#a-reason", Input).value == "Wrong time"
        await click(pilot, "#a-save")
        await settle(pilot)
        (amended,) = results
        assert amended is not None
    (entry,) = _entries(kiosk)
    assert entry.content.when.time.isoformat() == "20:15:00"  # type: ignore[attr-defined]
    (amendment,) = entry.amendments  # type: ignore[attr-defined]
    assert amendment.amendment == Amendment("Wrong time", "It was 21:15, not 20:15.")
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        assert DraftsRepository(vault).load(AMENDMENT_DRAFT, "1") is None


async def test_a_withdrawal_is_confirmed_and_erases_the_words(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _one_saved_entry(pilot, app)
        results: list[object] = []
        app.push_screen(WithdrawDialog(app.kit, 1), results.append)
        await settle(pilot)
        lead = str(app.screen.query_one(".lead", Static).render())
        assert "erased" in lead and "record that an entry was withdrawn" in lead
        await pilot.press("enter")  # "Keep the entry" has the focus
        assert results == [None]
        app.push_screen(WithdrawDialog(app.kit, 1), results.append)
        await settle(pilot)
        await pilot.click("#w-reason")
        await fill(pilot, "Written by mistake")
        await click(pilot, "#w-withdraw")
        await settle(pilot)
        assert len(results) == 2 and results[1] is not None
    (entry,) = _entries(kiosk)
    assert entry.content is None  # type: ignore[attr-defined]
    assert entry.withdrawal.withdrawal.reason == "Written by mistake"  # type: ignore[attr-defined]


def test_the_draft_is_the_forms_state_encoded() -> None:
    """What a draft holds reads back to the same state (a malformed one is left alone)."""
    from kiosk.ui.screens.diary.entry_state import FormState, encode

    state = FormState(date="20/09/2026", where="x", behaviours=[Behaviour.OTHER], step=3)
    assert decode(encode(state)) == state
    assert decode("{not json") is None
    assert decode(msgspec.json.encode({"date": 5}).decode()) is None


async def test_witnesses_and_evidence_are_listed_literally(kiosk: Kiosk) -> None:
    from textual.widgets import OptionList

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form._show_step(4, focus=True)
        await settle(pilot)
        await click(pilot, "#d-add-witness")
        await fill(pilot, "[b]Ann[/b] \x1b[2J")
        await click(pilot, "#add")
        form._show_step(5, focus=True)
        await settle(pilot)
        await click(pilot, "#d-add-evidence")
        await fill(pilot, "[i]Photo[/i]")
        await click(pilot, "#add")
        witness = form.query_one("#d-witness-list", OptionList).get_option_at_index(0)
        evidence = form.query_one("#d-evidence-list", OptionList).get_option_at_index(0)
        assert str(witness.prompt) == "[b]Ann[/b] \\x1b[2J"
        assert str(evidence.prompt) == "[i]Photo[/i]"


async def test_a_quick_exit_while_the_unfinished_entry_is_offered_keeps_it_as_it_was(
    kiosk: Kiosk,
) -> None:
    """A note made into an entry fills the form at once; leaving before she answers the offer
    must not put that in place of the unfinished entry she was offered."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await fill(pilot, "18/09/2026")
        await pilot.press("f12")
        await _ended(pilot, app)
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        NotesRepository(vault).add("A note", written=WRITTEN)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await pilot.click("#notes")
        await pilot.click("#note-list", offset=(4, 1))
        await pilot.click("#to-diary")
        await settle(pilot)
        assert isinstance(app.screen, DraftOfferDialog)
        await pilot.press("f12")
        await _ended(pilot, app)
    draft = _entry_draft(kiosk)
    kept = decode(draft.fields["form"])  # type: ignore[attr-defined]
    assert kept is not None and kept.date == "18/09/2026" and kept.what_happened == ""


async def test_tab_goes_from_field_to_field_of_each_step_then_to_the_buttons(kiosk: Kiosk) -> None:
    """Each step starts on its first field that can be reached (never a hidden one, from
    which Tab would jump to the Exit control), and Tab stops only at fields and buttons."""
    from textual.widgets import Button as ButtonWidget

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        for step in range(9):
            form._show_step(step, focus=True)
            await settle(pilot)
            first = app.focused
            assert first is not None and first in form.focus_chain, step
            stops = []
            for _ in range(20):
                await pilot.press("tab")
                stops.append(app.focused)
                if isinstance(app.focused, ButtonWidget) and app.focused.id == "d-next":
                    break
            assert stops[-1] is not None and stops[-1].id == "d-next", (step, stops)
            assert not any(w is not None and w.id == "exit-control" for w in stops), step
            assert all(w is not None and not w.has_class("d-step") for w in stops), step


async def test_escape_twice_while_writing_what_happened_is_a_quick_exit_keeping_the_draft(
    kiosk: Kiosk,
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await fill(pilot, "20/09/2026")
        await pilot.click("#d-time-unknown")
        await click(pilot, "#d-next")
        await pilot.click("#d-what")
        await type_text(pilot, "He was there again")
        await pilot.press("escape", "escape")
        await _ended(pilot, app)
    kept = decode(_entry_draft(kiosk).fields["form"])  # type: ignore[attr-defined]
    assert kept is not None and kept.what_happened == "He was there again"


async def test_an_amendment_and_a_witness_by_mouse_alone(kiosk: Kiosk) -> None:
    from tests.ui.test_mouse_only import tap_letters

    async def tap_into(field: str, keys: str, text: str) -> None:
        assert await pilot.click(f"#{field}")
        await click(pilot, f"#{keys}")
        await tap_letters(pilot, text)
        assert await pilot.click("#tap-done")

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form._show_step(4, focus=True)
        await settle(pilot)
        await click(pilot, "#d-add-witness")
        await tap_into("w-relationship", "keys", "neighbour")
        await tap_into("w-name", "keys", "ann lee")
        assert await pilot.click("#w-willing-yes")
        await click(pilot, "#add")
        assert app.screen is form
        (witness,) = form._state.witnesses
        assert (witness.name, witness.relationship) == ("ann lee", "neighbour")
        assert witness.willing_to_give_statement is Answer.YES
        form._show_step(0, focus=True)
        await settle(pilot)
        await mouse_through_every_step(pilot)
        await click(pilot, "#d-next")
        await settle(pilot)
        results: list[object] = []
        app.push_screen(AmendDialog(app.kit, 1), results.append)
        await settle(pilot)
        await tap_into("a-reason", "a-keys", "wrong place")
        await tap_into("a-text", "a-keys", "it was the station")
        await click(pilot, "#a-save")
        await settle(pilot)
        assert len(results) == 1 and results[0] is not None
    (entry,) = _entries(kiosk)
    assert entry.content.witnesses[0].name == "ann lee"  # type: ignore[attr-defined]
    (amendment,) = entry.amendments  # type: ignore[attr-defined]
    assert amendment.amendment == Amendment("wrong place", "it was the station")


async def test_the_on_screen_keys_name_the_field_they_type_into(kiosk: Kiosk) -> None:
    from kiosk.ui.screens.common.tap_keys import TapKeysDialog

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        for step, field, label in (
            (1, "#d-what", "What happened, in your own words"),
            (
                3,
                "#d-identity",
                "Who did it: a name, nickname, or a description (vehicle, clothing)",
            ),
            (6, "#d-police-reference", "Crime, incident or job reference"),
        ):
            form._show_step(step, focus=True)
            await settle(pilot)
            assert await pilot.click(field)
            await click(pilot, "#d-keys")
            assert isinstance(app.screen, TapKeysDialog)
            assert str(app.screen.query_one(".title", Static).render()) == label
            assert await pilot.click("#tap-cancel")


def _typed(text: str) -> list[events.Key]:
    return [events.Key("space" if c == " " else c, c) for c in text]


BURSTS_BEFORE_F12 = {
    # A fast typist's last words, read from the terminal but not yet handed to the field when
    # F12 came in the same burst, belong to the draft too (only 'H' was kept).
    "words, Tab and Enter": (
        [*_typed("Mill Road"), events.Key("tab", "\t"), *_typed("He was there again"),
         events.Key("enter", "\r"), *_typed("twice")],
        "Mill Road",
        "He was there again\ntwice",
    ),
    # A zero-width joiner (inside many emoji), a non-joiner (Urdu writes with it) or a
    # direction mark in the burst stopped the words after it going into the draft. A field
    # types none of them (Textual's fields take printable characters only), so they are
    # passed over, as the field passes them over.
    "joiners and direction marks": (
        [*_typed("Mill\u202e Road"), events.Key("tab", "\t"),
         *_typed("one\u200dtwo\u200cthree\u00ad four")],
        "Mill Road",
        "onetwothree four",
    ),
}  # fmt: skip


@pytest.mark.parametrize("burst", BURSTS_BEFORE_F12)
async def test_a_burst_typed_just_before_f12_is_all_in_the_kept_draft(
    kiosk: Kiosk, burst: str
) -> None:
    keys, where, what_happened = BURSTS_BEFORE_F12[burst]
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await fill(pilot, "20/09/2026")
        await pilot.click("#d-time-unknown")
        await click(pilot, "#d-next")
        await pilot.click("#d-where")
        for key in [*keys, events.Key("f12", None)]:  # at once, as one read of the terminal
            app.post_message(key)
        await _ended(pilot, app)
    kept = decode(_entry_draft(kiosk).fields["form"])  # type: ignore[attr-defined]
    assert kept is not None
    assert (kept.where, kept.what_happened) == (where, what_happened)


async def test_coming_back_to_a_field_with_text_adds_to_it_rather_than_replacing_it(
    kiosk: Kiosk,
) -> None:
    """A restored draft put her in 'Where' with all of it selected: the first key she typed
    silently replaced the whole place. Coming back to a field puts the cursor at its end."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await fill(pilot, "20/09/2026")
        await pilot.click("#d-time-unknown")
        await click(pilot, "#d-next")
        await pilot.click("#d-where")
        await type_text(pilot, "Mill Road")
        await pilot.press("tab", "shift+tab")
        assert app.focused is not None and app.focused.id == "d-where"
        await type_text(pilot, " east")
        assert app.screen.query_one("#d-where", Input).value == "Mill Road east"


async def test_a_click_on_next_straight_after_a_burst_waits_for_the_typing(kiosk: Kiosk) -> None:
    """Typed fast, then Next clicked at once: the click went ahead of the keys still waiting,
    the step changed, and the rest of what she typed was lost ('Who: [r' was saved)."""
    from textual import events
    from textual.pilot import _get_mouse_message_arguments

    def keys(text: str) -> list[events.Key]:
        return [events.Key("space" if c == " " else c, c) for c in text]

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await fill(pilot, "20/09/2026")
        await pilot.click("#d-time-unknown")
        await click(pilot, "#d-next")
        await pilot.click("#d-where")
        arguments = _get_mouse_message_arguments(form.query_one("#d-next"), button=1)
        burst: list[events.Event] = [*keys("Mill Road"), events.Key("tab", "\t")]
        burst += [*keys("He was there again"), events.MouseDown(**arguments)]
        burst.append(events.MouseUp(**arguments))
        for event in burst:  # one read of the terminal: keys, then the click on Next
            app.post_message(event)
        await settle(pilot)
        assert form.query_one("#d-where", Input).value == "Mill Road"
        assert form.query_one("#d-what", TextArea).text == "He was there again"
        assert _progress(app) == "Step 3 of 10: Type of behaviour"


async def test_a_draft_kept_by_the_idle_lock_is_not_said_to_be_from_a_quick_exit(
    kiosk: Kiosk,
) -> None:
    """The idle lock keeps the draft as a quick exit does; the offer said 'interrupted by quick
    exit' whichever ended the visit (the draft does not record which)."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await fill(pilot, "20/09/2026")
        assert isinstance(app, KioskApp)
        app.end_session("idle")  # what the 'Still there?' screen does when its time runs out
        await _ended(pilot, app)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        assert isinstance(app.screen, DraftOfferDialog)
        offer = str(app.screen.query_one(".lead", Static).render())
        assert "quick exit" not in offer and "unfinished entry" in offer


async def test_a_date_a_time_and_her_quoted_words_are_tapped_as_the_form_asks(
    kiosk: Kiosk,
) -> None:
    """The form asks for day/month/year, 14:30 and quotation marks: the on-screen keys have
    them (the letters page alone had no "/", ":" or quotes, and a mouse-only visitor was told
    to write what she could not)."""
    from tests.ui.on_screen_keys import click_keys

    async def tap_into(field: str, text: str) -> None:
        assert await pilot.click(f"#{field}")
        await click(pilot, "#d-keys")
        await click_keys(pilot, text)
        assert await pilot.click("#tap-done")
        await settle(pilot)

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await tap_into("d-date", "20/09/2026")
        await tap_into("d-time", "14:30")
        await click(pilot, "#d-next")
        await tap_into("d-where", "Mill Road")
        await tap_into("d-what", 'He said "I know where you are."')
        await click(pilot, "#d-next")
        state = form._collect()
        assert (state.date, state.time) == ("20/09/2026", "14:30")
        assert state.what_happened == 'He said "I know where you are."'
        assert form._state.step == 2  # both steps passed their checks


@pytest.mark.parametrize("typed", ["28 11 2026", "28-11-2026", "28.11.2026", "2026-11-28"])
def test_a_day_typed_with_spaces_dashes_or_dots_is_a_date(typed: str) -> None:
    import datetime as dt

    from kiosk.ui.screens.diary.entry_state import parse_date

    assert parse_date(typed, "Date", 0) == dt.date(2026, 11, 28)


async def test_a_witness_half_typed_when_the_visit_ends_is_kept_with_the_entry(
    kiosk: Kiosk,
) -> None:
    """A quick exit while she types in "Add a witness": what she typed there is kept with
    the unfinished entry, as the first visit's words promise ("Anything you were typing is
    saved"), not only what was on the form beneath."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await fill(pilot, "20/09/2026")
        form._show_step(4, focus=True)
        await settle(pilot)
        await click(pilot, "#d-add-witness")
        await fill(pilot, "Ann")
        await pilot.press("enter")
        await fill(pilot, "07700 111222")
        await pilot.press("f12")
        await _ended(pilot, app)
    draft = _entry_draft(kiosk)
    assert draft is not None
    kept = decode(draft.fields["form"])  # type: ignore[attr-defined]
    assert kept is not None and kept.date == "20/09/2026"
    assert [(w.name, w.contact) for w in kept.witnesses] == [("Ann", "07700 111222")]


async def test_evidence_tapped_on_the_keys_when_the_visit_ends_is_kept_with_the_entry(
    kiosk: Kiosk,
) -> None:
    """By mouse alone, in "Add an evidence item", on the on-screen keys: the exit control
    pressed before Done keeps the letters tapped so far, in their field, with the entry; and
    an item already added, with nothing new written since her place was kept, stays too."""
    from tests.ui.test_mouse_only import tap_letters

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form._show_step(5, focus=True)
        await settle(pilot)
        await click(pilot, "#d-add-evidence")
        await fill(pilot, "Letter")
        await click(pilot, "#add")
        await click(pilot, "#d-add-evidence")
        await click(pilot, "#keys")
        await tap_letters(pilot, "photo")
        assert await pilot.click("#exit-control")
        await _ended(pilot, app)
    draft = _entry_draft(kiosk)
    assert draft is not None
    kept = decode(draft.fields["form"])  # type: ignore[attr-defined]
    assert kept is not None
    assert [item.kind for item in kept.evidence] == ["Letter", "photo"]


async def test_the_vaults_home_says_an_unfinished_entry_is_kept(kiosk: Kiosk) -> None:
    """As it says of an unfinished note: without a word on the home she would find the
    entry only by starting a new one."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await fill(pilot, "20/09/2026")
        await pilot.press("f12")
        await _ended(pilot, app)

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        await settle(pilot)
        said = str(app.screen.query_one("#draft-note", Static).render())
        assert said == (
            "You have an unfinished diary entry from last time, kept safe in your vault."
        )


def test_the_home_names_every_kind_of_unfinished_writing_in_one_sentence() -> None:
    from kiosk.ui.screens.vault.home import unfinished_note

    assert unfinished_note(set()) == ""
    assert unfinished_note({"note"}) == (
        "You have an unfinished note from last time, kept safe in your vault."
    )
    assert unfinished_note({"plan", "diary_entry", "note"}) == (
        "Unfinished from last time, kept safe in your vault: a note, a diary entry, and "
        "changes to your plan."
    )
