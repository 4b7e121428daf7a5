"""Keys reach the widget that has focus when each one is read, in order, however fast they come.

Textual's App reads a key from the driver, posts it to the focused widget's queue and reads the
next key at once. A Tab, though, is acted on only later: it travels through the focused field,
up to the screen, and back to the App, where the screen's binding moves the focus. Keys that
arrived in the same burst (a fast typist, a barcode-style paste) had by then been queued for
the field being left: a PIN typed straight after the vault name and Tab landed, in clear, at the
end of the name. Enter on a button that opens a screen has the same race.

So the App hands keys on one at a time: the next key only once everything the previous one set
off (its bubbling, the bindings it ran, the messages and screens it caused) has been handled,
that is, once every message queue in the app has been empty for a few turns of the event loop.
This is what ``Pilot.press`` waits for between keys in tests, done in the running kiosk.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

from textual import events
from textual.app import App
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen

if TYPE_CHECKING:
    from textual.widgets import Button, Input, TextArea

# Empty queues for this many turns of the event loop in a row mean the app has settled.
QUIET_TURNS = 3
# The first turns only yield; after these the wait sleeps a little, so that a handler that
# waits on something slow does not keep a core busy.
EAGER_TURNS = 50
BACKOFF_SECONDS = 0.002
# A key is never held longer than this, even if the app never settles (a constant animation):
# keys then arrive as they did before, still in order. Composing a screen with the on-screen
# keyboard took over half a second on a loaded two-core machine, and the first letter of a
# name typed straight after Enter was lost: the limit is well above any screen's composing.
SETTLE_LIMIT_SECONDS = 2.0

# A screen with this attribute true is still changing what it shows: keys wait for it.
KEYS_WAIT = "keys_wait"

# Textual's class for a button showing a press (0.2 s); a press meanwhile is ignored.
BUTTON_SHOWING_PRESS = "-active"

# Keys that put her typing right, as each kind of field's own binding does them: replayed too.
INPUT_EDITS = {
    "backspace": "delete_left",
    "delete": "delete_right",
    "left": "cursor_left",
    "right": "cursor_right",
    "home": "home",
    "end": "end",
}
TEXT_AREA_EDITS = {
    "backspace": "delete_left",
    "delete": "delete_right",
    "left": "cursor_left",
    "right": "cursor_right",
    "up": "cursor_up",
    "down": "cursor_down",
    "home": "cursor_line_start",
    "end": "cursor_line_end",
}

OrderedInput = events.Key | events.Paste | events.MouseDown | events.MouseUp
# A thread worker whose name starts with this fetches what the screen on show is about to
# render (its list of notes, say): keys typed meanwhile are meant for the screen once filled.
LOADING_WORKER = "loading: "


def _loaded_instance(widget: object, module: str, name: str) -> bool:
    """``isinstance`` for a Textual widget class that may not be loaded yet: no widget of it can
    exist before its module is, and importing it here would slow the session's start (the
    welcome screen has no text field) or a quick exit."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(widget, getattr(loaded, name))


def is_input(widget: object) -> TypeGuard[Input]:
    return _loaded_instance(widget, "textual.widgets._input", "Input")


def is_button(widget: object) -> TypeGuard[Button]:
    return _loaded_instance(widget, "textual.widgets._button", "Button")


def is_text_area(widget: object) -> TypeGuard[TextArea]:
    return _loaded_instance(widget, "textual.widgets._text_area", "TextArea")


def _is_format_character(character: str | None) -> bool:
    """A zero-width joiner or non-joiner, a direction mark or a soft hyphen (Unicode's "Cf"):
    typed, not printable, so Textual's fields pass it over, and no key's command either."""
    import unicodedata  # only as a session ends with keys waiting: not at every start

    return character is not None and len(character) == 1 and unicodedata.category(character) == "Cf"


class KeySettled(Message, bubble=False):
    """The app has handled everything the last key set off: the next one may go."""


def _busy(pump: MessagePump, top: Screen[Any] | None) -> bool:
    if pump._closed or not pump._running:
        return False
    if pump._pending_message is not None or pump._next_callbacks:
        return True
    # Read without creating it: a pump that never received a message has no queue yet.
    queue: asyncio.Queue[object] | None = pump.__dict__.get("_message_queue")
    if queue is not None and not queue.empty():
        return True
    # Callbacks waiting for a screen's next refresh: only those of the screen on top, which
    # the keys go to. One covered before its first frame may keep its own until it is on top
    # again, and counting them held every key for the whole limit (a screen pushed as the
    # App started).
    return pump is top and bool(pump._callbacks)


