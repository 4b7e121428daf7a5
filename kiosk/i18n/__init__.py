"""The words a visitor reads, in the kiosk's language: gettext catalogues made with Babel.

Every visitor-facing sentence in the code is an English message id marked with ``_()`` (or
``ngettext`` for one that counts, ``N_`` for a constant translated where it is shown).
``pybabel extract`` collects them into ``locale/harbour.pot``; each language has a catalogue
``locale/<lang>/LC_MESSAGES/harbour.po``, compiled by ``pybabel compile`` to the ``.mo`` file
read here (docs/TRANSLATING.md). Plural forms are CLDR's: Babel writes each catalogue's
``Plural-Forms`` header from its CLDR data, and gettext follows that header.

Importing this costs what the standard ``gettext`` module costs; a catalogue is read once, when
``use_language`` is called (Babel itself is imported only to write a date or a list, in
``formats``).
This is the bottom layer: it imports nothing of the kiosk.
"""

from __future__ import annotations

import gettext as _gettext
import re
from pathlib import Path
from typing import Any, Final

__all__ = [
    "CATALOGUE_FOLDERS",
    "DOMAIN",
    "LOCALE_DIR",
    "N_",
    "UnknownLanguage",
    "_",
    "available_languages",
    "direction",
    "find_catalogue",
    "install_gettext_callables",
    "language",
    "language_name",
    "locale_name",
    "ngettext",
    "read_every_catalogue",
    "use_language",
]

DOMAIN: Final = "harbour"
LOCALE_DIR: Final = Path(__file__).resolve().with_name("locale")
# Where catalogues are looked for, first folder first. A kiosk has only the shipped one; the
# tests add a folder holding a catalogue made for them.
CATALOGUE_FOLDERS: list[Path] = [LOCALE_DIR]
# The language the message ids are written in.
SOURCE_LANGUAGE: Final = "en"

# What a language tag may look like (the config checks the same shape): it becomes part of a
# path, so nothing else, such as "..", ever reaches the file system.
_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")

# Each language as it names itself, for the chooser on the welcome screen: written out here so
# that drawing the first frame needs no CLDR data (Babel names any other language, lazily).
_AUTONYMS: Final = {
    "ar": "العربية",
    "cy": "Cymraeg",
    "en": "English",
    "es": "Español",
    "pl": "Polski",
    "ur": "اردو",
}
# Languages written right to left (base tags).
_RIGHT_TO_LEFT: Final = frozenset({"ar", "dv", "fa", "he", "ps", "ur", "yi"})

# The shipped catalogue of the source language, and what speaking it says: each message as
# written, and the first of a counted message's two forms for exactly one.
_SHIPPED_SOURCE_CATALOGUE: Final = LOCALE_DIR / SOURCE_LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.mo"
_SOURCE: Final = _gettext.NullTranslations()
# Every catalogue read so far, by path: read once per process.
_read_catalogues: dict[Path, _gettext.GNUTranslations] = {}
_active: _gettext.NullTranslations = _SOURCE
_language = SOURCE_LANGUAGE


class UnknownLanguage(LookupError):
    """No catalogue for this language (nor for its base language) in any catalogue folder."""


def _(message: str) -> str:
    """``message`` in the kiosk's language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message that the language's CLDR plural rule picks for ``count``."""
    return _active.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Mark a constant for extraction only; ``_()`` translates it where it is shown."""
    return message


def locale_name(tag: str) -> str:
    """A config language tag as gettext and Babel name locales: ``en-GB`` → ``en_GB``."""
    return tag.replace("-", "_")


def find_catalogue(tag: str) -> Path | None:
    """The compiled catalogue for ``tag`` (``en-GB`` falls back to ``en``), or None."""
    if not _TAG.fullmatch(tag):
        return None
    for folder in CATALOGUE_FOLDERS:
        found = _gettext.find(DOMAIN, str(folder), [locale_name(tag)])
        if found:
            return Path(found)
    return None


def available_languages() -> list[str]:
    """Every language with a compiled catalogue, sorted, as a config would name it."""
    found = {
        path.parent.parent.name.replace("_", "-")
        for folder in CATALOGUE_FOLDERS
        for path in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    }
    return sorted(found)


def use_language(tag: str) -> None:
    """Speak ``tag`` from now on; raises ``UnknownLanguage`` when no catalogue has it."""
    global _active, _language
    path = find_catalogue(tag)
    if path is None:
        raise UnknownLanguage(tag)
    if path == _SHIPPED_SOURCE_CATALOGUE:
        # The shipped English catalogue says each message as its id says it, with English's
        # plural rule (tests/i18n/test_catalogue.py checks both): spoken without reading it,
        # which saves a session's start 2 ms before its first frame. It is still read after
        # that frame, with the others (read_every_catalogue).
        _active, _language = _SOURCE, tag
        return
    _active, _language = _read(path), tag


def _read(path: Path) -> _gettext.GNUTranslations:
    translations = _read_catalogues.get(path)
    if translations is None:
        with path.open("rb") as handle:
            translations = _read_catalogues[path] = _gettext.GNUTranslations(handle)
    return translations


def read_every_catalogue() -> None:
    """Read every catalogue now, whichever language will be chosen. A file's access time is
    readable by anyone who can stat it: a catalogue read only when a visitor chooses its
    language (or prints in it) would date the day someone used the kiosk in Arabic. Each
    session calls this after its first frame, and the render server as it warms up, so that
    choosing a language or printing in one reads no file."""
    for tag in available_languages():
        path = find_catalogue(tag)
        if path is not None:
            _read(path)


def language() -> str:
    """The language in use, as the config names it (``en`` until ``use_language``)."""
    return _language


def _base(tag: str) -> str:
    return tag.split("-")[0].lower()


def direction(tag: str | None = None) -> str:
    """``"rtl"`` or ``"ltr"``: how ``tag`` (the language in use if None) runs on a page."""
    return "rtl" if _base(tag or _language) in _RIGHT_TO_LEFT else "ltr"


def language_name(tag: str) -> str:
    """``tag`` named in its own language ("Cymraeg", "Polski"), for a visitor to recognise."""
    known = _AUTONYMS.get(tag) or _AUTONYMS.get(_base(tag))
    if known is not None:
        return known
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(locale_name(tag)).display_name
    except (UnknownLocaleError, ValueError):
        return tag
    return str(name) if name else tag


def install_gettext_callables(environment: Any) -> None:
    """Give a Jinja2 environment (with ``jinja2.ext.i18n``) this module's ``_`` and
    ``ngettext``: a template then reads the language in use when it is rendered, not when the
    environment was made. Old-style: a translation is a plain string, escaped like any other
    value (a catalogue can never put markup on a sheet), and its ``{fields}`` are filled as in
    the code: ``{{ _("Entry {number}").format(number=entry.number) }}``. (``environment`` is a
    ``jinja2.Environment``, named loosely: this module never imports Jinja2, and the method is
    the extension's, which the type does not declare.)"""
    environment.install_gettext_callables(_, ngettext, newstyle=False)
