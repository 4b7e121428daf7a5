"""Test-only catalogues, built in tmp_path from the shipped English one. Nothing of them ships.

Their folder is searched before the shipped catalogues while a test runs, so a test that asks
for its made-up Welsh (every message ``‹…›``) gets it even once a real Welsh catalogue ships
in kiosk/i18n/locale/cy.

Welsh is chosen for its many CLDR plural forms (zero, one, two, few, many, other): a plural
picked by hand-made rules ("s" if n != 1) would be visibly wrong in it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import kiosk.i18n
from kiosk.i18n import DOMAIN, LOCALE_DIR, use_language
from kiosk.printing import render_server
from tests.i18n.catalogues import pseudo_catalogue, read

# The Welsh date pattern a translator might choose: month names spelt out, in Welsh.
WELSH_NOTE_TIME = "d MMMM y, HH:mm"
WELSH_DAY = "d MMMM y"


SHIPPED_FOLDERS = list(kiosk.i18n.CATALOGUE_FOLDERS)


def _test_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "catalogues"
    monkeypatch.setattr(kiosk.i18n, "CATALOGUE_FOLDERS", [folder, *SHIPPED_FOLDERS])
    return folder


@pytest.fixture
def welsh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A folder holding a test-only ``cy`` catalogue, searched first while the test runs."""
    folder = _test_folder(tmp_path, monkeypatch)
    english = read(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", locale="en")
    pseudo_catalogue(
        folder,
        "cy",
        english,
        **{"yyyy-MM-dd HH:mm": WELSH_NOTE_TIME, "yyyy-MM-dd": WELSH_DAY},
    )
    with renderer_sees(folder):
        yield folder
    use_language("en")


@pytest.fixture
def pseudo_languages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Test-only catalogues (every message ``‹…›``) for every language issue 13 plans, searched
    first: the welcome screen's chooser as it will be, two of them right to left."""
    folder = _test_folder(tmp_path, monkeypatch)
    english = read(LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po", locale="en")
    for tag in ("cy", "pl", "es", "ar", "ur"):
        pseudo_catalogue(folder, tag, english)
    with renderer_sees(folder):
        yield folder
    use_language("en")


# A tiny Arabic catalogue written by hand (a few of the printed sheets' words), so the
# right-to-left path of printing is proven before the translators' catalogue arrives.
TINY_ARABIC = {
    "Useful numbers": "أرقام مفيدة",
    "Help in your language": "مساعدة بلغتك",
    "In an emergency call": "في حالة الطوارئ اتصل",
    "Practical steps": "خطوات عملية",
    "Further reading": "قراءة إضافية",
    "Printed at an information point. Keep this somewhere safe.": (
        "طُبع في نقطة معلومات. احتفظ به في مكان آمن."
    ),
}


@pytest.fixture
def tiny_arabic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An ``ar`` catalogue holding ``TINY_ARABIC`` (other messages stay English), searched
    first, and a render server forked after it is in place, as a kiosk's is."""
    folder = _test_folder(tmp_path, monkeypatch)
    catalogue = Catalog(locale="ar", domain=DOMAIN)
    for english, arabic in TINY_ARABIC.items():
        catalogue.add(english, arabic)
    target = folder / "ar" / "LC_MESSAGES" / f"{DOMAIN}.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_mo(handle, catalogue)
    with renderer_sees(folder):
        yield folder
    use_language("en")


@contextlib.contextmanager
def renderer_sees(folder: Path) -> Iterator[None]:
    """The render server is a copy of this process made when it starts; restarted here, it has
    the test's catalogue folder too. Restarted after with the shipped folders alone, so no
    later test inherits the test's."""
    render_server.stop()
    render_server.start(other_threads_idle=True)
    try:
        yield
    finally:
        render_server.stop()
        testing, kiosk.i18n.CATALOGUE_FOLDERS = kiosk.i18n.CATALOGUE_FOLDERS, SHIPPED_FOLDERS
        try:
            render_server.start(other_threads_idle=True)
        finally:
            kiosk.i18n.CATALOGUE_FOLDERS = testing
