"""Ways through the diary's entry form, written once for the Pilot tests and the snapshots:
by keyboard alone (Tab, Enter, Space and typing) and by mouse alone (clicks only)."""

from __future__ import annotations

from textual.pilot import Pilot

from kiosk.ui.app import KioskApp
from kiosk.ui.screens.diary.entry_form import EntryFormScreen
from tests.ui.helpers import fill, open_vault, settle, until
from tests.ui.test_mouse_only import tap_letters

# The fake clock's day is 2026-09-21: every date here is on or before it.
DATE = "20/09/2026"


async def open_form(pilot: Pilot[None]) -> EntryFormScreen:
    """The vault open and a new entry begun (the diary's list, which offers "New entry", is
    another stream's; it pushes the same screen)."""
    await open_vault(pilot)
    app = pilot.app
    assert isinstance(app, KioskApp)
    form = EntryFormScreen(app.kit)
    app.push_screen(form)
    await settle(pilot)
    assert form in app.screen_stack  # under the offer of an unfinished entry, if one was kept
    return form


async def tab_to(pilot: Pilot[None], widget_id: str, limit: int = 40) -> None:
    """Tab until ``widget_id`` has the focus, as a visitor would (a bounded number of presses)."""
    for _ in range(limit):
        focused = pilot.app.focused
        if focused is not None and focused.id == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"{widget_id} never got the focus by Tab")


async def press_button(pilot: Pilot[None]) -> None:
    """Enter on the focused button, as a person presses it: not within the 0.2 s it still
    shows its last press (Textual ignores a press then)."""
    button = pilot.app.focused
    assert button is not None
    await until(pilot, lambda: not button.has_class("-active"))
    await pilot.press("enter")
    await settle(pilot)


async def next_step(pilot: Pilot[None]) -> None:
    await tab_to(pilot, "d-next")
    await press_button(pilot)


async def keyboard_through_every_step(
    pilot: Pilot[None], *, what: str = "He waited.", until_links: bool = False
) -> None:
    """Every step by keyboard to the review (not saved): each kind of field used once.
    ``until_links``: stop on the step of related entries and source instead."""
    # 1. When: the date, a time, "approximately" ticked with Space.
    assert pilot.app.focused is not None and pilot.app.focused.id == "d-date"
    await fill(pilot, DATE)
    await pilot.press("enter")  # Enter moves on to the next field
    await fill(pilot, "8.15pm")
    await tab_to(pilot, "d-approximate")
    await pilot.press("space")
    await next_step(pilot)
    # 2. Where and what happened.
    await fill(pilot, "Bus stop on Mill Road")
    await pilot.press("tab")
    await fill(pilot, what)
    await next_step(pilot)
    # 3. Behaviour: the first box (following) and "calls, texts, messages".
    await pilot.press("space")
    await tab_to(pilot, "d-behaviour-calls_messages")
    await pilot.press("space")
    await tab_to(pilot, "d-technology")
    await fill(pilot, "07700 900123")
    await next_step(pilot)
    # 4. Who: the one-press Unknown; children present: Yes.
    await tab_to(pilot, "d-identity-unknown")
    await pilot.press("enter")
    await tab_to(pilot, "d-children")
    await pilot.press("enter")  # the first choice, "Yes"
    await next_step(pilot)
    # 5. A witness, in its dialog.
    await tab_to(pilot, "d-add-witness")
    await pilot.press("enter")
    await fill(pilot, "Ann Lee")
    await pilot.press("enter")
    await fill(pilot, "ann@example.org")
    await tab_to(pilot, "add")
    await pilot.press("enter")
    await next_step(pilot)
    # 6. An evidence item.
    await tab_to(pilot, "d-add-evidence")
    await pilot.press("enter")
    await fill(pilot, "Screenshot")
    await pilot.press("enter")
    await fill(pilot, "My phone")
    await tab_to(pilot, "add")
    await pilot.press("enter")
    await next_step(pilot)
    # 7. Police: a reference.
    await tab_to(pilot, "d-police-reference")
    await fill(pilot, "CAD 1234/20SEP")
    await next_step(pilot)
    # 8. The effect on her.
    await fill(pilot, "Scared to go out.")
    await next_step(pilot)
    if until_links:
        return
    # 9. Links and source: as they are (typed here).
    await next_step(pilot)


async def click(pilot: Pilot[None], selector: str) -> None:
    """Click a button as a person would: not again within the 0.2 s a button shows it was
    pressed (Textual ignores a click on a button still showing its last press)."""
    button = pilot.app.screen.query_one(selector)
    await until(pilot, lambda: not button.has_class("-active"))
    assert await pilot.click(selector)


async def mouse_through_every_step(pilot: Pilot[None]) -> None:
    """Every step by clicks alone, text typed on the on-screen keys."""

    async def tap_into(field: str, text: str) -> None:
        assert await pilot.click(f"#{field}")
        await click(pilot, "#d-keys")
        await tap_letters(pilot, text)
        assert await pilot.click("#tap-done")

    await tap_into("d-date", "2026-09-20")
    assert await pilot.click("#d-time-unknown")
    await click(pilot, "#d-next")
    await tap_into("d-where", "bus stop")
    await tap_into("d-what", "he waited")
    await click(pilot, "#d-next")
    assert await pilot.click("#d-behaviour-following")
    await click(pilot, "#d-next")
    assert await pilot.click("#d-identity-unknown")
    for _ in range(4):  # who; then witnesses, evidence, police: none
        await click(pilot, "#d-next")
    await tap_into("d-effect", "scared")
    await click(pilot, "#d-next")
    await click(pilot, "#d-next")  # links and source