def app_is_busy(app: App[Any], *, a_press_holds: bool = True) -> bool:
    """Whether the app is still handling what the last input set off. ``a_press_holds``: a
    button still showing its press counts as busy (see below); not for a click coming next."""
    pumps: list[MessagePump] = [app, *app.screen_stack, *list(app._registry)]
    top = app.screen_stack[-1] if app.screen_stack else None
    if any(_busy(pump, top) for pump in pumps):
        return True
    # A screen's async handler awaiting its new widgets (the plan wizard's next page) leaves
    # every queue empty meanwhile: the screen says so itself.
    if any(getattr(screen, KEYS_WAIT, False) for screen in app.screen_stack):
        return True
    # Enter twice on Remove (or Next, Tabs and Enter again on a quick page) in one burst: the
    # second press came while the button still showed the first, and Textual dropped it (a
    # click's press focuses its button, so a key after a click waits here too). A click coming
    # next does not wait: a button showing a press ignores it, so a double tap on a button that
    # stays counts once, as with Textual's Button.
    focused = app.focused
    if a_press_holds and is_button(focused) and focused.has_class(BUTTON_SHOWING_PRESS):
        return True
    return any(w.is_running and w.name.startswith(LOADING_WORKER) for w in app.workers)


async def wait_until_settled(
    app: App[Any],
    limit: float = SETTLE_LIMIT_SECONDS,
    a_press_holds: Callable[[], bool] = lambda: True,
) -> None:
    deadline = time.monotonic() + limit
    quiet = turns = 0
    while quiet < QUIET_TURNS and time.monotonic() < deadline:
        await asyncio.sleep(0 if turns < EAGER_TURNS else BACKOFF_SECONDS)
        turns += 1
        busy = app_is_busy(app, a_press_holds=a_press_holds())
        quiet = 0 if busy else quiet + 1


class KeyOrder:
    """The keys read from the terminal but not yet handed on, and whether one is in flight."""

    def __init__(self) -> None:
        self.waiting: deque[OrderedInput] = deque()
        self.in_flight = False
        self._handed_on: OrderedInput | None = None
        self._settling: asyncio.Task[None] | None = None

    @property
    def busy(self) -> bool:
        """Keys are waiting, or one is still being handled."""
        return self.in_flight or bool(self.waiting)

    def next_key(self) -> OrderedInput | None:
        """The key to hand on now, if it is its turn; the caller then calls ``settle``."""
        if self.in_flight or not self.waiting:
            return None
        self.in_flight = True
        self._handed_on = self.waiting.popleft()
        return self._handed_on

    def settle(self, app: App[Any]) -> None:
        """Let the next key go once the app has handled what this one set off."""

        async def settled() -> None:
            await wait_until_settled(app, a_press_holds=lambda: not self._click_next())
            app.post_message(KeySettled())

        self._settling = asyncio.create_task(settled())

    def _click_next(self) -> bool:
        return bool(self.waiting) and isinstance(self.waiting[0], events.MouseDown | events.MouseUp)

    def release(self) -> None:
        self.in_flight = False
        self._settling = None

    def type_waiting_text(self, app: App[Any]) -> None:
        """The session is ending: text typed before the exit key but not yet handled goes into
        the fields at once, in order (Tab moving on, Backspace and the arrows putting a typo
        right as they would), so a kept draft holds every word she typed. Anything else (a
        button's Enter, a shortcut) stops it: not acted on."""
        keys = list(self.waiting)
        field = app.focused
        handed_on = self._handed_on
        typing = isinstance(handed_on, events.Paste) or (
            isinstance(handed_on, events.Key) and handed_on.is_printable
        )
        if handed_on is not None and typing and not handed_on._stop_propagation:
            # Handed to the field, which has not read it yet (a field stops each key it types).
            keys.insert(0, handed_on)
        for key in keys:
            field = app.focused
            if not isinstance(key, events.Key | events.Paste):
                return  # a click: not acted on
            if isinstance(key, events.Key) and key.key in ("tab", "shift+tab"):
                if key.key == "tab":
                    app.screen.focus_next()
                else:
                    app.screen.focus_previous()
                continue
            if isinstance(key, events.Key) and _edit(field, key.key):
                continue
            if isinstance(key, events.Paste):
                text = key.text if is_text_area(field) else key.text.partition("\n")[0]
            elif key.key == "enter" and is_text_area(field):
                text = "\n"
            elif key.is_printable and key.character:
                text = key.character
            elif _is_format_character(key.character):
                continue  # a joiner or direction mark: no field types it, and it is no command
            else:
                return
            if is_text_area(field) and not field.read_only:
                field.insert(text)
            elif is_input(field):
                field.insert_text_at_cursor(text)
            else:
                return

    def drop(self) -> None:
        """Forget every waiting key (the session is ending) and stop waiting for the app."""
        self.waiting.clear()
        if self._settling is not None:
            self._settling.cancel()
            self._settling = None


def _edit(field: object, key: str) -> bool:
    """``key`` done in ``field`` if it is one that edits her text there (Backspace, an arrow)."""
    if is_text_area(field) and not field.read_only:
        action = TEXT_AREA_EDITS.get(key)
    elif is_input(field):
        action = INPUT_EDITS.get(key)
    else:
        return False
    if action is None:
        return False
    getattr(field, f"action_{action}")()
    return True
