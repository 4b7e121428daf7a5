"""Printed sheets: the helpline list, practical steps, a wallet card and a recovery slip, as PDF.

Every sheet is one of the HTML templates in ``templates/`` inside ``base.html`` with the shared
``sheet.css``, turned into a PDF by WeasyPrint. Later printouts (a diary summary, a safety plan)
add a template and call :func:`fill` and :func:`render_document` the same way.

WeasyPrint and segno are imported inside the functions that use them: WeasyPrint takes about
half a second to import and pulls in Pango, and the kiosk loads this module at start-up.

A sheet may be found by the person the visitor is afraid of, so nothing printed identifies the
visitor, the time of printing or the vault, and the visible and metadata titles are neutral.
"""

from __future__ import annotations

import functools
import html
import re
import string
from collections.abc import Iterable
from importlib import resources
from typing import Any

from kiosk.helplines.advice import PRACTICAL_STEPS, READING_LIST, SAFETY_LINE_TRANSLATIONS
from kiosk.helplines.model import Helpline, Region

# What a PDF viewer or a print queue shows as the document's name.
METADATA_TITLE = "Document"
FOOTER = "Printed at an information point. Keep this somewhere safe."

WALLET_CARD_PAGE = "85mm 55mm"
WALLET_CARD_TOPICS = ("emergency", "stalking", "domestic-abuse", "crime-victims")
# Counting the emergency number: more lines would drop below a readable size on the card.
WALLET_CARD_MAX_NUMBERS = 5

_RIGHT_TO_LEFT = frozenset({"ar", "ur", "fa", "he", "ps", "yi"})
# U+2066 LEFT-TO-RIGHT ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE: inside a right-to-left
# sentence the bidi algorithm would otherwise print "116 006" as "006 116".
_ISOLATE_LTR = "\u2066{}\u2069"
# A CSS length or page size: nothing that could close the rule or start another one.
_CSS_VALUE = re.compile(r"[A-Za-z0-9. ]{1,40}")


class Html(str):
    """Markup that is already safe: built by :func:`fill` or :func:`escape` from escaped data.

    Any plain ``str`` handed to :func:`fill` is escaped; only ``Html`` goes in as it is.
    """

    __slots__ = ()


def escape(text: str) -> Html:
    return Html(html.escape(text, quote=True))


def join(fragments: Iterable[Html]) -> Html:
    return Html("\n".join(fragments))


@functools.cache
def _resource(name: str) -> str:
    return resources.files("kiosk.printing").joinpath("templates", name).read_text("utf-8")


def fill(template_name: str, **fields: str) -> Html:
    """Fill ``$name`` placeholders in a template, escaping every value that is not ``Html``.

    A missing or an unknown field raises ``KeyError``: a sheet with a literal ``$phone`` on it,
    or without a line someone meant to add, would be worse than no sheet.
    """
    template = string.Template(_resource(template_name))
    expected = set(template.get_identifiers())
    if set(fields) != expected:
        raise KeyError(f"{template_name} takes {sorted(expected)}, not {sorted(fields)}")
    values = {
        key: value if isinstance(value, Html) else html.escape(value, quote=True)
        for key, value in fields.items()
    }
    return Html(template.substitute(values))


def document_html(
    title_for_metadata: str,
    body_html: str,
    *,
    page: str = "A4",
    margin: str = "14mm 15mm 20mm",
    body_class: str = "sheet",
) -> Html:
    """The whole HTML document for :func:`render_document`, for tests and for looking at."""
    for value in (page, margin):
        if not _CSS_VALUE.fullmatch(value):
            raise ValueError(f"not a plain CSS size: {value!r}")
    return fill(
        "base.html",
        title=title_for_metadata,
        css=Html(_resource("sheet.css")),
        page=Html(page),
        margin=Html(margin),
        body_class=body_class,
        body=Html(body_html),
    )


def _layout(document: Html) -> Any:
    """Lay the document out into pages (a ``weasyprint.Document``) without writing the PDF."""
    import weasyprint  # type: ignore[import-untyped]

    # Only data: URIs (the QR code) may be loaded: a sheet must never reach the network or
    # read a local file because of something in the directory data.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"})
    return weasyprint.HTML(string=str(document), url_fetcher=fetcher).render()


def _pdf(laid_out: Any) -> bytes:
    pdf: bytes = laid_out.write_pdf()
    return pdf


def render_document(
    title_for_metadata: str,
    body_html: str,
    *,
    page: str = "A4",
    margin: str = "14mm 15mm 20mm",
    body_class: str = "sheet",
) -> bytes:
    """Render trusted body markup inside the base template and shared stylesheet to PDF bytes.

    ``body_html`` goes in unescaped, so build it with :func:`fill`. ``page`` and ``margin`` are
    CSS values (``"A4"``, ``"85mm 55mm"``, ``"3mm"``). ``body_class`` ``"sheet"`` puts the
    running footer on every page; the wallet card uses ``"card"``, which has none.
    """
    document = document_html(
        title_for_metadata, body_html, page=page, margin=margin, body_class=body_class
    )
    return _pdf(_layout(document))


def _isolated(number: str) -> str:
    return _ISOLATE_LTR.format(number)


def _safety_line(language: str, tag: str, sentence: str, emergency_number: str) -> Html:
    primary = tag.split("-")[0].lower()
    rtl = primary in _RIGHT_TO_LEFT
    number = _isolated(emergency_number) if rtl else emergency_number
    return fill(
        "safety-line.html",
        language=language,
        lang=tag,
        dir="rtl" if rtl else "ltr",
        sentence=sentence.replace("{emergency}", number),
    )


