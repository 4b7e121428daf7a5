"""WCAG 2.2's contrast (1.4.6 AAA, 1.4.11), measured on a screen as Textual draws it: every
run of text against the colour behind it."""

from __future__ import annotations

from rich.color import Color as RichColor
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from kiosk.ui.app import KioskApp

AAA = 7.0
# Borders, blocks, a select's arrow, a scrollbar: graphical objects, 3:1 (WCAG 1.4.11).
NON_TEXT = 3.0
# A glyph drawn in (nearly) its background's colour is not shown: an empty tick box's mark, a
# button's shading lines under a focus tint of 5% (1.07:1), a yellow button's on its yellow.
HIDDEN = 1.1


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2.2's relative luminance of an sRGB colour."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rgb(color: RichColor | None) -> tuple[int, int, int] | None:
    if color is None:
        return None
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def _is_symbol(char: str) -> bool:
    """Box drawing, blocks and geometric shapes (U+2500 to U+25FF): not words to read."""
    return 0x2500 <= ord(char) <= 0x25FF


def _least_contrast(text: str) -> float:
    """What the run must reach: 7:1 if it holds a letter, digit or sign, else 3:1."""
    shown = [char for char in text if not char.isspace()]
    if not shown:
        return 0.0
    return AAA if any(not _is_symbol(char) for char in shown) else NON_TEXT


def _exempt(widget: Widget, screen: Screen[object]) -> bool:
    """What WCAG exempts as inactive: a control that cannot be used (a form's buttons while it
    works), and the screen beneath a dialog (dimmed on purpose; the dialog alone is in use)."""
    if widget is screen and isinstance(screen, ModalScreen):
        return True
    return any(isinstance(node, Widget) and node.disabled for node in widget.ancestors_with_self)


def low_contrast(app: KioskApp) -> list[str]:
    """Each run of text on screen below 7:1, with where it is and what it says."""
    screen = app.screen
    problems: list[str] = []
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for segment in strip:
            text, style = segment.text, segment.style
            width = len(text)
            least = _least_contrast(text)
            if style is not None and least:
                fore, back = _rgb(style.color), _rgb(style.bgcolor)
                if style.reverse:
                    fore, back = back, fore
                if fore is None or back is None:
                    problems.append(f"({x},{y}) {text.strip()!r}: terminal's own colours")
                elif contrast(fore, back) > HIDDEN:
                    widget, _ = screen.get_widget_at(x, y)
                    ratio = contrast(fore, back)
                    if ratio < least and not _exempt(widget, screen):
                        problems.append(
                            f"({x},{y}) {text.strip()!r}: {ratio:.2f}:1 {fore} on {back}"
                        )
            x += width
    return problems
