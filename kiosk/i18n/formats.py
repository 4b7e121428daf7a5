"""Dates, times and lists in the visitor's language, with Babel's CLDR data.

Babel is imported on first use, never at start: the welcome screen needs none of this.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING

from kiosk.i18n import SOURCE_LANGUAGE, language, locale_name

if TYPE_CHECKING:
    from babel import Locale


def _babel_locale() -> Locale:
    return _parsed(locale_name(language()))


@functools.cache
def _parsed(name: str) -> Locale:
    """CLDR's data for a locale, read once per language (a printed record writes hundreds of
    dates)."""
    from babel import Locale, UnknownLocaleError

    # A tag CLDR does not know in full (a made-up region) still has its language's data.
    for candidate in (name, name.split("_")[0], SOURCE_LANGUAGE):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    raise AssertionError("unreachable: CLDR always knows English")


def format_datetime(value: dt.datetime, pattern: str) -> str:
    """``value`` written with a CLDR ``pattern`` (``yyyy-MM-dd HH:mm``), whose month and day
    names, if it asks for any, are the language's."""
    from babel import dates

    return dates.format_datetime(value, pattern, locale=_babel_locale())


def format_date(value: dt.date, pattern: str) -> str:
    """``value`` written with a CLDR date ``pattern`` in the kiosk's language."""
    from babel import dates

    return dates.format_date(value, pattern, locale=_babel_locale())


def format_list(items: list[str], style: str = "standard") -> str:
    """``items`` joined as the language joins a list: ``A, B and C``; style "or": ``A or B``."""
    from babel import lists

    return lists.format_list(items, style=style, locale=_babel_locale())  # type: ignore[arg-type]


def format_number(value: int) -> str:
    """``value`` with the language's digit grouping: ``1,234`` in English, ``1 234`` in
    Polish; Latin digits, as the kiosk's numbers are written everywhere else."""
    from babel import numbers

    return numbers.format_decimal(value, locale=_babel_locale())


@functools.cache
def _language_tags_by_english_name() -> dict[str, str]:
    from babel import Locale

    english = Locale.parse(SOURCE_LANGUAGE).languages
    return {str(name).casefold(): tag for tag, name in english.items()}


def language_named(name: str) -> str:
    """A language a directory file names in English ("Welsh") as the kiosk's language names
    it ("walijski" in Polish, "Gymraeg" in Welsh), from CLDR; a name CLDR does not know is
    returned as written."""
    tag = _language_tags_by_english_name().get(name.strip().casefold())
    if tag is None:
        return name
    translated = _babel_locale().languages.get(tag)
    return str(translated) if translated else name
