"""Checks and builders for gettext catalogues, shared by the catalogue and language tests."""

from __future__ import annotations

import gettext
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from kiosk.i18n import DOMAIN, LOCALE_DIR

ROOT = Path(__file__).resolve().parents[2]


def extract_fresh(target: Path) -> Catalog:
    """Extract every marked message from kiosk/ now, with the project's own Babel settings."""
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract",
            "--mapping-file", "pyproject.toml", "--output-file", str(target), "kiosk",
        ],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return read(target)


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def shipped_catalogues(folder: Path = LOCALE_DIR) -> list[Path]:
    return sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def translations_missing(folder: Path = LOCALE_DIR) -> list[str]:
    """For every catalogue in ``folder`` but the English source, every message of the
    template ``folder/harbour.pot`` it lacks, leaves empty or fuzzy (in any plural form), or
    whose translation does not keep exactly the message's placeholders."""
    template = read(folder / f"{DOMAIN}.pot")
    return [
        problem
        for path in shipped_catalogues(folder)
        if path.parts[-3] != "en"
        for problem in problems(template, read(path), str(path.relative_to(folder)))
    ]


def _fields(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def problems(fresh: Catalog, catalogue: Catalog, name: str) -> Iterator[str]:
    """Everything that keeps ``catalogue`` from translating every message of ``fresh``."""
    cldr = get_plural(catalogue.locale)
    if catalogue.plural_forms != cldr.plural_forms:
        yield f"{name}: Plural-Forms {catalogue.plural_forms!r}, CLDR says {cldr.plural_forms!r}"
    for message in fresh:
        if not message.id:
            continue
        found = catalogue.get(message.id)
        if found is None:
            yield f"{name}: missing {message.id!r}"
            continue
        if found.fuzzy:
            yield f"{name}: fuzzy {message.id!r}"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        if isinstance(message.id, tuple) and len(strings) != cldr.num_plurals:
            yield f"{name}: {len(strings)} plural forms for {ids[0]!r}"
        if not all(strings):
            yield f"{name}: untranslated {ids[0]!r}"
        allowed = set().union(*(_fields(text) for text in ids))
        for text in strings:
            if text and not _fields(text) <= allowed:
                yield f"{name}: {text!r} names a field that {ids[0]!r} does not give"
        # Kept exactly: a message's translation has its placeholders; a counted message's last
        # form (CLDR "other", the one most numbers take) has those of the plural.
        kept, expected = (
            (strings[-1], ids[-1]) if isinstance(message.id, tuple) else (strings[0], ids[0])
        )
        if kept and _fields(kept) <= allowed and _fields(kept) != _fields(expected):
            missing = ", ".join(sorted(_fields(expected) - _fields(kept)))
            yield f"{name}: {kept!r} drops {{{missing}}} of {ids[0]!r}"
    known = {message.id for message in fresh if message.id}
    for message in catalogue:
        if message.id and message.id not in known:
            yield f"{name}: {message.id!r} is no longer in the code"


def compiled(mo: Path) -> dict[object, str]:
    with mo.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def pseudo_catalogue(folder: Path, locale: str, template: Catalog, **overrides: str) -> Path:
    """A compiled catalogue for ``locale`` in which every message reads ``‹…›``, each plural
    form starts with its index (``‹2› …``), and ``overrides`` replace single messages; the
    Plural-Forms come from CLDR, as ``scripts/catalogue init`` would write them."""
    catalogue = Catalog(locale=locale, domain=DOMAIN)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            forms = tuple(
                f"‹{index}› {message.id[min(index, 1)]}" for index in range(catalogue.num_plurals)
            )
            catalogue.add(message.id, forms)
        else:
            catalogue.add(message.id, overrides.get(message.id, f"‹{message.id}›"))
    target = folder / locale / "LC_MESSAGES" / f"{DOMAIN}.mo"
    target.parent.mkdir(parents=True)
    with target.open("wb") as handle:
        write_mo(handle, catalogue)
    return target
