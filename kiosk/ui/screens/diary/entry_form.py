"""A new diary entry, written as a short series of steps, each fitting an 80x24 screen.

A progress line says where she is; Back and Next move between the steps, and Next refuses with
one calm line naming the field while a required one is empty ("unknown" is always accepted).
The last step shows everything literally, with the recorded-at time the kiosk's clock will
give it, before she saves. The screen returns the saved entry's number, or None.

Drafts: the form is a draft source (``draft_kind``, ``draft_reference``, ``draft_fields``), so
a quick exit or idle lock keeps what is written inside the vault, flagged as interrupted; she
can also leave and keep it. The next new entry offers to take it up. Saving removes the draft
in the same transaction as the entry is stored (kiosk.ui.vault_io).
"""

from __future__ import annotations

import contextlib
import datetime as dt

import msgspec
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    ContentSwitcher,
    Input,
    OptionList,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from kiosk.diary.model import (
    Answer,
    Behaviour,
    EntryContent,
    EvidenceItem,
    InvalidContent,
    Source,
    SourceKind,
    When,
    Who,
    Witness,
)
from kiosk.diary.repository import ENTRY_DRAFT
from kiosk.i18n import _
from kiosk.text import terminal_safe, typed_text
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.closing import ClosesOnceOnTop
from kiosk.ui.screens.common.tap_keys import LastTextField, type_by_tap
from kiosk.ui.screens.diary import entry_steps as steps
from kiosk.ui.screens.diary.entry_dialogs import (
    DraftOfferDialog,
    EvidenceDialog,
    LeaveDialog,
    Leaving,
    WitnessDialog,
)
from kiosk.ui.screens.diary.entry_review import review_text
from kiosk.ui.screens.diary.entry_state import (
    STEP_COUNT,
    STEP_LINKS,
    STEP_REVIEW,
    FormState,
    Problem,
    check_step,
    decode,
    encode,
    from_content,
    parse_date,
    to_content,
)
from kiosk.ui.vault_io import (
    DiaryEntrySaved,
    DraftDiscarded,
    DraftKept,
    DraftsLoaded,
    LinkChoicesLoaded,
    VaultCallFailed,
)
from kiosk.ui.wording import describe, entry_date, invalid_content
from kiosk.vault.errors import VaultError

# Text fields: widget id -> the FormState attribute it holds.
_INPUTS = {
    "d-date": "date",
    "d-time": "time",
    "d-end-date": "end_date",
    "d-end-time": "end_time",
    "d-where": "where",
    "d-technology": "technology",
    "d-identity": "identity",
    "d-others": "others_present",
    "d-weapon": "weapon",
    "d-police-date": "police_date",
    "d-police-force": "police_force",
    "d-police-officer": "police_officer",
    "d-police-reference": "police_reference",
    "d-police-said": "police_said",
    "d-did": "what_you_did",
    "d-injuries": "injuries",
    "d-source-dated": "source_dated",
}
_AREAS = {"d-what": "what_happened", "d-effect": "effect"}
_CHECKS = {"d-time-unknown": "time_unknown", "d-approximate": "approximate"}
_ANSWERS = {"d-children": "children_present", "d-police": "police_reported"}


def _step_id(step: int) -> str:
    return f"d-step-{step}"


def _not_done(error: Exception) -> str:
    if isinstance(error, InvalidContent):
        return invalid_content(error)
    if isinstance(error, VaultError):
        return describe(error)
    return _(
        "Something went wrong with your vault, so the entry was not saved. "
        "Please ask staff for help."
    )


def from_note(text: str, written: dt.datetime) -> EntryContent:
    """A new entry begun from a note of "My notes": what happened is the note's text, the
    source "from my notes of" the day it was written (also the first guess at when)."""
    return EntryContent(
        when=When(written.date()),
        where="",
        what_happened=text,
        behaviours=(),
        who=Who(identity=""),
        effect_on_you="",
        source=Source(SourceKind.FROM_MY_NOTES, written.date()),
    )


