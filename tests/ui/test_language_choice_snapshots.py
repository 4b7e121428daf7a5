"""The welcome screen with the language chooser, at 80x24, in English and after choosing a
(test-only, every message ``‹…›``) language: the chooser fits, and the screen redraws."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from tests.i18n.conftest import pseudo_languages  # noqa: F401
from tests.ui.conftest import Kiosk
from tests.ui.helpers import click_language, settle


def test_welcome_with_the_chooser(
    kiosk: Kiosk,
    pseudo_languages: Path,  # noqa: F811
    snap_compare: Callable[..., bool],
) -> None:
    assert snap_compare(kiosk.app(), terminal_size=(80, 24))


def test_welcome_after_choosing_polish(
    kiosk: Kiosk,
    pseudo_languages: Path,  # noqa: F811
    snap_compare: Callable[..., bool],
) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await click_language(pilot, "pl")
        await settle(pilot)
        await pilot.pause(0.3)  # a clicked button's highlight passes

    assert snap_compare(kiosk.app(), terminal_size=(80, 24), run_before=run_before)
