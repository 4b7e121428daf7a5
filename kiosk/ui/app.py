"""The kiosk App: its posture (what a visitor can and cannot do), declared in one place, and
the visitor's session, which it owns: the open vault, the quick exit and the idle lock.

``make_app(config, services, clock)`` is the only way to build it, for the command line and the
tests alike. Nothing happens at import time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import signal
import threading
import time
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from kiosk.config import Config
from kiosk.i18n import read_every_catalogue, use_language
from kiosk.printing import render_server
from kiosk.services import Services
from kiosk.session.ends import SessionEnd
from kiosk.text import typed_text
from kiosk.ui.display import reset_display
from kiosk.ui.double_tap import SecondTapGuard
from kiosk.ui.key_order import KeyOrder, KeySettled, is_input
from kiosk.ui.messages import QuickExitRequested
from kiosk.ui.screen_kit import Clock, EndReason, ScreenKit
from kiosk.ui.screens.common.backdrop import BackdropScreen
from kiosk.ui.screens.common.welcome import WelcomeScreen
from kiosk.ui.stylesheet import add_first_part, add_later_part
from kiosk.ui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.widgets import Input

    from kiosk.printing.cups import SessionPrintJobs
    from kiosk.ui.vault_io import VaultIO, VaultOpened
    from kiosk.vault.storage.database import VaultDatabase

ESCAPE_WINDOW_SECONDS = 1.0
# The session ends within half a second of a quick exit, whatever is running; recalling this
# visitor's print jobs gets most of that (a local cupsd answers in milliseconds). A print
# server that has not answered by then is not waited for: a job it still holds may print.
RECALL_SECONDS = 0.35
SHIFT_WINDOW_SECONDS = 5.0
# numbers: how long the session's end waits for its counts (a few milliseconds on a kiosk's
# disk); a count not written by then is lost, never the reason a session lingers.
COUNT_SECONDS = 0.5
SHIFT_KEYS = frozenset({"left_shift", "right_shift", "shift"})


def _fitting_paste(field: Input, text: str) -> str:
    """A field with a length limit refuses a longer paste whole, silently (a 5,000-character
    line left the search empty): the start of the line goes in, as much as the field takes."""
    if not field.max_length:
        return text
    line = (text.splitlines() or [""])[0]
    start, end = sorted(field.selection)
    room = field.max_length - (len(field.value) - (end - start))
    return line[: max(room, 0)]


@runtime_checkable
class DraftSource(Protocol):
    """A screen holding a form whose unsaved content can be kept as an encrypted draft."""

    draft_kind: str

    def draft_reference(self) -> str: ...

    def draft_fields(self) -> dict[str, str] | None: ...


@runtime_checkable
class HandsOnTyping(Protocol):
    """A dialog that types into a field of the screen beneath it (the on-screen keys): when
    the visit ends, what it holds goes into that field first, so that the field's draft
    keeps it."""

    def hand_on_typing(self) -> None: ...


class NeutralScreen(BackdropScreen):
    """What replaces everything on a quick exit, in the same frame."""


class KioskApp(App[None], inherit_bindings=False):
    """No inherited bindings (no ctrl+q, no ctrl+c hint), no palette, no selection, no clipboard."""

    # The one stylesheet, kiosk.tcss, is added in two parts (kiosk/ui/stylesheet.py).
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f12", "quick_exit", "Exit", show=False, priority=True, id="quick_exit"),
    ]

    def __init__(
        self,
        config: Config,
        services: Services,
        clock: Clock,
        neutral_hold: float | None = None,
    ) -> None:
        super().__init__()
        self._later_rules = add_first_part(self)
        # Every screen speaks the kiosk's language (docs/TRANSLATING.md).
        use_language(config.kiosk.language)
        self.config = config
        self.services = services
        self.clock = clock
        self.title = config.quick_exit.neutral_title
        # Made the first time a screen asks (the welcome screen never does), so a session
        # starts without loading the vault's I/O or the printing code (issue 8, cold start).
        self._vault_io: VaultIO | None = None
        self._print_jobs: SessionPrintJobs | None = None
        self.idle_limit_seconds = config.session.idle_lock_seconds
        self.ending = False
        self._touched = False
        self._last_input = clock()
        self._escapes: list[float] = []
        self._second_taps = SecondTapGuard(self.CLICK_CHAIN_TIME_THRESHOLD)
        self._shifts: list[float] = []
        self._keys = KeyOrder()
        self._quick_exit_keys = frozenset(config.quick_exit.keys)
        # After a session ended, this one starts on the neutral screen: keys are dropped until
        # the hold is over, and only a key after that brings the welcome screen.
        self._holding = neutral_hold is not None
        self._hold_until = clock() + (neutral_hold or 0.0)
        self._recall: threading.Thread | None = None
        self._recall_deadline = 0.0
        # numbers: a staff member signed in (``as_staff``): the session is not a visit.
        self.staff_signed_in = False
        self._counting: threading.Thread | None = None
        # What every screen is given, so none reaches through the App for it.
        self.kit = ScreenKit(
            config=config,
            clock=clock,
            session=self,
            services=services,
            vault_source=lambda: self.vault_io,
            print_jobs_source=lambda: self.print_jobs,
        )

    @property
    def vault_io(self) -> VaultIO:
        """The one way to the visit's vault (kiosk/ui/vault_io.py), made on first use."""
        if self._vault_io is None:
            from kiosk.ui.vault_io import VaultIO

            self._vault_io = VaultIO(self, lambda: self.services.vaults)
        return self._vault_io

    @property
    def print_jobs(self) -> SessionPrintJobs:
        """The visit's print jobs, recalled at its end; made on first use."""
        if self._print_jobs is None:
            from kiosk.printing.cups import SessionPrintJobs
            from kiosk.printing.held_jobs import HeldJobRecord

            # Held jobs are written down, so the supervisor cancels them if this process is
            # killed before it can (print stream, issue 11).
            record = HeldJobRecord(self.config.data_path())
            self._print_jobs = SessionPrintJobs(on_held=record.add)
            if self.ending:
                self._print_jobs.close()  # asked for as the visit ends: nothing may print now
        return self._print_jobs

    @property
    def vault(self) -> VaultDatabase | None:
        """The visit's open vault (owned by ``vault_io``; the App never reads or writes it)."""
        return None if self._vault_io is None else self._vault_io.vault

    @property
    def visit_name(self) -> str:
        return "" if self._vault_io is None else self._vault_io.name

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Restyle a node whose classes changed, unless it is not in the app yet.

        Textual restyles a widget whose classes change while it is being built (a Button's
        variant and look, a class set in ``compose``), then styles it again when it is mounted.
        The first is wasted: every widget is styled as it is registered, from the classes it
        has then. Each Button was styled three times before a screen's first frame.
        """
        if isinstance(node, Widget) and node not in self._registry:
            return
        super().update_styles(node, animate=animate)

    # -- posture -----------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        # The base of the stack never holds anything sensitive, so popping down to it is safe.
        return BackdropScreen(self.config.quick_exit.neutral_text, id="_default")

    def on_mount(self) -> None:
        # Textual's driver stops the process on Ctrl+Z (SIGTSTP). A stopped session would
        # freeze the kiosk on whatever it showed, so job-control signals are ignored.
        for job_control in (signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU):
            with contextlib.suppress(ValueError, OSError):
                signal.signal(job_control, signal.SIG_IGN)
        self.set_keymap({"quick_exit": ",".join(self.config.quick_exit.keys)})
        if not self._holding:
            self.push_screen(WelcomeScreen(self.kit))
        self.set_interval(1.0, self.check_inactivity)
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # The session's start ran without garbage collections (kiosk.__main__): its objects
        # live on, and collecting them over and over cost a tenth of the time to this frame.
        gc.enable()
        add_later_part(self, self._later_rules)
        self._later_rules = ""
        # Every catalogue, so that choosing a language reads no file (kiosk.i18n).
        read_every_catalogue()
        # Loading WeasyPrint now never slows the start.
        render_server.warm()
        # The helpline files, the largest a session reads, if it did not read them before it
        # drew (the kiosk's first session: the kiosk command has just checked them; kiosk.ui.
        # visit). Off this thread: their number is the centre's, and a quick exit must never
        # wait for them.
        if not self.services.directory_read:
            threading.Thread(target=self._read_helplines, name="helplines", daemon=True).start()

    def _read_helplines(self) -> None:
        """One broken since the kiosk command checked them ends this session as a crash does:
        "Sorry", a fresh session (which reads them before it draws), and the kiosk's own
        farewell if it keeps happening (kiosk.session)."""
        try:
            self.services.directory  # noqa: B018 - read for its effect
        except Exception as error:  # whatever it is, the session cannot go on
            with contextlib.suppress(RuntimeError):  # the App has ended meanwhile
                self.call_from_thread(self._handle_exception, error)

    def copy_to_clipboard(self, text: str) -> None:
        """Nothing may ever reach the host clipboard (OSC 52), a PIN least of all."""

    def _handle_exception(self, error: Exception) -> None:
        """A crash must never print a traceback (its locals may hold a PIN) to the terminal.

        Textual's own handler renders a Rich traceback with locals after leaving the
        alternate screen. Here the vault is closed and the process ends with CRASHED; the
        supervisor shows "Sorry, something went wrong" and starts a fresh session. This
        overrides private API, which is why Textual is pinned exactly.
        """
        self._return_code = SessionEnd.CRASHED
        if self._exception is None:
            self._exception = error  # Pilot re-raises it in tests
            self._exception_event.set()
        self.ending = True
        self._close_vault()
        with contextlib.suppress(Exception):
            self._recall_print_jobs()
        self._exit_renderables.clear()
        self._close_messages_no_wait()

    # -- input: idle stamp, Esc twice, Shift three times --------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if self._holding and isinstance(event, events.InputEvent | events.Paste):
            if not event.is_forwarded:
                self._end_hold(event)
            return
        if isinstance(event, events.InputEvent | events.Paste):
            self._last_input = self.clock()
            self._touched = True
        # A key reaches the App twice: from the driver, then again as it bubbles back up from
        # the focused widget. On the way in it is read here, and handed on in order.
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            await self._read_key(event)
            return
        if isinstance(event, events.MouseDown | events.MouseUp) and self._click_waits(event):
            # Clicks take their turn with the keys, both ways. A click (Next, say) straight
            # after fast typing comes after the keys typed before it: ahead of them, it changed
            # the step and the rest of the typing was lost. And keys typed straight after a
            # click that opens a screen ("Open my vault") wait for that screen: before, the
            # first letters went to the screen being left.
            self._keys.waiting.append(event)
            await self._hand_on_key()
            return
        if (
            isinstance(event, events.MouseDown | events.MouseUp)
            and not event.is_forwarded
            and self._second_tap(event)
        ):
            return
        await super().on_event(event)

    async def _read_key(self, event: events.Key | events.Paste) -> None:
        """Exit gestures and exit keys act the moment they are read; other keys wait their turn
        (see kiosk.ui.key_order), so each reaches the widget focused when it is handed on."""
        if self.ending:
            return  # keys pressed in panic after the exit belong to no one
        if isinstance(event, events.Key):
            self._watch_exit_gestures(event.key, self._pressed_at(event))
            if not self.ending and event.key in self._quick_exit_keys:
                self.end_session("quick_exit")
            if self.ending:
                return
        if isinstance(event, events.Paste):
            event.text = typed_text(event.text)
        self._keys.waiting.append(event)
        await self._hand_on_key()

    def _second_tap(self, event: events.MouseDown | events.MouseUp) -> bool:
        """The second tap of a double tap whose first changed what is under the pointer."""
        try:
            under, _ = self.get_widget_at(int(event.screen_x), int(event.screen_y))
        except Exception:
            return False  # no screen yet (or any more): Textual's own handling decides
        return self._second_taps.drops(event, under)

    def _click_waits(self, event: events.MouseDown | events.MouseUp) -> bool:
        if event.is_forwarded or self.ending:
            return False
        try:
            widget, _ = self.screen.get_widget_at(event.screen_x, event.screen_y)
        except Exception:
            return True
        return widget.id != "exit-control"  # the way out never waits

    async def _hand_on_key(self) -> None:
        if not self.screen_stack:
            # The App is closing (its screens already gone): a key still waiting has no one to
            # go to, and Textual would fail looking for the screen.
            self._keys.drop()
            return
        event = self._keys.next_key()
        if event is None:
            return
        if isinstance(event, events.MouseDown | events.MouseUp) and self._second_tap(event):
            # Judged now, not as it was read: only now has the tap before it done its work
            # (opened the screen that is under the pointer).
            self._keys.release()
            await self._hand_on_key()
            return
        if isinstance(event, events.Paste) and is_input(self.focused):
            event.text = _fitting_paste(self.focused, event.text)
        # Textual's own handling: priority bindings, then the focused widget (or the screen).
        await super().on_event(event)
        self._keys.settle(self)

    @on(KeySettled)
    async def _key_settled(self) -> None:
        self._keys.release()
        await self._hand_on_key()

    def _end_hold(self, event: events.InputEvent | events.Paste) -> None:
        """On the held neutral screen every key goes nowhere. Once the hold is over, a key or a
        click brings the welcome screen, but not an exit key: pressed again in panic, that
        must not bring anything back. The hold is over for a key read from the terminal after
        it, not for one read during it that waited in the queue while the App was busy."""
        if self._pressed_at(event) < self._hold_until:
            return
        if isinstance(event, events.Key):
            if event.key in self._quick_exit_keys or event.key in ("escape", *SHIFT_KEYS):
                return
        elif not isinstance(event, events.MouseDown | events.Paste):
            return
        self._holding = False
        self.push_screen(WelcomeScreen(self.kit))

    def _pressed_at(self, event: events.Event) -> float:
        """When the key (or press) was read from the terminal, on the App's clock. Keys wait in
        the App's queue while it draws a screen they opened (seconds on a loaded machine): two
        Esc pressed together, timed as they were taken from the queue, were too far apart."""
        waited = max(0.0, time.monotonic() - event.time)  # Textual stamps events monotonic
        return self.clock() - waited

    def _watch_exit_gestures(self, key: str, now: float) -> None:
        quick = self.config.quick_exit
        # A terminal sends Alt as Esc: Esc pressed again straight before the next letter (a
        # fast typist's burst) reaches Textual with that letter, as Alt+letter.
        escape = key == "escape" or key.startswith("alt+")
        if escape and quick.escape_twice:
            self._escapes = [t for t in self._escapes if now - t <= ESCAPE_WINDOW_SECONDS]
            self._escapes.append(now)
            if len(self._escapes) >= 2:
                self.end_session("quick_exit")
                return
        elif not escape:
            self._escapes.clear()
        if key in SHIFT_KEYS and quick.shift_three_times:
            # GOV.UK's rule: each press restarts a 5 s window; any other key starts again.
            if self._shifts and now - self._shifts[-1] > SHIFT_WINDOW_SECONDS:
                self._shifts.clear()
            self._shifts.append(now)
            if len(self._shifts) >= 3:
                self.end_session("quick_exit")
                return
        elif key not in SHIFT_KEYS:
            self._shifts.clear()
        self._show_shift_progress(len(self._shifts))

    def _show_shift_progress(self, presses: int) -> None:
        for bar in self.screen.query(TopBar):
            bar.presses = presses

    # -- the visit ---------------------------------------------------------------------------

    def on_vault_opened(self, opened: VaultOpened) -> None:
        """A worker has opened a vault (it is already ``vault_io``'s): show its home. Found by
        its name, as Textual does, so the App need not load vault_io's messages to start."""
        if self.ending:
            return  # the vault is being closed with the session
        if not opened.requester.is_attached:
            self.vault_io.release()  # the visitor left the form while the vault was opening
            return
        from kiosk.ui.screens.common.intro import QuickExitIntroScreen
        from kiosk.ui.screens.vault.home import VaultHomeScreen

        self.switch_screen(VaultHomeScreen(self.kit))
        if opened.head_check is not None and opened.head_check.tell_her:
            # Under the intro and any new recovery code: she reads it once those are done.
            from kiosk.ui.screens.vault.diary_head import DiaryHeadNoticeScreen

            self.push_screen(DiaryHeadNoticeScreen(self.kit, opened.head_check))
        if not opened.intro_seen:
            self.push_screen(QuickExitIntroScreen(self.kit), self._intro_done)
        if opened.pending_code is not None:
            # A recovery's new code not yet seen (a quick exit or a kill came first): shown
            # now, and forgotten only once she has dismissed it. It replaces the recovery's
            # own new code, which is then the same code.
            from kiosk.ui.screens.vault.recovery import RecoveryCodeScreen

            code_screen = RecoveryCodeScreen(self.kit, opened.pending_code)
            self.push_screen(code_screen, self._pending_code_seen)
        elif opened.new_code is not None:
            from kiosk.ui.screens.vault.recovery import RecoveryCodeScreen

            self.push_screen(RecoveryCodeScreen(self.kit, opened.new_code))

    def _pending_code_seen(self, _: None) -> None:
        if not self.ending:
            self.vault_io.pending_code_seen()

    def _intro_done(self, _: None) -> None:
        if not self.ending:
            self.vault_io.mark_intro_seen()

    @on(QuickExitRequested)
    def action_quick_exit(self) -> None:
        self.end_session("quick_exit")

    def end_session(self, reason: EndReason) -> None:
        """Neutral screen in this frame; then keep or drop drafts, lock, and end the process."""
        if self.ending:
            return
        self.ending = True
        self._keys.type_waiting_text(self)
        self._keys.drop()
        for screen in reversed(self.screen_stack):  # the top one first: it types into the next
            if isinstance(screen, HandsOnTyping):
                with contextlib.suppress(Exception):
                    screen.hand_on_typing()
        drafts = self._unsaved_drafts()
        # The neutral screen goes on top first and is the next frame; the screens beneath are
        # torn down after it. Popping them first woke each one in turn (a resume, a refresh)
        # and removed them before the neutral frame: two to four times the app time
        # (scripts/bench, "quick exit"). The visit's look (high contrast, larger text) is
        # undone only then: a theme change restyles every screen in the stack. The neutral
        # screen is drawn in the default look whatever the look (kiosk.tcss, #neutral).
        self.push_screen(NeutralScreen(self.config.quick_exit.neutral_text, id="neutral"))
        self.call_after_refresh(self._tear_down_beneath)
        self._start_recall()
        self.call_after_refresh(self._count_session_end, reason)  # numbers
        self.call_after_refresh(self._finish_session, drafts)

    async def _tear_down_beneath(self) -> None:
        """Remove every screen between the first and the neutral one, with what they show.

        Textual pops only the top screen, so the stack is cut here and each screen removed
        as ``pop_screen`` would remove it (Textual 8.2's ``_replace_screen``; the quick-exit
        tests check that every screen of her visit is gone).
        """
        stack = self._screen_stack
        beneath = stack[1:-1]
        del stack[1:-1]
        for screen in reversed(beneath):
            await self._replace_screen(screen)
        reset_display(self)  # as any session's: the next one starts in the default look

    def _unsaved_drafts(self) -> list[tuple[str, str, dict[str, str]]]:
        found = []
        for screen in self.screen_stack:
            if isinstance(screen, DraftSource):
                with contextlib.suppress(Exception):
                    fields = screen.draft_fields()
                    if fields:
                        found.append((screen.draft_kind, screen.draft_reference(), fields))
        return found

    def _finish_session(self, drafts: list[tuple[str, str, dict[str, str]]]) -> None:
        """Keep the drafts and close the vault off the UI thread, after any vault call still
        running; ``on_vault_locked`` ends the process once that is done."""
        if self._vault_io is None:
            self.on_vault_locked()  # no vault was ever asked for: nothing to keep or close
            return
        kept = drafts if self.config.session.keep_interrupted_drafts else []
        now = dt.datetime.fromtimestamp(self.clock(), dt.UTC).astimezone()
        self._vault_io.close(kept, saved=now)

    def on_vault_locked(self) -> None:
        """The vault is closed (``VaultLocked``, found by its name like ``VaultOpened``)."""
        self._recall_print_jobs()
        if self._counting is not None:  # numbers
            self._counting.join(timeout=COUNT_SECONDS)
        self.exit(return_code=SessionEnd.ENDED)

    def _start_recall(self) -> threading.Thread | None:
        """Paper already printing cannot be recalled; anything still waiting is cancelled.

        In a thread, started with the neutral screen, so it runs while drafts are kept and the
        vault is closed; ``_recall_print_jobs`` then waits for it, but only so long. None when
        nothing was ever printed: there is nothing to recall.
        """
        if self._recall is None and self._print_jobs is not None:
            self._recall = threading.Thread(
                target=self._print_jobs.cancel_unstarted,
                args=(self.services.printer,),
                daemon=True,
            )
            self._recall_deadline = time.monotonic() + RECALL_SECONDS
            self._recall.start()
        return self._recall

    def _recall_print_jobs(self) -> None:
        recall = self._start_recall()
        if recall is not None:
            recall.join(timeout=max(0.0, self._recall_deadline - time.monotonic()))

    def on_unmount(self) -> None:
        # However the app stops, the vault is closed and its lock released.
        self._keys.drop()
        self._close_vault()
        reset_display(self)  # the console's own font back, however the session ends
        # A call to a gatekeeper service that does not answer ends here, not with the process.
        self.services.close_gatekeeper()

    def close_kiosk(self) -> None:
        """Staff only: end this session and tell the supervisor not to start another."""
        self.ending = True
        self._close_vault()
        self._recall_print_jobs()
        self.exit(return_code=SessionEnd.STAFF_CLOSED)

    def _close_vault(self) -> None:
        if self._vault_io is not None:
            self._vault_io.close_now()

    # -- numbers: the centre's counts of visits, quick exits and idle locks -------------------

    def _count_session_end(self, reason: EndReason) -> None:
        """After the neutral screen is drawn, in a thread: a count never delays the exit, and
        one that cannot be written is lost without a word (kiosk.staff.numbers)."""
        # A session staff signed in to is not a visit: neither its quick exit nor its idle
        # lock is a visitor's (the numbers showed quick exits with no visits at all).
        visitor = not self.staff_signed_in
        due = (
            ("visits", self._touched and visitor),
            ("quick_exits", reason == "quick_exit" and visitor),
            ("idle_locks", reason == "idle" and visitor),
        )
        tallies = [tally for tally, counted in due if counted]
        if tallies and self._counting is None:
            self._counting = threading.Thread(target=self._count, args=(tallies,), daemon=True)
            self._counting.start()

    def _count(self, tallies: list[str]) -> None:
        with contextlib.suppress(Exception):
            from kiosk.staff.numbers import Tally

            numbers = self.services.numbers
            for tally in tallies:
                numbers.count(Tally(tally))

    # -- end numbers -------------------------------------------------------------------------

    # -- idle lock ---------------------------------------------------------------------------

    def check_inactivity(self) -> None:
        """Polled every second. A fresh, untouched kiosk never locks: there is nothing to hide."""
        if self.ending or not self._touched or not self.screen_stack:
            return  # (no screens: the App is closing, and its timer ticked once more)
        # Only once someone has used the kiosk: the first tick came before a slow first frame
        # and loaded the forms' modules into the welcome screen's start (test_start_imports).
        from kiosk.ui.screens.common.idle import StillThereScreen

        if isinstance(self.screen, StillThereScreen):
            return
        if self.clock() - self._last_input >= self.idle_limit_seconds:
            self.push_screen(
                StillThereScreen(self.kit, self.config.session.idle_warning_seconds),
                self._back_from_idle,
            )

    def _back_from_idle(self, _: None) -> None:
        """She is back: the key (or touch) that brought her screen back was the idle screen's,
        and so is whatever came with it, before she could see where it would go ("xyz" at
        "Still there?" put "yz" into her hidden note)."""
        self._keys.waiting.clear()


def make_app(
    config: Config,
    services: Services,
    clock: Clock = time.time,
    *,
    neutral_hold: float | None = None,
) -> KioskApp:
    """``neutral_hold``: the last session has just ended; start on the neutral screen, drop
    keys for this many seconds, and show the welcome screen at the first key after that."""
    return KioskApp(config, services, clock, neutral_hold)
