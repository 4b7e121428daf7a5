"""A visitor's whole visit in each shipped language: unlock, a diary entry, the safety-plan
wizard to a saved plan, and the plan on paper, by keyboard alone or by mouse alone.

Controls are found by their ids; words on screen are looked up in the real catalogue of the
language (gettext, the shipped ``.mo``), never written here in English, so the steps walk the
translated screens. Every screen passed is kept as text (``Visit.screens``) for the checks that
no English is left on it and that no control is cut off."""

from __future__ import annotations

import gettext
import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from functools import cache

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button
from textual.widgets._toggle_button import ToggleButton

from kiosk.i18n import DOMAIN, LOCALE_DIR, use_language
from kiosk.ui.app import KioskApp
from tests.ui.conftest import NAME, PIN
from tests.ui.diary_form_steps import click, press_button, tab_to
from tests.ui.diary_read_fixtures import screen_text
from tests.ui.helpers import click_language, describe, settle, tab_to_language, type_text, until
from tests.ui.on_screen_keys import click_key, click_pad
from tests.ui.test_mouse_only import tap_digits, tap_letters

SHIPPED = ("en", "pl", "es", "cy", "ar", "ur")
DIARY_WHERE = "bus stop"
DIARY_WHAT = "he waited"
DIARY_EFFECT = "scared"


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """The language stays chosen in this process after the app has gone: the next test in the
    worker speaks English again, as the next session (a new process) would."""
    yield
    use_language("en")


@cache
def catalogue(lang: str) -> gettext.GNUTranslations:
    """The shipped catalogue of ``lang``, read as the kiosk reads it."""
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def tr(lang: str, message: str) -> str:
    """``message`` as the visitor reads it in ``lang``."""
    return catalogue(lang).gettext(message)


@cache
def english_left_behind(lang: str) -> frozenset[str]:
    """English messages that ``lang`` translates differently: seeing one of these on a screen
    in ``lang`` is English left behind. Messages with fields are filled in before they are
    shown: they are matched as patterns (``english_with_fields``); very short ones ("OK") may
    be the word in both."""
    translations = catalogue(lang)._catalog  # type: ignore[attr-defined]
    found = set()
    for key, translated in translations.items():
        if isinstance(key, tuple) or not key or "{" in key or len(key) < 4:
            continue
        if translated != key:
            found.add(key)
    return frozenset(found)


_FIELD = re.compile(r"\{[a-z_]+\}")


