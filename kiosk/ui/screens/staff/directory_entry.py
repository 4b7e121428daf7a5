"""Correcting one helpline entry (staff), and the one way a staff change reaches the files.

``save_change`` is what both directory screens run on a worker thread: the change through
kiosk.helplines.care (checked by the loader's rules, written atomically to the centre's
folder), then the staff log; the screens then give the session the new directory
(``Services.replace_directory``), so what staff changed is what the next screen shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, SelectionList, Static

from kiosk.helplines.care import CareEntry, CareRefused, Correction, DirectoryCare
from kiosk.helplines.loader import DirectoryError
from kiosk.helplines.model import TOPICS, Directory
from kiosk.i18n import _, language_name
from kiosk.i18n.formats import format_list
from kiosk.staff.audit import StaffAction
from kiosk.text import terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.staff.context import StaffContext
from kiosk.ui.screens.staff.typing_keys import KeyedScreen
from kiosk.ui.widgets.keyboard import FullKeyboard
from kiosk.ui.wording import (
    care_refused,
    change_failed,
    change_not_logged,
    directory_refused,
    entry_checked,
    entry_corrected,
)

# The staff log's detail holds at most this many characters (kiosk.staff.audit).
_DETAIL_LIMIT = 120


@dataclass(frozen=True)
class Saved:
    """What a change came to: the new directory (None: nothing changed), and the words."""

    directory: Directory | None
    message: str


def today_of(kit: ScreenKit) -> dt.date:
    return dt.datetime.fromtimestamp(kit.clock()).date()


def save_change(
    kit: ScreenKit, staff: StaffContext, entry: CareEntry, correction: Correction | None
) -> Saved:
    """Mark ``entry`` checked today (``correction`` None) or correct it; log who did it.

    Runs on a worker thread; never raises: every refusal is one calm line.
    """
    care = DirectoryCare(kit.config.helplines_path())
    today = today_of(kit)
    try:
        if correction is None:
            directory = care.mark_checked(entry, today)
        else:
            directory = care.correct(entry, correction, today)
    except CareRefused as refused:
        return Saved(None, care_refused(refused))
    except DirectoryError as error:
        return Saved(None, directory_refused(error))
    except Exception:
        return Saved(None, change_failed())
    name = entry.helpline.name if correction is None else correction.name.strip()
    action = StaffAction.ENTRY_CHECKED if correction is None else StaffAction.ENTRY_CORRECTED
    message = entry_checked(name) if correction is None else entry_corrected(name)
    try:
        # The organisation's name only: which entry, never anything of a visitor's.
        kit.audit.record(action, staff.name, " ".join(name.split())[:_DETAIL_LIMIT])
    except Exception:
        message = f"{message} {change_not_logged()}"
    return Saved(directory, message)


def _shown(text: str) -> str:
    """Text from a file, as the terminal may show it (the loader refuses control characters;
    this holds even for a file it has not read)."""
    return terminal_safe(text)


class DirectoryEntryScreen(KeyedScreen[str | None]):
    """The form: name, phone, website, hours, who it helps, topics. Dismisses with the words
    to show after a saved change, or None when staff go back without one.

    "Show keys" puts the full on-screen keyboard beside the fields (never over them) for staff
    with only a mouse or a touch screen; the lead gives it the rows."""

    KEY_FIELDS = ("entry-name", "entry-phone", "entry-website", "entry-hours", "entry-helps")

    def __init__(self, kit: ScreenKit, staff: StaffContext, entry: CareEntry) -> None:
        super().__init__(kit)
        self.staff = staff
        self.entry = entry

    def compose_body(self) -> ComposeResult:
        helpline = self.entry.helpline
        with Vertical(id="directory-entry-form", classes="wide"):
            yield Static(
                Text(_("Correct: {name}").format(name=_shown(helpline.name))),
                classes="title",
                markup=False,
            )
            if self.entry.in_centre_folder:
                where = _("From the centre's file {file}.").format(file=_shown(self.entry.file))
            else:
                where = _(
                    "From Harbour's own list ({file}): saving copies it into the centre's folder."
                ).format(file=_shown(self.entry.file))
            lead = _(
                "{where} Check each detail on the organisation's own website; saving also "
                "marks the entry as checked today."
            ).format(where=where)
            if helpline.translations:
                # Translations are edited in the file (docs/DEPLOY.md): saving keeps them.
                spoken = format_list([language_name(w.language) for w in helpline.translations])
                lead += " " + _(
                    "Its translations ({languages}) are kept as they are: after a correction, "
                    "update them in the centre's file."
                ).format(languages=spoken)
            yield Static(lead, id="entry-lead", markup=False)
            with Horizontal(id="entry-body"):
                with VerticalScroll(id="entry-fields"):
                    yield Label(_("Name"), classes="field-label")
                    yield Input(_shown(helpline.name), id="entry-name", max_length=120)
                    yield Label(_("Phone (blank if they have none)"), classes="field-label")
                    yield Input(_shown(helpline.phone), id="entry-phone", max_length=40)
                    yield Label(_("Website (blank if they have none)"), classes="field-label")
                    yield Input(_shown(helpline.website), id="entry-website", max_length=200)
                    yield Label(_("Opening hours"), classes="field-label")
                    yield Input(_shown(helpline.hours), id="entry-hours", max_length=200)
                    yield Label(_("Who it helps, in one sentence"), classes="field-label")
                    yield Input(_shown(helpline.helps_with), id="entry-helps", max_length=400)
                    yield Label(_("Topics"), classes="field-label")
                    yield SelectionList[str](
                        *(
                            (Text(_(label)), topic, topic in helpline.topics)
                            for topic, label in TOPICS.items()
                        ),
                        id="entry-topics",
                    )
                yield FullKeyboard(id="entry-keyboard")
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Cancel"), id="cancel")
                keys = Button(_("Show keys"), id="entry-keys")
                keys.can_focus = False  # for pointing only: Tab stays on the form's own path
                yield keys

    def on_mount(self) -> None:
        self.query_one("#entry-keyboard").display = False
        self.query_one("#entry-name", Input).focus()

    @on(Button.Pressed, "#entry-keys")
    def _toggle_keys(self) -> None:
        keyboard = self.query_one("#entry-keyboard")
        keyboard.display = not keyboard.display
        self.query_one("#entry-lead").display = not keyboard.display
        label = _("Hide keys") if keyboard.display else _("Show keys")
        self.query_one("#entry-keys", Button).label = label
        target = self._key_target()
        if target is not None:
            target.focus()
            self.call_after_refresh(target.scroll_visible)

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    def correction(self) -> Correction:
        def value(field: str) -> str:
            return self.query_one(f"#{field}", Input).value

        topics = self.query_one("#entry-topics", SelectionList).selected
        return Correction(
            name=value("entry-name"),
            phone=value("entry-phone"),
            website=value("entry-website"),
            hours=value("entry-hours"),
            helps_with=value("entry-helps"),
            # In the order the format lists them, whatever order they were ticked in.
            topics=tuple(topic for topic in TOPICS if topic in topics),
        )

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self._busy(True)
        self.query_one("#message", Static).update(_("Checking and saving…"))
        self._run(self.correction())

    @work(thread=True, exclusive=True, exit_on_error=False, group="directory")
    def _run(self, correction: Correction) -> None:
        saved = save_change(self.kit, self.staff, self.entry, correction)
        self.app.call_from_thread(self._saved, saved)

    def _saved(self, saved: Saved) -> None:
        if saved.directory is not None:
            self.kit.services.replace_directory(saved.directory)
            self.dismiss(saved.message)
            return
        self._busy(False)
        self.query_one("#message", Static).update(saved.message)
        self.query_one("#save", Button).focus()

    def _busy(self, busy: bool) -> None:
        for widget in self.query("Input, SelectionList, Button, LetterKeyboard"):
            widget.disabled = busy

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
