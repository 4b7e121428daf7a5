"""Test-only catalogues, built in tmp_path from the shipped English one. Nothing of them ships.

Their folder is searched before the shipped catalogues while a test runs, so a test that asks
for its made-up Welsh (every message ``‹…›``) gets it even once a real Welsh catalogue ships
in kiosk/i18n/locale/cy.

Welsh is chosen for its many CLDR plural forms (zero, one, two, few, many, other): a plural
picked by hand-made rules ("s" if n != 1) would be visibly wrong in it.
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


def _test_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "catalogues"
    monkeypatch.setattr(kiosk.i18n, "CATALOGUE_FOLDERS", [folder, LOCALE_DIR])
    return folder


@pytest.fixture
def welsh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder holding a test-only ``cy`` catalogue, searched first while the test runs."""
    folder = _test_folder(tmp_path, monkeypatch)
    english = read(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", locale="en")
    pseudo_catalogue(folder, "cy", english, **{"yyyy-MM-dd HH:mm": WELSH_NOTE_TIME})
    yield folder
    use_language("en")


@pytest.fixture
def pseudo_languages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Test-only ``cy``, ``pl`` and ``ar`` catalogues (every message ``‹…›``), searched first:
    enough languages for the welcome screen's chooser, one of them right to left."""
    folder = _test_folder(tmp_path, monkeypatch)
    english = read(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", locale="en")
    for tag in ("cy", "pl", "ar"):
        pseudo_catalogue(folder, tag, english)
    yield folder
    use_language("en")
