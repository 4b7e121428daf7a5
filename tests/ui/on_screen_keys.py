"""Typing by pointing: text typed by clicking the on-screen keys, a key at a time, as someone
with only a mouse or a touch screen does (turning the full keyboard's pages as needed)."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import ContentSwitcher

from kiosk.ui.widgets.keyboard import (
    CAPITAL_KEYS,
    KEYS,
    PAGE_PREFIXES,
    SIGN_KEYS,
    FullKeyboard,
    key_id,
)


def _page_of(char: str) -> str:
    for page, keys in (("letters", KEYS), ("capitals", CAPITAL_KEYS), ("signs", SIGN_KEYS)):
        if char in keys:
            return page
    raise AssertionError(f"no on-screen key types {char!r}")


async def click_keys(pilot: Pilot[None], text: str) -> None:
    """Click the keys for ``text`` into the field the screen types into."""
    full = list(pilot.app.screen.query(FullKeyboard))
    for char in text:
        page = _page_of(char) if full else "letters"
        if full:
            switcher = full[0].query_one(ContentSwitcher)
            if switcher.current != f"keys-{page}":
                await pilot.click(f"#page-{page}")
        assert await pilot.click(f"#{key_id(char, PAGE_PREFIXES[page])}"), char