@cache
def english_with_fields(lang: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """English messages with fields ("Press {key}, or …") that ``lang`` translates, each with
    a pattern that finds it filled in: long enough between the fields (24 characters) not to
    be met by chance."""
    translations = catalogue(lang)._catalog  # type: ignore[attr-defined]
    found = []
    for key, translated in translations.items():
        if isinstance(key, tuple) or not key or "{" not in key or translated == key:
            continue
        fixed = _FIELD.split(key)
        if len("".join(fixed)) < 24 or any("{" in part or "}" in part for part in fixed):
            continue
        words = [" ".join(part.split()) for part in fixed]
        found.append((key, re.compile(".{1,80}?".join(re.escape(part) for part in words))))
    return tuple(found)


_BOX = re.compile(r"[\u2500-\u259f\u2190-\u21ff▔▁▕▏▎▍▌▋▊▉█]+")


def _segments(text: str) -> list[str]:
    """Each piece of text a line shows: split at borders and runs of two spaces or more."""
    pieces = []
    for line in text.splitlines():
        for piece in re.split(r"\s{2,}", _BOX.sub("  ", line)):
            piece = piece.strip()
            if piece:
                pieces.append(piece)
    return pieces


def english_on(text: str, lang: str) -> list[str]:
    """English messages shown whole in ``text`` (a screen in ``lang``): on one line, or, for a
    sentence long enough to wrap, anywhere in the screen's words run together."""
    if lang == "en":
        return []
    left = english_left_behind(lang)
    found = [piece for piece in _segments(text) if piece in left]
    words = " ".join(" ".join(_segments(text)).split())
    found += [m for m in left if len(m) >= 24 and " " in m and m in words and m not in found]
    found += [m for m, pattern in english_with_fields(lang) if pattern.search(words)]
    return found


@dataclass
class Visit:
    """One visit's run: the language, and each screen passed, as text with its name."""

    lang: str
    screens: list[tuple[str, str]] = field(default_factory=list)
    cut_off: list[str] = field(default_factory=list)  # "Screen: 'words'"

    def look(self, app: KioskApp) -> None:
        """Keep what the screen shows now, and every label it cuts short."""
        text = screen_text(app)
        self.screens.append((type(app.screen).__name__, text))
        self.cut_off += [
            f"{type(app.screen).__name__}: {label!r}" for label in cut_off_labels(app, text)
        ]

    def english_left(self) -> dict[str, list[str]]:
        found = {name: english_on(text, self.lang) for name, text in self.screens}
        return {name: words for name, words in found.items() if words}


def _words(widget: Widget) -> str:
    """The words a button, box or label shows, as one line."""
    label = widget.label if isinstance(widget, Button | ToggleButton) else widget.render()
    return " ".join(str(label).split())


def cut_off_labels(app: KioskApp, text: str) -> list[str]:
    """The words of buttons, boxes and field labels a visitor cannot read whole: cut short on
    screen, or pushed out of sight where nothing scrolls them into view."""
    lines = text.splitlines()
    screen = app.screen
    visible = screen._compositor.visible_widgets
    cut = []
    for widget in screen.query("Button, ToggleButton, Label"):
        if not widget.display or not all(
            a.display for a in widget.ancestors if isinstance(a, Widget)
        ):
            continue
        words = _words(widget)
        if not words:
            continue
        if widget not in visible:
            if not _scrolls_into_view(widget):
                cut.append(words)
            continue
        geometry = screen.find_widget(widget)
        region, clip = geometry.region, geometry.clip
        if region.y < clip.y or region.bottom > clip.bottom:
            continue  # part scrolled out of sight: scrolling shows the rest
        if (region.x < clip.x or region.right > clip.right) and _scrolls_into_view(
            widget, across=True
        ):
            continue
        seen = region.intersection(clip)
        rows = lines[seen.y : seen.bottom]
        shown = " ".join(
            row[seen.x : seen.right] if cell_len(row) == len(row) else row for row in rows
        )
        if words not in " ".join(shown.split()):
            cut.append(words)
    return cut


def _scrolls_into_view(widget: Widget, *, across: bool = False) -> bool:
    """Something holding ``widget`` has a scroll bar (``across``: sideways), so the visitor can
    bring it into sight (a container that only clips, overflow hidden, does not count)."""
    return any(
        isinstance(holder, Widget)
        and (holder.allow_horizontal_scroll or (not across and holder.allow_vertical_scroll))
        for holder in widget.ancestors
    )


def _app(pilot: Pilot[None]) -> KioskApp:
    app = pilot.app
    assert isinstance(app, KioskApp)
    return app


def _on(pilot: Pilot[None], name: str) -> bool:
    return type(pilot.app.screen).__name__ == name


async def _until_on(pilot: Pilot[None], name: str) -> None:
    """On the screen ``name``, with what its workers fetched laid out (before it is looked at)."""
    await until(pilot, lambda: _on(pilot, name))
    await settle(pilot)


async def _diary_shown(pilot: Pilot[None]) -> None:
    """The diary's list, once its entries are in and laid out (its buttons follow them)."""
    await _until_on(pilot, "DiaryScreen")
    await until(pilot, lambda: bool(getattr(pilot.app.screen, "_loaded", False)))
    await settle(pilot)  # the buttons shown for the entries found, laid out


def _speaks(app: KioskApp, lang: str) -> None:
    """The welcome screen redrew in the language chosen."""
    shown = str(app.screen.query_one("#open-vault", Button).label)
    assert shown == tr(lang, "Open my vault"), describe(app)


# -- by keyboard alone -------------------------------------------------------------------------


async def _enter_on(pilot: Pilot[None], widget_id: str) -> None:
    await tab_to(pilot, widget_id)
    await press_button(pilot)


async def _click_on(pilot: Pilot[None], widget_id: str) -> None:
    await click(pilot, f"#{widget_id}")


Steps = Callable[[Pilot[None], "Visit"], Awaitable[None]]


async def _diary_entry_then_plan(
    pilot: Pilot[None],
    visit: Visit,
    activate: Callable[[Pilot[None], str], Awaitable[None]],
    diary_entry: Steps,
    wizard: Steps,
) -> None:
    """From her vault's home: a diary entry saved, then the safety plan through every section
    to the end, saved, and on to its print screen; each control reached by ``activate`` (by
    keys or by a click)."""
    app = _app(pilot)
    await _until_on(pilot, "VaultHomeScreen")
    visit.look(app)
    await activate(pilot, "diary")
    await _diary_shown(pilot)
    visit.look(app)
    await activate(pilot, "diary-new")
    await _until_on(pilot, "EntryFormScreen")
    await diary_entry(pilot, visit)
    await _diary_shown(pilot)
    visit.look(app)
    await activate(pilot, "diary-back")
    await _until_on(pilot, "VaultHomeScreen")
    await activate(pilot, "plan")
    await _until_on(pilot, "PlanScreen")
    visit.look(app)
    await activate(pilot, "plan-start")
    await _until_on(pilot, "PlanWizardScreen")
    await wizard(pilot, visit)
    await _until_on(pilot, "PlanScreen")
    visit.look(app)
    await activate(pilot, "plan-print")
    await _until_on(pilot, "PrintPlanScreen")


async def keyboard_visit(pilot: Pilot[None], visit: Visit) -> None:
    """The whole visit by key presses alone (Tab, Shift+Tab, Enter, Space, arrows, typing)."""
    app = _app(pilot)
    lang = visit.lang
    # The welcome screen: her language on the chooser, then "Open my vault".
    await tab_to_language(pilot, lang)
    await pilot.press("enter")
    await settle(pilot)
    _speaks(app, lang)
    visit.look(app)
    await _enter_on(pilot, "open-vault")
    await _until_on(pilot, "UnlockScreen")
    await type_text(pilot, NAME)
    await pilot.press("tab")
    await type_text(pilot, PIN)
    visit.look(app)
    await pilot.press("enter")
    await settle(pilot)
    await until(pilot, lambda: not _on(pilot, "UnlockScreen"))
    if _on(pilot, "QuickExitIntroScreen"):
        visit.look(app)
        await pilot.press("enter")
    await _diary_entry_then_plan(pilot, visit, _enter_on, keyboard_diary_entry, keyboard_wizard)
    # The plan on paper.
    await tab_to(pilot, "section-0")
    await pilot.press("space")
    visit.look(app)
    await _enter_on(pilot, "print-plan-button")
    await settle(pilot, limit=60.0)
    visit.look(app)


async def keyboard_diary_entry(pilot: Pilot[None], visit: Visit) -> None:
    app = _app(pilot)
    visit.look(app)
    assert app.focused is not None and app.focused.id == "d-date", describe(app)
    await type_text(pilot, "2026-09-20")
    await _enter_on(pilot, "d-time-unknown")
    await _enter_on(pilot, "d-next")
    visit.look(app)  # where and what
    await type_text(pilot, DIARY_WHERE)
    await pilot.press("tab")
    await type_text(pilot, DIARY_WHAT)
    await _enter_on(pilot, "d-next")
    visit.look(app)  # behaviour: the first box
    await pilot.press("space")
    await _enter_on(pilot, "d-next")
    visit.look(app)  # who
    await _enter_on(pilot, "d-identity-unknown")
    for _ in range(4):  # who; witnesses, evidence, police: none
        await _enter_on(pilot, "d-next")
        visit.look(app)
    await type_text(pilot, DIARY_EFFECT)
    await _enter_on(pilot, "d-next")
    visit.look(app)  # links and source
    await _enter_on(pilot, "d-next")
    visit.look(app)  # the review: "Save this entry"
    await _enter_on(pilot, "d-next")
    await settle(pilot)


def _position(app: KioskApp) -> str:
    return app.screen._state.position  # type: ignore[attr-defined,no-any-return]


async def keyboard_wizard(pilot: Pilot[None], visit: Visit) -> None:
    app = _app(pilot)
    visit.look(app)  # before you start
    await _enter_on(pilot, "p-next")
    visit.look(app)  # where she is now: a choice by the arrow keys and Space
    await tab_to(pilot, "p-situation")
    await pilot.press("down", "space")
    await _enter_on(pilot, "p-next")
    # Is now a good time: the first box ticked, so that the plan has something to print.
    await tab_to(pilot, "p-0-0")
    await pilot.press("space")
    for _ in range(30):
        visit.look(app)
        if _position(app) == "finish":
            break
        await _enter_on(pilot, "p-next")
    assert _position(app) == "finish", describe(app)
    await _enter_on(pilot, "p-next")  # "Save my plan"
    await settle(pilot)


# -- by mouse alone ----------------------------------------------------------------------------


async def mouse_visit(pilot: Pilot[None], visit: Visit) -> None:
    """The whole visit by clicks alone: the letter keys and the number pad for typing."""
    app = _app(pilot)
    lang = visit.lang
    await click_language(pilot, lang)
    await settle(pilot)
    _speaks(app, lang)
    visit.look(app)
    await click(pilot, "#open-vault")
    await _until_on(pilot, "UnlockScreen")
    await tap_letters(pilot, NAME)
    assert await click_key(pilot, "done")  # on to the PIN: the number pad comes up
    await tap_digits(pilot, PIN)
    visit.look(app)
    assert await click_pad(pilot, "done")
    await settle(pilot)
    await until(pilot, lambda: not _on(pilot, "UnlockScreen"))
    if _on(pilot, "QuickExitIntroScreen"):
        visit.look(app)
        await click(pilot, "#understood")
    await _diary_entry_then_plan(pilot, visit, _click_on, mouse_diary_entry, mouse_wizard)
    await click(pilot, "#section-0")
    visit.look(app)
    await click(pilot, "#save-plan")
    await settle(pilot, limit=60.0)
    visit.look(app)


async def mouse_diary_entry(pilot: Pilot[None], visit: Visit) -> None:
    app = _app(pilot)

    async def tap_into(field_id: str, text: str) -> None:
        assert await pilot.click(f"#{field_id}")
        await click(pilot, "#d-keys")
        visit.look(app)
        await tap_letters(pilot, text)
        await click(pilot, "#tap-done")

    visit.look(app)
    await tap_into("d-date", "2026-09-20")
    await click(pilot, "#d-time-unknown")
    await click(pilot, "#d-next")
    visit.look(app)
    await tap_into("d-where", DIARY_WHERE)
    await tap_into("d-what", DIARY_WHAT)
    await click(pilot, "#d-next")
    visit.look(app)
    await click(pilot, "#d-behaviour-following")
    await click(pilot, "#d-next")
    visit.look(app)
    await click(pilot, "#d-identity-unknown")
    for _ in range(4):  # who; then witnesses, evidence, police: none
        await click(pilot, "#d-next")
        visit.look(app)
    await tap_into("d-effect", DIARY_EFFECT)
    await click(pilot, "#d-next")
    visit.look(app)
    await click(pilot, "#d-next")  # links and source
    visit.look(app)
    await click(pilot, "#d-next")  # "Save this entry"
    await settle(pilot)


async def mouse_wizard(pilot: Pilot[None], visit: Visit) -> None:
    app = _app(pilot)
    visit.look(app)
    await click(pilot, "#p-next")
    visit.look(app)
    await click(pilot, "#p-situation RadioButton")
    await click(pilot, "#p-next")
    await click(pilot, "#p-0-0")  # so that the plan has something to print
    for _ in range(30):
        visit.look(app)
        if _position(app) == "finish":
            break
        await click(pilot, "#p-next")
    assert _position(app) == "finish", describe(app)
    await click(pilot, "#p-next")  # "Save my plan"
    await settle(pilot)
