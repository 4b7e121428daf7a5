"""The kiosk's one stylesheet (kiosk.tcss), read in two parts so the first frame comes sooner.

Parsing all of it took about a sixth of a session's start to its first frame. The rules the
welcome screen, the neutral screen and the frame around them use come first in the file; a
marked line divides them from the rules of every later screen. The first part is parsed before
the first frame, the rest straight after it, in the same order, so every rule keeps its place
and the stylesheet is the same as if it had been read at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App

STYLESHEET = Path(__file__).with_name("kiosk.tcss")
# The line that begins the rules of the later screens (and the part parsed after the frame).
LATER_SCREENS = "/* == Later screens"


def parts(text: str) -> tuple[str, str]:
    """``text`` cut at the later screens' line: the rules for the first frame, and the rest."""
    first, mark, later = text.partition(LATER_SCREENS)
    return first, mark + later


def add_first_part(app: App[Any]) -> str:
    """Give ``app`` the stylesheet's first part; returns the rest, for ``add_later_part``."""
    first, later = parts(STYLESHEET.read_text(encoding="utf-8"))
    app.stylesheet.add_source(first, read_from=(str(STYLESHEET), "first frame"))
    return later


def read_whole_for_developers(app: App[Any]) -> None:
    """Textual's developer mode (scripts/dev_app.py) re-reads the whole file when it changes:
    it gets the whole file as its CSS path instead of the two parts."""
    app.stylesheet.source.pop((str(STYLESHEET), "first frame"), None)
    app.css_path = [STYLESHEET]


def add_later_part(app: App[Any], later: str) -> None:
    """Parse the later screens' rules now (the first frame is drawn): a screen pushed later
    is styled without waiting for them. Every node on show is styled again, as Textual does
    when its stylesheet changes; that changes nothing on show (tests/ui/test_stylesheet_split.py
    checks)."""
    if (str(STYLESHEET), "first frame") not in app.stylesheet.source:
        return  # read whole (read_whole_for_developers)
    app.stylesheet.add_source(later, read_from=(str(STYLESHEET), "later screens"))
    app.stylesheet.parse()
    app.stylesheet.update(app)
    for screen in app.screen_stack:
        app.stylesheet.update(screen)
