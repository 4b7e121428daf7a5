"""Words and dates of the printed diary record, for ``templates/diary-record.html``.

Plain strings only: the template escapes everything it is given. Words are in the language the
renderer was asked for. Dates are written with the CLDR pattern the catalogue gives
(``yyyy-MM-dd`` in English: the same in any country, and sorting as they read), with Babel.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING

from kiosk.diary.model import Answer, Behaviour, RecordKind, Source, SourceKind, When
from kiosk.i18n import N_, _, direction
from kiosk.i18n.formats import format_date, format_datetime, format_list, format_number

if TYPE_CHECKING:
    from kiosk.printing.documents import RecordLine

BEHAVIOURS = {
    Behaviour.FOLLOWING: N_("following or watching"),
    Behaviour.TURNING_UP: N_("turning up at home or work"),
    Behaviour.CALLS_MESSAGES: N_("calls, texts, messages"),
    Behaviour.SOCIAL_MEDIA: N_("social media"),
    Behaviour.LETTERS_GIFTS: N_("letters or gifts"),
    Behaviour.PROPERTY_DAMAGE: N_("damage to property"),
    Behaviour.THREATS: N_("threats (direct or through others)"),
    Behaviour.TRACKING: N_("monitoring or tracking (technology)"),
    Behaviour.CONTACT_OTHERS: N_("contact with family or friends"),
    Behaviour.VIOLENCE: N_("physical or sexual violence"),
    Behaviour.ORDER_BREACH: N_("breach of an order"),
    Behaviour.OTHER: N_("other"),
}

ANSWERS = {Answer.YES: N_("yes"), Answer.NO: N_("no"), Answer.UNKNOWN: N_("not known")}

KINDS = {
    RecordKind.ENTRY: N_("entry"),
    RecordKind.AMENDMENT: N_("amendment"),
    RecordKind.WITHDRAWAL: N_("withdrawal"),
}


# Right-to-left letters and digits, and the explicit embeddings, overrides and isolates: text
# holding any of them is set apart in its own run (its dir from its first letter), so it runs
# in its own direction inside it and can never reorder the label or the words around it.
_NEEDS_ITS_OWN_RUN = frozenset(
    {"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)


def needs_own_run(text: str) -> bool:
    """Whether ``text`` must be isolated from what is around it (see ``_NEEDS_ITS_OWN_RUN``;
    on a right-to-left page, left-to-right letters too). Text without such characters is set
    as it is: an isolating run for every field made a 500-entry record a quarter slower to lay
    out."""
    own_run = _NEEDS_ITS_OWN_RUN | ({"L"} if direction() == "rtl" else set())
    return any(unicodedata.bidirectional(c) in own_run for c in text)


def day(date: dt.date | None) -> str:
    # Translators: the CLDR pattern of a date on the printed diary record (yyyy year, MM month,
    # dd day). Keep it numeric if you can: it is evidence, read by police and courts.
    return format_date(date, _("yyyy-MM-dd")) if date is not None else ""


def _time(time: dt.time) -> str:
    return format_datetime(dt.datetime.combine(dt.date(2000, 1, 1), time), "HH:mm")


def stamp(moment: dt.datetime) -> str:
    """A recorded-at time, with the offset it was recorded in: 2026-11-29 21:40 (UTC+01:00)."""
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else _("local time")
    # The time as it was at the kiosk then (its own offset), not converted to the renderer's.
    written = format_datetime(moment.replace(tzinfo=None), _("yyyy-MM-dd HH:mm"))
    return _("{time} ({zone})").format(time=written, zone=zone)


def happened(when: When) -> str:
    """When it happened as she gave it: "2026-11-02 about 21:30", "… until 2026-11-05 18:00"."""
    text = day(when.date)
    if when.time is not None:
        at = _time(when.time)
        text = (_("{date} about {time}") if when.approximate else _("{date} {time}")).format(
            date=text, time=at
        )
    elif when.approximate:
        text = _("about {date}").format(date=text)
    if when.end_date is not None:
        end = day(when.end_date)
        if when.end_time is not None:
            end = _("{date} {time}").format(date=end, time=_time(when.end_time))
        text = _("{start} until {end} (a series)").format(start=text, end=end)
    return text


def behaviours(chosen: tuple[Behaviour, ...]) -> str:
    return "; ".join(_(BEHAVIOURS[b]) for b in chosen)


def answer(value: Answer) -> str:
    return _(ANSWERS[value])


def known(value: Answer) -> str:
    """An answer she gave; "" (not printed) when she did not."""
    return "" if value is Answer.UNKNOWN else _(ANSWERS[value])


def source(value: Source) -> str:
    dated = day(value.dated)
    if value.kind is SourceKind.PAPER_NOTES:
        if dated:
            return _("copied from paper notes dated {date}").format(date=dated)
        return _("copied from paper notes")
    if value.kind is SourceKind.BY_STAFF:
        return _("entered by staff at my request")
    if value.kind is SourceKind.FROM_MY_NOTES:
        return _("from my notes of {date}").format(date=dated) if dated else _("from my notes")
    return _("typed at the kiosk")


def kind(value: RecordKind) -> str:
    return _(KINDS[value])


def number(value: int) -> str:
    """A count as the language groups its digits (1,234; 1 234)."""
    return format_number(value)


def related(numbers: tuple[int, ...]) -> str:
    return format_list([str(n) for n in numbers])


_COLUMNS = "{:>5} {:>5}  {:<10} {:<10}  {:<28}  {}"


def record_header() -> str:
    """The verification page's column headings, in the columns of ``record_row``."""
    return _COLUMNS.format(
        _("No."), _("Entry"), _("Kind"), _("Happened"), _("Recorded"), _("Digest (SHA-256)")
    )


def record_row(line: RecordLine) -> str:
    """One line of the verification page, in the columns of ``record_header``."""
    return _COLUMNS.format(
        line.seq,
        line.entry_number,
        kind(line.kind),
        day(line.happened),
        stamp(line.recorded),
        line.digest,
    )
