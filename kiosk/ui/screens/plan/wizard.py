"""The safety-plan wizard: a page before she starts, where she is now, the plan's sections in
order, and a finish page with the review date; every page fits an 80x24 screen.

A progress line says where she is. Back and Next move between pages and never lose what she
wrote; any section can be skipped for now or marked "not for me" (what she wrote in it stays).
On every move the plan in progress (her answers and her place) is kept in her vault, and the
screen is a draft source (``draft_kind`` …): a quick exit or an idle lock keeps what she typed
since the last move, and the next time she continues she is back exactly where she stopped.
Finishing saves a new version of her plan; the screen returns its number, or None.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import msgspec
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from kiosk.helplines.model import Region
from kiosk.i18n import _, language, ngettext
from kiosk.i18n.formats import format_number
from kiosk.plan.answers import MAX_ITEMS, PlanAnswers, PromptAnswer, SectionStatus
from kiosk.plan.content import Section
from kiosk.plan.repository import PlanInProgress, PlanVersion
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.closing import ClosesOnceOnTop
from kiosk.ui.screens.common.frame import exit_key_label
from kiosk.ui.screens.common.tap_keys import LastTextField, type_by_tap
from kiosk.ui.screens.plan.plan_dialogs import ContactDialog
from kiosk.ui.screens.plan.plan_pages import FinishPage, SituationPage, StartPage
from kiosk.ui.screens.plan.plan_prompts import (
    ReviewDateProblem,
    SectionPage,
    highlight_pressed,
    read_review_date,
)
from kiosk.ui.screens.plan.wizard_state import (
    FINISH,
    PLAN_DRAFT,
    SITUATION,
    START,
    WizardState,
    counted,
    decode_draft,
    encode_draft,
    known_position,
    positions,
    status_going_back,
    status_going_on,
    too_long,
    with_prompt,
    with_status,
)
from kiosk.ui.vault_io import (
    DraftDiscarded,
    DraftsLoaded,
    PlanInProgressKept,
    PlanVersionSaved,
    VaultCallFailed,
)
from kiosk.ui.wording import describe
from kiosk.vault.errors import VaultError

Page = StartPage | SituationPage | SectionPage | FinishPage


def _not_saved(error: Exception) -> str:
    if isinstance(error, VaultError):
        return describe(error)
    return _(
        "Something went wrong with your vault, so your plan was not saved. "
        "What you wrote is still here. Please ask staff for help."
    )


class PlanWizardScreen(ClosesOnceOnTop[int | None]):
    """A new plan, a saved one changed (``start_from``), or one in progress taken up again
    (``resume``); dismissed with the saved version's number, or None if she leaves."""

    draft_kind = PLAN_DRAFT

    def __init__(
        self,
        kit: ScreenKit,
        *,
        resume: PlanInProgress | None = None,
        start_from: PlanVersion | None = None,
    ) -> None:
        super().__init__(kit)
        self._content = kit.plan_content
        self._pages = positions(self._content)
        self._resumed_at: dt.datetime | None = None
        if resume is not None:
            self._state = WizardState(
                answers=resume.answers,
                position=known_position(self._content, resume.position),
                based_on=resume.based_on,
            )
            self._resumed_at = resume.saved
        elif start_from is not None:
            self._state = WizardState(answers=start_from.answers, based_on=start_from.number)
        else:
            self._state = WizardState()
        self._begun = resume is not None or start_from is not None
        # Her answers and place as her vault already holds them (nothing for a draft to add).
        self._in_vault: tuple[PlanAnswers, str] | None = None
        self._keeping: tuple[PlanAnswers, str] | None = None
        self._keeps_running = 0
        if resume is not None or start_from is not None:
            self._in_vault = (self._state.answers, self._state.position)
        self._page: Page | None = None
        self.keys_wait = False  # a page is being put up (kiosk.ui.key_order holds keys)
        self._saving = False
        self._stored = False
        self._leaving = False
        self._stale_draft = False
        self._last_field = LastTextField()

    # -- layout ----------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        with Vertical(id="plan-wizard", classes="wide"):
            yield Static("", id="p-progress", markup=False)
            yield Vertical(id="p-holder")
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Back"), id="p-back")
                yield Button(_("Next"), id="p-next", variant="primary")
                yield Button(_("Leave"), id="p-leave")
            with Horizontal(id="p-more"):
                yield Button(_("Skip for now"), id="p-skip", compact=True)
                yield Button(_("Not for me"), id="p-not-for-me", compact=True)
                yield Button(_("On-screen keys"), id="p-keys", compact=True)

    async def on_mount(self) -> None:
        await self._show(self._state.position)
        if self._resumed_at is not None:
            self.kit.vault.load_drafts(self, PLAN_DRAFT)

    # -- where she is ----------------------------------------------------------------------

    def _section(self, position: str) -> Section | None:
        return self._content.section(position)

    def _today(self) -> dt.date:
        return self._now().date()

    def _now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.kit.clock(), dt.UTC).astimezone()

    def _region(self) -> Region:
        directory = self.kit.directory
        region = directory.region(self.kit.config.kiosk.region)
        found = region if region is not None else directory.regions[sorted(directory.regions)[0]]
        return found.in_language(language())

    def _emergency_lines(self) -> tuple[str, ...]:
        region = self._region()
        first = _("In an emergency call {number}.").format(number=region.emergency_number)
        return (first, region.silent_call_note or region.emergency_note)

    def _make_page(self, position: str) -> Page:
        answers = self._state.answers
        if position == START:
            quick = self.kit.config.quick_exit
            return StartPage(
                exit_key_label(self.kit),
                escape_twice=quick.escape_twice,
                keep_drafts=self.kit.config.session.keep_interrupted_drafts,
            )
        if position == SITUATION:
            return SituationPage(self._content, answers)
        section = self._section(position)
        if section is None:
            return FinishPage(self._content, answers, self._today())
        situation = answers.situation
        return SectionPage(
            section,
            answers,
            suggested=situation is not None and section in self._content.suggested(situation),
            emergency_lines=self._emergency_lines(),
            helplines=self._region().helplines,
            today=self._today(),
        )

    async def _show(self, position: str, *, focus: bool = True) -> None:
        """Put ``position``'s page on screen, filled from her answers."""
        self.keys_wait = True  # keys typed meanwhile are for the new page
        try:
            self._page = None
            holder = self.query_one("#p-holder", Vertical)
            await holder.remove_children()
            self._state.position = position
            page = self._make_page(position)
            await holder.mount(page)
            self._page = page
            for choices in page.query(RadioSet):
                highlight_pressed(choices)
            self._show_controls()
            if focus:
                self._focus_first()
        finally:
            self.keys_wait = False

    def _show_controls(self) -> None:
        position = self._state.position
        section = self._section(position)
        self.query_one("#p-progress", Static).update(self._progress(position, section))
        self.query_one("#p-back", Button).disabled = position == START
        next_button = self.query_one("#p-next", Button)
        next_button.label = {START: _("Start"), FINISH: _("Save my plan")}.get(position, _("Next"))
        for button_id in ("#p-skip", "#p-not-for-me"):
            self.query_one(button_id, Button).display = section is not None
        self.query_one("#p-keys", Button).display = position not in (START, SITUATION)

    def _progress(self, position: str, section: Section | None) -> str:
        if section is None:
            return {
                START: _("My plan: before you start"),
                SITUATION: _("My plan: where you are now"),
            }.get(position, _("My plan: the finish"))
        ids = [s.id for s in self._content.sections]
        done = counted(self._state.answers, ids, SectionStatus.DONE)
        return _("Section {number} of {count} ({done}): {title}").format(
            number=ids.index(section.id) + 1,
            count=format_number(len(ids)),
            done=ngettext("{done} done", "{done} done", done).format(done=format_number(done)),
            title=section.title,
        )

    def _focus_first(self) -> None:
        page = self._page
        if page is None or not page.is_attached:
            return
        # Not ``focus_chain``: it is worked out again only at the next refresh, and the page
        # has just been mounted.
        for widget in page.query("Input, TextArea, Checkbox, RadioSet, SelectionList, Button"):
            if widget.focusable:
                # Not Textual's animated scroll into view: a click as the page still glides
                # lands on the choice below the one she aimed at.
                self.set_focus(widget, scroll_visible=False)  # now: ``focus`` waits a turn
                page.call_after_refresh(page.scroll_to_widget, widget, animate=False)
                return
        self.set_focus(self.query_one("#p-next", Button))

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    # -- her answers -----------------------------------------------------------------------

    def _collect(self) -> WizardState:
        """What the page on screen holds, into her answers (a review day that cannot be read
        is left as it was: only going on refuses it)."""
        page, state = self._page, self._state
        if page is None or not page.is_attached:
            return state
        answers = state.answers
        if isinstance(page, SituationPage):
            answers = msgspec.structs.replace(answers, situation=page.chosen())
        elif isinstance(page, SectionPage):
            answers = page.read(answers)
        if isinstance(page, FinishPage) or (
            isinstance(page, SectionPage) and page.has_review_date()
        ):
            with contextlib.suppress(ReviewDateProblem):
                answers = self._with_review_on(answers, read_review_date(page, self._today()))
        state.answers = answers
        return state

    def _with_review_on(self, answers: PlanAnswers, day: dt.date) -> PlanAnswers:
        answers = msgspec.structs.replace(answers, review_on=day)
        for section in self._content.sections:
            for prompt in section.prompts:
                if prompt.kind == "review-date":
                    answers = with_prompt(answers, section.id, prompt.id, PromptAnswer(date=day))
        return answers

    def _too_long(self) -> str | None:
        """An answer her vault cannot keep (any move keeps her place there), in one line."""
        page = self._page
        if isinstance(page, SectionPage):
            label = too_long(page.section, self._state.answers)
            if label is not None:
                return _("“{label}” is too long to keep. Please shorten it.").format(label=label)
        return None

    def _refusal(self) -> str | None:
        """Why the page cannot be left going on, in one calm line; None if it can."""
        page = self._page
        if self._too_long() is not None:
            return self._too_long()
        if isinstance(page, FinishPage) or (
            isinstance(page, SectionPage) and page.has_review_date()
        ):
            try:
                read_review_date(page, self._today())
            except ReviewDateProblem as problem:
                return str(problem)
        return None

    # -- the draft protocol ----------------------------------------------------------------

    def draft_reference(self) -> str:
        return ""

    def draft_fields(self) -> dict[str, str] | None:
        if self._stored or self._closed:
            return None
        state = self._collect() if self.is_mounted else self._state
        if not self._begun and state.position == START and state.answers == PlanAnswers():
            return None
        answers = state.answers
        for dialog in self.app.screen_stack:
            if not isinstance(dialog, ContactDialog):
                continue
            contact = dialog.unsaved()
            if contact is not None:
                section_id, prompt_id = dialog.for_prompt
                before = answers.section(section_id).prompts.get(prompt_id, PromptAnswer())
                together = PromptAnswer(contacts=(*before.contacts, contact))
                answers = with_prompt(answers, section_id, prompt_id, together)
        if (answers, state.position) == self._in_vault:
            return None  # nothing since her place was kept (or the plan she opened)
        return encode_draft(msgspec.structs.replace(state, answers=answers))

    @on(DraftsLoaded)
    async def _drafts_loaded(self, loaded: DraftsLoaded) -> None:
        """A visit that ended mid-step kept what she typed since her last move: it is newer
        than the plan in progress she continues, so she is put back exactly there."""
        draft = next((d for d in loaded.drafts if d.reference == ""), None)
        if draft is None:
            return
        state = decode_draft(draft.fields)
        resumed_at = self._resumed_at
        if state is None or resumed_at is None:
            return  # one that cannot be read is left where it is, never thrown away
        if draft.saved < resumed_at:
            self.kit.vault.discard_draft(self, PLAN_DRAFT, "")  # older than her place
            return
        if state.based_on != self._state.based_on or self._saving or self._closed:
            return
        self._stale_draft = True  # discarded once her place is kept again
        state.position = known_position(self._content, state.position)
        self._state = state
        await self._show(state.position)
        self._keep()
        self._say(_("This is your plan as it was when your last visit ended."))

    # -- moving between pages --------------------------------------------------------------

    def _busy(self) -> bool:
        return self.keys_wait or self._saving or self._leaving or self._page is None

    def _keep(self) -> None:
        """Her answers and place, kept in her vault as the plan in progress."""
        self._begun = True
        state = self._state
        self._in_vault, self._keeping = None, (state.answers, state.position)
        self._keeps_running += 1
        self.kit.vault.keep_plan_in_progress(
            self,
            state.answers,
            position=state.position,
            based_on=state.based_on,
            saved=self._now(),
        )

    async def _go(self, step: int, status: SectionStatus | None = None) -> None:
        """Go ``step`` pages on (or back), the section left with ``status`` (None: as her
        answers say)."""
        if self._busy():
            return
        state = self._collect()
        position = state.position
        section = self._section(position)
        # Skipping a part (or going back) never asks her to correct it, only to keep it.
        problem = self._refusal() if step > 0 and status is None else self._too_long()
        if problem is not None:
            self._say(problem)
            return
        if section is not None:
            if status is None:
                going = status_going_on if step > 0 else status_going_back
                status = going(state.answers, section)
            state.answers = with_status(state.answers, section.id, status)
        index = self._pages.index(position) + step
        await self._show(self._pages[max(0, min(index, len(self._pages) - 1))])
        self._say("")
        self._keep()

    @on(Button.Pressed, "#p-next")
    async def _next(self) -> None:
        if self._state.position == FINISH:
            self._save()
            return
        await self._go(1)

    @on(Button.Pressed, "#p-back")
    async def _back(self) -> None:
        if self._state.position != START:
            await self._go(-1)

    @on(Button.Pressed, "#p-skip")
    async def _skip(self) -> None:
        await self._go(1, SectionStatus.SKIPPED)

    @on(Button.Pressed, "#p-not-for-me")
    async def _not_for_me(self) -> None:
        await self._go(1, SectionStatus.NOT_FOR_ME)

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        self._last_field.chosen(event)

    @on(Input.Submitted)
    def _enter_in_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Input.Changed, "#p-review-date")
    def _own_review_day(self, event: Input.Changed) -> None:
        """Writing a day of her own chooses it."""
        if event.value.strip():
            self.query_one("#p-review-own", RadioButton).value = True

    @on(Button.Pressed, "#p-keys")
    def _tap_keys(self) -> None:
        page = self._page
        target = None if page is None else self._last_field.target(page)
        if target is None:
            self._say(_("There is nothing to type on this page."))
            return
        type_by_tap(self, self.kit, target)

    @on(Button.Pressed)
    def _page_button(self, event: Button.Pressed) -> None:
        """The buttons of a section's prompts: add a person she trusts, open her diary."""
        button_id = event.button.id or ""
        page = self._page
        if not button_id.startswith("p-") or not isinstance(page, SectionPage) or self._busy():
            return
        if button_id.endswith("-add"):
            index = int(button_id.split("-")[1])
            if page.contact_count(index) >= MAX_ITEMS:
                self._say(_("That is as many people as one list can hold."))
                return

            def added(contact: Any) -> None:
                if contact is not None and page.is_attached:
                    page.add_contact(index, contact)

            prompt = page.section.prompts[index]
            self.app.push_screen(ContactDialog(self.kit, (page.section.id, prompt.id)), added)
        elif button_id.endswith("-diary"):
            from kiosk.ui.screens.diary.diary_list import DiaryScreen

            self._collect()
            self._keep()
            self.app.push_screen(DiaryScreen(self.kit))

    # -- finishing -------------------------------------------------------------------------

    def _save(self) -> None:
        if self._busy():
            return
        state = self._collect()
        page = self._page
        assert page is not None
        try:
            review_on = read_review_date(page, self._today())
        except ReviewDateProblem as problem:
            self._say(str(problem))
            return
        state.answers = self._with_review_on(state.answers, review_on)
        self._saving = True
        self._set_busy(True)
        self._say(_("Saving your plan …"))
        self.kit.vault.save_plan_version(
            self, state.answers, content_version=self._content.version, saved=self._now()
        )

    def _set_busy(self, busy: bool) -> None:
        for widget in self.query("#p-holder Input, #p-holder TextArea, Button"):
            if isinstance(widget, Widget) and widget.id != "exit-control":
                widget.disabled = busy
        if not busy:
            self._show_controls()

    @on(PlanVersionSaved)
    def _saved(self, saved: PlanVersionSaved) -> None:
        self._stored = True
        self._close(saved.number)

    @on(PlanInProgressKept)
    def _kept(self) -> None:
        self._keeps_running -= 1
        if self._keeps_running == 0:  # the last one asked for is the one kept
            self._in_vault = self._keeping
        if self._stale_draft:
            self._stale_draft = False
            self.kit.vault.discard_draft(self, PLAN_DRAFT, "")
        if self._leaving:
            self._close(None)

    @on(DraftDiscarded)
    def _draft_gone(self) -> None:
        pass  # nothing to show: the kept draft was older than her place

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        if failed.call in ("load_drafts", "discard_draft"):
            return  # the wizard works without them; nothing she wrote is touched
        if failed.call == "save_plan_version":
            self._saving = False
            self._set_busy(False)
            self._say(_not_saved(failed.error))
            return
        if failed.call == "keep_plan_in_progress":
            self._keeps_running -= 1
        self._leaving = False
        self._set_busy(False)
        self._say(
            _(
                "Your place in the plan could not be kept in your vault just now. What you "
                "wrote is still here; please try again, or ask staff for help."
            )
        )

    # -- leaving ---------------------------------------------------------------------------

    @on(Button.Pressed, "#p-leave")
    def _leave(self) -> None:
        if self._busy():
            return
        state = self._collect()
        if not self._begun and state.position == START and state.answers == PlanAnswers():
            self._close(None)
            return
        problem = self._too_long()
        if problem is not None:
            self._say(problem)
            return
        section = self._section(state.position)
        if section is not None:
            status = status_going_back(state.answers, section)
            state.answers = with_status(state.answers, section.id, status)
        self._leaving = True
        self._set_busy(True)
        self._say(_("Keeping your plan in your vault for next time …"))
        self._keep()
