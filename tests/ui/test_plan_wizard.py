"""The safety-plan wizard, driven as a visitor drives it, against a real vault file (fast KDF):
the whole way by keyboard alone and by mouse alone to a saved plan; skipping sections; back and
forward keeping what she wrote; leaving, a quick exit and an idle lock mid-section, and taking
the plan up again exactly where she stopped; a fast typist's burst."""

from __future__ import annotations

import datetime as dt

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, OptionList, RadioButton, Static, TextArea

from kiosk.plan.answers import PlanAnswers, PromptAnswer, SectionStatus
from kiosk.plan.content import Situation
from kiosk.plan.repository import PlanInProgress, PlanRepository, PlanVersion
from kiosk.session.ends import SessionEnd
from kiosk.ui.app import KioskApp
from kiosk.ui.screens.plan.plan_dialogs import ContactDialog
from kiosk.ui.screens.plan.wizard import PlanWizardScreen
from kiosk.ui.screens.plan.wizard_state import PLAN_DRAFT, add_months, decode_draft, with_prompt
from kiosk.vault.service import VaultService
from kiosk.vault.storage.drafts import DraftsRepository
from tests.ui.conftest import NAME, PIN, Kiosk
from tests.ui.diary_form_steps import click, press_button, tab_to
from tests.ui.helpers import fill, open_vault, settle, type_text, until
from tests.ui.journeys import WRITTEN
from tests.ui.plan_wizard_steps import field, open_wizard, shipped_content, with_plan_content
from tests.ui.test_mouse_only import tap_letters

pytestmark = pytest.mark.usefixtures("buttons_take_every_press")

TODAY = dt.date(2026, 9, 21)  # the fake clock's day


@pytest.fixture
def kiosk(kiosk: Kiosk) -> Kiosk:
    return with_plan_content(kiosk)


def _progress(app: KioskApp) -> str:
    return str(app.screen.query_one("#p-progress", Static).render())


def _message(app: KioskApp) -> str:
    return str(app.screen.query_one("#message", Static).render())


def _position(app: KioskApp) -> str:
    wizard = app.screen
    assert isinstance(wizard, PlanWizardScreen)
    return wizard._state.position


def _saved(kiosk: Kiosk) -> tuple[PlanVersion | None, PlanInProgress | None, object]:
    with VaultService(kiosk.gatekeeper).open(NAME, PIN) as vault:
        plans = PlanRepository(vault)
        return plans.latest(), plans.in_progress(), DraftsRepository(vault).load(PLAN_DRAFT)


def _people_in_the_draft(kiosk: Kiosk) -> list[tuple[str, str]]:
    """The people she trusts in the unfinished plan a visit kept, which stopped at them."""
    _latest, _in_progress, draft = _saved(kiosk)
    assert draft is not None
    kept = decode_draft(draft.fields)  # type: ignore[attr-defined]
    assert kept is not None and kept.position == "emergency"
    people = kept.answers.section("emergency").prompts["people"].contacts
    return [(c.name, c.number) for c in people]


async def choose(pilot: Pilot[None], selector: str) -> None:
    """Click a radio button: that choice, not one next to it, is made."""
    assert await pilot.click(selector)
    assert pilot.app.screen.query_one(selector, RadioButton).value


async def _next(pilot: Pilot[None]) -> None:
    await tab_to(pilot, "p-next")
    await press_button(pilot)


async def _press(pilot: Pilot[None], button_id: str) -> None:
    await tab_to(pilot, button_id)
    await press_button(pilot)


# -- the whole way -----------------------------------------------------------------------------


