"""The one way the UI reaches a vault: every read and write, and the gatekeeper's slow calls
(unlock, recovery, change of PIN), run in a thread worker and answer with a typed message.

``VaultIO`` owns the open vault handle. Each operation is a method that takes the screen to
answer (``reply_to``) and returns at once; ``_run`` is the only place a thread touches a vault.
Screens render what the messages carry; they never fetch.

Threads: Textual runs each thread worker on a pool thread, so calls on one vault may run on
different threads. The SQLCipher connection is opened with ``check_same_thread=False`` and
``VaultDatabase`` serialises every statement and transaction behind one lock, so two calls
never interleave inside a transaction. A screen waits for a call's answer before it makes a
call that depends on it (the editor is dismissed on ``NoteSaved``, the list reloads when it is
shown again), so calls that must follow each other do.

Ending: ``close`` keeps the interrupted drafts and closes the vault in the same worker path,
after any call still running has let go of the vault (the lock above), and then tells the App
(``VaultClosed``). From the moment ``close`` is called no new call starts, and a vault opened
by a call still running is closed at once, never shown. ``close_now`` is for a crash or an app
already stopping: it closes on the calling thread.

A save still running at a quick exit: the editor is still on the screen, so its text comes to
``close`` as a draft. ``close`` waits for that save and keeps the draft only if the save did
not store that text: never a second copy of a saved note, never the loss of one that failed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import get_current_worker

from kiosk.ui.key_order import LOADING_WORKER
from kiosk.vault.errors import VaultClosed

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from kiosk.diary.mirror import DiaryWriter, HeadCheck
    from kiosk.diary.model import Amendment, EntryContent, Withdrawal
    from kiosk.diary.repository import (
        ChainRecord,
        ConductSummary,
        DiaryEntry,
        DiaryFilter,
        EntrySummary,
        Verification,
    )
    from kiosk.notes.repository import Note
    from kiosk.plan.answers import PlanAnswers
    from kiosk.plan.repository import PlanInProgress, PlanVersion, PlanVersionSummary
    from kiosk.vault.errors import RecoveredButNotOpened
    from kiosk.vault.service import VaultService
    from kiosk.vault.storage.database import VaultDatabase
    from kiosk.vault.storage.drafts import Draft


# -- answers ---------------------------------------------------------------------------------
# Posted to the screen that asked (bubble=False: no one else acts on another screen's answer),
# except VaultOpened and VaultLocked, which go to the App: it owns the visit.


@dataclass
class VaultOpened(Message):
    """A vault was opened (unlock or recovery) and is now the visit's vault."""

    name: str
    requester: Screen[Any]
    intro_seen: bool
    # A recovery's new code not yet seen (shown before anything else, until dismissed).
    pending_code: str | None
    # After a recovery: its new code, to show once.
    new_code: str | None = None
    # The vault's diary compared with the kiosk's copy of its head (kiosk/diary/mirror.py):
    # anything but AGREES is told to her once the vault is open. None: it could not be read.
    head_check: HeadCheck | None = None


@dataclass
class VaultLocked(Message):
    """``close`` is done: drafts kept, vault closed. The session may end."""


@dataclass
class RecoveredButClosed(Message, bubble=False):
    """The recovery set a new PIN and code but the vault could not be opened just now."""

    error: RecoveredButNotOpened


@dataclass
class PinChanged(Message, bubble=False):
    pass


@dataclass
class NotebookLoaded(Message, bubble=False):
    """The visitor's notes, newest first, and the note drafts a quick exit may have left."""

    notes: list[Note]
    drafts: list[Draft]


@dataclass
class DraftsLoaded(Message, bubble=False):
    kind: str | None  # None: every kind
    drafts: list[Draft]


@dataclass
class NoteSaved(Message, bubble=False):
    pass


@dataclass
class NoteDeleted(Message, bubble=False):
    pass


@dataclass
class DraftDiscarded(Message, bubble=False):
    kind: str
    reference: str


@dataclass
class VaultCallFailed(Message, bubble=False):
    """A call was refused or failed; ``error`` is turned into calm words by the screen."""

    call: str
    error: Exception


@dataclass
class _Done(Message, bubble=False):
    """The answer to a call whose result nobody waits for."""