def _paragraph(css_class: str, text: str) -> Html:
    return Html(f'<p class="{css_class}">{escape(text)}</p>')


def _helpline_details(helpline: Helpline) -> Html:
    parts: list[Html] = []
    if helpline.phone:
        free = '<span class="free">free to call</span>' if helpline.free_to_call else ""
        parts.append(
            Html(f'<p class="phone"><span class="number">{escape(helpline.phone)}</span>{free}</p>')
        )
    if helpline.hours:
        parts.append(_paragraph("hours", helpline.hours))
    if helpline.helps_with:
        parts.append(_paragraph("helps", helpline.helps_with))
    for contact in helpline.other_contacts:
        parts.append(
            Html(
                f'<p class="detail"><span class="what">{escape(contact.kind)}:</span> '
                f"{escape(contact.value)}</p>"
            )
        )
    if helpline.languages:
        parts.append(
            Html(
                '<p class="detail"><span class="what">Languages:</span> '
                f"{escape(', '.join(helpline.languages))}</p>"
            )
        )
    if helpline.website:
        parts.append(_paragraph("website", helpline.website))
    return join(parts)


def _qr_figure(url: str) -> Html:
    import segno

    # Error level M survives a crease or a smudge. The caption is for anyone without a camera
    # phone; browsers add the scheme themselves, so it is left off to keep the caption short.
    uri = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    caption = re.sub(r"^https?://", "", url)
    return Html(
        f'<div class="qr"><img src="{escape(uri)}" alt="">'
        f'<p class="qr-caption">{escape(caption)}</p></div>'
    )


def helpline_sheet_html(region: Region, *, qr_url: str | None = None) -> Html:
    """The helpline sheet's body, before rendering (directory order, no grouping)."""
    helplines = join(
        fill("helpline.html", name=h.name, details=_helpline_details(h)) for h in region.helplines
    )
    safety_lines = join(
        _safety_line(language, tag, sentence, region.emergency_number)
        for language, tag, sentence in SAFETY_LINE_TRANSLATIONS
    )
    return fill(
        "helplines.html",
        footer=FOOTER,
        qr=_qr_figure(qr_url) if qr_url else Html(""),
        region=region.name,
        emergency_number=region.emergency_number,
        emergency_note=region.emergency_note,
        helplines=helplines,
        safety_lines=safety_lines,
    )


def render_helpline_sheet(region: Region, *, qr_url: str | None = None) -> bytes:
    return render_document(METADATA_TITLE, helpline_sheet_html(region, qr_url=qr_url))


def practical_steps_html(region: Region) -> Html:
    sections = join(
        fill(
            "step.html",
            heading=section.heading,
            paragraphs=join(Html(f"<p>{escape(p)}</p>") for p in section.paragraphs),
        )
        for section in PRACTICAL_STEPS
    )
    reading = join(Html(f"<li>{escape(item)}</li>") for item in READING_LIST)
    return fill(
        "steps.html",
        footer=FOOTER,
        region=region.name,
        emergency_number=region.emergency_number,
        emergency_note=region.emergency_note,
        sections=sections,
        reading=reading,
    )


def render_practical_steps(region: Region) -> bytes:
    return render_document(METADATA_TITLE, practical_steps_html(region))


def wallet_card_entries(
    region: Region, topics: tuple[str, ...] = WALLET_CARD_TOPICS
) -> tuple[Helpline, ...]:
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


def _digits(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit()) or phone


def wallet_card_html(region: Region, *, topics: tuple[str, ...] = WALLET_CARD_TOPICS) -> Html:
    entries = wallet_card_entries(region, topics)
    return _card_body(region.emergency_number, region.emergency_note.strip(), entries)


def _card_body(emergency_number: str, note: str, entries: tuple[Helpline, ...]) -> Html:
    rows = join(fill("card-row.html", name=h.name, phone=h.phone) for h in entries)
    return fill(
        "card.html",
        emergency_number=emergency_number,
        note=_paragraph("card-note", note) if note else Html(""),
        rows=rows,
    )


def render_wallet_card(region: Region, *, topics: tuple[str, ...] = WALLET_CARD_TOPICS) -> bytes:
    """One card, always: if the data overflows it, the note goes first, then the last numbers.

    A second page would come out of the printer as a separate card that the visitor may not
    notice or may leave behind. The A4 sheet always carries the note.
    """
    note = region.emergency_note.strip()
    entries = wallet_card_entries(region, topics)
    while True:
        document = document_html(
            METADATA_TITLE,
            _card_body(region.emergency_number, note, entries),
            page=WALLET_CARD_PAGE,
            margin="3mm 4mm",
            body_class="card",
        )
        laid_out = _layout(document)
        if len(laid_out.pages) == 1 or not (note or entries):
            return _pdf(laid_out)
        if note:
            note = ""
        else:
            entries = entries[:-1]


def recovery_slip_html(name: str, code: str) -> Html:
    return fill("recovery-slip.html", name=name, code=code)


def render_recovery_slip(name: str, code: str) -> bytes:
    """A card-sized slip with a vault name and its recovery code, for the visitor to take away.

    Printed instead of shown on the operator's terminal, so neither stays in its scrollback.
    Whoever finds the slip learns a name and a code, and nothing about what they open or why:
    the title is neutral and the page names no service, place or date.
    """
    return render_document(
        METADATA_TITLE,
        recovery_slip_html(name, code),
        page=WALLET_CARD_PAGE,
        margin="4mm 5mm",
        body_class="card",
    )
