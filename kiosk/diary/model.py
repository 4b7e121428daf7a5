"""What one diary entry records (../shared/reference/incident-diary.md, section 2), as typed,
immutable values.

``EntryContent`` is what the visitor writes; the diary adds the automatic parts (the entry's
number and the recorded-at time from the system clock) when it is stored. The content is encoded
canonically (``canonical_json``) for the record's digest, the export and the draft, so the same
content always gives the same bytes.

Free text is kept exactly as typed: the screens and the printed record show it literally (never
as markup, never as terminal escapes). "Unknown" is always an accepted answer for a required
field: the form offers it, and the model only refuses a required field left empty.
"""

from __future__ import annotations

import datetime as dt
import enum

import msgspec

MAX_TEXT_CHARACTERS = 100_000  # one field; longer is refused, never cut short
MAX_ITEMS = 200  # witnesses, evidence items, related entries


class Behaviour(enum.Enum):
    """Types of behaviour (multi-select); the course-of-conduct summary counts by these."""

    FOLLOWING = "following"  # following or watching
    TURNING_UP = "turning_up"  # turning up at home or work
    CALLS_MESSAGES = "calls_messages"  # calls, texts, messages
    SOCIAL_MEDIA = "social_media"
    LETTERS_GIFTS = "letters_gifts"  # letters or gifts
    PROPERTY_DAMAGE = "property_damage"
    THREATS = "threats"  # direct or through others
    TRACKING = "tracking"  # monitoring or tracking (technology)
    CONTACT_OTHERS = "contact_others"  # contact with family or friends
    VIOLENCE = "violence"  # physical or sexual violence
    ORDER_BREACH = "order_breach"  # breach of an order
    OTHER = "other"


class Answer(enum.Enum):
    """A yes/no question she may not know the answer to."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class SourceKind(enum.Enum):
    """How the entry came to be written (keeps the "contemporaneous" claim honest)."""

    TYPED_HERE = "typed_here"  # typed at the kiosk
    PAPER_NOTES = "paper_notes"  # copied from paper notes dated …
    BY_STAFF = "by_staff"  # entered by staff at her request
    FROM_MY_NOTES = "from_my_notes"  # from a note in "My notes" written on …


class RecordKind(enum.Enum):
    ENTRY = "entry"
    AMENDMENT = "amendment"
    WITHDRAWAL = "withdrawal"


class When(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """When it happened, in the visitor's own local time as she gives it."""

    date: dt.date
    time: dt.time | None = None  # None: the time is not known
    approximate: bool = False
    # For a series of incidents: when the last one ended.
    end_date: dt.date | None = None
    end_time: dt.time | None = None


class Who(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    identity: str  # name, nickname, description, vehicle, clothing; may be "unknown"
    others_present: str = ""
    children_present: Answer = Answer.UNKNOWN
    weapon: str = ""


class Witness(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str
    contact: str = ""
    relationship: str = ""
    willing_to_give_statement: Answer = Answer.UNKNOWN
    statement: str = ""


class EvidenceItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    kind: str  # e.g. screenshot, voicemail, letter, photo
    original_kept_at: str = ""
    how_saved: str = ""
    # For an imported file: its name, SHA-256 (hex) and when it was imported (UTC, ISO 8601).
    filename: str = ""
    sha256: str = ""
    imported_utc: str = ""


class PoliceContact(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    reported: Answer = Answer.UNKNOWN
    date: dt.date | None = None
    force: str = ""
    officer: str = ""  # name and badge or collar number
    reference: str = ""  # crime / incident / job reference
    what_police_said: str = ""


class Source(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    kind: SourceKind = SourceKind.TYPED_HERE
    dated: dt.date | None = None  # the paper notes' or the note's date


class EntryContent(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Everything the visitor writes in one entry."""

    when: When
    where: str  # a place, or the online platform, number or account
    what_happened: str
    behaviours: tuple[Behaviour, ...]
    who: Who
    effect_on_you: str
    technology: str = ""
    witnesses: tuple[Witness, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()
    police: PoliceContact = PoliceContact()
    what_you_did: str = ""
    injuries: str = ""  # injuries and medical attention: where, when seen, by whom
    related: tuple[int, ...] = ()  # numbers of related entries (same course of conduct)
    source: Source = Source()


class Amendment(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A dated correction or addition to an entry; the original stays as it was."""

    reason: str
    text: str


class Withdrawal(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """She takes an entry back: its words (and its amendments') are erased, this stays."""

    reason: str = ""


class ContentProblem(enum.Enum):
    """Why content cannot be stored (the UI words these)."""

    REQUIRED_EMPTY = "required_empty"
    TOO_LONG = "too_long"
    TOO_MANY_ITEMS = "too_many_items"
    END_BEFORE_START = "end_before_start"
    NO_BEHAVIOUR = "no_behaviour"
    UNKNOWN_RELATED_ENTRY = "unknown_related_entry"


class InvalidContent(ValueError):
    """The content breaks a rule of the model: ``problem`` says which, ``field`` where."""

    def __init__(self, problem: ContentProblem, field: str) -> None:
        super().__init__(f"{field}: {problem.value}")
        self.problem = problem
        self.field = field


def canonical_json(value: msgspec.Struct) -> bytes:
    """The one encoding of a value: fields in sorted order, so equal values give equal bytes."""
    return msgspec.json.encode(value, order="sorted")