# A call: given the open vault (or None for the calls that open one), returns its answer.
Call: TypeAlias = "Callable[[VaultDatabase | None], Message]"


@dataclass
class _State:
    vault: VaultDatabase | None = None
    name: str = ""
    ended: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Held by a save while it stores a form and notes it, and by ``close`` while it keeps
    # drafts, so the two never cross: ``close`` sees every save that finished before it.
    writing: threading.Lock = field(default_factory=threading.Lock)
    # (kind, reference, fields) of forms whose save stored exactly those fields.
    saved_drafts: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    # The diary's "keep a copy" reminder was shown this visit (diary: reading).
    copy_reminded: bool = False


class VaultIO:
    """Owns the visit's open vault; every call on it goes through ``_run``."""

    def __init__(self, app: App[Any], vaults: Callable[[], VaultService]) -> None:
        """``vaults``: the vault service, asked for on the first call (kiosk.services builds
        it then, so the welcome screen loads none of the vault's code)."""
        self._app = app
        self._vaults = vaults
        self._state = _State()

    @property
    def vault(self) -> VaultDatabase | None:
        """The open vault, for the App's session bookkeeping; never read or written here."""
        return self._state.vault

    @property
    def name(self) -> str:
        return self._state.name

    # -- the one worker path -----------------------------------------------------------------

    def _run(
        self,
        name: str,
        reply_to: MessagePump,
        call: Call,
        *,
        needs_vault: bool,
        closing: bool = False,
        loading: bool = False,
        latest_of: str | None = None,
    ) -> None:
        """Run ``call`` in a thread worker and post its answer (or VaultCallFailed) to
        ``reply_to``. Any exception becomes a message: nothing raised here reaches the App.
        Once the visit has ended only the closing call runs. ``loading``: the call fetches what
        a screen is about to show, so keys wait for it (kiosk.ui.key_order). ``latest_of``: a
        group of calls where only the latest one's answer counts (a search while she types): a
        new call cancels the one before, whose answer is then never posted."""
        if self._state.ended and not closing:
            return

        def work() -> None:
            vault = self._state.vault
            try:
                if needs_vault and (vault is None or vault.closed):
                    raise VaultClosed()
                answer = call(vault)
            except Exception as error:
                answer = VaultCallFailed(name, error)
            if latest_of is None or not get_current_worker().is_cancelled:
                reply_to.post_message(answer)

        self._app.run_worker(
            work,
            name=f"{LOADING_WORKER if loading else ''}vault: {name}",
            group=latest_of or "vault",
            thread=True,
            # Every call runs to its end (a thread cannot be stopped half-way anyway); a later
            # call must never mark an earlier save as cancelled. Only reads are ``latest_of``.
            exclusive=latest_of is not None,
            exit_on_error=False,
        )

    def _adopt(self, vault: VaultDatabase, name: str) -> bool:
        """Make a vault just opened the visit's vault, unless the visit has ended meanwhile
        (then it is closed here, on the worker's thread, and never shown)."""
        with self._state.lock:
            if not self._state.ended and self._state.vault is None:
                self._state.vault, self._state.name = vault, name
                return True
        vault.close()
        return False

    # -- opening -----------------------------------------------------------------------------

    def unlock(self, reply_to: Screen[Any], name: str, pin: str) -> None:
        def call(_: VaultDatabase | None) -> Message:
            vault = self._vaults().open(name, pin)
            return self._opened(vault, name, reply_to, None)

        self._run("unlock", reply_to, call, needs_vault=False)

    def recover(self, reply_to: Screen[Any], name: str, code: str, new: str, again: str) -> None:
        def call(_: VaultDatabase | None) -> Message:
            from kiosk.vault.errors import RecoveredButNotOpened

            try:
                vault, new_code = self._vaults().open_with_recovery(name, code, new, again)
            except RecoveredButNotOpened as error:
                return RecoveredButClosed(error)
            return self._opened(vault, name, reply_to, new_code)

        self._run("recover", reply_to, call, needs_vault=False)

    def _opened(
        self, vault: VaultDatabase, name: str, requester: Screen[Any], new_code: str | None
    ) -> Message:
        from kiosk.vault.storage.flags import Flag, FlagsRepository

        try:
            intro_seen = FlagsRepository(vault).is_set(Flag.QUICK_EXIT_EXPLAINED)
            head_check = self._check_diary_head(vault)
        except BaseException:
            vault.close()  # never left open (and locked) behind a refusal
            raise
        pending = vault.pending_recovery_code
        if not self._adopt(vault, name):
            return _Done()
        opened = VaultOpened(name, requester, intro_seen, pending, new_code, head_check)
        if not self._app.post_message(opened):
            self.close_now()  # the app stopped while the vault was opening
        return _Done()

    def _check_diary_head(self, vault: VaultDatabase) -> HeadCheck | None:
        """Rollback evidence at opening. Whatever goes wrong here never keeps her out of her
        vault: a diary that cannot be read says so where she reads it."""
        from kiosk.diary.mirror import check_at_opening

        try:
            return check_at_opening(vault, self._vaults().gatekeeper)
        except Exception:
            return None

    # -- the open vault ----------------------------------------------------------------------

    def change_pin(self, reply_to: MessagePump, current: str, new: str, again: str) -> None:
        def call(_: VaultDatabase | None) -> Message:
            self._vaults().gatekeeper.change_secret(self._state.name, current, new, again)
            return PinChanged()

        self._run("change_pin", reply_to, call, needs_vault=True)

    def load_notebook(self, reply_to: MessagePump, draft_kind: str) -> None:
        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.notes.repository import NotesRepository
            from kiosk.vault.storage.drafts import DraftsRepository

            assert vault is not None
            return NotebookLoaded(
                NotesRepository(vault).all(), DraftsRepository(vault).of_kind(draft_kind)
            )

        self._run("load_notebook", reply_to, call, needs_vault=True, loading=True)

    def load_drafts(self, reply_to: MessagePump, kind: str | None) -> None:
        """Every draft of ``kind`` (a new note, edits of notes …), most recent first; of every
        kind when ``kind`` is None."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.vault.storage.drafts import DraftsRepository

            assert vault is not None
            drafts = DraftsRepository(vault)
            return DraftsLoaded(kind, drafts.all() if kind is None else drafts.of_kind(kind))

        self._run("load_drafts", reply_to, call, needs_vault=True, loading=True)

    def save_note(
        self,
        reply_to: MessagePump,
        note_id: int | None,
        text: str,
        *,
        written: dt.datetime,
        draft: tuple[str, str],
        as_draft: dict[str, str] | None = None,
    ) -> None:
        """A new note (``note_id`` None) or a new text for one; its draft, keyed by ``draft``
        (kind, reference), goes with it. ``as_draft``: the fields a quick exit during this save
        would take as that draft, and must not keep once the save has stored them."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.notes.repository import NotesRepository
            from kiosk.vault.storage.drafts import DraftsRepository

            assert vault is not None
            notes = NotesRepository(vault)
            with self._state.writing:
                # One transaction: saved with its draft gone, or neither. Two would let a
                # failure or a kill between them store the note while the screen says "not
                # saved", or bring its draft back next visit: a second save, a duplicate.
                with vault.transaction():
                    if note_id is None:
                        notes.add(text, written=written)
                    else:
                        notes.update(note_id, text)
                    DraftsRepository(vault).discard(*draft)
                if as_draft:
                    self._state.saved_drafts.append((*draft, as_draft))
            return NoteSaved()

        self._run("save_note", reply_to, call, needs_vault=True)

    def delete_note(self, reply_to: MessagePump, note_id: int) -> None:
        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.notes.repository import NotesRepository

            assert vault is not None
            NotesRepository(vault).delete(note_id)
            return NoteDeleted()

        self._run("delete_note", reply_to, call, needs_vault=True)

    def discard_draft(self, reply_to: MessagePump, kind: str, reference: str) -> None:
        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.vault.storage.drafts import DraftsRepository

            assert vault is not None
            DraftsRepository(vault).discard(kind, reference)
            return DraftDiscarded(kind, reference)

        self._run("discard_draft", reply_to, call, needs_vault=True)

    def mark_intro_seen(self) -> None:
        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.vault.storage.flags import Flag, FlagsRepository

            assert vault is not None
            FlagsRepository(vault).set(Flag.QUICK_EXIT_EXPLAINED)
            return _Done()

        self._run("mark_intro_seen", self._app, call, needs_vault=True)

    def pending_code_seen(self) -> None:
        def call(vault: VaultDatabase | None) -> Message:
            assert vault is not None
            vault.clear_pending_recovery_code()
            return _Done()

        self._run("pending_code_seen", self._app, call, needs_vault=True)

    # -- the end of the visit ----------------------------------------------------------------

    def close(self, drafts: list[tuple[str, str, dict[str, str]]], *, saved: dt.datetime) -> None:
        """Keep ``drafts`` (interrupted forms) in the vault, close it, then post VaultLocked to
        the App. No call starts after this one; it waits for one still running. A draft whose
        save was under way is kept only if that save did not store it."""

        def call(vault: VaultDatabase | None) -> Message:
            if vault is not None:
                from kiosk.vault.storage.drafts import DraftsRepository

                repository = DraftsRepository(vault)
                # After any save still running: a form whose save has stored what it held
                # when the visit ended leaves no draft, or its note would come back twice.
                with self._state.writing:
                    for kind, reference, fields in drafts:
                        if (kind, reference, fields) in self._state.saved_drafts:
                            continue
                        with contextlib.suppress(Exception):
                            repository.save(kind, reference, fields, saved=saved, interrupted=True)
            self.close_now()
            return VaultLocked()

        with self._state.lock:
            self._state.ended = True
        self._run("close", self._app, call, needs_vault=False, closing=True)

    def release(self) -> None:
        """Close a vault opened for a screen that has gone (not the end of the session)."""
        with self._state.lock:
            vault, self._state.vault = self._state.vault, None
            self._state.name = ""
        if vault is not None:
            with contextlib.suppress(Exception):
                vault.close()

    def close_now(self) -> None:
        """Close on this thread, at once if no call is inside the vault (a crash, an app
        already stopping); a vault a running call opens afterwards is closed by that call."""
        with self._state.lock:
            self._state.ended = True
            vault, self._state.vault = self._state.vault, None
            self._state.name = ""
        if vault is not None:
            with contextlib.suppress(Exception):
                vault.close()

    # -- diary: reading ----------------------------------------------------------------------
    # The diary's screens read through these calls; each answers with one of the messages
    # defined after this class (in the same block). A list, a search and a change of filter
    # share one ``latest_of`` group: only the answer to what she asked last is shown.

    def load_diary_list(self, reply_to: MessagePump, where: DiaryFilter) -> None:
        """The list's lines (summaries only, never whole entries), chronologically."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.repository import DiaryRepository

            assert vault is not None
            return DiaryListLoaded(DiaryRepository(vault).entries(where), "", where)

        self._run(
            "load_diary_list", reply_to, call, needs_vault=True, loading=True, latest_of="diary"
        )

    def search_diary(self, reply_to: MessagePump, query: str, where: DiaryFilter) -> None:
        """Full-text search (inside the vault) within the filter; an earlier search still
        running is cancelled and its answer never shown."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.repository import DiaryRepository

            assert vault is not None
            return DiaryListLoaded(DiaryRepository(vault).search(query, where), query, where)

        self._run("search_diary", reply_to, call, needs_vault=True, latest_of="diary")

    def load_entry(self, reply_to: MessagePump, number: int) -> None:
        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.repository import DiaryRepository

            assert vault is not None
            return DiaryEntryLoaded(number, DiaryRepository(vault).get(number))

        self._run("load_entry", reply_to, call, needs_vault=True, loading=True)

    def load_summary(self, reply_to: MessagePump) -> None:
        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.repository import DiaryRepository

            assert vault is not None
            return DiarySummaryLoaded(DiaryRepository(vault).summary())

        self._run("load_summary", reply_to, call, needs_vault=True, loading=True)

    def verify_diary(self, reply_to: MessagePump) -> None:
        """Recompute every digest and link of the diary's chain."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.mirror import verify_with_mirror

            assert vault is not None
            # Against the kiosk's own copy of the chain's head too: an older copy of the vault
            # put back verifies by itself, but falls short of that copy.
            return DiaryVerified(verify_with_mirror(vault, self._vaults().gatekeeper))

        self._run("verify_diary", reply_to, call, needs_vault=True)

    def copy_reminder(self, reply_to: MessagePump, *, on_show: bool = False) -> None:
        """How many diary records her last copy (export or printed record) lacks, answered
        once a visit: the reminder is shown once, never on every screen. ``on_show``: asked
        again for the reminder on show (she added or changed entries since), so that its count
        stays true."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.copies import KeptCopies

            assert vault is not None
            with self._state.lock:
                if self._state.copy_reminded and not on_show:
                    return CopyReminder(0)
            records = KeptCopies(vault).records_since_copy()
            with self._state.lock:
                self._state.copy_reminded = self._state.copy_reminded or records > 0
            return CopyReminder(records)

        self._run("copy_reminder", reply_to, call, needs_vault=True)

    def keep_copy(self, reply_to: MessagePump, folder: Path, *, made: dt.datetime) -> None:
        """Write the whole vault as an export file (docs/EXPORT.md) into ``folder`` (already
        checked), under a neutral name, whole or not at all; her copy is then noted."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.copies import KeptCopies
            from kiosk.diary.mirror import verify_with_mirror
            from kiosk.portable.export import export_vault
            from kiosk.printing.pdf_sink import save_pdf

            assert vault is not None
            found = verify_with_mirror(vault, self._vaults().gatekeeper)
            data = export_vault(vault)
            # Kept as a saved PDF is: a neutral name by the day only, 0600, whole or not at all.
            target = save_pdf(data, folder, clock=made.timestamp, suffix=".json")
            KeptCopies(vault).copy_made(found.head.count)
            return CopyKept(target, found)

        self._run("keep_copy", reply_to, call, needs_vault=True)

    def load_copy(self, reply_to: MessagePump, path: Path) -> None:
        """Import an export file into this vault, which must be empty; checked whole first,
        refused with nothing changed (kiosk.portable)."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.portable.importing import import_into, read_export_file

            assert vault is not None
            data = read_export_file(path)  # never waits on a pipe swapped in for the file
            done = import_into(vault, data, self._vaults().gatekeeper)
            return CopyLoaded(done.notes, done.entries)

        self._run("load_copy", reply_to, call, needs_vault=True)

    # -- diary: printing ---------------------------------------------------------------------

    def load_diary_record(
        self,
        reply_to: MessagePump,
        *,
        numbers: list[int] | None = None,
        start: dt.date | None = None,
        end: dt.date | None = None,
        request: int = 0,
    ) -> None:
        """What the printed record needs: the chosen entries (``numbers``; all when None) that
        happened from ``start`` to ``end`` (either may be None), the chain and its check.
        ``request`` comes back with the answer, so a screen can drop one it no longer wants."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.mirror import verify_with_mirror
            from kiosk.diary.repository import DiaryFilter, DiaryRepository

            assert vault is not None
            diary = DiaryRepository(vault)
            chosen = numbers
            if start is not None or end is not None:
                in_range = [e.number for e in diary.entries(DiaryFilter(start=start, end=end))]
                chosen = [n for n in in_range if numbers is None or n in numbers]
            entries = diary.full_entries(chosen) if chosen is None or chosen else []
            # Against the kiosk's copy of the chain's head too, as on screen: an older copy of
            # the vault put back is printed as not confirmed, never as intact.
            verification = verify_with_mirror(vault, self._vaults().gatekeeper)
            return DiaryRecordLoaded(entries, diary.chain(), verification, request)

        self._run("load_diary_record", reply_to, call, needs_vault=True)

    def diary_record_kept(self, count: int) -> None:
        """A record of the whole diary, up to its first ``count`` records, was printed or
        saved: her copy is noted (the "keep a copy" reminder counts from it)."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.copies import KeptCopies

            assert vault is not None
            KeptCopies(vault).copy_made(count)
            return _Done()

        self._run("diary_record_kept", self._app, call, needs_vault=True)

    # -- diary: writing ----------------------------------------------------------------------

    def save_diary_entry(
        self,
        reply_to: MessagePump,
        content: EntryContent,
        *,
        recorded: dt.datetime,
        as_draft: dict[str, str] | None = None,
    ) -> None:
        """A new diary entry, and the entry form's draft gone, in one transaction. ``as_draft``:
        what a quick exit during this save would keep as the draft (see ``save_note``)."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.repository import ENTRY_DRAFT

            assert vault is not None
            with self._state.writing:
                # One transaction: the entry stored and its draft gone, or neither (a kill in
                # between would bring the draft back next visit: the same entry twice).
                entry = self._diary_writer(vault).add(
                    content, recorded=recorded, draft=(ENTRY_DRAFT, "")
                )
                if as_draft:
                    self._state.saved_drafts.append((ENTRY_DRAFT, "", as_draft))
            return DiaryEntrySaved(entry)

        self._run("save_diary_entry", reply_to, call, needs_vault=True)

    def amend_entry(
        self,
        reply_to: MessagePump,
        number: int,
        amendment: Amendment,
        *,
        recorded: dt.datetime,
        as_draft: dict[str, str] | None = None,
    ) -> None:
        """A dated amendment of entry ``number`` (the original stays as written), and its
        draft gone, in one transaction."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.repository import AMENDMENT_DRAFT

            assert vault is not None
            draft = (AMENDMENT_DRAFT, str(number))
            with self._state.writing:
                entry = self._diary_writer(vault).amend(
                    number, amendment, recorded=recorded, draft=draft
                )
                if as_draft:
                    self._state.saved_drafts.append((*draft, as_draft))
            return EntryAmended(entry)

        self._run("amend_entry", reply_to, call, needs_vault=True)

    def withdraw_entry(
        self, reply_to: MessagePump, number: int, withdrawal: Withdrawal, *, recorded: dt.datetime
    ) -> None:
        """Erase the words of entry ``number`` (and its amendments'); a record that it was
        withdrawn stays in the chain. An unfinished amendment of it goes too."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.repository import AMENDMENT_DRAFT

            assert vault is not None
            entry = self._diary_writer(vault).withdraw(
                number, withdrawal, recorded=recorded, draft=(AMENDMENT_DRAFT, str(number))
            )
            return EntryWithdrawn(entry)

        self._run("withdraw_entry", reply_to, call, needs_vault=True)

    def keep_draft(
        self,
        reply_to: MessagePump,
        kind: str,
        reference: str,
        fields: dict[str, str],
        *,
        saved: dt.datetime,
    ) -> None:
        """Keep an unfinished form she chose to leave for later (not interrupted)."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.vault.storage.drafts import DraftsRepository

            assert vault is not None
            DraftsRepository(vault).save(kind, reference, fields, saved=saved, interrupted=False)
            return DraftKept(kind, reference)

        self._run("keep_draft", reply_to, call, needs_vault=True)

    def load_link_choices(self, reply_to: MessagePump) -> None:
        """Her earlier entries, for the form's "related entries" (the newest first)."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.diary.repository import DiaryRepository

            assert vault is not None
            entries = DiaryRepository(vault).entries()
            return LinkChoicesLoaded([e for e in reversed(entries) if not e.withdrawn])

        self._run("load_link_choices", reply_to, call, needs_vault=True, loading=True)

    # -- plan (issue 10): every call on the safety plan ------------------------------------

    def load_plan(self, reply_to: MessagePump) -> None:
        """The latest saved version, its list of versions, and the plan in progress."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.plan.repository import PlanRepository

            assert vault is not None
            plans = PlanRepository(vault)
            return PlanLoaded(plans.latest(), plans.versions(), plans.in_progress())

        self._run("load_plan", reply_to, call, needs_vault=True, loading=True)

    def load_plan_version(self, reply_to: MessagePump, number: int) -> None:
        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.plan.repository import PlanRepository

            assert vault is not None
            return PlanVersionLoaded(number, PlanRepository(vault).version(number))

        self._run("load_plan_version", reply_to, call, needs_vault=True, loading=True)

    def keep_plan_in_progress(
        self,
        reply_to: MessagePump,
        answers: PlanAnswers,
        *,
        position: str,
        based_on: int | None,
        saved: dt.datetime,
    ) -> None:
        """Keep the wizard's place and answers (as she goes: on every step forward or back)."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.plan.repository import PlanRepository

            assert vault is not None
            PlanRepository(vault).keep_in_progress(
                answers, position=position, based_on=based_on, saved=saved
            )
            return PlanInProgressKept(position)

        self._run("keep_plan_in_progress", reply_to, call, needs_vault=True)

    def discard_plan_in_progress(self, reply_to: MessagePump) -> None:
        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.plan.repository import PlanRepository

            assert vault is not None
            PlanRepository(vault).discard_in_progress()
            return PlanInProgressDiscarded()

        self._run("discard_plan_in_progress", reply_to, call, needs_vault=True)

    def save_plan_version(
        self,
        reply_to: MessagePump,
        answers: PlanAnswers,
        *,
        content_version: int,
        saved: dt.datetime,
    ) -> None:
        """A new version (the plan in progress is cleared with it, in one transaction)."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.plan.repository import PlanRepository

            assert vault is not None
            plans = PlanRepository(vault)
            number = plans.save_version(answers, content_version=content_version, saved=saved)
            return PlanVersionSaved(number)

        self._run("save_plan_version", reply_to, call, needs_vault=True)

    def plan_review_due(self, reply_to: MessagePump, today: dt.date) -> None:
        """For the vault's home: the review date she set, if it has come."""

        def call(vault: VaultDatabase | None) -> Message:
            from kiosk.plan.repository import PlanRepository

            assert vault is not None
            return PlanReviewDue(PlanRepository(vault).review_due(today))

        self._run("plan_review_due", reply_to, call, needs_vault=True)

    def _diary_writer(self, vault: VaultDatabase) -> DiaryWriter:
        """Every diary write goes through this: the record and its form's draft in one
        transaction, then the kiosk's copy of the chain head moved forward (kiosk/diary/
        mirror.py), so an older copy of the vault put back is noticed at the next opening."""
        from kiosk.diary.mirror import DiaryWriter

        return DiaryWriter(vault, self._vaults().gatekeeper)


