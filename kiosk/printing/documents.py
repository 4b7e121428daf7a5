"""What can be printed: each document as a typed request, the only thing the renderer is sent.

A request is plain data (msgspec Structs holding the directory's frozen values), encoded as
JSON on the renderer's standard input; it names its template by its tag. Nothing here imports
Jinja2 or WeasyPrint, so the session can build a request without loading either.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated

import msgspec

from kiosk.diary.model import Amendment, EntryContent, RecordKind
from kiosk.helplines.model import Region

WALLET_CARD_TOPICS = ("emergency", "stalking", "domestic-abuse", "crime-victims")


class _Document(msgspec.Struct, frozen=True, forbid_unknown_fields=True, tag_field="kind"):
    pass


class HelplineSheet(_Document, frozen=True, tag="helplines"):
    """The A4 helpline sheet: every helpline of the region, in directory order; with a
    ``topic`` (kiosk.helplines.model.TOPICS), only that topic's (the emergency number is
    always at the top)."""

    region: Region
    qr_url: str = ""
    topic: str = ""


class PracticalSteps(_Document, frozen=True, tag="practical-steps"):
    """The practical-steps advice; with a ``topic``, that topic's numbers after it."""

    region: Region
    topic: str = ""


class WalletCard(_Document, frozen=True, tag="wallet-card"):
    """One 85 × 55 mm card: the emergency number and up to four helplines by topic."""

    region: Region
    topics: tuple[str, ...] = WALLET_CARD_TOPICS


def wallet_card_for(region: Region, topic: str = "") -> WalletCard:
    """The card for one topic (its helplines only), or for the usual topics when ``topic`` is
    empty."""
    return WalletCard(region, topics=(topic,) if topic else WALLET_CARD_TOPICS)


class RecoverySlip(_Document, frozen=True, tag="recovery-slip"):
    """A vault name and its recovery code on a card-sized slip (``kiosk admin``)."""

    name: str
    code: str


class Entry(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    when: str
    paragraphs: tuple[str, ...]


class EntryList(_Document, frozen=True, tag="entries"):
    """Dated entries one after another: the shape of the diary's printout, used by the bench
    and the tests to measure and cancel long renders before the diary exists."""

    title: str
    entries: tuple[Entry, ...]


class RecordAmendment(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    recorded: dt.datetime
    amendment: Amendment | None  # None: its words were erased when the entry was withdrawn


class RecordWithdrawal(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    recorded: dt.datetime
    reason: str = ""


class RecordEntry(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One diary entry as printed: its words (None once withdrawn) and what was added since."""

    number: int
    recorded: dt.datetime
    content: EntryContent | None
    amendments: tuple[RecordAmendment, ...] = ()
    withdrawal: RecordWithdrawal | None = None


class RecordLine(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One record of the chain on the closing verification page."""

    seq: int
    kind: RecordKind
    entry_number: int
    recorded: dt.datetime
    happened: dt.date | None
    digest: str


class RecordScope(enum.Enum):
    WHOLE = "whole"
    RANGE = "range"  # entries that happened from ``start`` to ``end``
    CHOSEN = "chosen"


class DiaryRecord(_Document, frozen=True, tag="diary-record"):
    """The printed diary: entries with their amendments, the chain's code on every page and a
    closing verification page. ``titled``: the page header says "Incident diary" instead of
    the neutral "Personal record" (her choice)."""

    entries: tuple[RecordEntry, ...]
    records: tuple[RecordLine, ...]
    head_count: int
    head_link: str
    code: str
    intact: bool
    titled: bool = False
    scope: RecordScope = RecordScope.WHOLE
    start: dt.date | None = None
    end: dt.date | None = None


class PlanItem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One answered prompt: its label and her answer as lines (kiosk.plan.outline)."""

    label: str
    lines: tuple[str, ...]


class PlanPart(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    heading: str  # the section's neutral title, or its full title if she chose that
    items: tuple[PlanItem, ...]


class PlanSheet(_Document, frozen=True, tag="plan"):
    """The sections of her safety plan she ticked, and nothing else: a section she did not
    tick is never part of the request. ``title`` heads the first page."""

    title: str
    parts: tuple[PlanPart, ...]


class CardNumber(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: str
    number: str


class PlanCard(_Document, frozen=True, tag="plan-card"):
    """Her wallet card (85 × 55 mm with cut marks): the emergency number always, the numbers
    she chose, the region's silent-call line where it has one, her code word only if asked."""

    heading: str
    emergency_label: str
    emergency_number: str
    numbers: tuple[CardNumber, ...] = ()
    silent_call_note: str = ""
    code_word_label: str = ""
    code_word: str = ""  # "" unless she ticked it


Document = (
    HelplineSheet
    | PracticalSteps
    | WalletCard
    | RecoverySlip
    | EntryList
    | DiaryRecord
    | PlanSheet
    | PlanCard
)


# What a language tag may look like (kiosk.config's _LanguageTag): the renderer checks it again.
_LanguageTag = Annotated[
    str, msgspec.Meta(max_length=35, pattern=r"\A[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
]


class PrintRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What the renderer is sent: a document, and the language of the session that asked for
    it (the visitor's choice on the welcome screen), since the renderer was forked before she
    chose and must not guess."""

    language: _LanguageTag
    document: Document


def encode(document: Document) -> bytes:
    return msgspec.json.encode(document)


def encode_request(document: Document, language: str) -> bytes:
    return msgspec.json.encode(PrintRequest(language, document))


def decode_request(request: bytes) -> PrintRequest:
    """Raises ``msgspec.ValidationError`` (a ``ValueError``) for anything but a request."""
    return msgspec.json.decode(request, type=PrintRequest)


def decode(request: bytes) -> Document:
    """Raises ``msgspec.ValidationError`` (a ``ValueError``) for anything but a document."""
    document: Document = msgspec.json.decode(request, type=Document)
    return document


def dummy_entries(count: int) -> EntryList:
    """``count`` diary-like entries of two short paragraphs, the same every time."""
    first = (
        "He was waiting outside the building again when I left work, across the road by the "
        "bus stop. He did not come over but he watched me until the bus came."
    )
    second = (
        "I wrote down the time and what he wore. A colleague saw him too and said she would "
        "write it down for me."
    )
    return EntryList(
        title="Entries",
        entries=tuple(
            Entry(
                when=f"Day {number + 1}, {8 + number % 12:02d}:{(number * 7) % 60:02d}",
                paragraphs=(f"{number + 1}. {first}", second),
            )
            for number in range(count)
        ),
    )
