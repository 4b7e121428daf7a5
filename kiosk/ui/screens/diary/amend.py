"""Correcting and taking back a diary entry, as dialogs the entry view pushes.

``AmendDialog(kit, number)`` adds a dated amendment (a reason and the text); the original is
never changed. ``WithdrawDialog(kit, number)`` erases the entry's words after she confirms; a
record that an entry was withdrawn stays in the diary. Both save through the vault's one worker
path and are dismissed with the entry as it now reads (``DiaryEntry``), or None if she cancels.

An unfinished amendment is a draft (``AMENDMENT_DRAFT``, the entry's number), so a quick exit
keeps it in the vault; the dialog offers it again for the same entry.
"""

from __future__ import annotations

import datetime as dt

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from kiosk.diary.model import MAX_TEXT_CHARACTERS, Amendment, Withdrawal
from kiosk.diary.repository import AMENDMENT_DRAFT, DiaryEntry
from kiosk.i18n import _
from kiosk.text import typed_text
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskModal
from kiosk.ui.screens.common.tap_keys import LastTextField, type_by_tap
from kiosk.ui.vault_io import DraftsLoaded, EntryAmended, EntryWithdrawn, VaultCallFailed
from kiosk.ui.wording import describe
from kiosk.vault.errors import VaultError


def _not_done(error: Exception) -> str:
    if isinstance(error, LookupError):
        return _("This entry is no longer in your diary.")
    if isinstance(error, VaultError):
        return describe(error)
    return _("Something went wrong with your vault, so nothing was changed. Please ask staff.")


def _now(kit: ScreenKit) -> dt.datetime:
    return dt.datetime.fromtimestamp(kit.clock(), dt.UTC).astimezone()


class AmendDialog(KioskModal[DiaryEntry | None]):
    """A dated amendment of entry ``number``. A draft source while it is open."""

    draft_kind = AMENDMENT_DRAFT

    def __init__(self, kit: ScreenKit, number: int) -> None:
        super().__init__(kit)
        self._number = number
        self._stored = False
        self._saving = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="amend", classes="wide"):
            yield Static(
                _("Add an amendment to entry {number}").format(number=self._number),
                classes="title",
                markup=False,
            )
            yield Static(
                _(
                    "The original stays as written. Your amendment is added beside it, with "
                    "today's date and your reason."
                ),
                classes="lead",
                markup=False,
            )
            yield Label(_("Reason for the amendment"), classes="field-label")
            yield Input(id="a-reason")
            yield Label(_("The correction or what you want to add"), classes="field-label")
            yield TextArea(id="a-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Add the amendment"), id="a-save", variant="primary")
                yield Button(_("On-screen keys"), id="a-keys")
                yield Button(_("Cancel"), id="a-cancel")

    def on_mount(self) -> None:
        self._last_field = LastTextField()
        self.query_one("#a-reason", Input).focus()
        self.kit.vault.load_drafts(self, AMENDMENT_DRAFT)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._last_field.chosen(event)

    @on(Button.Pressed, "#a-keys")
    def _keys(self) -> None:
        target = self._last_field.target(self)
        if target is not None and not self._saving:
            type_by_tap(self, self.kit, target)

    @on(DraftsLoaded)
    def _drafts_loaded(self, loaded: DraftsLoaded) -> None:
        draft = next((d for d in loaded.drafts if d.reference == self.draft_reference()), None)
        if draft is None or self.draft_fields() is not None:
            return  # nothing kept, or she has already begun again
        self.query_one("#a-reason", Input).value = typed_text(draft.fields.get("reason", ""))
        self.query_one("#a-text", TextArea).load_text(typed_text(draft.fields.get("text", "")))
        self.query_one("#message", Static).update(
            _("This is the amendment you were writing when the kiosk last closed.")
        )

    def draft_reference(self) -> str:
        return str(self._number)

    def draft_fields(self) -> dict[str, str] | None:
        if self._stored:
            return None
        reason = self.query_one("#a-reason", Input).value
        text = self.query_one("#a-text", TextArea).text
        if not reason.strip() and not text.strip():
            return None
        return {"reason": reason, "text": text}

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.query_one("#a-text", TextArea).focus()

    @on(Button.Pressed, "#a-save")
    def _save(self) -> None:
        if self._saving:
            return
        reason = self.query_one("#a-reason", Input).value.strip()
        text = self.query_one("#a-text", TextArea).text.strip()
        message = self.query_one("#message", Static)
        if not reason:
            message.update(_("Please give a reason for the amendment."))
            return
        if not text:
            message.update(_("Please write the correction or what you want to add."))
            return
        if len(text) > MAX_TEXT_CHARACTERS or len(reason) > MAX_TEXT_CHARACTERS:
            message.update(_("The amendment is too long to save. Please shorten it."))
            return
        self._saving = True
        self._busy(True)
        self.kit.vault.amend_entry(
            self,
            self._number,
            Amendment(reason=reason, text=text),
            recorded=_now(self.kit),
            as_draft=self.draft_fields(),
        )

    def _busy(self, busy: bool) -> None:
        self.query_one("#a-reason", Input).disabled = busy
        self.query_one("#a-text", TextArea).read_only = busy
        self.query_one("#a-save", Button).disabled = busy

    @on(EntryAmended)
    def _amended(self, amended: EntryAmended) -> None:
        self._stored = True
        self.dismiss(amended.entry)

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        if failed.call == "load_drafts":
            return
        self._saving = False
        self._busy(False)
        self.query_one("#message", Static).update(_not_done(failed.error))

    @on(Button.Pressed, "#a-cancel")
    def _cancel(self) -> None:
        # What was typed is kept only by a quick exit; Cancel means she does not want it.
        if not self._saving:
            self.kit.vault.discard_draft(self, AMENDMENT_DRAFT, self.draft_reference())
            self._stored = True
            self.dismiss(None)