async def test_keyboard_alone_through_every_section_to_a_saved_plan(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, result = await open_wizard(pilot)
        assert _progress(app) == "My plan: before you start"
        assert app.focused is not None and app.focused.id == "p-next"  # "Start", by Enter
        await press_button(pilot)
        # Where she is now: the second choice, by the arrow keys and Space.
        assert app.focused is not None and app.focused.id == "p-situation"
        await pilot.press("down", "down", "space")  # from her choice (rather not say), round
        await _next(pilot)
        assert _progress(app) == "Section 1 of 14 (0 done): Is now a good time?"
        await pilot.press("space")  # the first box of the checklist has the focus
        await _next(pilot)
        # Getting help quickly: someone she trusts, in the dialog, and a code word.
        assert _progress(app).startswith("Section 2 of 14 (1 done)")
        await tab_to(pilot, f"{field('emergency', 'people')}-add")
        await press_button(pilot)
        assert isinstance(app.screen, ContactDialog)
        await fill(pilot, "Sam")
        await pilot.press("enter")
        await fill(pilot, "07700 900111")
        await tab_to(pilot, "add")
        await press_button(pilot)
        assert app.screen is wizard
        await tab_to(pilot, field("emergency", "code-word"))
        await fill(pilot, "blue umbrella")
        await _next(pilot)
        # If something happens: a word written, then skipped for now; at home: not for me.
        await fill(pilot, "Front room")
        await _press(pilot, "p-skip")
        assert _progress(app).startswith("Section 4 of 14 (2 done)")
        await _press(pilot, "p-not-for-me")
        while _position(app) != "support":
            await _next(pilot)
        await tab_to(pilot, field("support", "services"))
        await pilot.press("space")  # the first service in the region's list
        await _next(pilot)
        # The review section: six months (the one after the three chosen for her).
        assert app.focused is not None and app.focused.id == "p-review"
        await pilot.press("down", "space")
        await _next(pilot)
        assert _progress(app) == "My plan: the finish"
        summary = str(app.screen.query_one("#p-summary", Static).render())
        assert "If something happens: skipped for now" in summary
        assert "At home: not for me" in summary
        await _press(pilot, "p-next")  # "Save my plan"
        await until(pilot, lambda: bool(result.values))
    assert result.values == [1]
    latest, in_progress, draft = _saved(kiosk)
    assert latest is not None and in_progress is None and draft is None
    answers = latest.answers
    assert answers.situation is Situation.PLANNING_TO_LEAVE
    now_safe = answers.section("now-safe")
    assert now_safe.status is SectionStatus.DONE
    first_option = shipped_content().sections[0].prompts[0].options[0].id
    assert now_safe.prompts["check"].ticked == (first_option,)
    emergency = answers.section("emergency")
    assert [(c.name, c.number) for c in emergency.prompts["people"].contacts] == [
        ("Sam", "07700 900111")
    ]
    assert emergency.prompts["code-word"].text == "blue umbrella"
    incident = answers.section("incident")
    assert incident.status is SectionStatus.SKIPPED
    assert incident.prompts["safer-room"].text == "Front room"  # skipped, still kept
    assert answers.section("home").status is SectionStatus.NOT_FOR_ME
    region = kiosk.services.directory.region("uk")
    assert region is not None
    chosen = answers.section("support").prompts["services"].helplines
    assert [h.id for h in chosen] == [region.helplines[0].id]
    assert answers.review_on == add_months(TODAY, 6) == latest.review_on


async def test_mouse_alone_through_every_section_to_a_saved_plan(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, result = await open_wizard(pilot)
        await click(pilot, "#p-next")
        await choose(pilot, "#p-situation-stalked")
        await click(pilot, "#p-next")
        assert await pilot.click(f"#{field('now-safe', 'check')}-0")
        await click(pilot, "#p-next")
        # Someone she trusts, typed on the on-screen keys.
        await click(pilot, f"#{field('emergency', 'people')}-add")
        assert isinstance(app.screen, ContactDialog)
        assert await pilot.click("#c-name")
        await click(pilot, "#keys")
        await tap_letters(pilot, "ann lee")
        assert await pilot.click("#tap-done")
        await click(pilot, "#add")
        assert app.screen is wizard
        await click(pilot, "#p-next")
        # A line typed on the on-screen keys, then skipped; the next one not for me.
        assert await pilot.click(f"#{field('incident', 'safer-room')}")
        await click(pilot, "#p-keys")
        await tap_letters(pilot, "hall")
        assert await pilot.click("#tap-done")
        await click(pilot, "#p-skip")
        await click(pilot, "#p-not-for-me")
        while _position(app) != "review":
            await click(pilot, "#p-next")
        await choose(pilot, "#p-review-1")
        await click(pilot, "#p-next")
        assert _progress(app) == "My plan: the finish"
        await click(pilot, "#p-next")
        await until(pilot, lambda: bool(result.values))
    assert result.values == [1]
    latest, in_progress, _draft = _saved(kiosk)
    assert latest is not None and in_progress is None
    answers = latest.answers
    assert answers.situation is Situation.STALKED
    assert [c.name for c in answers.section("emergency").prompts["people"].contacts] == ["ann lee"]
    assert answers.section("incident").status is SectionStatus.SKIPPED
    assert answers.section("incident").prompts["safer-room"].text == "hall"
    assert answers.section("home").status is SectionStatus.NOT_FOR_ME
    assert answers.section("now-safe").status is SectionStatus.DONE
    assert latest.review_on == add_months(TODAY, 1)


# -- never losing what she wrote ---------------------------------------------------------------


async def test_back_and_forward_and_skipping_keep_what_she_wrote(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot, vault=False)  # nothing here needs it
        wizard._state.position = "incident"
        await wizard._show("incident")
        await settle(pilot)
        await fill(pilot, "Front room [b]not[/b]")
        await click(pilot, "#p-back")
        assert _position(app) == "emergency"
        await click(pilot, "#p-next")
        room = app.screen.query_one(f"#{field('incident', 'safer-room')}", Input)
        assert room.value == "Front room [b]not[/b]"
        await click(pilot, "#p-skip")
        await click(pilot, "#p-back")
        assert _position(app) == "incident"
        hint = [str(s.render()) for s in app.screen.query(".p-hint").results(Static)]
        assert "You skipped this part for now. You can fill it in now or later." in hint
        room = app.screen.query_one(f"#{field('incident', 'safer-room')}", Input)
        assert room.value == "Front room [b]not[/b]"


async def test_a_burst_of_typing_across_two_prompts_lands_in_full_in_order(kiosk: Kiosk) -> None:
    """A fast typist's words, a Tab and more words in one read of the terminal: each key
    reaches the prompt focused when it is handed on, and all of it is kept on Next."""

    def keys(text: str) -> list[events.Key]:
        return [events.Key("space" if c == " " else c, c) for c in text]

    room, ways_out = "Front room (the one with [b]two[/b] doors)", "Out the back & over the fence"
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot)
        await wizard._show("incident")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == field("incident", "safer-room")
        for event in [*keys(room), events.Key("tab", "\t"), *keys(ways_out)]:
            app.post_message(event)  # all at once, as the driver posts one read
        await settle(pilot)
        assert wizard.query_one(f"#{field('incident', 'safer-room')}", Input).value == room
        assert wizard.query_one(f"#{field('incident', 'ways-out')}", TextArea).text == ways_out
        await click(pilot, "#p-next")
        assert _position(app) == "home"
        await until(pilot, lambda: _saved_open(app) is not None)
        kept = _saved_open(app)
        assert kept is not None
        incident = kept.answers.section("incident").prompts
        assert (incident["safer-room"].text, incident["ways-out"].text) == (room, ways_out)


def _saved_open(app: KioskApp) -> PlanInProgress | None:
    vault = app.vault_io.vault
    assert vault is not None
    kept = PlanRepository(vault).in_progress()
    return kept if kept is not None and kept.position == "home" else None


# -- leaving and coming back -------------------------------------------------------------------


@pytest.mark.parametrize("ending", ["quick_exit", "idle"])
async def test_a_visit_ended_mid_section_resumes_exactly_there_with_nothing_lost(
    kiosk: Kiosk, ending: str
) -> None:
    app = kiosk.app()
    code_word = field("emergency", "code-word")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_wizard(pilot)
        await click(pilot, "#p-next")
        await click(pilot, "#p-next")
        await pilot.press("space")  # a tick on the first section
        await click(pilot, "#p-next")
        assert _position(app) == "emergency"
        await tab_to(pilot, code_word)
        await fill(pilot, "blue umbrella")  # not yet kept: no move since
        if ending == "quick_exit":
            await pilot.press("f12")
        else:
            app.end_session("idle")  # what 'Still there?' does when its time runs out
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == SessionEnd.ENDED
    _latest, in_progress, draft = _saved(kiosk)
    assert in_progress is not None and in_progress.position == "emergency"
    assert draft is not None

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot, resume=in_progress)
        await until(pilot, lambda: "last visit ended" in _message(app))
        assert _position(app) == "emergency"
        assert _progress(app).startswith("Section 2 of 14 (1 done)")
        assert wizard.query_one(f"#{code_word}", Input).value == "blue umbrella"
        await settle(pilot)
        await click(pilot, "#p-back")
        assert wizard.query_one(f"#{field('now-safe', 'check')}-0", Checkbox).value
    _latest, in_progress, draft = _saved(kiosk)
    assert draft is None  # taken up: her place in the vault has it now
    assert in_progress is not None and in_progress.position == "now-safe"
    assert in_progress.answers.section("emergency").prompts["code-word"].text == "blue umbrella"


