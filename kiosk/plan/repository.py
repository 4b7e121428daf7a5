"""The plan in the vault: the versions she saved (each with its date and review date) and the
one plan in progress (the wizard's place and answers, kept as she goes).

The only code that writes the plan's SQL (migration 6 makes its tables). Saving a version and
clearing the plan in progress happen in one transaction: a kill at any moment leaves either the
old state or the new one, never a version without its answers or a lost plan in progress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kiosk.plan.answers import PlanAnswers
from kiosk.vault.storage.database import VaultDatabase


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


class PlanRepository:
    def __init__(self, vault: VaultDatabase) -> None:
        self._vault = vault

    def in_progress(self) -> PlanInProgress | None:
        raise NotImplementedError

    def keep_in_progress(
        self, answers: PlanAnswers, *, position: str, based_on: int | None, saved: dt.datetime
    ) -> None:
        raise NotImplementedError

    def discard_in_progress(self) -> None:
        raise NotImplementedError

    def save_version(
        self, answers: PlanAnswers, *, content_version: int, saved: dt.datetime
    ) -> int:
        """Store a new version (the plan in progress is cleared in the same transaction)."""
        raise NotImplementedError

    def latest(self) -> PlanVersion | None:
        raise NotImplementedError

    def version(self, number: int) -> PlanVersion | None:
        raise NotImplementedError

    def versions(self) -> list[PlanVersionSummary]:
        """Every saved version, the newest first."""
        raise NotImplementedError

    def review_due(self, today: dt.date) -> dt.date | None:
        """The latest version's review date if it is today or past, else None."""
        raise NotImplementedError
