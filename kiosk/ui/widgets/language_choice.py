"""The language chooser on the welcome screen: each offered language named in itself.

Choosing one switches the whole session (this process) to it at once: every later screen,
message and printed sheet. The next session is a new process and starts in the centre's
configured language again (``KioskApp`` sets it). With one language offered, nothing is shown.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

from kiosk.i18n import language, language_name, use_language
from kiosk.ui.widgets.buttons import Button as WelcomeButton


def _button_id(tag: str) -> str:
    return f"language-{tag}"


class LanguageChoice(Horizontal):
    """A row of buttons, one per offered language; the language in use is highlighted."""

    DEFAULT_CSS = """
    LanguageChoice {
        width: 100%;
        height: auto;
        align-horizontal: center;
        margin-top: 1;
    }
    LanguageChoice Button {
        width: auto;
        min-width: 10;
        margin: 0 1;
    }
    /* The language in use is marked by more than its colour (WCAG 1.4.1). */
    LanguageChoice Button.current {
        text-style: bold underline;
    }
    """

    class Chosen(Message):
        """The session now speaks ``tag``: the screen showing the chooser redraws in it."""

        def __init__(self, tag: str) -> None:
            super().__init__()
            self.tag = tag

    def __init__(self, offered: tuple[str, ...]) -> None:
        super().__init__(id="language-choice")
        self._offered = offered
        self.display = len(offered) > 1

    def compose(self) -> ComposeResult:
        if len(self._offered) < 2:
            return
        current = language()
        for tag in self._offered:
            yield WelcomeButton(
                language_name(tag),
                id=_button_id(tag),
                variant="primary" if tag == current else "default",
                compact=True,
                classes="current" if tag == current else "",
            )

    def focus_current(self) -> None:
        """Keyboard focus on the language in use (after a choice, where the visitor was)."""
        for button in self.query(Button):
            if button.id == _button_id(language()):
                button.focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        tag = next(t for t in self._offered if _button_id(t) == event.button.id)
        use_language(tag)
        self.post_message(self.Chosen(tag))
