"""The welcome screen's buttons: Textual's Button, lighter to start and styled once.

Two costs before the welcome screen's first frame came from Textual's Button itself:

- Its stylesheet (DEFAULT_CSS) has 57 rules for every variant, flat style and ANSI colour
  mode; parsing it took a tenth of the screen's start, and every button was matched against
  all of them. ``Button`` here keeps the rules of the two variants the welcome screen uses,
  word for word, and inherits no other (``inherit_css=False``; its name stays "Button", so the
  kiosk's stylesheet and every selector find it as they find Textual's).

Styled once before the first frame, like every widget: the classes a Button adds as it is made
cost no restyle before it is mounted (``KioskApp.update_styles``).

What it looks like and does is Textual's own (the welcome snapshots are unchanged); the
screens behind the welcome screen use Textual's Button as it is.
"""

from __future__ import annotations

from textual import widgets


class Button(widgets.Button, inherit_css=False):
    # Textual 8.2's Button.DEFAULT_CSS for the default style (not flat, not ANSI), the default
    # and primary variants only, with Widget's own rule (which inherit_css=False also drops).
    DEFAULT_CSS = """
    Button {
        scrollbar-background: $scrollbar-background;
        scrollbar-background-hover: $scrollbar-background-hover;
        scrollbar-background-active: $scrollbar-background-active;
        scrollbar-color: $scrollbar;
        scrollbar-color-active: $scrollbar-active;
        scrollbar-color-hover: $scrollbar-hover;
        scrollbar-corner-color: $scrollbar-corner-color;
        scrollbar-size-vertical: 2;
        scrollbar-size-horizontal: 1;
        link-background: $link-background;
        link-color: $link-color;
        link-style: $link-style;
        link-background-hover: $link-background-hover;
        link-color-hover: $link-color-hover;
        link-style-hover: $link-style-hover;
        background: transparent;

        width: auto;
        min-width: 16;
        height:auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;

        &.-style-default {
            text-style: bold;
            color: $button-foreground;
            background: $surface;
            border: none;
            border-top: tall $surface-lighten-1;
            border-bottom: tall $surface-darken-1;

            &.-textual-compact {
                border: none !important;
            }

            &:disabled {
                text-opacity: 0.6;
                pointer: not-allowed;
            }

            &:focus {
                text-style: $button-focus-text-style;
                background-tint: $foreground 5%;
            }
            &:hover {
                border-top: tall $surface;
                background: $surface-darken-1;
            }

            &.-active {
                background: $surface;
                border-bottom: tall $surface-lighten-1;
                border-top: tall $surface-darken-1;
                tint: $background 30%;
            }

            &.-primary {
                color: $button-color-foreground;
                background: $primary;
                border-top: tall $primary-lighten-3;
                border-bottom: tall $primary-darken-3;

                &:hover {
                    background: $primary-darken-2;
                    border-top: tall $primary;
                }

                &.-active {
                    background: $primary;
                    border-bottom: tall $primary-lighten-3;
                    border-top: tall $primary-darken-3;
                }
            }
        }
    }
    """
