"""For developers only: the kiosk app on a throwaway data folder, for `textual run --dev`.

    .venv/bin/textual console                        # one terminal
    .venv/bin/textual run --dev scripts/dev_app.py   # another: edit kiosk/ui/kiosk.tcss live

The real kiosk (`kiosk`) never honours devtools; this file is not part of the package.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import msgspec

from kiosk.config import Config, KioskSection
from kiosk.services import build_services
from kiosk.ui.app import make_app
from kiosk.ui.stylesheet import read_whole_for_developers
from kiosk.vault.gatekeeper.gate import Gatekeeper

_folder = Path(tempfile.mkdtemp(prefix="harbour-dev-"))
_config = msgspec.structs.replace(Config(), kiosk=KioskSection(data_dir=str(_folder)))
Gatekeeper.initialise(_config.data_path(), _config.secret_path())
_services = build_services(_config)
_services.gatekeeper.provision("demo-vault", "583920", "583920")
app = make_app(_config, _services, time.time)
read_whole_for_developers(app)
