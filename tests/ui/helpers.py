"""Steps a visitor takes, written once for the Pilot tests and the snapshots."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import events
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, TextArea

from kiosk.ui.app import KioskApp
from kiosk.ui.key_order import wait_until_settled
from tests.ui.conftest import NAME, PIN, SETTLE_SECONDS, keys_handed_on


async def settle(pilot: Pilot[None], limit: float = 30.0) -> None:
    """Let thread workers (KDF, vault, printing) finish and their results land on screen.

    Bounded by time, not by turns: on a loaded machine a worker may take a while.
    """
    app = pilot.app
    deadline = time.monotonic() + limit
    while True:
        while any(worker.is_running for worker in app.workers) and time.monotonic() < deadline:
            await pilot.pause(0.01)
        # What the workers' answers set off may start another worker (a quick exit's answer
        # closes the vault in one): settled only when that has run too.
        await wait_until_settled(app, limit=10.0)
        await pilot.pause()
        if time.monotonic() >= deadline:
            return
        # Keys of a burst still waiting their turn: the app's own settling hands each on only
        # after a quiet spell like the one above, so that spell alone does not mean they landed.
        if not any(w.is_running for w in app.workers) and not _keys_waiting(app):
            return


def _keys_waiting(app: object) -> bool:
    return isinstance(app, KioskApp) and app._keys.busy


async def until(pilot: Pilot[None], condition: Callable[[], bool], limit: float = 30.0) -> None:
    """Wait for ``condition`` (work a worker finishes, such as closing the vault), bounded by
    time: on a loaded machine the worker may not even have started when the screen changed."""
    deadline = time.monotonic() + limit
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.01)
    assert condition(), f"waited {limit:.0f} s in vain; {describe(pilot.app)}"


def describe(app: object) -> str:
    """What the app showed and was doing when a wait ran out, for the failure to say."""
    if not isinstance(app, KioskApp):
        return repr(app)
    screens = " > ".join(type(screen).__name__ for screen in app.screen_stack)
    messages = [str(widget.render()) for widget in app.screen.query("#message")]
    fields = {
        str(field.id): (f"{len(field.value)} characters" if field.password else field.value)
        for field in app.screen.query(Input)
    }
    workers = [f"{worker.name}: {worker.state.name}" for worker in app.workers]
    return (
        f"screens {screens}; focus {app.focused!r}; messages {messages}; fields {fields}; "
        f"workers {workers}; keys waiting {_keys_waiting(app)}"
    )


async def type_text(pilot: Pilot[None], text: str) -> None:
    """One key at a time, each handled before the next: for tests about typing itself."""
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


async def fill(pilot: Pilot[None], text: str) -> None:
    """Put ``text`` in the focused field as typing does (at the cursor, through the field's own
    checks and grouping), in one step. For steps where what is typed matters and how it is
    typed does not: a key at a time cost 40 ms or more per character. The focus is not moved:
    the field must already have it, as it would for a visitor typing."""
    # Typed text goes behind the keys pressed before it (a Tab moving on to the PIN): this
    # text skips that queue, so it waits for it to empty.
    await keys_handed_on(pilot.app)
    field = pilot.app.focused
    if isinstance(field, Input):
        field.insert_text_at_cursor(text)
    elif isinstance(field, TextArea):
        field.insert(text)
    else:
        raise AssertionError(f"no field to type {text!r} into: {field!r} has the focus")
    await wait_until_settled(pilot.app, limit=SETTLE_SECONDS)


async def unlock(pilot: Pilot[None], name: str = NAME, pin: str = PIN) -> None:
    await pilot.press("enter")  # "Open my vault" has the focus on the welcome screen
    await fill(pilot, name)
    await pilot.press("tab")
    await fill(pilot, pin)
    await pilot.press("enter")
    await settle(pilot)


async def open_vault(pilot: Pilot[None]) -> None:
    """Unlock and get past the first-use explanation, to the vault's home."""
    await unlock(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    # On a loaded machine the unlock's worker may not have been started when settle() looked:
    # the vault is open once the unlock screen has gone.
    await until(pilot, lambda: app.screen.__class__.__name__ != "UnlockScreen")
    if app.screen.__class__.__name__ == "QuickExitIntroScreen":
        await pilot.press("enter")
        await until(pilot, lambda: app.screen.__class__.__name__ != "QuickExitIntroScreen")


async def press_as_a_terminal_does(
    pilot: Pilot[None], widget: Widget, offset: tuple[int, int] = (1, 1)
) -> None:
    """A mouse press and release at ``offset`` in ``widget``, as the terminal's driver sends
    them: to the App, by place alone. Pilot's click goes round the App's own handling and
    names the widget; a list that closed at every real press still passed with it."""
    x, y = widget.region.x + offset[0], widget.region.y + offset[1]
    for kind in (events.MouseDown, events.MouseUp):
        pilot.app.post_message(kind(None, x, y, 0, 0, 1, False, False, False, x, y))
    await settle(pilot)


async def click_language(pilot: Pilot[None], tag: str) -> None:
    """Click ``tag``'s key on the welcome screen's language chooser (one widget draws them)."""
    from kiosk.ui.widgets.language_choice import LanguageChoice

    chooser = pilot.app.screen.query_one(LanguageChoice)
    assert await pilot.click(LanguageChoice, offset=chooser.item_offset(tag))


async def tab_to_language(pilot: Pilot[None], tag: str, *, back: bool = False) -> None:
    """Tab (or Shift+Tab) until ``tag``'s key on the language chooser has the focus, as a
    visitor would: each language is a stop of its own."""
    from kiosk.ui.widgets.language_choice import LanguageChoice

    for _ in range(40):
        focused = pilot.app.focused
        if isinstance(focused, LanguageChoice) and focused.cursor == tag:
            return
        await pilot.press("shift+tab" if back else "tab")
    raise AssertionError(f"the language {tag} never got the focus by Tab")
