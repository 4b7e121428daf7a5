"""How the screen looks for this visit: high contrast, larger text, or neither.

Chosen on the welcome screen (kiosk/ui/widgets/display_options.py), applied to the whole
visit at once, and undone as it ends: a quick exit shows the neutral screen in the default
look, and the next session starts in it (each visit is its own process, which starts with
neither). docs/ACCESSIBILITY.md says what each does on each terminal.
"""

from __future__ import annotations

import contextlib
import os
import sys
import weakref
from typing import TYPE_CHECKING, Any

from textual.app import App

from kiosk.ui.themes import DEFAULT_THEME, HIGH_CONTRAST, HIGH_CONTRAST_THEME

if TYPE_CHECKING:
    from kiosk.session.console_font import ConsoleFont

# On the App: the stylesheet's larger-text rules (kiosk/ui/kiosk.tcss) apply under it.
LARGER_TEXT = "-larger-text"

# The console's own font, kept while the doubled one is on, per App (tests run many at once).
_saved_fonts: weakref.WeakKeyDictionary[App[Any], ConsoleFont] = weakref.WeakKeyDictionary()


def high_contrast(app: App[Any]) -> bool:
    return app.theme == HIGH_CONTRAST


def larger_text(app: App[Any]) -> bool:
    return app.has_class(LARGER_TEXT)


def set_high_contrast(app: App[Any], on: bool) -> None:
    if on and HIGH_CONTRAST not in app.available_themes:
        app.register_theme(HIGH_CONTRAST_THEME)
    wanted = HIGH_CONTRAST if on else DEFAULT_THEME
    if app.theme != wanted:
        app.theme = wanted


def set_larger_text(app: App[Any], on: bool) -> None:
    app.set_class(on, LARGER_TEXT)
    if on:
        _double_console_font(app)
    else:
        restore_console_font(app)


def reset_display(app: App[Any]) -> None:
    """Back to the default look (a quick exit, the end of a visit)."""
    if larger_text(app) or app in _saved_fonts:
        set_larger_text(app, False)
    if high_contrast(app):
        set_high_contrast(app, False)


def _console_fd(app: App[Any]) -> int | None:
    """The kiosk's own terminal, when it is one; never in a headless (test) run."""
    if app.is_headless or sys.__stdin__ is None:
        return None
    with contextlib.suppress(OSError, ValueError):
        return sys.__stdin__.fileno()
    return None


def _double_console_font(app: App[Any]) -> None:
    """On the Linux console, a font twice the size where 80x24 still fits; elsewhere nothing."""
    fd = _console_fd(app)
    if fd is None or app in _saved_fonts:
        return
    from kiosk.session import console_font  # loaded when asked for, not before the welcome

    font = console_font.read_font(fd)
    if font is None:
        return  # not the Linux console: the larger-text layout alone
    with contextlib.suppress(OSError):
        size = os.get_terminal_size(fd)
        doubled = font.doubled()
        fits = doubled is not None and console_font.fits_doubled(size.columns, size.lines)
        if fits and doubled is not None and console_font.set_font(fd, doubled):
            _saved_fonts[app] = font


def restore_console_font(app: App[Any]) -> None:
    font = _saved_fonts.pop(app, None)
    fd = _console_fd(app)
    if font is not None and fd is not None:
        from kiosk.session.console_font import set_font

        set_font(fd, font)
