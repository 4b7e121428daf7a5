"""Keep a copy (the whole vault saved as one export file to a folder: a USB stick, or the
folder staff set up) and Load a copy (an export file into this vault while it is empty).

Every folder and file she names is checked before anything is read or written: an absolute
path that, with its links followed, lies inside the folders a visitor may use
(kiosk.printing.service.save_roots), and is what it should be (a writable folder, a file no
larger than any export). The vault itself is read and written only through vault_io.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from kiosk.i18n import _, ngettext
from kiosk.i18n.formats import format_number
from kiosk.portable.checking import ImportRefused
from kiosk.portable.document import MAX_FILE_BYTES
from kiosk.printing.pdf_sink import SaveError, chosen_folder
from kiosk.printing.service import Outcome, Result, save_roots
from kiosk.text import one_line, terminal_safe
from kiosk.ui.screen_kit import ScreenKit
from kiosk.ui.screens.common.base import KioskScreen
from kiosk.ui.vault_io import CopyKept, CopyLoaded, VaultCallFailed
from kiosk.ui.widgets.save_place import SavePlaceChoice
from kiosk.ui.wording import (
    copy_not_loaded,
    copy_not_saved,
    describe_outcome,
)


def _shown_path(path: Path | str) -> str:
    return terminal_safe(one_line(str(path)))


class CopyFileProblem(Exception):
    """The file she named cannot be loaded; nothing was read."""


def chosen_file(typed: str, allowed: list[Path]) -> Path:
    """The export file she typed, checked before it is read: absolute, inside the allowed
    folders with every link followed, a regular file no larger than any export."""
    if (
        not typed
        or not os.path.isabs(typed)
        or any(unicodedata.category(c) in ("Cc", "Cf") for c in typed)
    ):
        raise CopyFileProblem("not an absolute path")
    real = Path(os.path.realpath(typed))
    roots = [Path(os.path.realpath(root)) for root in allowed]
    if not any(real.is_relative_to(root) for root in roots):
        raise CopyFileProblem("outside the allowed folders")
    if not real.is_file():
        raise CopyFileProblem("not a file")
    if real.stat().st_size > MAX_FILE_BYTES:
        raise CopyFileProblem("too large")
    return real


# How Keep a copy names its files (kiosk.portable): document-<day>-<number>.json.
_COPY_NAME = re.compile(r"document-([0-9]{8})-([0-9]{1,6})\.json")


def newest_copy(folder: Path) -> Path | None:
    """The newest copy directly in ``folder`` (by the day and number in its name), or None.

    Only regular files named as Keep a copy names them count; a link is skipped. The one
    found is still checked by ``chosen_file`` before it is read.
    """
    found: list[tuple[str, int, Path]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                named = _COPY_NAME.fullmatch(entry.name)
                if named and entry.is_file(follow_symlinks=False):
                    found.append((named[1], int(named[2]), Path(entry.path)))
    except OSError:
        return None
    return max(found)[2] if found else None


class _CopyScreen(KioskScreen[bool]):
    """What both screens share: a folder offered or typed, one calm line, Back."""

    def __init__(self, kit: ScreenKit) -> None:
        super().__init__(kit)
        self._roots = save_roots(kit.config.save_path())
        self._busy = False
        self._done = False

    def _say(self, words: str) -> None:
        self.query_one("#message", Static).update(words)

    def _typed_or_chosen(self) -> str:
        return self.query_one(SavePlaceChoice).wanted()

    @on(VaultCallFailed)
    def _failed(self, failed: VaultCallFailed) -> None:
        self._busy = False
        self.query_one("#copy-go", Button).disabled = False
        self._say(self._failure_words(failed.error))

    def _failure_words(self, error: Exception) -> str:
        """Why the call failed, in her words: a copy not saved (loading says more)."""
        return copy_not_saved(error)

    @on(Button.Pressed, "#copy-back")
    def _back(self) -> None:
        self.dismiss(self._done)


class KeepCopyScreen(_CopyScreen):
    """Save the whole vault as one export file."""

    def compose_body(self) -> ComposeResult:
        with Vertical(id="diary-copy-screen", classes="wide"):
            yield Static(_("Keep a copy"), classes="title", markup=False)
            yield Static(
                _(
                    "Your notes and your whole diary, with its check, are saved as one file. "
                    "The file is not locked with your PIN: anyone who has it can read it. "
                    "Keep it somewhere safe, away from anyone who should not see it."
                ),
                classes="lead",
                markup=False,
            )
            yield SavePlaceChoice(
                self.kit.config.save_path(),
                label=_("Save it in"),
                input_id="copy-path",
                # Translators: an example of a folder on a USB stick; keep it a path.
                placeholder=_("/media/…"),
            )
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Save the copy"), id="copy-go", variant="primary")
                yield Button(_("Back"), id="copy-back")

    def on_mount(self) -> None:
        self.query_one("#copy-go", Button).focus()

    @on(Input.Submitted, "#copy-path")
    @on(Button.Pressed, "#copy-go")
    def _save(self) -> None:
        if self._busy:
            return
        try:
            folder = chosen_folder(self._typed_or_chosen(), self._roots)
        except SaveError as error:
            self._say(describe_outcome(Outcome(Result.SAVE_PROBLEM, save_problem=error.problem)))
            return
        self._busy = True
        self.query_one("#copy-go", Button).disabled = True
        self._say(_("Saving your copy…"))
        made = dt.datetime.fromtimestamp(self.kit.clock(), dt.UTC).astimezone()
        self.kit.vault.keep_copy(self, folder, made=made)

    @on(CopyKept)
    def _kept(self, kept: CopyKept) -> None:
        self._busy, self._done = False, True
        count = kept.verification.head.count
        words = ngettext(
            "Your copy is saved as {name} in {folder}. It holds {count} diary record.",
            "Your copy is saved as {name} in {folder}. It holds {count} diary records.",
            count,
        ).format(
            name=_shown_path(kept.path.name),
            folder=_shown_path(kept.path.parent),
            count=format_number(count),
        )
        if count:
            words += " " + _("Verification code: {code}.").format(code=kept.verification.code)
        if not kept.verification.intact:
            words += " " + _(
                "Your record did not pass its check. The copy holds it as it is. To see why, "
                "choose Check the record."
            )
        self._say(words)
        self.query_one("#copy-back", Button).focus()


class LoadCopyScreen(_CopyScreen):
    """Load an export file into this vault, which must be empty."""

    def compose_body(self) -> ComposeResult:
        with Vertical(id="diary-copy-screen", classes="wide"):
            yield Static(_("Load a copy"), classes="title", markup=False)
            yield Static(
                _(
                    "Load a copy you saved before into this vault. This works only while the "
                    "vault is empty. The copy is checked first: if anything in it was changed, "
                    "nothing is loaded."
                ),
                classes="lead",
                markup=False,
            )
            yield SavePlaceChoice(
                self.kit.config.save_path(),
                label=_("Where your copy is (the newest copy there is loaded)"),
                input_id="copy-path",
                # Translators: an example of a copy's file on a USB stick; keep it a path.
                placeholder=_("/media/…/document-….json"),
                typed_label=_("Or type the copy's file"),
            )
            yield Static("", id="message", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Load the copy"), id="copy-go", variant="primary")
                yield Button(_("Back"), id="copy-back")

    def on_mount(self) -> None:
        self.query_one("#copy-path", Input).focus()

    @on(Input.Submitted, "#copy-path")
    @on(Button.Pressed, "#copy-go")
    def _load(self) -> None:
        if self._busy:
            return
        wanted = self.query_one(SavePlaceChoice).wanted()
        if wanted and os.path.isdir(wanted):
            newest = newest_copy(Path(wanted))
            if newest is None:
                self._say(
                    _(
                        "There is no copy in that place. Please choose another, or ask staff "
                        "for help."
                    )
                )
                return
            wanted = str(newest)
        try:
            path = chosen_file(wanted, self._roots)
        except CopyFileProblem:
            self._say(
                _(
                    "That file cannot be used. Please give the whole path of a copy on your "
                    "USB stick, or ask staff for help."
                )
            )
            return
        self._busy = True
        self.query_one("#copy-go", Button).disabled = True
        self._say(_("Checking and loading your copy…"))
        self.kit.vault.load_copy(self, path)

    @on(CopyLoaded)
    def _loaded(self, loaded: CopyLoaded) -> None:
        self._busy, self._done = False, True
        notes = ngettext("{count} note", "{count} notes", loaded.notes).format(
            count=format_number(loaded.notes)
        )
        entries = ngettext("{count} diary entry", "{count} diary entries", loaded.entries).format(
            count=format_number(loaded.entries)
        )
        self._say(
            _("Your copy is loaded: {notes} and {entries}. Its record was checked.").format(
                notes=notes, entries=entries
            )
        )
        self.query_one("#copy-back", Button).focus()

    def _failure_words(self, error: Exception) -> str:
        if isinstance(error, ImportRefused):
            return copy_not_loaded(error)
        return copy_not_saved(error) if isinstance(error, OSError) else copy_not_loaded(None)
