"""Printed documents as HTML and PDF: Jinja2 templates in ``templates/``, laid out by WeasyPrint.

Every document extends ``base.html`` (neutral title, shared ``sheet.css``, page size) and is
filled with data only through Jinja2 expressions, which are always escaped: a helpline name
holding ``<b>`` or ``{{ }}`` prints as those characters. Control characters (an escape
sequence in a directory file) print as visible ``\\x1b``. Undefined names raise, so a
template and its data cannot drift apart unnoticed.

This runs in a renderer process (``render_server``), not in the session: see
``renderer.py``. Jinja2, WeasyPrint and segno are imported only when first used.

A sheet may be found by the person the visitor is afraid of, so nothing printed identifies the
visitor, the time of printing or the vault, and the visible and metadata titles are neutral.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk import i18n
from kiosk.helplines.advice import (
    PRACTICAL_STEPS,
    READING_LIST,
    SAFETY_LINE_TRANSLATIONS,
    AdviceSection,
)
from kiosk.helplines.model import TOPICS, Helpline, Region
from kiosk.i18n import _, install_gettext_callables
from kiosk.i18n.formats import format_list, language_named
from kiosk.printing import record_format
from kiosk.printing.documents import (
    DiaryRecord,
    Document,
    EntryList,
    HelplineSheet,
    PlanCard,
    PlanSheet,
    PracticalSteps,
    RecoverySlip,
    WalletCard,
)

if TYPE_CHECKING:
    import jinja2

D = TypeVar("D", bound=Document)

# Counting the emergency number: more lines would drop below a readable size on the card.
WALLET_CARD_MAX_NUMBERS = 5

_RIGHT_TO_LEFT = frozenset({"ar", "ur", "fa", "he", "ps", "yi"})
# U+2066 LEFT-TO-RIGHT ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE: inside a right-to-left
# sentence the bidi algorithm would otherwise print "116 006" as "006 116".
_ISOLATE_LTR = "\u2066{}\u2069"


def _printable(value: object) -> object:
    """Every ``{{ }}`` value on its way out: control characters become visible ``\\x1b``.

    Markup (a macro's output) is the templates' own and passes as it is.
    """
    if not isinstance(value, str) or hasattr(value, "__html__"):
        return value
    if not any(_is_control(c) for c in value):
        return value
    return "".join(f"\\x{ord(c):02x}" if _is_control(c) else c for c in value)


def _is_control(char: str) -> bool:
    return char not in "\n\t" and unicodedata.category(char) == "Cc"


@functools.cache
def environment() -> jinja2.Environment:
    import jinja2

    made = jinja2.Environment(
        loader=jinja2.PackageLoader("kiosk.printing", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_printable,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    # The templates' own words in the language in use when a sheet is filled (the renderer
    # sets the request's); escaped like every value. <html lang dir> from the same language.
    install_gettext_callables(made)
    made.globals["page_language"] = i18n.language
    made.globals["page_direction"] = i18n.direction
    made.filters["direction"] = text_direction
    made.globals["language_of_words"] = language_of_words
    made.globals["direction_of_words"] = direction_of_words
    made.globals["join_list"] = languages_spoken
    return made


def language_of_words(holder: Helpline | Region, key: str) -> str:
    """The language a piece of the directory's words is in: the sheet's where the file
    translates ``key``, the file's own where it does not (``other``: the contacts, never
    translated). The templates mark the piece with it: ``lang`` and ``dir``."""
    return holder.language if key == "other" else holder.language_of(key)


def direction_of_words(holder: Helpline | Region, key: str) -> str:
    return i18n.direction(language_of_words(holder, key))


def languages_spoken(names: tuple[str, ...]) -> str:
    """The languages a helpline speaks, each named in the sheet's language, joined as the
    language joins a list (``angielski i walijski``)."""
    return format_list([language_named(name) for name in names])


def text_direction(text: str) -> str:
    """The ``dir`` for a piece of her own text: that of its first strong letter (the Unicode
    bidi algorithm's rules P2 and P3), or the page's if it has none. Written out because
    WeasyPrint takes dir="auto" as the page's direction: her English on an Arabic page came
    out ".Hello", the full stop first."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return i18n.direction()


@dataclass(frozen=True)
class SafetyLine:
    language: str
    tag: str
    direction: str
    sentence: str


@dataclass(frozen=True)
class QrCode:
    data_uri: str
    caption: str


def _safety_lines(emergency_number: str) -> list[SafetyLine]:
    """The safety line in each language of ``SAFETY_LINE_TRANSLATIONS``, each under its
    language's name in the sheet's language; the sheet's own language is left out (its
    masthead already says it)."""
    lines = []
    for language, tag, sentence in SAFETY_LINE_TRANSLATIONS:
        if tag == i18n.language().split("-")[0]:
            continue
        rtl = tag.split("-")[0].lower() in _RIGHT_TO_LEFT
        number = _ISOLATE_LTR.format(emergency_number) if rtl else emergency_number
        lines.append(
            SafetyLine(
                _(language), tag, "rtl" if rtl else "ltr", sentence.replace("{emergency}", number)
            )
        )
    return lines


def _practical_steps() -> list[AdviceSection]:
    """The advice in the language in use."""
    return [
        AdviceSection(_(section.heading), tuple(_(text) for text in section.paragraphs))
        for section in PRACTICAL_STEPS
    ]


def _qr_code(url: str) -> QrCode:
    import segno

    # Error level M survives a crease or a smudge. The caption is for anyone without a camera
    # phone; browsers add the scheme themselves, so it is left off to keep the caption short.
    uri = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    return QrCode(uri, re.sub(r"^https?://", "", url))


def wallet_card_entries(region: Region, topics: tuple[str, ...]) -> tuple[Helpline, ...]:
    """The helplines on the card: one per topic in the order given, then a second round, and so on.

    Taking one per topic first means a card asked for four topics covers all four before any
    topic gets two lines. Entries without a phone, or repeating a number already on the card
    (including the emergency number), are skipped.
    """
    room = WALLET_CARD_MAX_NUMBERS - 1
    queues = [[h for h in region.helplines if topic in h.topics and h.phone] for topic in topics]
    chosen: list[Helpline] = []
    seen_numbers = {_digits(region.emergency_number)}
    while len(chosen) < room and any(queues):
        for queue in queues:
            while queue:
                helpline = queue.pop(0)
                if helpline in chosen or _digits(helpline.phone) in seen_numbers:
                    continue
                chosen.append(helpline)
                seen_numbers.add(_digits(helpline.phone))
                break
            if len(chosen) == room:
                break
    return tuple(chosen)


def _topic_label(topic: str) -> str:
    """The topic's label in the sheet's language; "" for every topic."""
    return next((_(label) for key, label in TOPICS.items() if key == topic), "")


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit()) or phone