class EntryFormScreen(ClosesOnceOnTop[int | None]):
    """A new entry; dismissed with its number once saved, or None if she leaves."""

    draft_kind = ENTRY_DRAFT

    def __init__(self, kit: ScreenKit, *, prefill: EntryContent | None = None) -> None:
        super().__init__(kit)
        self._prefill = prefill
        self._state = FormState() if prefill is None else from_content(prefill)
        self._step = 0
        self._stored = False
        self._saving = False
        self._last_field = LastTextField()
        self._link_labels: dict[int, str] = {}
        self._offer_open = False  # the unfinished entry is offered; she has not chosen yet

    # -- layout ----------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        composers = (
            steps.compose_when,
            steps.compose_what,
            steps.compose_behaviour,
            steps.compose_who,
            steps.compose_witnesses,
            steps.compose_evidence,
            steps.compose_police,
            steps.compose_effect,
            steps.compose_links,
            steps.compose_review,
        )
        with Vertical(id="entry-form", classes="wide"):
            yield Static("", id="d-progress", classes="d-progress", markup=False)
            with ContentSwitcher(initial=_step_id(0), id="d-steps"):
                for step, compose in enumerate(composers):
                    # Not a stop of its own for Tab: focusing a field scrolls it into view.
                    with VerticalScroll(id=_step_id(step), classes="d-step", can_focus=False):
                        yield from compose()
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Back"), id="d-back")
                yield Button(_("Next"), id="d-next", variant="primary")
                yield Button(_("On-screen keys"), id="d-keys")
                yield Button(_("Leave"), id="d-leave")

    def on_mount(self) -> None:
        self._apply(self._state)
        self._show_step(self._state.step, focus=True)
        self.kit.vault.load_drafts(self, ENTRY_DRAFT)
        self.kit.vault.load_link_choices(self)

    # -- the form's state ------------------------------------------------------------------

    def _collect(self) -> FormState:
        """What the widgets hold now (lists of witnesses and the like are kept as they change)."""
        state = self._state
        for field_id, attribute in _INPUTS.items():
            setattr(state, attribute, self.query_one(f"#{field_id}", Input).value)
        for field_id, attribute in _AREAS.items():
            setattr(state, attribute, self.query_one(f"#{field_id}", TextArea).text)
        for field_id, attribute in _CHECKS.items():
            setattr(state, attribute, self.query_one(f"#{field_id}", Checkbox).value)
        for set_id, attribute in _ANSWERS.items():
            pressed = self.query_one(f"#{set_id}", RadioSet).pressed_button
            answer = (pressed.id or "").removeprefix(f"{set_id}-") if pressed else ""
            setattr(state, attribute, Answer(answer) if answer else Answer.UNKNOWN)
        state.behaviours = [
            b for b in Behaviour if self.query_one(f"#d-behaviour-{b.value}", Checkbox).value
        ]
        pressed = self.query_one("#d-source", RadioSet).pressed_button
        if pressed is not None:
            state.source_kind = SourceKind((pressed.id or "").removeprefix("d-source-"))
        if self._link_labels:  # once the choices are loaded; until then as they were
            state.related = list(self.query_one("#d-related", SelectionList).selected)
        state.step = self._step
        return state

    def _apply(self, state: FormState) -> None:
        self._state = state
        for field_id, attribute in _INPUTS.items():
            field = self.query_one(f"#{field_id}", Input)
            field.value = typed_text(getattr(state, attribute)).replace("\n", " ")
            field.cursor_position = len(field.value)
        for field_id, attribute in _AREAS.items():
            area = self.query_one(f"#{field_id}", TextArea)
            area.load_text(typed_text(getattr(state, attribute)))
            area.move_cursor(area.document.end)
        for field_id, attribute in _CHECKS.items():
            self.query_one(f"#{field_id}", Checkbox).value = getattr(state, attribute)
        for set_id, attribute in _ANSWERS.items():
            answer: Answer = getattr(state, attribute)
            self.query_one(f"#{set_id}-{answer.value}", RadioButton).value = True
        for behaviour in Behaviour:
            box = self.query_one(f"#d-behaviour-{behaviour.value}", Checkbox)
            box.value = behaviour in state.behaviours
        from_notes = self.query_one("#d-source-from_my_notes", RadioButton)
        from_notes.display = state.source_kind is SourceKind.FROM_MY_NOTES
        if from_notes.display:
            with contextlib.suppress(Problem):
                dated = parse_date(state.note_dated, "", STEP_LINKS)
                from_notes.label = _(steps.SOURCE_LABELS[SourceKind.FROM_MY_NOTES]).format(
                    date=entry_date(dated) if dated is not None else "…"
                )
        self.query_one(f"#d-source-{state.source_kind.value}", RadioButton).value = True
        self._show_items()
        self._show_links()
        self._show_time_field()

    # -- the draft protocol ----------------------------------------------------------------

    def draft_reference(self) -> str:
        return ""

    def draft_fields(self) -> dict[str, str] | None:
        if self._stored or self._closed or self._offer_open:
            return None  # while she decides, the kept entry stays as it is
        state = self._collect() if self.is_mounted else self._state
        state = self._with_items_being_added(state)
        if state.is_blank() and self._prefill is None:
            return None
        return {"form": encode(state)}

    def _with_items_being_added(self, state: FormState) -> FormState:
        """``state`` with the witness or evidence item she is typing in a dialog above this
        form: a visit that ends now keeps it, as written so far, in its list."""
        for dialog in self.app.screen_stack:
            if isinstance(dialog, WitnessDialog) and (witness := dialog.unsaved()):
                state = msgspec.structs.replace(state, witnesses=[*state.witnesses, witness])
            elif isinstance(dialog, EvidenceDialog) and (item := dialog.unsaved()):
                state = msgspec.structs.replace(state, evidence=[*state.evidence, item])
        return state

    @on(DraftsLoaded)
    def _drafts_loaded(self, loaded: DraftsLoaded) -> None:
        draft = next((d for d in loaded.drafts if d.reference == ""), None)
        state = None if draft is None else decode(draft.fields.get("form", ""))
        if draft is None or state is None or state.is_blank():
            return
        if draft.interrupted:
            question = _("Continue the unfinished entry (kept when your visit ended)?")
        else:
            question = _("Continue the unfinished entry you kept for later?")

        def answered(take_up: bool | None) -> None:
            self._offer_open = False
            if take_up:
                self._prefill = None
                self._apply(state)
                self._show_step(state.step, focus=True)
                self._say(_("This is the unfinished entry, as it was kept in your vault."))

        self._offer_open = True
        self.app.push_screen(DraftOfferDialog(self.kit, question), answered)

    # -- moving between steps --------------------------------------------------------------

    def _show_step(self, step: int, *, focus: bool) -> None:
        self._step = step
        self.query_one("#d-steps", ContentSwitcher).current = _step_id(step)
        title = _(steps.STEP_TITLES[step])
        self.query_one("#d-progress", Static).update(
            _("Step {number} of {count}: {title}").format(
                number=step + 1, count=STEP_COUNT, title=title
            )
        )
        self.query_one("#d-back", Button).disabled = step == 0
        self.query_one("#d-next", Button).label = (
            _("Save this entry") if step == STEP_REVIEW else _("Next")
        )
        self.query_one("#d-keys", Button).display = step != STEP_REVIEW
        self._say("")
        if step == STEP_REVIEW:
            self._show_review()
        if focus:
            self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        if self._step == STEP_REVIEW:
            self.query_one("#d-next", Button).focus()
            return
        page = self.query_one(f"#{_step_id(self._step)}", VerticalScroll)
        reachable = set(self.focus_chain)  # shown and enabled: what Tab can reach
        for widget in page.query("Input, TextArea, Checkbox, RadioSet, OptionList, SelectionList"):
            if widget in reachable:
                widget.focus()
                page.scroll_to_widget(widget, animate=False)
                return
        self.query_one("#d-next", Button).focus()

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    def _today(self) -> dt.date:
        return dt.datetime.fromtimestamp(self.kit.clock(), dt.UTC).astimezone().date()

    @on(Button.Pressed, "#d-next")
    def _next(self) -> None:
        if self._saving:
            return
        state = self._collect()
        if self._step == STEP_REVIEW:
            self._save(state)
            return
        try:
            check_step(state, self._step, self._today())
        except Problem as problem:
            self._say(problem.message)
            return
        self._show_step(self._step + 1, focus=True)

    @on(Button.Pressed, "#d-back")
    def _back(self) -> None:
        if self._step > 0 and not self._saving:
            self._collect()
            self._show_step(self._step - 1, focus=True)

    @on(Input.Submitted)
    def _enter_in_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Checkbox.Changed, "#d-time-unknown")
    def _show_time_field(self) -> None:
        unknown = self.query_one("#d-time-unknown", Checkbox).value
        self.query_one("#d-time", Input).disabled = unknown

    @on(Button.Pressed, "#d-identity-unknown")
    def _identity_unknown(self) -> None:
        field = self.query_one("#d-identity", Input)
        field.value = _("unknown")
        field.cursor_position = len(field.value)
        self.query_one("#d-next", Button).focus()

    # -- typing by mouse -------------------------------------------------------------------

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._last_field.chosen(event)

    @on(Button.Pressed, "#d-keys")
    def _tap_keys(self) -> None:
        page = self.query_one(f"#{_step_id(self._step)}", VerticalScroll)
        target = self._last_field.target(page)
        if target is None:
            self._say(_("There is nothing to type on this step."))
            return
        type_by_tap(self, self.kit, target)

    # -- witnesses, evidence, links --------------------------------------------------------

    @on(Button.Pressed, "#d-add-witness")
    def _add_witness(self) -> None:
        def added(witness: Witness | None) -> None:
            if witness is not None:
                self._state.witnesses.append(witness)
                self._show_items()

        self.app.push_screen(WitnessDialog(self.kit), added)

    @on(Button.Pressed, "#d-add-evidence")
    def _add_evidence(self) -> None:
        def added(item: EvidenceItem | None) -> None:
            if item is not None:
                self._state.evidence.append(item)
                self._show_items()

        self.app.push_screen(EvidenceDialog(self.kit), added)

    @on(Button.Pressed, "#d-remove-witness")
    def _remove_witness(self) -> None:
        self._remove("#d-witness-list", self._state.witnesses)

    @on(Button.Pressed, "#d-remove-evidence")
    def _remove_evidence(self) -> None:
        self._remove("#d-evidence-list", self._state.evidence)

    def _remove(self, list_id: str, items: list[Witness] | list[EvidenceItem]) -> None:
        index = self.query_one(list_id, OptionList).highlighted
        if index is not None and 0 <= index < len(items):
            del items[index]
            self._show_items()

    @on(OptionList.OptionHighlighted)
    def _item_highlighted(self) -> None:
        self._update_remove_buttons()

    def _update_remove_buttons(self) -> None:
        for name, items in (
            ("witness", self._state.witnesses),
            ("evidence", self._state.evidence),
        ):
            highlighted = self.query_one(f"#d-{name}-list", OptionList).highlighted
            self.query_one(f"#d-remove-{name}", Button).disabled = not (
                items and highlighted is not None
            )

    def _show_items(self) -> None:
        for list_id, labels, empty in (
            (
                "#d-witness-list",
                [
                    " · ".join(x for x in (w.name, w.relationship, w.contact) if x)
                    for w in self._state.witnesses
                ],
                _("No witnesses added."),
            ),
            (
                "#d-evidence-list",
                [
                    " · ".join(x for x in (e.kind, e.original_kept_at) if x)
                    for e in self._state.evidence
                ],
                _("No evidence items added."),
            ),
        ):
            options = self.query_one(list_id, OptionList)
            options.clear_options()
            if not labels:
                options.add_option(Option(empty, disabled=True))
            for label in labels:
                options.add_option(Option(terminal_safe(label)[:120]))
            if labels:
                options.highlighted = len(labels) - 1
        self._update_remove_buttons()

    @on(LinkChoicesLoaded)
    def _links_loaded(self, loaded: LinkChoicesLoaded) -> None:
        self._link_labels = {
            e.number: f"{entry_date(e.happened)}  {terminal_safe(e.first_line)[:50]}"
            for e in loaded.entries
        }
        self._show_links()

    def _show_links(self) -> None:
        links = self.query_one("#d-related", SelectionList)
        links.clear_options()
        links.display = bool(self._link_labels)
        self.query_one("#d-no-links", Static).display = not self._link_labels
        for number, label in self._link_labels.items():
            # Content, never a markup string: what happened may hold brackets of any kind.
            prompt = Content(f"{number}. {label}")
            links.add_option((prompt, number, number in self._state.related))
        if self._link_labels:
            links.highlighted = 0  # Space ticks the first at once

    # -- review and save -------------------------------------------------------------------

    def _recorded_now(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.kit.clock(), dt.UTC).astimezone()

    def _show_review(self) -> None:
        state = self._state
        try:
            content = to_content(state, self._today())
        except Problem as problem:
            self.query_one("#d-review", Static).update("")
            self._say(problem.message)
            return
        self.query_one("#d-review", Static).update(
            review_text(content, self._recorded_now(), self._link_labels)
        )

    def _save(self, state: FormState) -> None:
        try:
            content = to_content(state, self._today())
        except Problem as problem:
            self._show_step(problem.step, focus=True)
            self._say(problem.message)
            return
        self._saving = True
        self._set_busy(True)
        self._say(_("Saving …"))
        self.kit.vault.save_diary_entry(
            self, content, recorded=self._recorded_now(), as_draft=self.draft_fields()
        )

    def _set_busy(self, busy: bool) -> None:
        for widget in self.query("#d-steps Input, #d-steps TextArea, .buttons Button"):
            if isinstance(widget, Widget):
                widget.disabled = busy
        if not busy:
            self._show_step(self._step, focus=False)
            self._show_time_field()

    @on(DiaryEntrySaved)
    def _saved(self, saved: DiaryEntrySaved) -> None:
        self._stored = True
        self._close(saved.entry.number)

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        if failed.call in ("load_drafts", "load_link_choices"):
            return  # the form works without them; nothing she wrote is touched
        if failed.call == "discard_draft":
            self._close(None)
            return
        self._saving = False
        self._set_busy(False)
        self._say(_not_done(failed.error))

    # -- leaving ---------------------------------------------------------------------------

    @on(Button.Pressed, "#d-leave")
    def _leave(self) -> None:
        fields = self.draft_fields()
        if fields is None:
            self._close(None)
            return

        def chosen(leaving: Leaving | None) -> None:
            if leaving is Leaving.KEEP:
                self.kit.vault.keep_draft(self, ENTRY_DRAFT, "", fields, saved=self._recorded_now())
            elif leaving is Leaving.THROW_AWAY:
                self.kit.vault.discard_draft(self, ENTRY_DRAFT, "")

        self.app.push_screen(LeaveDialog(self.kit), chosen)

    @on(DraftKept)
    @on(DraftDiscarded)
    def _left(self) -> None:
        self._close(None)
