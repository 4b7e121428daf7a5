"""The shipped catalogues translate every message the code marks, and are what the kiosk reads.

The messages are extracted afresh from the code here (with the Babel settings in pyproject), so
a sentence added to a screen without running scripts/catalogue fails this test.
"""

from __future__ import annotations

import gettext
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

import kiosk.i18n
from kiosk.i18n import DOMAIN, LOCALE_DIR, use_language
from tests.i18n.catalogues import (
    compiled,
    extract_fresh,
    problems,
    read,
    shipped_catalogues,
    translations_missing,
)

# The languages issue 13 plans; a catalogue for any other is a mistake until it is added here.
PLANNED = {"en", "pl", "es", "cy", "ar", "ur"}


def test_english_ships() -> None:
    shipped = [path.parts[-3] for path in shipped_catalogues()]
    assert "en" in shipped
    assert set(shipped) <= PLANNED, f"add a new language to PLANNED: {shipped}"


def test_every_shipped_catalogue_translates_every_message(tmp_path: Path) -> None:
    fresh = extract_fresh(tmp_path / "fresh.pot")
    assert len(fresh) > 150  # the extraction found the screens' messages
    found = [
        problem
        for path in shipped_catalogues()
        for problem in problems(fresh, read(path), str(path.relative_to(LOCALE_DIR)))
    ]
    assert not found, "run scripts/catalogue (docs/TRANSLATING.md):\n" + "\n".join(found)


def test_the_shipped_template_is_current(tmp_path: Path) -> None:
    """Translators start a language from harbour.pot: it must hold what the code marks."""
    fresh = extract_fresh(tmp_path / "fresh.pot")
    shipped = read(LOCALE_DIR / f"{DOMAIN}.pot")
    assert {m.id for m in shipped if m.id} == {m.id for m in fresh if m.id}


def test_each_compiled_catalogue_is_its_source() -> None:
    """The .mo files (what the kiosk reads) say exactly what the .po files say."""
    for path in shipped_catalogues():
        catalogue = read(path)
        expected: dict[object, str] = {}
        for message in catalogue:
            if not message.id:
                continue
            if isinstance(message.id, tuple):
                for index, text in enumerate(message.string):
                    expected[(message.id[0], index)] = text
            else:
                expected[message.id] = str(message.string)
        got = compiled(path.with_suffix(".mo"))
        got.pop("", None)  # the header
        assert got == expected, f"{path.with_suffix('.mo')} is stale: run scripts/catalogue"


def test_the_check_finds_each_kind_of_gap(tmp_path: Path) -> None:
    """The check can fail: a missing, an untranslated, a fuzzy and a stale message, a wrong
    plural rule and a translation naming a field the code does not give are each reported."""
    fresh = Catalog(locale="en")
    for text in ("Open", "Back", "Save", "Hello {name}"):
        fresh.add(text)
    fresh.add(("{count} try", "{count} tries"))
    catalogue = Catalog(locale="pl")
    catalogue.add("Open", "Otwórz")
    catalogue.add("Back", "")
    catalogue.add("Save", "Zapisz", flags=["fuzzy"])
    catalogue.add("Hello {name}", "Cześć {imię}")
    catalogue.add(("{count} try", "{count} tries"), ("{count} próba", "{count} próby"))
    catalogue.add("Gone", "Nie ma")
    catalogue._num_plurals, catalogue._plural_expr = 2, "(n != 1)"  # not Polish: CLDR has 3
    found = list(problems(fresh, catalogue, "pl"))
    assert [problem.split(": ", 1)[1].split(" ")[0] for problem in found] == [
        "Plural-Forms",
        "untranslated",
        "fuzzy",
        "'Cześć",
        "2",  # plural forms, where Polish has 3
        "'Gone'",
    ]


def test_every_shipped_language_translates_every_message_of_the_template() -> None:
    """pl, es, cy, ar, ur (and any other catalogue that ships): every message of harbour.pot,
    in every plural form, not fuzzy, with exactly its placeholders. Passes with none shipped."""
    found = translations_missing()
    assert not found, "docs/TRANSLATING.md says how to fix these:\n" + "\n".join(found)


def _catalogue_folder(tmp_path: Path, translate: Callable[[str], str]) -> Path:
    """A locale folder like kiosk/i18n/locale, holding the shipped template and a Polish
    catalogue made from it with ``translate`` applied to every message (and plural form)."""
    folder = tmp_path / "locale"
    folder.mkdir(parents=True)
    template = LOCALE_DIR / f"{DOMAIN}.pot"
    shutil.copy(template, folder / template.name)
    polish = Catalog(locale="pl", domain=DOMAIN)
    for message in read(template):
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            forms = tuple(translate(message.id[min(i, 1)]) for i in range(polish.num_plurals))
            polish.add(message.id, forms)
        else:
            polish.add(message.id, translate(message.id))
    target = folder / "pl" / "LC_MESSAGES" / f"{DOMAIN}.po"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_po(handle, polish)
    return folder


def test_the_completeness_check_fails_for_a_gap_or_a_dropped_placeholder(tmp_path: Path) -> None:
    """Written as a translator would leave it, in a file: complete passes; one message missing,
    or one placeholder dropped, fails and names it."""
    complete = _catalogue_folder(tmp_path / "complete", lambda text: f"«{text}»")
    assert translations_missing(complete) == []

    gap = _catalogue_folder(tmp_path / "gap", lambda text: f"«{text}»")
    po = gap / "pl" / "LC_MESSAGES" / f"{DOMAIN}.po"
    catalogue = read(po, locale="pl")
    del catalogue["Welcome"]
    with po.open("wb") as handle:
        write_po(handle, catalogue)
    assert translations_missing(gap) == ["pl/LC_MESSAGES/harbour.po: missing 'Welcome'"]

    def drop_phone(text: str) -> str:
        return "Telefon:" if text == "Phone: {phone}" else f"«{text}»"

    dropped = _catalogue_folder(tmp_path / "dropped", drop_phone)
    assert translations_missing(dropped) == [
        "pl/LC_MESSAGES/harbour.po: 'Telefon:' drops {phone} of 'Phone: {phone}'"
    ]


def test_the_shipped_english_catalogue_says_what_its_ids_say() -> None:
    """A session speaks English without reading its catalogue (kiosk.i18n.use_language: 2 ms
    before the first frame): that is right only while the catalogue says each message as its
    id does, with English's plural rule. A wording changed in en/harbour.po alone would not be
    shown: change it in the code."""
    english = LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
    changed = [
        message.id
        for message in read(english)
        if message.id
        and (
            tuple(message.string) != message.id
            if isinstance(message.id, tuple)
            else message.string != message.id
        )
    ]
    assert changed == []
    with english.with_suffix(".mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert [catalogue.ngettext("one", "many", n) for n in (0, 1, 2, 21)] == [
        "many",
        "one",
        "many",
        "many",
    ]


def test_english_is_spoken_without_reading_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """And any other language's catalogue is read as it is chosen."""
    opened: list[Path] = []
    real_open = Path.open

    def watched_open(path: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(kiosk.i18n, "_read_catalogues", {})
    monkeypatch.setattr(Path, "open", watched_open)
    try:
        use_language("en")
        assert opened == []
        assert kiosk.i18n._("Welcome") == "Welcome"
        assert kiosk.i18n.ngettext("{n} second", "{n} seconds", 1) == "{n} second"
        use_language("es")
        assert [path.parts[-3] for path in opened] == ["es"]
    finally:
        use_language("en")