def _fill(template: str, **fields: Any) -> str:
    return environment().get_template(template).render(**fields)


def _card_html(region: Region, note: str, entries: tuple[Helpline, ...]) -> str:
    return _fill(
        "card.html",
        emergency_number=region.emergency_number,
        region=region,
        note=note,
        entries=entries,
    )


def in_sheet_language(document: D) -> D:
    """``document`` with the directory's words in the sheet's language where the directory
    file translates them (``Region.in_language``)."""
    if isinstance(document, (HelplineSheet, PracticalSteps, WalletCard)):
        import msgspec

        region = document.region.in_language(i18n.language())
        return msgspec.structs.replace(document, region=region)
    return document


def html(document: Document) -> str:
    """The whole HTML of a document, as WeasyPrint is given it (for tests and for looking at)."""
    document = in_sheet_language(document)
    if isinstance(document, HelplineSheet):
        return _fill(
            "helplines.html",
            region=document.region,
            helplines=document.region.by_topic(document.topic or None),
            topic=_topic_label(document.topic),
            qr=_qr_code(document.qr_url) if document.qr_url else None,
            safety_lines=_safety_lines(document.region.emergency_number),
        )
    if isinstance(document, PracticalSteps):
        return _fill(
            "steps.html",
            region=document.region,
            steps=_practical_steps(),
            reading=[_(item) for item in READING_LIST],
            topic=_topic_label(document.topic),
            helplines=document.region.by_topic(document.topic) if document.topic else (),
        )
    if isinstance(document, WalletCard):
        entries = wallet_card_entries(document.region, document.topics)
        return _card_html(document.region, document.region.emergency_note.strip(), entries)
    if isinstance(document, RecoverySlip):
        return _fill("recovery-slip.html", name=document.name, code=document.code)
    if isinstance(document, DiaryRecord):
        return _fill("diary-record.html", record=document, f=record_format)
    if isinstance(document, PlanSheet):
        return _fill("plan.html", title=document.title, parts=document.parts)
    if isinstance(document, PlanCard):
        return _fill("plan-card.html", card=document)
    assert isinstance(document, EntryList)
    return _fill("entries.html", title=document.title, entries=document.entries)


def _layout(document_html: str) -> Any:
    """Lay the document out into pages (a ``weasyprint.Document``) without writing the PDF."""
    import weasyprint  # type: ignore[import-untyped]

    # Only data: URIs (the QR code) may be loaded: a sheet must never reach the network or
    # read a local file because of something in the directory data.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=document_html, url_fetcher=fetcher).render()


def _pdf(laid_out: Any) -> bytes:
    pdf: bytes = laid_out.write_pdf()
    return pdf


def pdf(document: Document) -> bytes:
    """The document as PDF bytes, in this process (the session asks ``renderer`` instead)."""
    if isinstance(document, WalletCard):
        return _wallet_card_pdf(in_sheet_language(document))
    return _pdf(_layout(html(document)))


def _wallet_card_pdf(card: WalletCard) -> bytes:
    """One card, always: if the data overflows it, the note goes first, then the last numbers.

    A second page would come out of the printer as a separate card that the visitor may not
    notice or may leave behind. The A4 sheet always carries the note.
    """
    note = card.region.emergency_note.strip()
    entries = wallet_card_entries(card.region, card.topics)
    while True:
        laid_out = _layout(_card_html(card.region, note, entries))
        if len(laid_out.pages) == 1 or not (note or entries):
            return _pdf(laid_out)
        if note:
            note = ""
        else:
            entries = entries[:-1]
