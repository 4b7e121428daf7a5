"""What the entry form holds while she fills it in, as plain values.

The form's fields are kept here as typed (dates as the text she wrote), so an unfinished entry
can be kept as a draft exactly as it stands, checked one step at a time with one calm line
naming the field, and turned into the diary's ``EntryContent`` when she saves.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import msgspec

from kiosk.diary.model import (
    MAX_TEXT_CHARACTERS,
    Answer,
    Behaviour,
    EntryContent,
    EvidenceItem,
    PoliceContact,
    Source,
    SourceKind,
    When,
    Who,
    Witness,
)
from kiosk.i18n import _
from kiosk.i18n.formats import format_number
from kiosk.text import terminal_safe

# The steps, in order (the review is the last); ``Problem.step`` is an index into this.
STEP_WHEN, STEP_WHAT, STEP_BEHAVIOUR, STEP_WHO = 0, 1, 2, 3
STEP_WITNESSES, STEP_EVIDENCE, STEP_POLICE, STEP_EFFECT = 4, 5, 6, 7
STEP_LINKS, STEP_REVIEW = 8, 9
STEP_COUNT = 10


class FormState(msgspec.Struct, kw_only=True):
    """Every field of the form as it stands; the draft is this, encoded."""

    date: str = ""
    time: str = ""
    time_unknown: bool = False
    approximate: bool = False
    end_date: str = ""
    end_time: str = ""
    where: str = ""
    what_happened: str = ""
    behaviours: list[Behaviour] = []
    technology: str = ""
    identity: str = ""
    others_present: str = ""
    children_present: Answer = Answer.UNKNOWN
    weapon: str = ""
    witnesses: list[Witness] = []
    evidence: list[EvidenceItem] = []
    police_reported: Answer = Answer.UNKNOWN
    police_date: str = ""
    police_force: str = ""
    police_officer: str = ""
    police_reference: str = ""
    police_said: str = ""
    effect: str = ""
    what_you_did: str = ""
    injuries: str = ""
    related: list[int] = []
    source_kind: SourceKind = SourceKind.TYPED_HERE
    source_dated: str = ""  # the paper notes' date, as typed
    note_dated: str = ""  # the day of the note in "My notes" it was made from
    step: int = 0

    def is_blank(self) -> bool:
        """Nothing written or chosen yet (where she is in the form does not count)."""
        return msgspec.structs.replace(self, step=0) == FormState()


def encode(state: FormState) -> str:
    return msgspec.json.encode(state, order="sorted").decode()


def decode(text: str) -> FormState | None:
    """A kept draft read back; None if it cannot be (then it is left where it is)."""
    try:
        state = msgspec.json.decode(text, type=FormState)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    state.step = min(max(state.step, 0), STEP_COUNT - 1)
    return state


@dataclass(frozen=True)
class Problem(Exception):
    """Why the form cannot go on: the step to show and one calm line."""

    step: int
    message: str


# -- dates and times ---------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Spaces separate too: a day tapped on the on-screen letters page ("21 09 2026").
_DAY_FIRST = re.compile(r"^(\d{1,2})(?:[/.\-]|\s+)(\d{1,2})(?:[/.\-]|\s+)(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})(?:[:.h ]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)


def date_hint() -> str:
    """How to write a date, short enough for a field's placeholder."""
    return _("day/month/year")


def _quoted(text: str) -> str:
    return terminal_safe(text if len(text) <= 30 else text[:29] + "…")


