"""One section of the plan as a page of prompts, a widget for each kind, filled from her answers
and read back into them.

Every label and hint comes from the plan-content file and every answer is her text: all are
shown literally (markup=False, Content), never read as markup. Widget ids are built from the
prompt's place on the page (``p-2``, ``p-2-0`` …), never from ids in the content file.
"""

from __future__ import annotations

import datetime as dt
import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option

from kiosk.helplines.model import Helpline
from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.plan.answers import (
    ChosenHelpline,
    PlanAnswers,
    PromptAnswer,
    SectionStatus,
    TrustedContact,
)
from kiosk.plan.content import Prompt, Section
from kiosk.text import terminal_safe, typed_text
from kiosk.ui.screens.plan.wizard_state import (
    REVIEW_MONTHS,
    add_months,
    review_months,
    with_prompt,
)


def label(text: str, classes: str = "field-label") -> Label:
    return Label(text, classes=classes, markup=False)


def hint(text: str) -> Static:
    return Static(text, classes="p-hint", markup=False)


def typed_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _day_month_year(text: str) -> tuple[int, int, int] | None:
    """The three numbers of a date typed as day/month/year (or year-month-day), whether or not
    the calendar has that day; None if it is not written as a date. Spaces, "-" and "."
    separate too, as tapped on the on-screen keys' letters page."""
    parts = re.split(r"[\s/.-]+", text.strip())
    if len(parts) != 3 or not all(p.isdecimal() for p in parts):
        return None
    day, month, year = (int(p) for p in (parts if len(parts[0]) <= 2 else parts[::-1]))
    return day, month, year


def parse_day(text: str) -> dt.date | None:
    """A date typed as day/month/year (or year-month-day); None if it is not one."""
    numbers = _day_month_year(text)
    if numbers is None:
        return None
    day, month, year = numbers
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# -- the review date (on the review section and on the finish page) ------------------------


def compose_review_date(review_on: dt.date | None, today: dt.date) -> ComposeResult:
    chosen = review_months(review_on, today)
    with RadioSet(id="p-review", classes="p-choices"):
        for months in REVIEW_MONTHS:
            words = ngettext("In {count} month", "In {count} months", months).format(
                count=format_number(months)
            )
            day = add_months(today, months)
            yield RadioButton(
                f"{words} ({typed_date(day)})", id=f"p-review-{months}", value=chosen == months
            )
        yield RadioButton(_("On a day I choose:"), id="p-review-own", value=chosen is None)
    yield Input(
        typed_date(review_on) if chosen is None and review_on is not None else "",
        id="p-review-date",
        placeholder=_("day/month/year"),
        select_on_focus=False,
        max_length=10,
    )


def highlight_pressed(choices: RadioSet) -> None:
    """Put the keyboard's highlight on her choice (Textual starts it on the first one, so
    Space after an arrow changed a choice she did not mean to). Once the set is mounted."""
    if choices.pressed_index >= 0:
        choices._selected = choices.pressed_index  # Textual is pinned exactly (pyproject)


class ReviewDateProblem(Exception):
    """The date she typed cannot be her review date; ``str()`` is one calm line."""


def read_review_date(page: VerticalScroll | Vertical, today: dt.date) -> dt.date:
    pressed = page.query_one("#p-review", RadioSet).pressed_button
    choice = (pressed.id or "") if pressed is not None else ""
    for months in REVIEW_MONTHS:
        if choice == f"p-review-{months}":
            return add_months(today, months)
    typed = page.query_one("#p-review-date", Input).value
    day = parse_day(typed)
    numbers = _day_month_year(typed)
    if day is None and numbers is not None:
        # Written as a date, but not one (31/02/2027): "write it as day/month/year" told her
        # to do what she had done.
        shown = "{:02d}/{:02d}/{}".format(*numbers)
        raise ReviewDateProblem(
            _("{date} is not a day in the calendar. Please check the day and the month.").format(
                date=shown
            )
        )
    if day is None:
        raise ReviewDateProblem(
            _("Please write the review day as day/month/year, for example {example}.").format(
                example=typed_date(add_months(today, 3))
            )
        )
    if day <= today:
        raise ReviewDateProblem(_("Please choose a review day after today."))
    return day


