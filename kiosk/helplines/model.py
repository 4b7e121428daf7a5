"""What the directory holds, as frozen values the screens and the printed sheets share."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

from kiosk.i18n import N_

# Entries not checked for this long are flagged to staff: numbers go stale (the leaflet this
# project grew from lists a Victim Support number that has since changed).
STALE_AFTER = dt.timedelta(days=183)

Topic = Literal[
    "emergency",
    "stalking",
    "domestic-abuse",
    "sexual-violence",
    "crime-victims",
    "lgbt",
    "men",
    "legal",
    "mental-health",
]
"""The topics a helpline file may give; ``TOPICS`` has their labels, in the same order."""

# The labels are shown in the kiosk's language: marked here, translated where shown.
TOPICS: dict[Topic, str] = {
    "emergency": N_("Emergencies"),
    "stalking": N_("Stalking and harassment"),
    "domestic-abuse": N_("Domestic abuse"),
    "sexual-violence": N_("Sexual violence"),
    "crime-victims": N_("Support after a crime"),
    "lgbt": N_("LGBT+ people"),
    "men": N_("Men"),
    "legal": N_("Legal advice and protection orders"),
    "mental-health": N_("Emotional support"),
}
assert tuple(TOPICS) == get_args(Topic), "every topic has one label, in the same order"


@dataclass(frozen=True)
class Words:
    """Some of an entry's (or a region's) words in one language, from the file's
    ``translations``: ``(("hours", "…"), ("helps_with", "…"))``. A key it does not give is
    shown as the file writes it, in the file's own language."""

    language: str
    texts: tuple[tuple[str, str], ...]

    def get(self, key: str) -> str:
        return next((text for name, text in self.texts if name == key), "")


def words_for(translations: tuple[Words, ...], tag: str) -> Words | None:
    """The words for ``tag``: its own (``pl-PL``), else its base language's (``pl``)."""
    for wanted in (tag, tag.split("-")[0]):
        found = next((words for words in translations if words.language == wanted), None)
        if found is not None:
            return found
    return None


def _language_of(language: str, translations: tuple[Words, ...], shown_in: str, key: str) -> str:
    words = words_for(translations, shown_in) if shown_in else None
    return words.language if words is not None and words.get(key) else language


@dataclass(frozen=True)
class Contact:
    """Another way to reach them: a text number, an email address, a web chat, a relay."""

    kind: str
    value: str


@dataclass(frozen=True)
class Helpline:
    id: str
    name: str
    phone: str
    hours: str
    helps_with: str
    topics: tuple[str, ...]
    verified_on: dt.date
    website: str = ""
    languages: tuple[str, ...] = ("English",)
    other_contacts: tuple[Contact, ...] = ()
    free_to_call: bool = False
    source_file: str = ""
    source_path: str = ""
    """The full path of the file the entry was read from (directory care writes it back)."""
    language: str = "en"
    """The language the file writes the entry's words in (its ``language``, "en" by default)."""
    translations: tuple[Words, ...] = ()
    shown_in: str = ""
    """The language ``in_language`` was asked for ("" for the entry as the file writes it)."""

    def in_language(self, tag: str) -> Helpline:
        """The entry with its words in ``tag`` where the file translates them; the file's own
        words for the rest. Numbers, addresses and languages spoken stay as written."""
        words = words_for(self.translations, tag)
        if words is None:
            return self
        return dataclasses.replace(
            self,
            name=words.get("name") or self.name,
            hours=words.get("hours") or self.hours,
            helps_with=words.get("helps_with") or self.helps_with,
            shown_in=tag,
        )

    def language_of(self, key: str) -> str:
        """The language ``key``'s words are shown in (a sheet marks them with it)."""
        return _language_of(self.language, self.translations, self.shown_in, key)

    def is_stale(self, today: dt.date) -> bool:
        return today - self.verified_on > STALE_AFTER


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    emergency_number: str
    emergency_note: str
    helplines: tuple[Helpline, ...]
    source_files: tuple[str, ...] = field(default=())
    silent_call_note: str = ""
    """What to do when she cannot speak on an emergency call ("" where the region has none)."""
    language: str = "en"
    """The language the defining file writes the region's words in."""
    translations: tuple[Words, ...] = ()
    shown_in: str = ""

    def in_language(self, tag: str) -> Region:
        """The region and every entry with their words in ``tag`` where the files translate
        them, the files' own words for the rest (``Helpline.in_language``)."""
        words = words_for(self.translations, tag)
        region = self
        if words is not None:
            region = dataclasses.replace(
                self,
                name=words.get("name") or self.name,
                emergency_note=words.get("emergency_note") or self.emergency_note,
                silent_call_note=words.get("silent_call_note") or self.silent_call_note,
                shown_in=tag,
            )
        return dataclasses.replace(
            region, helplines=tuple(helpline.in_language(tag) for helpline in self.helplines)
        )

    def language_of(self, key: str) -> str:
        """The language ``key``'s words are shown in (a sheet marks them with it)."""
        return _language_of(self.language, self.translations, self.shown_in, key)

    def by_topic(self, topic: str | None) -> tuple[Helpline, ...]:
        if topic is None:
            return self.helplines
        return tuple(h for h in self.helplines if topic in h.topics)

    def stale(self, today: dt.date) -> tuple[Helpline, ...]:
        return tuple(h for h in self.helplines if h.is_stale(today))


@dataclass(frozen=True)
class Directory:
    regions: dict[str, Region]

    def region(self, code: str) -> Region | None:
        return self.regions.get(code)
