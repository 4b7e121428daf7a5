"""Words and dates of the printed diary record, for ``templates/diary-record.html``.

Plain strings only: the template escapes everything it is given. Dates are written the same way
everywhere (2026-11-29, 21:40), so they read the same in any country and sort as they read.
"""

from __future__ import annotations

import datetime as dt

from kiosk.diary.model import Answer, Behaviour, RecordKind, Source, SourceKind, When

BEHAVIOURS = {
    Behaviour.FOLLOWING: "following or watching",
    Behaviour.TURNING_UP: "turning up at home or work",
    Behaviour.CALLS_MESSAGES: "calls, texts, messages",
    Behaviour.SOCIAL_MEDIA: "social media",
    Behaviour.LETTERS_GIFTS: "letters or gifts",
    Behaviour.PROPERTY_DAMAGE: "damage to property",
    Behaviour.THREATS: "threats (direct or through others)",
    Behaviour.TRACKING: "monitoring or tracking (technology)",
    Behaviour.CONTACT_OTHERS: "contact with family or friends",
    Behaviour.VIOLENCE: "physical or sexual violence",
    Behaviour.ORDER_BREACH: "breach of an order",
    Behaviour.OTHER: "other",
}

ANSWERS = {Answer.YES: "yes", Answer.NO: "no", Answer.UNKNOWN: "not known"}

KINDS = {
    RecordKind.ENTRY: "entry",
    RecordKind.AMENDMENT: "amendment",
    RecordKind.WITHDRAWAL: "withdrawal",
}


def day(date: dt.date | None) -> str:
    return date.isoformat() if date is not None else ""


def _time(time: dt.time) -> str:
    return time.strftime("%H:%M")


def stamp(moment: dt.datetime) -> str:
    """A recorded-at time, with the offset it was recorded in: 2026-11-29 21:40 (UTC+01:00)."""
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset else "local time"
    return f"{moment.strftime('%Y-%m-%d %H:%M')} ({zone})"


def happened(when: When) -> str:
    """When it happened as she gave it: "2026-11-02 about 21:30", "… until 2026-11-05 18:00"."""
    text = day(when.date)
    if when.time is not None:
        text += f" {'about ' if when.approximate else ''}{_time(when.time)}"
    elif when.approximate:
        text = f"about {text}"
    if when.end_date is not None:
        text += f" until {day(when.end_date)}"
        if when.end_time is not None:
            text += f" {_time(when.end_time)}"
        text += " (a series)"
    return text


def behaviours(chosen: tuple[Behaviour, ...]) -> str:
    return "; ".join(BEHAVIOURS[b] for b in chosen)


def answer(value: Answer) -> str:
    return ANSWERS[value]


def source(value: Source) -> str:
    if value.kind is SourceKind.PAPER_NOTES:
        return f"copied from paper notes dated {day(value.dated)}".rstrip()
    if value.kind is SourceKind.BY_STAFF:
        return "entered by staff at my request"
    if value.kind is SourceKind.FROM_MY_NOTES:
        return f"from my notes of {day(value.dated)}".rstrip()
    return "typed at the kiosk"


def kind(value: RecordKind) -> str:
    return KINDS[value]


def related(numbers: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in numbers)
