"""Print her safety plan, or save it as a PDF: the sections she ticks, or her wallet card.

No section is ticked until she ticks it: the whole plan is a risk if it is found. Headings are
the sections' neutral titles unless she chooses the full ones. The wallet card carries the
emergency number always, the numbers she ticks, the region's silent-call line where it has
one, and her code word only if she ticks it.

The plan is already in memory (the version she was reading), so nothing is read from the
vault. The document is laid out in a renderer process (``CancellableRender``) that Cancel,
Back and the session's end all kill, so neither the screen nor a quick exit ever waits for
WeasyPrint; the job goes out under the printer's neutral title, like every other sheet.

Returns True when something was printed or saved.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Label,
    ProgressBar,
    RadioButton,
    RadioSet,
    Static,
)

from kiosk.helplines.model import Region
from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.plan.repository import PlanVersion
from kiosk.printing.documents import PlanCard, PlanSheet
from kiosk.printing.plan_document import (
    PLAN_CARD_MAX_NUMBERS,
    card_choices,
    card_options,
    code_word,
    plan_card,
    plan_outline,
    plan_sheet,
    printable,
    silent_call_note,
)
from kiosk.printing.service import CancellableRender
from kiosk.text import one_line, terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.delivery import render_and_deliver
from kiosk.ui.screens.common.print_or_save import PrintOrSaveScreen
from kiosk.ui.widgets.release_printing import ReleasePrinting
from kiosk.ui.widgets.save_place import SavePlaceChoice
from kiosk.ui.wording import plan_not_prepared, plan_print_outcome


class PrintPlanScreen(PrintOrSaveScreen):
    PRINT_ID = "print-plan-button"
    SAVE_ID = "save-plan"
    CANCEL_ID = "cancel-plan"
    PROGRESS_ID = "plan-progress"
    STAGE_ID = "plan-stage"

    def __init__(self, kit: ScreenKit, version: PlanVersion) -> None:
        super().__init__(kit)
        self._version = version
        self._region = _region(kit)
        content, answers = kit.plan_content, version.answers
        self._sections = printable(plan_outline(content, answers, self._region))
        self._options = card_options(content, answers, self._region)
        self._code_word = code_word(answers)

    # -- the screen --------------------------------------------------------------------------

    def compose_body(self) -> ComposeResult:
        card = self._version.answers.card
        with Vertical(id="print-plan", classes="wide"):
            yield Static(_("Print my plan"), classes="title", markup=False)
            with VerticalScroll(id="plan-print-options"):
                with RadioSet(id="plan-what"):
                    yield RadioButton(
                        Text(_("The sections I tick")), value=True, id="what-sections"
                    )
                    yield RadioButton(Text(_("A wallet card with numbers")), id="what-card")
                yield Label(
                    _("Sections to print (none is ticked until you tick it)"),
                    classes="field-label",
                )
                if not self._sections:
                    yield Static(_("Your plan has nothing to print yet."), markup=False)
                for index, section in enumerate(self._sections):
                    yield Checkbox(
                        Text(_label(section.title)), id=f"section-{index}", classes="part"
                    )
                yield Label(_("Headings on paper"), classes="field-label")
                with RadioSet(id="plan-headings"):
                    yield RadioButton(
                        Text(_("Plain headings that do not say what this is")),
                        value=True,
                        id="headings-neutral",
                    )
                    yield RadioButton(Text(_("The full section titles")), id="headings-full")
                yield Label(
                    ngettext(
                        "On the wallet card (up to {count} number besides the emergency one)",
                        "On the wallet card (up to {count} numbers besides the emergency one)",
                        PLAN_CARD_MAX_NUMBERS,
                    ).format(count=format_number(PLAN_CARD_MAX_NUMBERS)),
                    classes="field-label",
                )
                yield Static(self._always_on_card(), id="card-always", markup=False)
                for index, option in enumerate(self._options):
                    label = f"{option.name}: {option.number}"
                    yield Checkbox(
                        Text(_label(label)),
                        value=option.chosen_in(card),
                        id=f"card-{index}",
                        classes="card-number",
                    )
                if self._code_word:
                    yield Checkbox(
                        Text(_("My code word")), value=card.code_word, id="card-code-word"
                    )
                yield SavePlaceChoice(
                    self.kit.config.save_path(),
                    label=_("To save as PDF: where to save it"),
                    input_id="plan-folder",
                    # Translators: where USB sticks appear on the kiosk; keep the path as it is.
                    placeholder=_("/media/…"),
                )
            yield Static("", id="message", markup=False)
            yield ReleasePrinting(self.kit)
            with Horizontal(id="plan-progress"):
                yield ProgressBar(total=None, show_percentage=False, show_eta=False, id="bar")
                yield Static("", id="plan-stage", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Print"), id="print-plan-button", variant="primary")
                yield Button(_("Save as PDF"), id="save-plan")
                yield Button(_("Cancel"), id="cancel-plan")
                yield Button(_("Back"), id="back")

    def _always_on_card(self) -> str:
        line = _("Always on it: emergency {number}").format(number=self._region.emergency_number)
        note = silent_call_note(self._region).strip()
        return terminal_safe(f"{line}. {note}" if note else line)

    def on_mount(self) -> None:
        self._show_busy()
        self.query_one("#plan-what", RadioSet).focus()

    # Ticking a section or a number says which of the two she means, so a visitor using only
    # the mouse (or only Tab and Space) never has to find the choice at the top again.
    @on(Checkbox.Changed, ".part")
    def _a_section_means_sections(self, event: Checkbox.Changed) -> None:
        if event.value:
            self.query_one("#what-sections", RadioButton).value = True

    @on(Checkbox.Changed, ".card-number, #card-code-word")
    def _a_number_means_the_card(self, event: Checkbox.Changed) -> None:
        if event.value:
            self.query_one("#what-card", RadioButton).value = True

    def _card_chosen(self) -> bool:
        return self.query_one("#what-card", RadioButton).value

    # -- what she chose ----------------------------------------------------------------------

    def _sheet(self) -> PlanSheet | str:
        """The request for the ticked sections, or why there is none."""
        chosen = {
            section.id
            for index, section in enumerate(self._sections)
            if self.query_one(f"#section-{index}", Checkbox).value
        }
        if not chosen:
            return _("Please tick the sections you want to print.")
        full = self.query_one("#headings-full", RadioButton).value
        return plan_sheet(self._sections, chosen, full_titles=full)

    def _card(self) -> PlanCard | str:
        """The request for her card, or why there is none."""
        ticked = [
            option
            for index, option in enumerate(self._options)
            if self.query_one(f"#card-{index}", Checkbox).value
        ]
        if len(ticked) > PLAN_CARD_MAX_NUMBERS:
            return ngettext(
                "A card has room for {count} number besides the emergency one. Please untick some.",
                "A card has room for {count} numbers besides the emergency one. "
                "Please untick some.",
                PLAN_CARD_MAX_NUMBERS,
            ).format(count=format_number(PLAN_CARD_MAX_NUMBERS))
        word = bool(self._code_word) and self.query_one("#card-code-word", Checkbox).value
        choices = card_choices(ticked, code_word=word)
        return plan_card(self.kit.plan_content, self._version.answers, self._region, choices)

    # -- asking for it -----------------------------------------------------------------------

    def _start(self, *, save: bool) -> None:
        if self._busy:
            self._say(_("It is still being prepared. Please wait for it."))
            return
        card = self._card_chosen()
        document = self._card() if card else self._sheet()
        if isinstance(document, str):
            self._say(document)
            return
        folder = None
        if save and (folder := self._save_folder()) is None:
            return
        self._begin(_("Preparing…"))
        self._rendering = CancellableRender(self.kit.print_jobs)
        self._produce(self._rendering, document, save, folder, card)

    @work(thread=True, exclusive=True, exit_on_error=False, group="printing")
    def _produce(
        self,
        render: CancellableRender,
        document: PlanSheet | PlanCard,
        save: bool,
        folder: Path | None,
        card: bool,
    ) -> None:
        render_and_deliver(
            self,
            self.app.call_from_thread,
            render,
            document,
            folder=folder if save else None,
            not_prepared=plan_not_prepared,
            worded=lambda outcome: plan_print_outcome(outcome, card=card),
        )


def _label(text: str) -> str:
    """Her text (or the content's) as one line a terminal shows and never acts on."""
    return one_line(terminal_safe(text))


def _region(kit: ScreenKit) -> Region:
    """The kiosk's region in the directory (the first one if the directory lacks it)."""
    regions = kit.directory.regions
    return regions.get(kit.config.kiosk.region) or regions[sorted(regions)[0]]
