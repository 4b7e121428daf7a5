"""The plan in the vault: the versions she saved (each with its date and review date) and the
one plan in progress (the wizard's place and answers, kept as she goes).

The only code that writes the plan's SQL (migration 6 makes its tables). Saving a version and
clearing the plan in progress happen in one transaction: a kill at any moment leaves either the
old state or the new one, never a version without its answers or a lost plan in progress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec

from kiosk.plan.answers import PlanAnswers, decode_answers, encode_answers
from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.sql import Row, SqlValue
from kiosk.vault.storage.times import shown_time, stored_time


@dataclass(frozen=True)
class PlanVersion:
    number: int  # 1, 2, 3 … in the order saved
    saved: dt.datetime  # aware, in the offset she saw
    review_on: dt.date | None
    content_version: int
    answers: PlanAnswers


@dataclass(frozen=True)
class PlanVersionSummary:
    number: int
    saved: dt.datetime
    review_on: dt.date | None


@dataclass(frozen=True)
class PlanInProgress:
    """Where the wizard was and what she had entered (resumed exactly there)."""

    answers: PlanAnswers
    position: str  # a Section.id, or "start"/"situation"/"finish" for the wizard's own pages
    based_on: int | None  # the version being changed; None for a first plan
    saved: dt.datetime


MAX_POSITION_CHARACTERS = 64
_LARGEST_NUMBER = 2**63 - 1


class PlanRepository:
    def __init__(self, vault: VaultDatabase) -> None:
        self._vault = vault

    def in_progress(self) -> PlanInProgress | None:
        with self._vault.reading() as reader:
            row = reader.fetch_one(
                "SELECT position, based_on, saved_utc, utc_offset_minutes, answers"
                " FROM plan_in_progress WHERE slot = 1"
            )
        if row is None:
            return None
        position, based_on, saved_utc, offset, answers = row
        return PlanInProgress(
            answers=decode_answers(str(answers)),
            position=str(position),
            based_on=None if based_on is None else int(str(based_on)),
            saved=shown_time(str(saved_utc), int(str(offset))),
        )

    def keep_in_progress(
        self, answers: PlanAnswers, *, position: str, based_on: int | None, saved: dt.datetime
    ) -> None:
        """Keep ``answers`` and the wizard's place as the plan in progress, replacing the last."""
        if not position or len(position) > MAX_POSITION_CHARACTERS or not position.isprintable():
            raise ValueError("the wizard's position is a short printable name")
        if based_on is not None and not 1 <= based_on <= _LARGEST_NUMBER:
            raise ValueError("a plan is based on a saved version, numbered from 1")
        body = _checked_body(answers)
        saved_utc, offset = stored_time(saved)
        with self._vault.transaction() as tx:
            tx.execute(
                "INSERT INTO plan_in_progress (slot, position, based_on, saved_utc,"
                " utc_offset_minutes, answers) VALUES (1, ?, ?, ?, ?, ?)"
                " ON CONFLICT (slot) DO UPDATE SET position = excluded.position,"
                " based_on = excluded.based_on, saved_utc = excluded.saved_utc,"
                " utc_offset_minutes = excluded.utc_offset_minutes, answers = excluded.answers",
                (position, based_on, saved_utc, offset, body),
            )

    def discard_in_progress(self) -> None:
        with self._vault.transaction() as tx:
            tx.execute("DELETE FROM plan_in_progress")

    def save_version(
        self, answers: PlanAnswers, *, content_version: int, saved: dt.datetime
    ) -> int:
        """Store a new version (the plan in progress is cleared in the same transaction)."""
        if not 1 <= content_version <= _LARGEST_NUMBER:
            raise ValueError("content versions are numbered from 1")
        body = _checked_body(answers)
        saved_utc, offset = stored_time(saved)
        review_on = None if answers.review_on is None else answers.review_on.isoformat()
        with self._vault.transaction() as tx:
            row = tx.fetch_one("SELECT coalesce(max(number), 0) + 1 FROM plan_versions")
            assert row is not None
            number = int(str(row[0]))
            tx.execute(
                "INSERT INTO plan_versions (number, saved_utc, utc_offset_minutes, review_on,"
                " content_version, answers) VALUES (?, ?, ?, ?, ?, ?)",
                (number, saved_utc, offset, review_on, content_version, body),
            )
            tx.execute("DELETE FROM plan_in_progress")
        return number

    def latest(self) -> PlanVersion | None:
        with self._vault.reading() as reader:
            row = reader.fetch_one(
                "SELECT number, saved_utc, utc_offset_minutes, review_on, content_version,"
                " answers FROM plan_versions ORDER BY number DESC LIMIT 1"
            )
        return None if row is None else _version(row)

    def version(self, number: int) -> PlanVersion | None:
        if not 1 <= number <= _LARGEST_NUMBER:  # SQLite's integers end there
            return None
        with self._vault.reading() as reader:
            row = reader.fetch_one(
                "SELECT number, saved_utc, utc_offset_minutes, review_on, content_version,"
                " answers FROM plan_versions WHERE number = ?",
                (number,),
            )
        return None if row is None else _version(row)

    def versions(self) -> list[PlanVersionSummary]:
        """Every saved version, the newest first."""
        with self._vault.reading() as reader:
            rows = reader.fetch_all(
                "SELECT number, saved_utc, utc_offset_minutes, review_on FROM plan_versions"
                " ORDER BY number DESC"
            )
        return [
            PlanVersionSummary(
                number=int(str(number)),
                saved=shown_time(str(saved_utc), int(str(offset))),
                review_on=_date(review_on),
            )
            for number, saved_utc, offset, review_on in rows
        ]

    def review_due(self, today: dt.date) -> dt.date | None:
        """The latest version's review date if it is today or past, else None."""
        with self._vault.reading() as reader:
            row = reader.fetch_one(
                "SELECT review_on FROM plan_versions ORDER BY number DESC LIMIT 1"
            )
        review_on = None if row is None else _date(row[0])
        return review_on if review_on is not None and review_on <= today else None


def _version(row: Row) -> PlanVersion:
    number, saved_utc, offset, review_on, content_version, answers = row
    return PlanVersion(
        number=int(str(number)),
        saved=shown_time(str(saved_utc), int(str(offset))),
        review_on=_date(review_on),
        content_version=int(str(content_version)),
        answers=decode_answers(str(answers)),
    )


def _checked_body(answers: PlanAnswers) -> str:
    """The answers as canonical JSON, read back through their own decoder first: what cannot
    be read back (an answer over the limits) is refused here, never stored."""
    body = encode_answers(answers)
    try:
        decode_answers(body)
    except msgspec.ValidationError as error:
        raise PlanTooLarge(str(error)) from None
    return body.decode("utf-8")


def _date(value: SqlValue) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value))


class PlanTooLarge(ValueError):
    """An answer is longer, or lists more, than a plan keeps (kiosk/plan/answers.py limits)."""