async def test_leave_keeps_her_place_and_she_continues_there(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, result = await open_wizard(pilot)
        await wizard._show("pets")
        await settle(pilot)
        await fill(pilot, "My sister, Jo")
        await click(pilot, "#p-leave")
        # Its result is handed back as it is dismissed; it is taken off the screen after.
        await until(pilot, lambda: bool(result.values) and not wizard.is_attached)
        assert result.values == [None]
        vault = app.vault_io.vault
        assert vault is not None
        in_progress = PlanRepository(vault).in_progress()
        assert in_progress is not None and in_progress.position == "pets"
        assert in_progress.answers.section("pets").status is SectionStatus.IN_PROGRESS
        wizard, _result = await open_wizard(pilot, resume=in_progress, vault=False)
        assert _position(app) == "pets"
        carer = wizard.query_one(f"#{field('pets', 'carer')}", TextArea)
        assert carer.text == "My sister, Jo"
        assert app.focused is carer
        await type_text(pilot, " or Ann")  # coming back to it adds to what is there
        assert carer.text == "My sister, Jo or Ann"


async def test_an_untouched_wizard_leaves_at_once_and_keeps_nothing(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        _wizard, result = await open_wizard(pilot)
        await click(pilot, "#p-leave")
        assert result.values == [None]
        vault = app.vault_io.vault
        assert vault is not None
        assert PlanRepository(vault).in_progress() is None


async def test_a_contact_can_be_removed_and_the_review_day_typed_is_checked(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot, vault=False)  # nothing here needs it
        await wizard._show("emergency")
        await settle(pilot)
        people = field("emergency", "people")
        for name in ("Sam", "Jo"):
            await click(pilot, f"#{people}-add")
            await fill(pilot, name)
            await click(pilot, "#add")
        await click(pilot, f"#{people}-remove")  # the last one added is highlighted
        listed = wizard.query_one(f"#{people}", OptionList)
        assert [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)] == [
            "Sam"
        ]
        await wizard._show("finish")
        await settle(pilot)
        await choose(pilot, "#p-review-own")
        assert await pilot.click("#p-review-date")
        await fill(pilot, "31/02/2027")
        await click(pilot, "#p-next")
        # Written as a date, but not one: telling her to write day/month/year said to do what
        # she had done.
        assert _message(app) == (
            "31/02/2027 is not a day in the calendar. Please check the day and the month."
        )
        wizard.query_one("#p-review-date", Input).value = "next spring"
        await click(pilot, "#p-next")
        assert _message(app) == (
            "Please write the review day as day/month/year, for example 21/12/2026."
        )
        wizard.query_one("#p-review-date", Input).value = "20/09/2026"
        await click(pilot, "#p-next")
        assert _message(app) == "Please choose a review day after today."
        assert _position(app) == "finish"
        # On the review part, a day that cannot be read does not stop her skipping the part.
        await wizard._show("review")
        await settle(pilot)
        wizard.query_one("#p-review-date", Input).value = "soon"
        await click(pilot, "#p-next")
        assert _position(app) == "review" and _message(app).startswith("Please write the review")
        await click(pilot, "#p-skip")
        assert _position(app) == "finish"


async def test_her_diary_opens_from_the_plan_and_brings_her_back_to_the_same_page(
    kiosk: Kiosk,
) -> None:
    from kiosk.ui.screens.diary.diary_list import DiaryScreen

    app = kiosk.app()
    message = field("stalking", "no-contact")
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot)
        await wizard._show("stalking")
        await settle(pilot)
        await fill(pilot, "Do not contact me again.")
        await tab_to(pilot, f"{field('stalking', 'diary')}-diary")
        await press_button(pilot)
        assert isinstance(app.screen, DiaryScreen)
        vault = app.vault_io.vault
        assert vault is not None
        await until(pilot, lambda: PlanRepository(vault).in_progress() is not None)
        kept = PlanRepository(vault).in_progress()
        assert kept is not None and kept.position == "stalking"
        assert kept.answers.section("stalking").prompts["no-contact"].text == (
            "Do not contact me again."
        )
        await click(pilot, "#diary-back")
        assert app.screen is wizard and _position(app) == "stalking"
        assert wizard.query_one(f"#{message}", TextArea).text == "Do not contact me again."


