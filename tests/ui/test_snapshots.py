"""A picture of every screen at 80x24 and at 120x40, compared with the reviewed snapshots in
tests/ui/__snapshots__/. After a deliberate change: review snapshot_report.html, then run
`pytest tests/ui/test_snapshots.py --snapshot-update`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import Kiosk
from tests.ui.journeys import JOURNEYS
from tests.ui.save_place_fixtures import sticks  # noqa: F401 (a fixture)

FIXED_RECOVERY_CODE = "7K3M-Q9TD-2WXH-J4RB-8NCE"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("journey", list(JOURNEYS))
@pytest.mark.usefixtures("sticks")  # the machine's own USB sticks stay out of the pictures
def test_screen(
    kiosk: Kiosk,
    journey: str,
    size: tuple[int, int],
    snap_compare: Callable[..., bool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A new recovery code is random; a fixed one keeps the picture stable.
    monkeypatch.setattr("kiosk.vault.gatekeeper.gate.generate_code", lambda: FIXED_RECOVERY_CODE)

    async def run_before(pilot: Pilot[None]) -> None:
        await JOURNEYS[journey](pilot, kiosk.recovery_code)
        # A clicked button stays highlighted for 0.2 s; let that pass so pictures are stable.
        await pilot.pause(0.3)

    assert snap_compare(kiosk.app(), terminal_size=size, run_before=run_before)
