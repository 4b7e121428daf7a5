"""The ``kiosk`` command, and ``python -m kiosk``: the composition root.

The only module that joins the layers: the operator's command line (``kiosk.operator``)
never imports the UI, so the one command that runs the App, ``kiosk session``, is handed a
way to start it from here.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.config import Config


def run_visit(config: Config) -> int:
    """One visitor session in this process (``kiosk session``); it never returns."""
    from kiosk.session.launch import prepare_session

    # Textual reads its developer switches from the environment when it is imported, so the
    # environment is cleaned first and Textual imported only after.
    start = prepare_session()
    from kiosk.ui.visit import run_session

    return run_session(config, start)


def main(argv: Sequence[str] | None = None) -> int:
    from kiosk.operator.cli import main as command

    return command(argv, run_visit=run_visit)


if __name__ == "__main__":
    sys.exit(main())
