"""A test-only catalogue for Welsh (``cy``), built in tmp_path from the shipped English one.

Welsh is chosen for its many CLDR plural forms (zero, one, two, few, many, other): a plural
picked by hand-made rules ("s" if n != 1) would be visibly wrong in it. Nothing of it ships.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import kiosk.i18n
from kiosk.i18n import DOMAIN, LOCALE_DIR, use_language
from tests.i18n.catalogues import pseudo_catalogue, read

# The Welsh date pattern a translator might choose: month names spelt out, in Welsh.
WELSH_NOTE_TIME = "d MMMM y, HH:mm"


@pytest.fixture
def welsh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder holding a ``cy`` catalogue, searched after the shipped one while the test runs."""
    folder = tmp_path / "catalogues"
    english = read(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", locale="en")
    pseudo_catalogue(folder, "cy", english, **{"yyyy-MM-dd HH:mm": WELSH_NOTE_TIME})
    monkeypatch.setattr(kiosk.i18n, "CATALOGUE_FOLDERS", [LOCALE_DIR, folder])
    yield folder
    use_language("en")
