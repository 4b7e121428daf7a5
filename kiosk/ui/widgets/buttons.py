"""Textual's Button, made with the look's classes it would otherwise add one at a time.

A Button adds a class for its variant as it is made (``-primary``) and one for its style as it
is mounted (``-style-default``); each addition styles the button again, the first while it is
not yet on any screen. Given to it at once, they are there when it is first styled, and it is
styled once: the welcome screen's buttons were styled three times before its first frame
(issue 8, cold start). What it looks like and does is Textual's own.
"""

from __future__ import annotations

from textual.widgets import Button
from textual.widgets.button import ButtonVariant


def styled_button(
    label: str,
    *,
    id: str,
    variant: ButtonVariant = "default",
    classes: str = "",
    compact: bool = False,
) -> Button:
    # Button.watch_flat adds "-style-default" when it is mounted (``flat`` is False);
    # Button.watch_variant adds "-<variant>" when the variant is not the default one.
    look = ["-style-default"] if variant == "default" else ["-style-default", f"-{variant}"]
    return Button(
        label,
        id=id,
        variant=variant,
        classes=" ".join([*classes.split(), *look]),
        compact=compact,
    )
