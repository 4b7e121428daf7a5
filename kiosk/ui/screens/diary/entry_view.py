"""One diary entry, every field as she wrote it, both of its times, its source, and every
amendment below the original with its date and reason. A withdrawn entry shows only when and
why it was withdrawn: its words are gone."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from kiosk.diary.model import EntryContent, When
from kiosk.diary.repository import DiaryEntry
from kiosk.i18n import _
from kiosk.text import terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.diary.diary_list import not_read
from kiosk.ui.vault_io import DiaryEntryLoaded, VaultCallFailed
from kiosk.ui.wording import (
    answer_word,
    behaviour_label,
    diary_date,
    diary_recorded,
    diary_time,
    source_words,
)

HEADING = "bold"
LABEL = "bold"
INLINE_LIMIT = 70


def _shown(text: str) -> str:
    """Stored text as it may reach the terminal: tabs as spaces, every control escaped."""
    return terminal_safe(text.expandtabs(4))


def when_words(when: When) -> str:
    """When it happened: the day, the time if known, "approx.", and the end of a series."""
    said = diary_date(when.date)
    if when.time is not None:
        said = _("{date} at {time}").format(date=said, time=diary_time(when.time))
    if when.end_date is not None:
        end = diary_date(when.end_date)
        if when.end_time is not None:
            end = _("{date} at {time}").format(date=end, time=diary_time(when.end_time))
        said = _("{start} until {end}").format(start=said, end=end)
    if when.approximate:
        said = _("{when} (approximately)").format(when=said)
    return said


class _Writer:
    """Builds the entry as one Text: labels in bold, her words literally (never markup)."""

    def __init__(self) -> None:
        self.text = Text()

    def heading(self, words: str) -> None:
        if self.text:
            self.text.append("\n")
        self.text.append(words + "\n", style=HEADING)

    def field(self, label: str, value: str, *, always: bool = False) -> None:
        """One field; an optional one left empty is not shown."""
        if not value.strip() and not always:
            return
        shown = _shown(value) if value.strip() else _("(left empty)")
        # A short answer beside its label; her longer words start on a line of their own.
        beside = "\n" not in shown and len(label) + len(shown) <= INLINE_LIMIT
        self.text.append(label + (": " if beside else "\n"), style=LABEL)
        self.text.append(shown + "\n")


def entry_text(entry: DiaryEntry) -> Text:
    """Everything the entry holds, in the order the form asks it."""
    out = _Writer()
    recorded = _("Recorded {when} (by the kiosk's clock)").format(
        when=diary_recorded(entry.recorded)
    )
    if entry.content is None or entry.withdrawal is not None:
        withdrawal = entry.withdrawal
        if withdrawal is not None:
            reason = withdrawal.withdrawal.reason.strip()
            when = diary_recorded(withdrawal.recorded)
            said = (
                _("Withdrawn on {when} ({reason})").format(when=when, reason=_shown(reason))
                if reason
                else _("Withdrawn on {when}").format(when=when)
            )
        else:
            said = _("The words of this entry were withdrawn.")
        out.text.append(said + "\n", style=HEADING)
        out.text.append(recorded + "\n")
        return out.text
    content: EntryContent = entry.content
    out.field(_("When it happened"), when_words(content.when), always=True)
    out.text.append(recorded + "\n")
    out.field(_("Where"), content.where, always=True)
    out.field(_("What happened"), content.what_happened, always=True)
    # As the review and the printed record write them: a label may hold commas of its own
    # ("Calls, texts, messages"), so a sentence-style list ran two of them together.
    kinds = "; ".join(behaviour_label(b) for b in content.behaviours)
    out.field(_("Type of behaviour"), kinds, always=True)
    out.field(_("Technology involved"), content.technology)
    who = content.who
    out.field(_("Who"), who.identity, always=True)
    out.field(_("Others present"), who.others_present)
    out.field(_("Children present"), answer_word(who.children_present), always=True)
    out.field(_("Weapon"), who.weapon)
    for number, witness in enumerate(content.witnesses, 1):
        out.heading(_("Witness {number}").format(number=number))
        out.field(_("Name"), witness.name, always=True)
        out.field(_("Contact"), witness.contact)
        out.field(_("Relationship"), witness.relationship)
        willing = answer_word(witness.willing_to_give_statement)
        out.field(_("Willing to give a statement"), willing, always=True)
        out.field(_("Statement"), witness.statement)
    for number, item in enumerate(content.evidence, 1):
        out.heading(_("Evidence {number}").format(number=number))
        out.field(_("What it is"), item.kind, always=True)
        out.field(_("Where the original is kept"), item.original_kept_at)
        out.field(_("How it was saved"), item.how_saved)
        out.field(_("File name"), item.filename)
        out.field(_("SHA-256"), item.sha256)
        out.field(_("Imported"), item.imported_utc)
    police = content.police
    out.heading(_("Police"))
    out.field(_("Reported to the police"), answer_word(police.reported), always=True)
    if police.date is not None:
        out.field(_("Date reported"), diary_date(police.date))
    out.field(_("Police force"), police.force)
    out.field(_("Officer"), police.officer)
    out.field(_("Reference"), police.reference)
    out.field(_("What the police said they would do"), police.what_police_said)
    out.heading(_("Effect and response"))
    out.field(_("Effect on you"), content.effect_on_you, always=True)
    out.field(_("What you did"), content.what_you_did)
    out.field(_("Injuries and medical help"), content.injuries)
    out.field(_("Source of this entry"), source_words(content.source), always=True)
    for number, amendment in enumerate(entry.amendments, 1):
        when = diary_recorded(amendment.recorded)
        out.heading(_("Amendment {number}, recorded {when}").format(number=number, when=when))
        if amendment.amendment is None:
            out.text.append(_("(its words were withdrawn)") + "\n")
            continue
        out.field(_("Reason"), amendment.amendment.reason, always=True)
        out.field(_("Amendment"), amendment.amendment.text, always=True)
    return out.text


class EntryViewScreen(KioskScreen[None]):
    """Entry ``number``, read from the vault when shown (again, after an amendment)."""

    def __init__(self, kit: ScreenKit, number: int) -> None:
        super().__init__(kit)
        self._number = number
        self._entry: DiaryEntry | None = None

    @property
    def number(self) -> int:
        return self._number

    def compose_body(self) -> ComposeResult:
        with Vertical(id="diary-entry-screen", classes="wide"):
            yield Static(
                _("Entry {number}").format(number=self._number), classes="title", markup=False
            )
            with VerticalScroll(id="diary-entry", can_focus=True):
                yield Static("", id="diary-entry-body", markup=False)
                yield Horizontal(id="diary-related")
            with Horizontal(classes="buttons"):
                yield Button(_("Amend"), id="entry-amend", disabled=True)
                yield Button(_("Withdraw"), id="entry-withdraw", disabled=True)
                yield Button(_("Back"), id="entry-back", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#diary-entry", VerticalScroll).focus()

    def on_screen_resume(self) -> None:
        self.kit.vault.load_entry(self, self._number)

    @on(DiaryEntryLoaded)
    async def _show(self, loaded: DiaryEntryLoaded) -> None:
        if loaded.number != self._number:
            return
        self._entry = entry = loaded.entry
        body = self.query_one("#diary-entry-body", Static)
        related = self.query_one("#diary-related", Horizontal)
        await related.remove_children()
        if entry is None:
            body.update(_("There is no entry with this number in your diary."))
            return
        body.update(entry_text(entry))
        if entry.amendments and entry.withdrawal is None:
            self.query_one(".title", Static).update(
                _("Entry {number} (amended: see below)").format(number=self._number)
            )
        open_to_change = entry.content is not None and entry.withdrawal is None
        self.query_one("#entry-amend", Button).disabled = not open_to_change
        self.query_one("#entry-withdraw", Button).disabled = not open_to_change
        if open_to_change and entry.content is not None and entry.content.related:
            await related.mount(Static(_("Related entries:"), markup=False, classes="label"))
            await related.mount_all(
                Button(
                    _("Entry {number}").format(number=n),
                    id=f"related-{n}",
                    classes="link related-link",
                )
                for n in entry.content.related
            )

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        self.app.notify(not_read(failed.error), timeout=6)

    @on(Button.Pressed, ".related-link")
    def _related(self, pressed: Button.Pressed) -> None:
        number = int((pressed.button.id or "related-0").removeprefix("related-"))
        self.app.push_screen(EntryViewScreen(self.kit, number))

    @on(Button.Pressed, "#entry-amend")
    def _amend(self) -> None:
        # HAND-OFF (form, branch w-form): the amendment dialog; the entry is read again when
        # this screen is shown again.
        from kiosk.ui.screens.diary.amend import AmendDialog

        self.app.push_screen(AmendDialog(self.kit, self._number))

    @on(Button.Pressed, "#entry-withdraw")
    def _withdraw(self) -> None:
        # HAND-OFF (form, branch w-form): the withdrawal dialog.
        from kiosk.ui.screens.diary.amend import WithdrawDialog

        self.app.push_screen(WithdrawDialog(self.kit, self._number))

    @on(Button.Pressed, "#entry-back")
    def _back(self) -> None:
        self.dismiss(None)
