"""The entry form's values without a screen: dates and times as typed, each step's refusal
(one line, naming the field), and the form turned into an entry and back."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.diary.model import Behaviour, EntryContent, Source, SourceKind, When, Who
from kiosk.ui.screens.diary.entry_state import (
    STEP_EFFECT,
    STEP_LINKS,
    STEP_WHAT,
    STEP_WHEN,
    FormState,
    Problem,
    check_step,
    from_content,
    parse_date,
    parse_time,
    to_content,
)

TODAY = dt.date(2026, 9, 21)


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("20/09/2026", dt.date(2026, 9, 20)),
        ("2026-09-20", dt.date(2026, 9, 20)),
        ("1.2.2026", dt.date(2026, 2, 1)),
        ("  ", None),
    ],
)
def test_dates_are_read_day_first_or_as_iso(typed: str, date: dt.date | None) -> None:
    assert parse_date(typed, "Date", 0) == date


@pytest.mark.parametrize(
    "typed", ["31/02/2026", "09/20/2026", "yesterday", "2026/13/01", "\x1b[2J"]
)
def test_a_date_that_is_not_one_gets_one_clear_line(typed: str) -> None:
    with pytest.raises(Problem) as refused:
        parse_date(typed, "Date", 0)
    assert refused.value.message.startswith("Date: “")
    assert "\n" not in refused.value.message and "\x1b" not in refused.value.message


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("14:30", dt.time(14, 30)),
        ("2.30pm", dt.time(14, 30)),
        ("9am", dt.time(9, 0)),
        ("12am", dt.time(0, 0)),
        ("1430", dt.time(14, 30)),
        ("", None),
    ],
)
def test_times_as_people_write_them(typed: str, time: dt.time | None) -> None:
    assert parse_time(typed, "Time", 0) == time


@pytest.mark.parametrize("typed", ["9", "25:00", "13pm", "14:75", "noon"])
def test_a_time_that_is_not_one_is_refused(typed: str) -> None:
    with pytest.raises(Problem):
        parse_time(typed, "Time", 0)


def test_each_required_field_is_named_and_unknown_is_accepted() -> None:
    state = FormState(date="20/09/2026", time_unknown=True)
    check_step(state, STEP_WHEN, TODAY)
    with pytest.raises(Problem) as refused:
        check_step(state, STEP_WHAT, TODAY)
    assert refused.value.step == STEP_WHAT and "where" in refused.value.message
    state.where = state.what_happened = "unknown"
    check_step(state, STEP_WHAT, TODAY)
    with pytest.raises(Problem) as refused:
        check_step(state, STEP_EFFECT, TODAY)
    assert "affected you" in refused.value.message


def test_the_end_of_a_series_cannot_come_before_its_start() -> None:
    state = FormState(date="20/09/2026", time="20:00", end_date="19/09/2026")
    with pytest.raises(Problem) as refused:
        check_step(state, STEP_WHEN, TODAY)
    assert "before the start" in refused.value.message


def test_paper_notes_need_their_date() -> None:
    state = FormState(source_kind=SourceKind.PAPER_NOTES)
    with pytest.raises(Problem):
        check_step(state, STEP_LINKS, TODAY)
    state.source_dated = "01/09/2026"
    check_step(state, STEP_LINKS, TODAY)


def test_the_form_becomes_the_entry_and_back() -> None:
    content = EntryContent(
        when=When(dt.date(2026, 9, 20), dt.time(20, 15), approximate=True),
        where="Mill Road",
        what_happened='Said "[b]x[/b]"',
        behaviours=(Behaviour.THREATS, Behaviour.FOLLOWING),
        who=Who("unknown"),
        effect_on_you="Scared",
        source=Source(SourceKind.FROM_MY_NOTES, dt.date(2026, 9, 21)),
    )
    again = to_content(from_content(content), TODAY)
    assert again.behaviours == (Behaviour.FOLLOWING, Behaviour.THREATS)  # the list's order
    assert msgspec_equal(again, content)


def msgspec_equal(a: EntryContent, b: EntryContent) -> bool:
    import msgspec

    return bool(
        msgspec.structs.replace(a, behaviours=tuple(sorted(a.behaviours, key=str)))
        == msgspec.structs.replace(b, behaviours=tuple(sorted(b.behaviours, key=str)))
    )
