"""Small helpers for one-line messages about files an operator edits (no UI imports)."""

from __future__ import annotations

import unicodedata

_LINE_BREAKING = ("Cc", "Zl", "Zp")


def show(value: str) -> str:
    """A value quoted for a message, cut short so one bad value cannot flood the line."""
    shown = repr(value)
    return shown if len(shown) <= 42 else shown[:40] + "…"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def one_line(text: str) -> str:
    """Escape control and line-breaking characters so a message stays on one line."""
    if not any(unicodedata.category(char) in _LINE_BREAKING for char in text):
        return text
    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) in _LINE_BREAKING else char for char in text
    )
