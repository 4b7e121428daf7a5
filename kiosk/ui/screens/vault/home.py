"""The vault's home: its features, the visit's lock timing, and Leave; a gentle note once the
day she chose to look at her plan again has come."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.widgets import Button, Label, Static

from kiosk.diary.repository import AMENDMENT_DRAFT, ENTRY_DRAFT
from kiosk.i18n import N_, _
from kiosk.i18n.formats import format_list
from kiosk.notes.repository import NOTE_DRAFT
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.plan.wizard_state import PLAN_DRAFT
from kiosk.ui.vault_io import DraftsLoaded, PlanReviewDue, VaultCallFailed
from kiosk.ui.widgets.release_printing import ReleasePrinting
from kiosk.ui.widgets.select import Select
from kiosk.ui.wording import plan_review_note, say_duration

# What her vault keeps unfinished from an earlier visit (a quick exit, the idle lock or "Keep it
# for later" keeps it): without a word here she would find it only by starting that same kind
# of writing again. Each kind of draft: its sentence when it is the only one, its name in the
# list when there are more (three sentences pushed the home past 80x24).
UNFINISHED = {
    NOTE_DRAFT: (
        N_("You have an unfinished note from last time, kept safe in your vault."),
        N_("a note"),
    ),
    ENTRY_DRAFT: (
        N_("You have an unfinished diary entry from last time, kept safe in your vault."),
        N_("a diary entry"),
    ),
    PLAN_DRAFT: (
        N_("You have unfinished changes to your plan from last time, kept safe in your vault."),
        N_("changes to your plan"),
    ),
}
# A correction being written to an entry is diary writing too.
KIND_SAID_AS = {AMENDMENT_DRAFT: ENTRY_DRAFT}


def unfinished_note(kinds: set[str]) -> str:
    """What the home says of the kinds of writing kept unfinished ("" for none)."""
    said = [kind for kind in UNFINISHED if kind in kinds]
    if len(said) == 1:
        return _(UNFINISHED[said[0]][0])
    if not said:
        return ""
    things = format_list([_(UNFINISHED[kind][1]) for kind in said])
    return _("Unfinished from last time, kept safe in your vault: {things}.").format(things=things)


# Per-visit choices for the idle lock, shorter and longer than the usual one (WCAG 2.2.1: the
# user can adjust the limit beforehand). Whole minutes; the centre's own limit is always there.
IDLE_CHOICES_MINUTES = (1, 2, 5, 10, 20)


def idle_choices(configured_seconds: int, current_seconds: int) -> list[tuple[str, int]]:
    """(label, seconds) for each choice, shortest first; the centre's limit is marked, and the
    limit in force is always among them (a Select refuses a value it does not offer)."""
    offered = {configured_seconds, current_seconds} | {m * 60 for m in IDLE_CHOICES_MINUTES}
    return [(_choice(s, s == configured_seconds), s) for s in sorted(offered)]


def _choice(seconds: int, usual: bool) -> str:
    duration = say_duration(seconds)
    return _("{duration} (usual)").format(duration=duration) if usual else duration


class VaultHomeScreen(KioskScreen[None]):
    def compose_body(self) -> ComposeResult:
        with Vertical(id="home", classes="form centred"):
            yield Static(_("Your vault"), classes="title", markup=False)
            yield Static("", id="draft-note", markup=False)
            yield Static("", id="plan-note", markup=False)
            with Center(), Vertical(classes="menu wide-menu"):
                with Horizontal(id="home-features"):
                    yield Button(_("My notes"), id="notes", variant="primary")
                    yield Button(_("My diary"), id="diary", variant="primary")
                    yield Button(_("My plan"), id="plan", variant="primary")
                with Horizontal(id="pin-row"):
                    yield Button(_("Change my PIN"), id="change-pin")
                    # Only while something of hers is held at the printer (print stream).
                    yield ReleasePrinting(self.kit, compact=True)
                with Horizontal(id="idle-row"):
                    yield Label(_("Lock after no use for"), id="idle-label")
                    yield Select(
                        [
                            (Text(label), s)
                            for label, s in idle_choices(
                                self._configured(), self.kit.session.idle_limit_seconds
                            )
                        ],
                        value=self.kit.session.idle_limit_seconds,
                        allow_blank=False,
                        id="idle-time",
                    )
                yield Button(_("Leave and lock my vault"), id="leave", variant="warning")

    def on_mount(self) -> None:
        # Not query_one: a screen mounted while the App closes may have no children.
        for button in self.query("#notes").results(Button):
            button.focus()

    def _configured(self) -> int:
        return self.kit.config.session.idle_lock_seconds

    def on_screen_resume(self) -> None:
        for release in self.query(ReleasePrinting):
            release.show_held(fresh=True)
        self.kit.vault.load_drafts(self, None)
        self.kit.vault.plan_review_due(self, self._today())

    def _today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.kit.clock(), dt.UTC).astimezone().date()

    @on(DraftsLoaded)
    def _drafts_loaded(self, loaded: DraftsLoaded) -> None:
        kinds = {KIND_SAID_AS.get(draft.kind, draft.kind) for draft in loaded.drafts}
        # Not query_one: the answer may come as the App closes and the screen is emptied.
        for note in self.query("#draft-note").results(Static):
            note.update(unfinished_note(kinds))

    @on(PlanReviewDue)
    def _review_due(self, due: PlanReviewDue) -> None:
        due_on = due.review_on
        for note in self.query("#plan-note").results(Static):
            note.update(plan_review_note(due_on, self._today()) if due_on is not None else "")
            note.display = due_on is not None

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        """A note that cannot be worked out is simply not shown: the home stays as it is."""

    @on(ReleasePrinting.Released)
    def _released(self) -> None:
        if self.focused is None:  # the button she pressed is gone once it printed
            self.query_one("#change-pin", Button).focus()

    @on(Select.Changed, "#idle-time")
    def _idle_time_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self.kit.session.idle_limit_seconds = event.value

    @on(Button.Pressed, "#notes")
    def _notes(self) -> None:
        from kiosk.ui.screens.notes.notebook import NotesScreen

        self.app.push_screen(NotesScreen(self.kit))

    @on(Button.Pressed, "#diary")
    def _diary(self) -> None:
        from kiosk.ui.screens.diary.diary_list import DiaryScreen

        self.app.push_screen(DiaryScreen(self.kit))

    @on(Button.Pressed, "#plan")
    def _plan(self) -> None:
        from kiosk.ui.screens.plan.plan_view import PlanScreen

        self.app.push_screen(PlanScreen(self.kit))

    @on(Button.Pressed, "#change-pin")
    def _change_pin(self) -> None:
        from kiosk.ui.screens.vault.change_pin import ChangePinScreen

        self.app.push_screen(ChangePinScreen(self.kit))

    @on(Button.Pressed, "#leave")
    def _leave(self) -> None:
        self.kit.session.end_session("leave")
