"""The yardstick for the pseudo-terminal benchmarks: the smallest Textual app that does what the
kiosk does at the two moments measured. It shows one line of text, and on F12 (a priority
binding, like the kiosk's) pushes a screen with one word, then exits after that frame, as a
kiosk session does after its quick exit.

With ``HARBOUR_BENCH_FRAME_LOG`` set it notes its app time for that quick exit as
``timed_session.py`` notes the kiosk's: from the F12 key event's timestamp (taken as Textual's
driver parsed the key) to the first frame of the neutral screen handed to the driver.

With ``HARBOUR_BENCH_MODULES`` set it writes there the modules loaded by its first frame.

Run as ``python scripts/benchlib/bare_app.py``; it imports nothing from Harbour.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import ClassVar

from rich.console import RenderableType
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

READY_TEXT = "Bare app ready"
NEUTRAL_TEXT = "Neutral"
LOG = os.environ.pop("HARBOUR_BENCH_FRAME_LOG", "")
MODULES = os.environ.pop("HARBOUR_BENCH_MODULES", "")


class NeutralScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static(NEUTRAL_TEXT, markup=False)


class BareApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f12", "quick_exit", "Exit", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._times: list[float] = []

    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT, markup=False)

    def action_quick_exit(self) -> None:
        self.push_screen(NeutralScreen())
        self.call_after_refresh(self.exit)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and event.key == "f12" and not self._times:
            self._times.append(event.time)
        await super().on_event(event)

    def _display(self, screen: Screen[object], renderable: RenderableType | None) -> None:
        super()._display(screen, renderable)
        if MODULES and renderable is not None and not Path(MODULES).exists():
            Path(MODULES).write_text("\n".join(list(sys.modules)) + "\n")
        if (
            LOG
            and len(self._times) == 1
            and isinstance(screen, NeutralScreen)
            and renderable is not None
            and not self._batch_count
        ):
            self._times.append(time.monotonic())
            Path(LOG).write_text(json.dumps({"key": self._times[0], "frame": self._times[1]}))


if __name__ == "__main__":
    BareApp().run()
