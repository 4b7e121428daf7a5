"""What the directory holds, as frozen values the screens and the printed sheets share."""

from __future__ import annotations

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
