"""Printing for the centre: helpline sheets, practical steps and wallet cards, by region and
topic, with copies, on the staff printer (``[printing] printer``), or saved as PDF.

Nothing here is a visitor's: the sheets come from the helpline directory. What was printed is
counted by kind in the centre's numbers and written in the staff log as "3 x helpline sheet,
uk, stalking". The sheet is laid out in a renderer process that the session's end cancels;
the printer is followed in a thread, never on the screen's.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from kiosk.helplines.model import TOPICS, Region
from kiosk.i18n import _
from kiosk.printing.counting import SHEET_KINDS, count_printed, log_detail
from kiosk.printing.pdf_sink import SaveError, chosen_folder
from kiosk.printing.service import (
    Outcome,
    Result,
    Sheet,
    print_sheet,
    render,
    save_roots,
    save_sheet,
)
from kiosk.staff.audit import StaffAction
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.staff.context import Handover, StaffContext
from kiosk.ui.widgets.save_place import SavePlaceChoice
from kiosk.ui.widgets.select import Select
from kiosk.ui.wording import centre_not_prepared, centre_print_outcome

ALL_TOPICS = "all"
MAX_COPIES = 20


class CentrePrintScreen(KioskScreen[Handover | None]):
    def __init__(self, kit: ScreenKit, staff: StaffContext) -> None:
        super().__init__(kit)
        self._staff = staff
        self._busy = False

    def compose_body(self) -> ComposeResult:
        directory = self.kit.directory
        regions = sorted(directory.regions.values(), key=lambda r: r.name)
        with Vertical(id="centre-print", classes="wide"):
            yield Static(_("Print for the centre"), classes="title", markup=False)
            with VerticalScroll(id="centre-print-options"):
                with Horizontal(classes="centre-print-row"):
                    yield Label(_("Sheet"), classes="field-label")
                    yield Select(
                        [
                            (Text(_("Helpline sheet")), Sheet.HELPLINES.value),
                            (Text(_("Practical steps")), Sheet.PRACTICAL_STEPS.value),
                            (Text(_("Wallet card")), Sheet.WALLET_CARD.value),
                        ],
                        value=Sheet.HELPLINES.value,
                        allow_blank=False,
                        id="sheet",
                    )
                with Horizontal(classes="centre-print-row"):
                    yield Label(_("Region"), classes="field-label")
                    yield Select(
                        [(Text(r.name), r.code) for r in regions],
                        value=self._region_code(),
                        allow_blank=False,
                        id="region",
                    )
                with Horizontal(classes="centre-print-row"):
                    yield Label(_("Topic"), classes="field-label")
                    yield Select(
                        [
                            (Text(_("All topics")), ALL_TOPICS),
                            *[(Text(_(label)), key) for key, label in TOPICS.items()],
                        ],
                        value=ALL_TOPICS,
                        allow_blank=False,
                        id="topic",
                    )
                with Horizontal(classes="centre-print-row"):
                    yield Label(_("Copies"), classes="field-label")
                    yield Select(
                        [(Text(str(n)), n) for n in range(1, MAX_COPIES + 1)],
                        value=1,
                        allow_blank=False,
                        id="copies",
                    )
                yield SavePlaceChoice(
                    self.kit.config.save_path(),
                    label=_("To save as PDF: where to save it"),
                    input_id="centre-folder",
                    # Translators: where USB sticks appear on the kiosk; keep the path as it is.
                    placeholder=_("/media/…"),
                )
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Print"), id="centre-print-button", variant="primary")
                yield Button(_("Save as PDF"), id="centre-save")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self.query_one("#sheet", Select).focus()

    def _region_code(self) -> str:
        regions = self.kit.directory.regions
        wanted = self.kit.config.kiosk.region
        return wanted if wanted in regions else sorted(regions)[0]

    # -- what is chosen ----------------------------------------------------------------------

    def _sheet(self) -> Sheet:
        return Sheet(str(self.query_one("#sheet", Select).value))

    def _region(self) -> Region:
        code = str(self.query_one("#region", Select).value)
        regions = self.kit.directory.regions
        return regions.get(code) or regions[self._region_code()]

    def _topic(self) -> str:
        topic = str(self.query_one("#topic", Select).value)
        return "" if topic == ALL_TOPICS else topic

    def _copies(self) -> int:
        value = self.query_one("#copies", Select).value
        return value if isinstance(value, int) and 1 <= value <= MAX_COPIES else 1

    # -- printing ----------------------------------------------------------------------------

    @on(Button.Pressed, "#centre-print-button")
    def _print(self) -> None:
        self._start(save=False)

    @on(Button.Pressed, "#centre-save")
    def _save(self) -> None:
        self._start(save=True)

    def _start(self, *, save: bool) -> None:
        if self._busy:
            self._say(_("The sheet is still being prepared. Please wait for it."))
            return
        folder = None
        if save:
            typed = self.query_one(SavePlaceChoice).wanted()
            try:
                folder = chosen_folder(typed, save_roots(self.kit.config.save_path()))
            except SaveError as error:
                self._say(
                    centre_print_outcome(
                        Outcome(Result.SAVE_PROBLEM, save_problem=error.problem), 1
                    )
                )
                return
        region, topic = self._region(), self._topic()
        if topic and not region.by_topic(topic):
            self._say(_("No helplines for this topic in this region. Choose 'All topics'."))
            return
        self._busy = True
        self._say(_("Preparing the sheet…"))
        self._produce(self._sheet(), region, topic, self._copies(), folder)

    @work(thread=True, exclusive=True, exit_on_error=False, group="printing")
    def _produce(
        self, sheet: Sheet, region: Region, topic: str, copies: int, folder: Path | None
    ) -> None:
        app, kit = self.app, self.kit
        try:
            pdf = render(
                sheet,
                region,
                qr_url=kit.config.printing.sheet_qr_url,
                topic=topic,
                jobs=kit.print_jobs,
            )
        except Exception:
            if not kit.session.ending:
                app.call_from_thread(self._finished, centre_not_prepared())
            return
        if kit.session.ending:
            return
        if folder is not None:
            outcome = save_sheet(pdf, folder, kit.print_jobs)
        else:
            outcome = print_sheet(
                pdf,
                kit.printer,  # the staff printer: these are the centre's sheets
                copies=copies,
                jobs=kit.print_jobs,
                progress=lambda: app.call_from_thread(self._say, _("Printing…")),
            )
            if outcome.result is Result.PRINTED:
                count_printed(lambda: kit.numbers, SHEET_KINDS[sheet], copies)
                detail = log_detail(sheet, copies, region.code, topic)
                # The sheets are printed: a log that cannot be written must not say otherwise.
                with contextlib.suppress(Exception):
                    kit.audit.record(StaffAction.SHEETS_PRINTED, self._staff.name, detail)
        app.call_from_thread(self._finished, centre_print_outcome(outcome, copies))

    def _finished(self, message: str) -> None:
        self._busy = False
        if self.is_attached:
            self._say(message)

    def _say(self, text: str) -> None:
        self.query_one("#message", Static).update(text)

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)
