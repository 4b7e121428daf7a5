"""The kiosk App: its posture (what a visitor can and cannot do), declared in one place.

``make_app(config, services, clock)`` is the only way to build it, for the command line and the
tests alike. Nothing happens at import time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from kiosk.config import Config
from kiosk.screens.backdrop import BackdropScreen
from kiosk.screens.welcome import WelcomeScreen
from kiosk.services import Services

Clock = Callable[[], float]


class KioskApp(App[None], inherit_bindings=False):
    """No inherited bindings (no ctrl+q, no ctrl+c hint), no palette, no selection, no clipboard."""

    CSS_PATH = Path(__file__).with_name("kiosk.tcss")
    ENABLE_COMMAND_PALETTE = False
    ALLOW_SELECT = False
    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f12", "quick_exit", "Exit", show=False, priority=True, id="quick_exit"),
    ]

    def __init__(self, config: Config, services: Services, clock: Clock) -> None:
        super().__init__()
        self.config = config
        self.services = services
        self.clock = clock
        self.title = config.quick_exit.neutral_title

    def get_default_screen(self) -> Screen[None]:
        # The base of the stack never holds anything sensitive, so popping down to it is safe.
        return BackdropScreen(self.config.quick_exit.neutral_text, id="_default")

    def on_mount(self) -> None:
        self.set_keymap({"quick_exit": ",".join(self.config.quick_exit.keys)})
        self.push_screen(WelcomeScreen())

    def copy_to_clipboard(self, text: str) -> None:
        """Nothing may ever reach the host clipboard (OSC 52), a PIN least of all."""

    def action_quick_exit(self) -> None:
        with self.batch_update():
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.push_screen(WelcomeScreen())


def make_app(config: Config, services: Services, clock: Clock = time.time) -> KioskApp:
    return KioskApp(config, services, clock)
