"""A crash in a real terminal: no traceback, no locals, no PIN; the vault is closed."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from tests.e2e.harness import PIN, UNLOCK, VAULT_NAME, WELCOME, Site, TmuxSession

# The real session entry point, with one screen handler made to fail while a PIN sits in its
# local variables: what Textual would print by default (a traceback with locals) must not
# appear, and the process must end with the CRASHED code for the supervisor.
CRASHING_SESSION = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from kiosk.config import load_config
    from kiosk.__main__ import run_visit
    from kiosk.ui.screens.vault.unlock import UnlockScreen

    def failing_set_busy(self, busy):
        # Called from the submit handler, whose frame holds the name and PIN as locals.
        pin_in_a_local = self.query_one("#pin").value
        raise RuntimeError("injected failure " + str(len(pin_in_a_local)))

    assert hasattr(UnlockScreen, "set_busy"), "the crash hook no longer matches the screen"
    UnlockScreen.set_busy = failing_set_busy
    config = load_config(Path(sys.argv[1]), data_dir=Path(sys.argv[2]))
    sys.exit(run_visit(config))
    """
)


def test_a_crash_shows_no_traceback_and_no_pin(
    site: Site, tmux: Callable[..., TmuxSession], tmp_path: Path
) -> None:
    script = tmp_path / "crashing_session.py"
    script.write_text(CRASHING_SESSION)
    root = str(Path(__file__).resolve().parents[2])
    term = tmux(
        [
            "env",
            f"PYTHONPATH={root}",
            sys.executable,
            str(script),
            str(site.config),
            str(site.data),
        ],
        report_exit=True,
    )
    term.wait_for(WELCOME)
    term.send_keys("Enter")
    term.wait_for(UNLOCK)
    term.type(VAULT_NAME)
    term.send_keys("Tab")
    term.type(PIN)
    term.send_keys("Enter")
    assert term.wait_for_exit() == 70
    history = term.history()
    for leak in ("Traceback", "injected failure", "pin_in_a_local", PIN, VAULT_NAME):
        assert leak not in history, f"{leak!r} reached the terminal"