def parse_date(text: str, field: str, step: int) -> dt.date | None:
    """A date typed as day/month/year (or year-month-day); None when the field is empty."""
    text = text.strip()
    if not text:
        return None
    iso, day_first = _ISO.match(text), _DAY_FIRST.match(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if day_first:
            return dt.date(int(day_first[3]), int(day_first[2]), int(day_first[1]))
    except ValueError:
        pass
    raise Problem(
        step,
        _(
            "{field}: “{text}” is not a date. Please write it as day/month/year, "
            "for example 21/09/2026."
        ).format(field=field, text=_quoted(text)),
    )


def parse_time(text: str, field: str, step: int) -> dt.time | None:
    """A time typed as 14:30, 2.30pm, 9am, 1430 or 14 30 (as tapped on the on-screen keys'
    letters page, which has no colon); None when the field is empty."""
    text = text.strip()
    if not text:
        return None
    found = _TIME.match(text)
    if found:
        hour, minute = int(found[1]), int(found[2] or 0)
        suffix = (found[3] or "").lower().replace(".", "")
        if suffix and 1 <= hour <= 12:
            hour = hour % 12 + (12 if suffix == "pm" else 0)
        elif suffix:
            hour = 99
        if (found[2] or suffix) and hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise Problem(
        step,
        _("{field}: “{text}” is not a time. Please write it as 14:30 or 2:30pm.").format(
            field=field, text=_quoted(text)
        ),
    )


def typed_date(value: dt.date | None) -> str:
    """A date as the form's field shows it (day/month/year)."""
    return "" if value is None else f"{value.day:02d}/{value.month:02d}/{value.year}"


def typed_time(value: dt.time | None) -> str:
    return "" if value is None else f"{value.hour:02d}:{value.minute:02d}"


# -- checking a step ---------------------------------------------------------------------------


def _required(text: str, step: int, message: str) -> str:
    if not text.strip():
        raise Problem(step, message)
    return text.strip()


def _within_limit(text: str, field: str, step: int) -> str:
    if len(text) > MAX_TEXT_CHARACTERS:
        raise Problem(
            step,
            _(
                "{field} is too long: {count} characters. Please shorten it to {limit} or fewer."
            ).format(
                field=field,
                count=format_number(len(text)),
                limit=format_number(MAX_TEXT_CHARACTERS),
            ),
        )
    return text


def _when(state: FormState, today: dt.date) -> When:
    step = STEP_WHEN
    date = parse_date(state.date, _("Date"), step)
    if date is None:
        raise Problem(
            step,
            _(
                "Please give the date it happened. If you are not sure, give your best guess "
                "and tick “Approximately”."
            ),
        )
    if date > today:
        raise Problem(
            step, _("Date: that day is after today. Please give today's date or an earlier one.")
        )
    time = None if state.time_unknown else parse_time(state.time, _("Time"), step)
    if time is None and not state.time_unknown:
        raise Problem(step, _("Please give the time, or tick “Time not known”."))
    end_date = parse_date(state.end_date, _("End date"), step)
    end_time = parse_time(state.end_time, _("End time"), step)
    if end_time is not None and end_date is None:
        raise Problem(step, _("Please give the end date as well as the end time."))
    if end_date is not None:
        if end_date > today:
            raise Problem(
                step,
                _("End date: that day is after today. Please give today's date or an earlier one."),
            )
        start = dt.datetime.combine(date, time or dt.time(0, 0))
        end = dt.datetime.combine(end_date, end_time or dt.time(23, 59))
        if end < start:
            raise Problem(step, _("The end is before the start. Please check both dates."))
    return When(date, time, state.approximate, end_date, end_time)


def check_step(state: FormState, step: int, today: dt.date) -> None:
    """Raise ``Problem`` if ``step`` cannot be left going forward."""
    if step == STEP_WHEN:
        _when(state, today)
    elif step == STEP_WHAT:
        _required(state.where, step, _("Please say where it happened (or write “unknown”)."))
        _within_limit(state.where, _("Where"), step)
        _required(state.what_happened, step, _("Please say what happened, even in a few words."))
        _within_limit(state.what_happened, _("What happened"), step)
    elif step == STEP_BEHAVIOUR:
        if not state.behaviours:
            raise Problem(
                step, _("Please tick at least one type of behaviour (“Other” if none fits).")
            )
        _within_limit(state.technology, _("Technology involved"), step)
    elif step == STEP_WHO:
        _required(
            state.identity, step, _("Please say who it was, or press “Unknown” if you do not know.")
        )
        for text, field in (
            (state.identity, _("Who")),
            (state.others_present, _("Others present")),
            (state.weapon, _("Weapon")),
        ):
            _within_limit(text, field, step)
    elif step == STEP_POLICE:
        parse_date(state.police_date, _("Date reported"), step)
        _within_limit(state.police_said, _("What the police said"), step)
    elif step == STEP_EFFECT:
        _required(
            state.effect, step, _("Please say how this affected you. A few words are enough.")
        )
        for text, field in (
            (state.effect, _("Effect on you")),
            (state.what_you_did, _("What you did")),
            (state.injuries, _("Injuries and medical help")),
        ):
            _within_limit(text, field, step)
    elif step == STEP_LINKS and state.source_kind is SourceKind.PAPER_NOTES:
        dated = parse_date(state.source_dated, _("Date of the paper notes"), step)
        if dated is None:
            raise Problem(step, _("Please give the date of the paper notes."))


def to_content(state: FormState, today: dt.date) -> EntryContent:
    """The entry to save; raises ``Problem`` (the first step with one) if it cannot be."""
    for step in range(STEP_REVIEW):
        check_step(state, step, today)
    source_dated = None
    if state.source_kind is SourceKind.PAPER_NOTES:
        source_dated = parse_date(state.source_dated, _("Date of the paper notes"), STEP_LINKS)
    elif state.source_kind is SourceKind.FROM_MY_NOTES:
        source_dated = parse_date(state.note_dated, _("Date of the note"), STEP_LINKS)
    return EntryContent(
        when=_when(state, today),
        where=state.where.strip(),
        what_happened=state.what_happened.strip(),
        behaviours=tuple(b for b in Behaviour if b in state.behaviours),
        who=Who(
            identity=state.identity.strip(),
            others_present=state.others_present.strip(),
            children_present=state.children_present,
            weapon=state.weapon.strip(),
        ),
        effect_on_you=state.effect.strip(),
        technology=state.technology.strip(),
        witnesses=tuple(state.witnesses),
        evidence=tuple(state.evidence),
        police=PoliceContact(
            reported=state.police_reported,
            date=parse_date(state.police_date, _("Date reported"), STEP_POLICE),
            force=state.police_force.strip(),
            officer=state.police_officer.strip(),
            reference=state.police_reference.strip(),
            what_police_said=state.police_said.strip(),
        ),
        what_you_did=state.what_you_did.strip(),
        injuries=state.injuries.strip(),
        related=tuple(sorted(set(state.related))),
        source=Source(state.source_kind, source_dated),
    )


def from_content(content: EntryContent) -> FormState:
    """A form filled in from an entry (a note made into an entry)."""
    when = content.when
    return FormState(
        date=typed_date(when.date),
        time=typed_time(when.time),
        approximate=when.approximate,
        end_date=typed_date(when.end_date),
        end_time=typed_time(when.end_time),
        where=content.where,
        what_happened=content.what_happened,
        behaviours=list(content.behaviours),
        technology=content.technology,
        identity=content.who.identity,
        others_present=content.who.others_present,
        children_present=content.who.children_present,
        weapon=content.who.weapon,
        witnesses=list(content.witnesses),
        evidence=list(content.evidence),
        police_reported=content.police.reported,
        police_date=typed_date(content.police.date),
        police_force=content.police.force,
        police_officer=content.police.officer,
        police_reference=content.police.reference,
        police_said=content.police.what_police_said,
        effect=content.effect_on_you,
        what_you_did=content.what_you_did,
        injuries=content.injuries,
        related=list(content.related),
        source_kind=content.source.kind,
        source_dated=(
            typed_date(content.source.dated)
            if content.source.kind is SourceKind.PAPER_NOTES
            else ""
        ),
        note_dated=(
            typed_date(content.source.dated)
            if content.source.kind is SourceKind.FROM_MY_NOTES
            else ""
        ),
    )
