"""Check the record: every digest and link of the diary's chain recomputed (off the screen's
thread), then the answer in plain words: intact, with the code printed on every page of the
printed record, or what did not match."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Static

from kiosk.diary.repository import Verification
from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.screens.diary.diary_list import not_read
from kiosk.ui.vault_io import DiaryVerified, VaultCallFailed
from kiosk.ui.wording import diary_problem

# Problems listed one by one up to this many; more are counted.
MAX_LISTED = 12


def verdict(verification: Verification) -> Text:
    """The answer, calm either way."""
    count = verification.head.count
    if verification.intact:
        said = ngettext(
            "Your record is intact: {count} record, verification code {code}.",
            "Your record is intact: {count} records, verification code {code}.",
            count,
        ).format(count=format_number(count), code=verification.code)
        return Text.assemble(
            (said, "bold"),
            "\n\n",
            _(
                "The same code is printed on every page of your printed record: when they "
                "match, the paper and your vault hold the same record."
            ),
        )
    problems = verification.problems
    text = Text(_("Part of your record does not match what was stored."), style="bold")
    text.append("\n\n")
    for problem in problems[:MAX_LISTED]:
        line = _("Record {number}: {problem}").format(
            number=problem.seq, problem=diary_problem(problem.what)
        )
        text.append(line + "\n")
    if len(problems) > MAX_LISTED:
        more = len(problems) - MAX_LISTED
        text.append(
            ngettext("… and {count} more.", "… and {count} more.", more).format(
                count=format_number(more)
            )
            + "\n"
        )
    text.append("\n")
    text.append(
        _(
            "Nothing has been changed or deleted by this check. Please ask staff for help; "
            "any printed record or copy you kept elsewhere still holds what it held."
        )
    )
    return text


class VerifyScreen(KioskScreen[None]):
    def __init__(self, kit: ScreenKit) -> None:
        super().__init__(kit)
        self.verification: Verification | None = None

    def compose_body(self) -> ComposeResult:
        with Vertical(id="diary-verify-screen", classes="wide"):
            yield Static(_("Check the record"), classes="title", markup=False)
            with VerticalScroll(id="diary-verify", can_focus=True):
                yield Static(
                    _("Checking every entry of your diary. This takes a moment…"),
                    id="verify-result",
                    markup=False,
                )
            with Horizontal(classes="buttons"):
                yield Button(_("Back"), id="verify-back", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#verify-back", Button).focus()
        self.kit.vault.verify_diary(self)

    @on(DiaryVerified)
    def _verified(self, verified: DiaryVerified) -> None:
        self.verification = verified.verification
        self.query_one("#verify-result", Static).update(verdict(verified.verification))

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        self.query_one("#verify-result", Static).update(not_read(failed.error))

    @on(Button.Pressed, "#verify-back")
    def _back(self) -> None:
        self.dismiss(None)
