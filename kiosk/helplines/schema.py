"""What a helpline file may hold, as msgspec structures: keys, types, lengths and forms.

``kiosk/helplines/loader.py`` decodes every file into ``HelplineFile`` (through
``kiosk.tomlfile``, which words a refusal from the limits stated here) and then applies the
rules that are not about one value's shape: a phone or a website, no date in the future, no
id or topic twice, a region defined once. The format is documented for centre staff at the
top of ``kiosk/helplines/directory/uk.toml``.

Texts reach a terminal and a printed sheet, so none may hold a control character (an escape
could send the terminal commands; a line break or a direction override changes what a visitor
reads, and a number could be shown other than as written).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Final, Literal

import msgspec
from msgspec import Meta

from kiosk.helplines.model import TOPICS, Topic
from kiosk.i18n import N_
from kiosk.tomlfile import text_pattern

__all__ = [
    "CONTACT_KINDS",
    "LANGUAGE_TAG_PATTERN",
    "SLUG_PATTERN",
    "ContactEntry",
    "ContactKind",
    "HelplineEntry",
    "HelplineFile",
    "HelplineWords",
    "RegionTable",
    "RegionWords",
]

ContactKind = Literal["text", "email", "webchat", "relay"]
CONTACT_KINDS: Final[dict[ContactKind, str]] = {
    "text": N_("Text"),
    "email": N_("Email"),
    "webchat": N_("Web chat"),
    "relay": N_("Relay service"),
}
"""The ``kind`` values a file may use, and the label screens and sheets print for each (in
the kiosk's language: marked here, translated where shown)."""

SLUG_PATTERN: Final = r"\A[a-z0-9]+(?:-[a-z0-9]+)*\Z"
_SLUG_WORDS: Final = "must be lowercase letters and digits, joined by '-', at most"
_LINE: Final = text_pattern(refuse_bidi=True)
_LINE_WORDS: Final = "must be one line of text (not blank) without control characters"
# Digits, spaces and + - ( ), with at least one digit; "" where a number may be left out.
_PHONE: Final = r"[0-9 +\-()]*[0-9][0-9 +\-()]*"
_PHONE_WORDS: Final = "may contain only digits, spaces and + - ( )"
# Printed as written, so a bare domain ("samaritans.org") is as welcome as a full address.
_URL_PATH: Final = (
    text_pattern(blank=True, refuse_bidi=True, also=r"\s").removeprefix(r"\A").removesuffix(r"\Z")
)
_WEBSITE: Final = (
    r"\A(?:|(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]+)?(?:/" + _URL_PATH + r")?)\Z"
)

# Longest accepted values: enough for any real entry, short enough for a line on the wallet card
# and to catch a paste of the wrong thing.
RegionCode = Annotated[
    str,
    Meta(
        max_length=32,
        pattern=SLUG_PATTERN,
        description=f'{_SLUG_WORDS} 32 characters (for example "uk")',
    ),
]
HelplineId = Annotated[
    str,
    Meta(
        max_length=64,
        pattern=SLUG_PATTERN,
        description=f'{_SLUG_WORDS} 64 characters (for example "samaritans")',
    ),
]
Name = Annotated[str, Meta(min_length=1, max_length=120, pattern=_LINE, description=_LINE_WORDS)]
Hours = Annotated[str, Meta(min_length=1, max_length=200, pattern=_LINE, description=_LINE_WORDS)]
LongText = Annotated[
    str, Meta(min_length=1, max_length=400, pattern=_LINE, description=_LINE_WORDS)
]
Language = Annotated[str, Meta(min_length=1, max_length=40, pattern=_LINE, description=_LINE_WORDS)]
ContactValue = Annotated[
    str, Meta(min_length=1, max_length=200, pattern=_LINE, description=_LINE_WORDS)
]
Phone = Annotated[str, Meta(max_length=40, pattern=rf"\A(?:|{_PHONE})\Z", description=_PHONE_WORDS)]
EmergencyNumber = Annotated[
    str, Meta(min_length=1, max_length=20, pattern=rf"\A{_PHONE}\Z", description=_PHONE_WORDS)
]
Website = Annotated[
    str,
    Meta(
        max_length=200,
        pattern=_WEBSITE,
        description='must be a web address such as "samaritans.org" or '
        '"https://www.samaritans.org"',
    ),
]


# A language tag, as the config's [kiosk] language names one ("pl", "cy", "en-GB").
LANGUAGE_TAG_PATTERN: Final = r"\A[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z"
LanguageTag = Annotated[
    str,
    Meta(
        max_length=35,
        pattern=LANGUAGE_TAG_PATTERN,
        description='must be a language tag such as "en", "pl" or "cy"',
    ),
]
# ``translations``: a table per language tag, each read as ``HelplineWords`` or
# ``RegionWords`` by the loader, one language at a time, so that a message names the language.
Translations = dict[str, dict[str, object]]


class RegionWords(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """``[region.translations.pl]``: the region's words in one language. Numbers are never
    translated; a key left out is shown in the file's own language."""

    name: Name | None = None
    emergency_note: LongText | None = None
    silent_call_note: LongText | None = None


class HelplineWords(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """``[helpline.translations.pl]``: one entry's words in one language. Phone numbers and
    web addresses are never translated; a key left out is shown in the file's own language.
    ``name`` only where the organisation itself uses a name in that language."""

    name: Name | None = None
    hours: Hours | None = None
    helps_with: LongText | None = None


class RegionTable(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """``[region]``: a code alone adds helplines to a region; with the rest it defines one."""

    code: RegionCode
    name: Name | None = None
    emergency_number: EmergencyNumber | None = None
    emergency_note: LongText | None = None
    # What to do when she cannot speak on an emergency call (the UK's Silent Solution);
    # optional, shown by the safety plan and on its wallet card where a region has one.
    silent_call_note: LongText | None = None
    translations: Translations = {}


class ContactEntry(msgspec.Struct, forbid_unknown_fields=True):
    """Another way to reach a helpline: ``{kind = "email", value = "..."}``."""

    kind: ContactKind
    value: ContactValue


class HelplineEntry(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """One ``[[helpline]]`` table, its keys in the order the format documents them."""

    id: HelplineId
    name: Name
    phone: Phone = ""
    website: Website = ""
    hours: Hours
    helps_with: LongText
    topics: Annotated[
        tuple[Topic, ...],
        Meta(min_length=1, description=f"must list at least one topic: {', '.join(TOPICS)}"),
    ]
    languages: Annotated[
        tuple[Language, ...],
        Meta(min_length=1, description='must name at least one language, e.g. ["English"]'),
    ] = ("English",)
    free_to_call: bool = False
    other: tuple[ContactEntry, ...] = ()
    verified_on: dt.date
    translations: Translations = {}


class HelplineFile(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A whole file: the language its own words are written in, its region (a code, or a
    ``[region]`` table) and its helplines."""

    language: LanguageTag = "en"
    region: RegionCode | RegionTable
    helpline: tuple[HelplineEntry, ...] = ()
