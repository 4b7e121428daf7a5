"""The course-of-conduct summary: counts by behaviour and by month (every month from the first
to the latest, zeros included), police references, first and latest incident; never a score."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kiosk.diary.model import Behaviour, PoliceContact, Withdrawal
from kiosk.diary.repository import ConductSummary, DiaryRepository
from kiosk.diary.summary import every_month
from tests.unit.diary_fixtures import content, diary, later, vault

__all__ = ["diary", "vault"]  # fixtures


def test_an_empty_diary_has_nothing_to_count(diary: DiaryRepository) -> None:
    summary = diary.summary()
    assert (summary.entries, summary.by_month, summary.police_references) == (0, {}, ())
    assert (summary.first, summary.latest) == (None, None)
    assert set(summary.by_behaviour.values()) == {0}


def test_counts_by_behaviour_and_by_every_month_with_the_police_references(
    diary: DiaryRepository,
) -> None:
    written = [
        (dt.date(2025, 11, 3), (Behaviour.CALLS_MESSAGES,), ""),
        (dt.date(2025, 11, 20), (Behaviour.CALLS_MESSAGES, Behaviour.FOLLOWING), "REF/1"),
        (dt.date(2026, 2, 14), (Behaviour.THREATS, Behaviour.FOLLOWING), " REF/2 "),
        (dt.date(2026, 2, 1), (Behaviour.VIOLENCE,), "REF/1"),  # typed up later, same reference
        (dt.date(2026, 2, 28), (Behaviour.OTHER,), "REF/3"),  # withdrawn below
    ]
    for minute, (day, behaviours, reference) in enumerate(written):
        diary.add(
            content(
                f"entry {minute + 1}",
                day=day,
                behaviours=behaviours,
                police=PoliceContact(reference=reference),
            ),
            recorded=later(minute),
        )
    diary.withdraw(5, Withdrawal(), recorded=later(9))

    summary = diary.summary()

    assert summary.entries == 4
    assert summary.by_month == {
        "2025-11": 2,
        "2025-12": 0,
        "2026-01": 0,
        "2026-02": 2,
    }
    assert list(summary.by_behaviour) == list(Behaviour)  # every type, in the model's order
    assert {b: n for b, n in summary.by_behaviour.items() if n} == {
        Behaviour.CALLS_MESSAGES: 2,
        Behaviour.FOLLOWING: 2,
        Behaviour.THREATS: 1,
        Behaviour.VIOLENCE: 1,
    }
    assert summary.police_references == ("REF/1", "REF/2")
    assert (summary.first, summary.latest) == (dt.date(2025, 11, 3), dt.date(2026, 2, 14))


def test_the_summary_is_counts_only_never_a_score() -> None:
    fields = {field.name for field in dataclasses.fields(ConductSummary)}
    assert fields == {
        "entries",
        "by_behaviour",
        "by_month",
        "police_references",
        "first",
        "latest",
    }
    assert not {name for name in fields if "score" in name or "risk" in name or "danger" in name}


def test_every_month_across_a_year_end() -> None:
    assert every_month({"2025-12": 1, "2026-02": 3}) == {"2025-12": 1, "2026-01": 0, "2026-02": 3}
    assert every_month({"2026-05": 2}) == {"2026-05": 2}
    assert every_month({}) == {}
    assert len(every_month({"2020-01": 1, "2026-12": 1})) == 7 * 12


def test_a_date_centuries_away_never_fills_a_million_months() -> None:
    """One entry dated 0001 (a typo for 2001, or a file's) and one in 9999 made 1.2 million
    months: seconds in the worker, then seconds more drawing them on the screen's own thread,
    where a quick exit waits. Beyond a century, only the months with entries are kept."""
    months = every_month({"0001-01": 1, "2026-03": 2, "9999-12": 1})
    assert months == {"0001-01": 1, "2026-03": 2, "9999-12": 1}
    span = every_month({"1926-04": 1, "2026-03": 1})  # a century exactly: every month, zeros too
    assert len(span) == 1200 and span["1980-01"] == 0
