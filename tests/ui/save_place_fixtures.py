"""Removable roots of a test's own, so the USB sticks on the machine running the tests never
change what a screen offers (kiosk.printing.service.REMOVABLE_ROOTS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.printing import service


@pytest.fixture
def sticks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where sticks mount in this test: <sticks>/<label>, as /media/<user>/<label>."""
    root = tmp_path / "removable"
    (root / "visitor").mkdir(parents=True)
    monkeypatch.setattr(service, "REMOVABLE_ROOTS", ((root, 2),))
    return root / "visitor"