# -- a section's page ----------------------------------------------------------------------


class SectionPage(VerticalScroll):
    """The prompts of one section, filled from her answers; ``read`` puts them back."""

    def __init__(
        self,
        section: Section,
        answers: PlanAnswers,
        *,
        suggested: bool,
        emergency_lines: tuple[str, ...],
        helplines: tuple[Helpline, ...],
        today: dt.date,
    ) -> None:
        super().__init__(id="p-page", classes="p-page", can_focus=False)
        self.section = section
        self._answers = answers.section(section.id)
        self._review_on = answers.review_on
        self._suggested = suggested
        self._emergency_lines = emergency_lines
        self._helplines = helplines
        self._today = today
        self._contacts: dict[int, list[TrustedContact]] = {
            index: list(self._answer(prompt).contacts)
            for index, prompt in enumerate(section.prompts)
            if prompt.kind == "contacts"
        }

    def _answer(self, prompt: Prompt) -> PromptAnswer:
        return self._answers.prompts.get(prompt.id, PromptAnswer())

    def compose(self) -> ComposeResult:
        section = self.section
        if section.intro:
            yield Static(section.intro, classes="p-intro", markup=False)
        status = self._answers.status
        note = ""
        if status is SectionStatus.NOT_FOR_ME:
            note = _("You chose “not for me” for this part. You can still fill it in.")
        elif status is SectionStatus.SKIPPED:
            note = _("You skipped this part for now. You can fill it in now or later.")
        elif self._suggested:
            note = _("Suggested for where you are now.")
        if note:
            yield Static(note, classes="p-hint p-note", markup=False)
        for index, prompt in enumerate(section.prompts):
            with Vertical(classes="p-prompt"):
                yield from self._compose_prompt(index, prompt)

    def _compose_prompt(self, index: int, prompt: Prompt) -> ComposeResult:
        answer = self._answer(prompt)
        field_id = f"p-{index}"
        yield label(prompt.label)
        if prompt.hint:
            yield hint(prompt.hint)
        if prompt.kind == "text":
            area = TextArea(
                typed_text(answer.text),
                id=field_id,
                soft_wrap=True,
                show_line_numbers=False,
                classes="p-text",
            )
            yield area
        elif prompt.kind == "line":
            yield Input(
                typed_text(answer.text).replace("\n", " "), id=field_id, select_on_focus=False
            )
        elif prompt.kind == "checklist":
            ticked = set(answer.ticked)
            with Vertical(classes="p-checklist"):
                for option_index, option in enumerate(prompt.options):
                    yield Checkbox(
                        Content(option.label),
                        option.id in ticked,
                        id=f"{field_id}-{option_index}",
                    )
        elif prompt.kind == "contacts":
            yield OptionList(id=field_id, markup=False, classes="p-items")
            with Horizontal(classes="p-row-buttons"):
                yield Button(_("Add someone"), id=f"{field_id}-add")
                yield Button(_("Remove"), id=f"{field_id}-remove", disabled=True)
        elif prompt.kind == "helplines":
            yield self._helpline_choices(field_id, answer)
        elif prompt.kind == "emergency":
            for line in self._emergency_lines:
                yield Static(line, classes="p-emergency", markup=False)
        elif prompt.kind == "diary-link":
            yield Button(_("Open my diary"), id=f"{field_id}-diary")
        elif prompt.kind == "review-date":
            yield from compose_review_date(self._review_on, self._today)

    def _helpline_choices(self, field_id: str, answer: PromptAnswer) -> SelectionList[str]:
        chosen = {h.id: h for h in answer.helplines}
        options: list[tuple[Content, str, bool]] = []
        for helpline in self._helplines:
            # The number first: a list option is one line (SelectionList cannot wrap), and a
            # long name cut short at 80 columns took the number with it.
            words = f"{helpline.phone}  {helpline.name}".strip()
            options.append((Content(terminal_safe(words)), helpline.id, helpline.id in chosen))
        listed = {h.id for h in self._helplines}
        for gone in (h for h in answer.helplines if h.id not in listed):
            words = _("{name} {phone} (no longer in the list)").format(
                name=gone.name, phone=gone.phone
            )
            options.append((Content(terminal_safe(words)), gone.id, True))
        return SelectionList[str](*options, id=field_id, classes="p-helplines")

    def on_mount(self) -> None:
        for index in self._contacts:
            self._show_contacts(index)
        for area in self.query(TextArea):
            area.move_cursor(area.document.end)  # coming back to it adds to what is there

    # -- trusted contacts ------------------------------------------------------------------

    def _show_contacts(self, index: int) -> None:
        options = self.query_one(f"#p-{index}", OptionList)
        options.clear_options()
        contacts = self._contacts[index]
        if not contacts:
            options.add_option(Option(_("No one added yet."), disabled=True))
        for contact in contacts:
            words = " · ".join(x for x in (contact.name, contact.number, contact.note) if x)
            options.add_option(Option(terminal_safe(words)[:120]))
        if contacts:
            options.highlighted = len(contacts) - 1
        self._update_remove(index)

    def _update_remove(self, index: int) -> None:
        highlighted = self.query_one(f"#p-{index}", OptionList).highlighted
        remove = self.query_one(f"#p-{index}-remove", Button)
        remove.disabled = not (self._contacts[index] and highlighted is not None)

    def contact_count(self, index: int) -> int:
        return len(self._contacts[index])

    def add_contact(self, index: int, contact: TrustedContact) -> None:
        self._contacts[index].append(contact)
        self._show_contacts(index)

    @on(Button.Pressed)
    def _remove_contact(self, event: Button.Pressed) -> None:
        button_id = event.button.id or ""
        if not (button_id.startswith("p-") and button_id.endswith("-remove")):
            return  # "Add someone" and "Open my diary" are the screen's: they open screens
        event.stop()
        index = int(button_id.split("-")[1])
        highlighted = self.query_one(f"#p-{index}", OptionList).highlighted
        contacts = self._contacts[index]
        if highlighted is not None and 0 <= highlighted < len(contacts):
            del contacts[highlighted]
            self._show_contacts(index)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = int((event.option_list.id or "p-0").split("-")[1])
        if index in self._contacts:
            self._update_remove(index)

    # -- reading it back -------------------------------------------------------------------

    def read(self, answers: PlanAnswers) -> PlanAnswers:
        """``answers`` with this page's prompts as they stand on screen (the review date is
        read separately: it can be refused)."""
        section = self.section
        for index, prompt in enumerate(section.prompts):
            answer = self._read_prompt(index, prompt)
            if answer is not None:
                answers = with_prompt(answers, section.id, prompt.id, answer)
        return answers

    def _read_prompt(self, index: int, prompt: Prompt) -> PromptAnswer | None:
        field_id = f"#p-{index}"
        if prompt.kind == "text":
            return PromptAnswer(text=self.query_one(field_id, TextArea).text)
        if prompt.kind == "line":
            return PromptAnswer(text=self.query_one(field_id, Input).value)
        if prompt.kind == "checklist":
            ticked = tuple(
                option.id
                for option_index, option in enumerate(prompt.options)
                if self.query_one(f"{field_id}-{option_index}", Checkbox).value
            )
            return PromptAnswer(ticked=ticked)
        if prompt.kind == "contacts":
            return PromptAnswer(contacts=tuple(self._contacts[index]))
        if prompt.kind == "helplines":
            return PromptAnswer(helplines=self._read_helplines(field_id, prompt))
        return None

    def _read_helplines(self, field_id: str, prompt: Prompt) -> tuple[ChosenHelpline, ...]:
        selected = set(self.query_one(field_id, SelectionList).selected)
        before = {h.id: h for h in self._answer(prompt).helplines}
        chosen = [
            ChosenHelpline(id=h.id, name=h.name, phone=h.phone)
            for h in self._helplines
            if h.id in selected
        ]
        listed = {h.id for h in self._helplines}
        chosen += [h for h_id, h in before.items() if h_id not in listed and h_id in selected]
        return tuple(chosen)

    def has_review_date(self) -> bool:
        return any(p.kind == "review-date" for p in self.section.prompts)
