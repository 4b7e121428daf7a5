"""``kiosk gatekeeper serve``: the gatekeeper service (kiosk.gatekeeper_service), run by its
systemd unit as its own user; ``--socket PATH`` where no socket unit passes one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from kiosk.config import Config
from kiosk.operator.errors import EXIT_USAGE, CommandError


def run_gatekeeper(args: argparse.Namespace, config: Config, log: TextIO) -> int:
    from kiosk.gatekeeper_service.listening import ListeningError
    from kiosk.gatekeeper_service.main import serve

    socket_path = Path(args.socket).absolute() if args.socket else None
    try:
        return serve(config, socket_path, log)
    except ListeningError as error:
        raise CommandError(str(error), EXIT_USAGE) from None