@dataclass
class DiaryListLoaded(Message, bubble=False):
    """The list's lines: the whole diary within ``where``, or what ``query`` found in it."""

    entries: list[EntrySummary]
    query: str
    where: DiaryFilter


@dataclass
class DiaryEntryLoaded(Message, bubble=False):
    number: int
    entry: DiaryEntry | None  # None: there is no entry with that number


@dataclass
class DiarySummaryLoaded(Message, bubble=False):
    summary: ConductSummary


@dataclass
class DiaryVerified(Message, bubble=False):
    verification: Verification


@dataclass
class CopyReminder(Message, bubble=False):
    """Diary records not in her last copy (0: nothing to say, or said already this visit)."""

    records: int


@dataclass
class CopyKept(Message, bubble=False):
    path: Path
    verification: Verification  # the diary as it was copied (a copy is made even if broken)


@dataclass
class CopyLoaded(Message, bubble=False):
    notes: int
    entries: int


# -- diary: printing ---------------------------------------------------------------------------


@dataclass
class DiaryRecordLoaded(Message, bubble=False):
    """The entries to print (chronologically), the whole chain and its verification."""

    entries: list[DiaryEntry]
    chain: list[ChainRecord]
    verification: Verification
    request: int = 0


# -- diary: writing (answers) --


