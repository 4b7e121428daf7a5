"""Where to save a CSV for the centre (its numbers, the staff log): the configured save
folder or a USB stick, as a visitor's sheets are saved (``kiosk.printing.pdf_sink``: a neutral
name with the day only, written whole or not at all, only inside the allowed folders). Once
saved, the staff log notes who saved what; the screen dismisses with the words to show."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from kiosk.i18n import _
from kiosk.printing.pdf_sink import SaveError, chosen_folder, save_pdf
from kiosk.printing.service import save_roots
from kiosk.staff.audit import StaffAction
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.frame import KioskScreen
from kiosk.ui.screens.staff.context import StaffContext
from kiosk.ui.widgets.save_place import SavePlaceChoice
from kiosk.ui.wording import describe_save_problem, saved_but_not_logged, saved_to


class SaveCsvScreen(KioskScreen[str | None]):
    """Dismisses with what became of the save (None: staff went back without saving)."""

    def __init__(
        self,
        kit: ScreenKit,
        staff: StaffContext,
        *,
        title: str,
        data: bytes,
        stem: str,
        action: StaffAction,
        detail: str,
    ) -> None:
        super().__init__(kit)
        self._staff = staff
        self._title = title
        self._data = data
        self._stem = stem
        self._action = action
        self._detail = detail

    def compose_body(self) -> ComposeResult:
        with Vertical(id="save-csv", classes="centred form"):
            yield Static(self._title, classes="title", markup=False)
            yield SavePlaceChoice(
                self.kit.config.save_path(),
                label=_("Where to save the CSV file"),
                input_id="csv-folder",
                # Translators: where USB sticks appear on the kiosk; keep the path as it is.
                placeholder=_("/media/…"),
            )
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="save-csv-file", variant="primary")
                yield Button(_("Back"), id="back")

    def on_mount(self) -> None:
        self.query_one("#save-csv-file", Button).focus()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save-csv-file")
    def _save(self) -> None:
        wanted = self.query_one(SavePlaceChoice).wanted()
        if not wanted:
            self.query_one("#message", Static).update(
                _("Please choose where to save it, or plug in a USB stick and press Look again.")
            )
            return
        self.query_one("#save-csv-file", Button).disabled = True
        self.query_one("#message", Static).update(_("Saving…"))
        self._write(wanted)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save-csv")
    def _write(self, wanted: str) -> None:
        try:
            folder = chosen_folder(wanted, save_roots(self.kit.config.save_path()))
            path = save_pdf(self._data, folder, self._stem, clock=self.kit.clock, suffix=".csv")
        except SaveError as error:
            self.app.call_from_thread(self._not_saved, describe_save_problem(error.problem))
            return
        except Exception:
            self.app.call_from_thread(self._not_saved, describe_save_problem(None))
            return
        words = saved_to(path)
        try:
            self.kit.audit.record(self._action, self._staff.name, self._detail)
        except Exception:
            words = saved_but_not_logged(words)
        self.app.call_from_thread(self.dismiss, words)

    def _not_saved(self, words: str) -> None:
        self.query_one("#save-csv-file", Button).disabled = False
        self.query_one("#message", Static).update(words)
