"""The kiosk's two looks: Textual's default, and high contrast for visitors who need it.

A theme sets the stylesheet's variables (kiosk/ui/kiosk.tcss), never rules of its own: every
screen takes the same shapes in both. High contrast is white and yellow on black, every pair
of text and background at least 7:1 (WCAG 2.2 AAA, 1.4.6), which
tests/ui/test_high_contrast.py measures on every screen as drawn.
"""

from __future__ import annotations

from textual.theme import Theme

DEFAULT_THEME = "textual-dark"
HIGH_CONTRAST = "harbour-high-contrast"

BLACK = "#000000"
WHITE = "#FFFFFF"
YELLOW = "#FFFF00"
# Non-text parts (borders, scrollbars) need 3:1 against black (WCAG 1.4.11): this grey has
# 5.3:1, and is dim beside the yellow that marks the focused control.
GREY = "#808080"
# Panels (the top row, the frame around a text to read): light grey, so a frame stands out
# from the black 7.2:1 (WCAG 1.4.11 asks 3:1) and still differs from the yellow frame of the
# focused one; text on a panel is black (7.2:1).
PANEL_GREY = "#969696"

HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary=YELLOW,
    secondary=YELLOW,
    accent=YELLOW,
    warning=YELLOW,
    # The Exit control is drawn in $error: yellow, not red (quick-exit.md §1), black on it.
    error=YELLOW,
    success=YELLOW,
    foreground=WHITE,
    background=BLACK,
    surface=BLACK,
    panel=PANEL_GREY,
    boost=BLACK,
    dark=True,
    variables={
        # Text is white or black, never dimmed: "auto" picks whichever stands out on the
        # background it is drawn on.
        "text": "auto 100%",
        "text-muted": "auto 100%",
        "text-disabled": "auto 100%",
        "foreground-muted": WHITE,
        "text-primary": YELLOW,
        "text-warning": YELLOW,
        "text-error": YELLOW,
        "button-foreground": "auto 100%",  # white on black, black on a yellow key
        "button-color-foreground": BLACK,
        # Buttons: a white line above each, white words on black; focused, reversed to black
        # on white. Under the pointer a button stays black (its words stay readable).
        "surface-lighten-1": WHITE,
        "surface-darken-1": BLACK,
        # A yellow button is all yellow: its shading lines would be yellow on yellow.
        "primary-darken-2": YELLOW,
        "primary-lighten-3": YELLOW,
        "primary-darken-3": YELLOW,
        "success-lighten-2": YELLOW,
        "success-darken-2": YELLOW,
        "success-darken-3": YELLOW,
        "warning-lighten-2": YELLOW,
        "warning-darken-2": YELLOW,
        "warning-darken-3": YELLOW,
        "error-lighten-2": YELLOW,
        "error-darken-2": YELLOW,
        "error-darken-3": YELLOW,
        "border": YELLOW,
        "border-blurred": GREY,
        "block-cursor-foreground": BLACK,
        "block-cursor-background": YELLOW,
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": BLACK,
        "block-cursor-blurred-background": WHITE,
        "block-cursor-blurred-text-style": "none",
        "block-hover-background": BLACK,
        "input-cursor-background": YELLOW,
        "input-cursor-foreground": BLACK,
        "input-selection-background": YELLOW,
        "input-selection-foreground": BLACK,
        "scrollbar": GREY,
        "scrollbar-hover": YELLOW,
        "scrollbar-active": YELLOW,
        "scrollbar-background": BLACK,
        "scrollbar-background-hover": BLACK,
        "scrollbar-background-active": BLACK,
        "scrollbar-corner-color": BLACK,
        "link-color": YELLOW,
        "link-color-hover": BLACK,
        "link-background-hover": YELLOW,
        "footer-foreground": WHITE,
        "footer-background": BLACK,
    },
)