async def test_an_answer_too_long_to_keep_is_refused_in_one_line_either_way(kiosk: Kiosk) -> None:
    from kiosk.plan.answers import MAX_TEXT_CHARACTERS

    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot, vault=False)
        await wizard._show("incident")
        await settle(pilot)
        await fill(pilot, "x" * (MAX_TEXT_CHARACTERS + 1))
        for button in ("#p-back", "#p-next", "#p-leave"):
            await click(pilot, button)
            assert _position(app) == "incident"
            assert _message(app).endswith("is too long to keep. Please shorten it.")
        room = wizard.query_one(f"#{field('incident', 'safer-room')}", Input)
        assert len(room.value) == MAX_TEXT_CHARACTERS + 1  # nothing cut short


async def test_a_person_half_typed_when_the_visit_ends_is_kept_with_the_plan(
    kiosk: Kiosk,
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot)
        await wizard._show("emergency")
        await settle(pilot)
        await click(pilot, f"#{field('emergency', 'people')}-add")
        assert isinstance(app.screen, ContactDialog)
        await fill(pilot, "Ann")
        await pilot.press("enter")
        await fill(pilot, "07700 900222")
        await pilot.press("f12")
        await until(pilot, lambda: app.return_code is not None)
    assert _people_in_the_draft(kiosk) == [("Ann", "07700 900222")]


