"""The ``kiosk`` command, and ``python -m kiosk``: the composition root.

The only module that joins the layers: the operator's command line (``kiosk.operator``)
never imports the UI, so the one command that runs the App, ``kiosk session``, is handed a
way to start it from here.
"""

from __future__ import annotations

import gc
import os
import sys

# typing.TYPE_CHECKING, without importing typing (12 ms) before the first session starts.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Sequence

    from kiosk.config import Config


def run_visit(config: Config) -> int:
    """One visitor session in this process (``kiosk session``); it never returns."""
    from kiosk.session.launch import prepare_session

    # Textual reads its developer switches from the environment when it is imported, so the
    # environment is cleaned first and Textual imported only after.
    start = prepare_session()
    from kiosk.ui.visit import run_session

    return run_session(config, start)


def run_first_session(arguments: list[str]) -> int:
    """What the first session, forked from the kiosk command, runs: ``kiosk session`` in that
    child process (kiosk.session.first_session; the tests stand in for it here)."""
    return main(arguments)


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    first = None
    if words[:1] == ["session"]:
        # Until its first frame (kiosk.ui.app), a session's start makes objects that live on:
        # collecting over and over cost a tenth of its start. Nothing secret exists yet.
        gc.disable()
        from kiosk.session.environment import GO_FD

        if GO_FD in os.environ:
            # The kiosk's first session, started before the kiosk command checked the config
            # and helpline files: if they are wrong, the kiosk command says so, once, not this.
            sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
        from kiosk.session.launch import start_render_server

        # Before anything else is loaded here: the smaller this process, the cheaper the fork.
        start_render_server()
    else:
        from kiosk.session.first_session import start_first_session

        # The kiosk's first session starts now, before anything else is loaded here.
        first = start_first_session(words, run_first_session)
    try:
        # The first session loads meanwhile, in its own process; it may draw once this command
        # has checked the config and the helpline files (kiosk.operator.cli), or it is ended
        # unseen and one line says why.
        from kiosk.operator.cli import main as command

        return command(argv, run_visit=run_visit, first_session=first)
    finally:
        if first is not None:
            first.abandon()


if __name__ == "__main__":
    sys.exit(main())
