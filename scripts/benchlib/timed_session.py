"""One Harbour visitor session, as ``python -m kiosk session`` runs it, that also notes the app's
own time for a quick exit: from the moment Textual read F12 from the terminal (the key event's
timestamp, taken by the driver's input thread as it parsed the bytes) to the moment the first
frame showing the neutral screen was handed to the terminal driver.

That is the "app time" of issue 12's target (one 60 Hz frame): what the terminal then takes to
paint is the terminal's. The two times are written, as JSON, to the file named by
``HARBOUR_BENCH_FRAME_LOG``. The run itself is the real one: same entry point, same driver,
same screens; only two methods are wrapped to read the clock.

Run as ``python scripts/benchlib/timed_session.py session --config ... --data-dir ...``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOG = os.environ.pop("HARBOUR_BENCH_FRAME_LOG", "")
MODULES = os.environ.pop("HARBOUR_BENCH_MODULES", "")
"""With this set, the names of the modules loaded by the first frame are written there, one a
line, in the order they were loaded (for the cold start's import profile)."""
QUICK_EXIT_KEY = "f12"


def _install_clocks(log: Path | None, modules: Path | None) -> None:
    # Imported here, once the environment is as the session's own start leaves it.
    from textual import events
    from textual.app import App

    from kiosk.ui.app import KioskApp, NeutralScreen

    pressed: list[float] = []
    read_key = KioskApp._read_key
    display = App._display

    async def timed_read_key(self: KioskApp, event: events.Key | events.Paste) -> None:
        if isinstance(event, events.Key) and event.key == QUICK_EXIT_KEY and not pressed:
            pressed.append(event.time)  # textual._time.get_time: time.monotonic on Linux
        await read_key(self, event)

    def timed_display(self: App[object], screen: object, renderable: object) -> None:
        display(self, screen, renderable)  # type: ignore[arg-type]
        if modules is not None and renderable is not None and not modules.exists():
            modules.write_text("\n".join(list(sys.modules)) + "\n")
        if (
            log is not None
            and pressed
            and len(pressed) == 1
            and isinstance(screen, NeutralScreen)
            and renderable is not None
            and not self._batch_count
        ):
            pressed.append(time.monotonic())
            log.write_text(json.dumps({"key": pressed[0], "frame": pressed[1]}))

    KioskApp._read_key = timed_read_key  # type: ignore[method-assign]
    App._display = timed_display  # type: ignore[method-assign]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from kiosk.__main__ import main as kiosk_main
    from kiosk.session.launch import prepare_session

    original_prepare = prepare_session

    def prepare_and_time() -> object:
        start = original_prepare()
        if LOG or MODULES:
            _install_clocks(Path(LOG) if LOG else None, Path(MODULES) if MODULES else None)
        return start

    import kiosk.session.launch

    kiosk.session.launch.prepare_session = prepare_and_time  # type: ignore[assignment]
    return kiosk_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