async def test_changing_a_saved_plan_saves_a_new_version_and_keeps_the_old(kiosk: Kiosk) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        vault = app.vault_io.vault
        assert vault is not None
        first = with_prompt(PlanAnswers(), "pets", "carer", PromptAnswer(text="Jo"))
        plans = PlanRepository(vault)
        plans.save_version(first, content_version=1, saved=WRITTEN)
        saved = plans.latest()
        assert saved is not None
        wizard = PlanWizardScreen(app.kit, start_from=saved)
        result: list[int | None] = []
        app.push_screen(wizard, result.append)
        await settle(pilot)
        await wizard._show("pets")
        await settle(pilot)
        carer = wizard.query_one(f"#{field('pets', 'carer')}", TextArea)
        assert carer.text == "Jo"
        await type_text(pilot, " or Ann")
        await click(pilot, "#p-next")
        in_progress = plans.in_progress()
        assert in_progress is not None and in_progress.based_on == 1
        await wizard._show("finish")
        await settle(pilot)
        await click(pilot, "#p-next")
        await until(pilot, lambda: bool(result))
        assert result == [2]
        assert plans.version(1) == saved  # the earlier one as it was, with its date
        latest = plans.latest()
        assert latest is not None
        assert latest.answers.section("pets").prompts["carer"].text == "Jo or Ann"