@dataclass
class DiaryEntrySaved(Message, bubble=False):
    entry: DiaryEntry


@dataclass
class EntryAmended(Message, bubble=False):
    entry: DiaryEntry


@dataclass
class EntryWithdrawn(Message, bubble=False):
    entry: DiaryEntry


@dataclass
class DraftKept(Message, bubble=False):
    kind: str
    reference: str


@dataclass
class LinkChoicesLoaded(Message, bubble=False):
    """Earlier entries she may link a new one to (withdrawn ones left out), newest first."""

    entries: list[EntrySummary]


# -- plan (issue 10): answers ---------------------------------------------------------------


@dataclass
class PlanLoaded(Message, bubble=False):
    latest: PlanVersion | None
    versions: list[PlanVersionSummary]  # newest first
    in_progress: PlanInProgress | None


@dataclass
class PlanVersionLoaded(Message, bubble=False):
    number: int
    version: PlanVersion | None  # None: no such version


@dataclass
class PlanInProgressKept(Message, bubble=False):
    position: str


@dataclass
class PlanInProgressDiscarded(Message, bubble=False):
    pass


@dataclass
class PlanVersionSaved(Message, bubble=False):
    number: int


@dataclass
class PlanReviewDue(Message, bubble=False):
    review_on: dt.date | None  # None: no review date, or not yet due
