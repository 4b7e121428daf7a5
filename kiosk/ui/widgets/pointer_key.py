"""A key of an on-screen pad or keyboard: a button for pointing and touching only."""

from __future__ import annotations

from textual.widgets import Button


def pointer_key(label: str, id: str, *, compact: bool = False) -> Button:
    button = Button(label, id=id, compact=compact)
    # Keyboard users type; Tab must not wander through dozens of on-screen keys.
    button.can_focus = False
    # No 0.2 s press effect: Button ignores clicks during it, so a quick "00" lost a digit.
    button.active_effect_duration = 0
    return button