async def test_keys_typed_straight_after_next_reach_the_new_page(kiosk: Kiosk) -> None:
    """One read of the terminal that starts, chooses where she is, goes on and ticks a box:
    each key finds the page it was meant for (the focus and the choice's highlight came only
    after the next refresh: the arrows moved from the first choice and the tick was lost)."""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot, vault=False)
        names = ["enter", "down", "down", "space", "tab", "tab", "enter", "space"]
        for name in names:
            app.post_message(events.Key(name, " " if name == "space" else None))
        first_box = f"#{field('now-safe', 'check')}-0"
        # Keys are read into the kiosk's own queue at once: wait for the last one's effect.
        await until(pilot, lambda: bool(wizard.query(f"{first_box}.-on")), limit=10)
        assert _position(app) == "now-safe"
        assert wizard._state.answers.situation is Situation.PLANNING_TO_LEAVE


async def test_a_visit_ended_with_nothing_new_since_her_place_was_kept_leaves_no_draft(
    kiosk: Kiosk,
) -> None:
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot)
        await click(pilot, "#p-next")
        await click(pilot, "#p-next")
        await pilot.press("space")
        await click(pilot, "#p-next")
        vault = app.vault_io.vault
        assert vault is not None
        await until(pilot, lambda: _saved_at(app) == "emergency")
        await settle(pilot)
        assert wizard.draft_fields() is None  # the vault holds all of it already
        await pilot.press("f12")
        await until(pilot, lambda: app.return_code is not None)
    _latest, in_progress, draft = _saved(kiosk)
    assert in_progress is not None and in_progress.position == "emergency"
    assert draft is None


def _saved_at(app: KioskApp) -> str | None:
    vault = app.vault_io.vault
    kept = None if vault is None else PlanRepository(vault).in_progress()
    return None if kept is None else kept.position


@pytest.mark.parametrize(
    ("region", "number", "silent"), [("uk", "999", "press 55"), ("us", "911", None)]
)
async def test_the_emergency_part_shows_the_regions_number_and_silent_call_note(
    kiosk: Kiosk, region: str, number: str, silent: str | None
) -> None:
    app = kiosk.app(kiosk={"region": region})
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot, vault=False)
        await wizard._show("emergency")
        await settle(pilot)
        facts = " ".join(str(s.render()) for s in wizard.query(".p-emergency").results(Static))
        assert f"In an emergency call {number}." in facts
        if silent is not None:
            assert silent in facts
        else:
            assert "55" not in facts


async def test_a_person_half_typed_after_her_place_was_kept_is_kept_too(kiosk: Kiosk) -> None:
    """Her place was kept (she moved on and back), nothing on the page changed since, and
    then she began adding someone: the person typed so far is kept with the plan. (Before,
    an unchanged page kept nothing new, and the person in the open dialog was lost.)"""
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        wizard, _result = await open_wizard(pilot)
        await wizard._show("emergency")
        await settle(pilot)
        await click(pilot, f"#{field('emergency', 'people')}-add")
        await fill(pilot, "Sis")
        await click(pilot, "#add")
        await click(pilot, "#p-next")
        await click(pilot, "#p-back")
        await settle(pilot)
        await click(pilot, f"#{field('emergency', 'people')}-add")
        await fill(pilot, "Brother")
        await pilot.press("enter")
        await fill(pilot, "07700 333444")
        await pilot.press("f12")
        await until(pilot, lambda: app.return_code is not None)
    assert _people_in_the_draft(kiosk) == [("Sis", ""), ("Brother", "07700 333444")]