class WithdrawDialog(KioskModal[DiaryEntry | None]):
    """Take entry ``number`` back: its words are erased; that it was withdrawn stays."""

    def __init__(self, kit: ScreenKit, number: int) -> None:
        super().__init__(kit)
        self._number = number
        self._saving = False

    def compose_body(self) -> ComposeResult:
        with Vertical(id="withdraw", classes="dialog"):
            yield Static(
                _("Withdraw entry {number}?").format(number=self._number),
                classes="title",
                markup=False,
            )
            yield Static(
                _(
                    "Its words, and those of its amendments, will be erased for good. A record "
                    "that an entry was withdrawn, and when, stays in your diary."
                ),
                classes="lead",
                markup=False,
            )
            yield Label(_("Reason (you may leave this empty)"), classes="field-label")
            yield Input(id="w-reason")
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Keep the entry"), id="w-keep")
                yield Button(_("Withdraw it"), id="w-withdraw", variant="error")

    def on_mount(self) -> None:
        self.query_one("#w-keep", Button).focus()

    @on(Input.Submitted)
    def _to_buttons(self) -> None:
        self.query_one("#w-keep", Button).focus()

    @on(Button.Pressed, "#w-withdraw")
    def _withdraw(self) -> None:
        if self._saving:
            return
        reason = self.query_one("#w-reason", Input).value.strip()
        if len(reason) > MAX_TEXT_CHARACTERS:
            self.query_one("#message", Static).update(
                _("The reason is too long. Please shorten it.")
            )
            return
        self._saving = True
        for widget in self.query("Input, Button"):
            widget.disabled = True
        self.kit.vault.withdraw_entry(
            self, self._number, Withdrawal(reason=reason), recorded=_now(self.kit)
        )

    @on(EntryWithdrawn)
    def _withdrawn(self, withdrawn: EntryWithdrawn) -> None:
        self.dismiss(withdrawn.entry)

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        self._saving = False
        for widget in self.query("Input, Button"):
            widget.disabled = False
        self.query_one("#message", Static).update(_not_done(failed.error))

    @on(Button.Pressed, "#w-keep")
    def _keep(self) -> None:
        if not self._saving:
            self.dismiss(None)
