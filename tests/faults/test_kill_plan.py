"""Kill -9 at random moments of safety-plan saves, as the wizard makes them: each step kept as
the plan in progress, then saved as a new version (which clears the plan in progress in the
same transaction).

After every kill a restarted kiosk finds every acknowledged version whole and numbered without
gaps, at most one more (committed in the instant before the kill), a plan in progress that is
the one being worked on or none (never the one just saved again, never half), and both full
checks pass. One vault is used throughout, so the versions pile up as a real plan's do.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.plan.answers import PlanAnswers, PromptAnswer, SectionAnswers, SectionStatus
from kiosk.plan.repository import PlanRepository
from kiosk.vault.gatekeeper import UnlockedKey
from tests.faults.killing import VAULT_RUNS, Reporter, Tally, kill_somewhere, measure
from tests.faults.test_kill_diary import opened
from tests.unit.diary_fixtures import later
from tests.unit.test_vault_kills import NAME, PIN, make_template


def answers(turn: int) -> PlanAnswers:
    """The plan as it stands at ``turn``: bigger than a database page, so a save spans pages."""
    text = f"turn {turn} " + "words she typed " * 300
    return PlanAnswers(
        sections={
            "home": SectionAnswers(
                status=SectionStatus.DONE, prompts={"neighbours": PromptAnswer(text=text)}
            )
        }
    )


def saver(key: UnlockedKey, limit: int) -> Callable[[Reporter], None]:
    """The child's work: keep a step, save it as a version, acknowledging each."""

    def work(report: Reporter) -> None:
        with opened(key) as vault:
            plans = PlanRepository(vault)
            turn = len(plans.versions()) + 1
            report.ready()
            for _ in range(limit):
                plans.keep_in_progress(
                    answers(turn), position="home", based_on=None, saved=later(0)
                )
                report.ack(f"kept {turn}")
                number = plans.save_version(answers(turn), content_version=1, saved=later(turn))
                assert number == turn
                report.ack(f"saved {turn}")
                turn += 1

    return work


def check(key: UnlockedKey, acknowledged: set[int], kept: int | None, *, since: int = 0) -> int:
    """What a restarted kiosk finds; returns the number of versions now. ``kept``: the turn
    whose step was acknowledged as kept and not yet as saved, if any. Versions up to
    ``since`` were read whole at an earlier check: their numbers are checked, not their text."""
    with opened(key) as vault:
        plans = PlanRepository(vault)
        summaries = plans.versions()
        count = len(summaries)
        assert [s.number for s in summaries] == list(range(count, 0, -1))
        assert acknowledged <= set(range(1, count + 1))
        assert count <= max(acknowledged, default=0) + 1
        for number in range(max(1, since), count + 1):
            version = plans.version(number)
            assert version is not None
            assert version.answers == answers(number)
            assert version.saved == later(number)
        in_progress = plans.in_progress()
        if in_progress is not None:
            # Kept but not yet saved: the next turn's, whole; never the last saved one.
            assert in_progress.answers == answers(count + 1)
            assert in_progress.position == "home"
        if kept is not None and count < kept:
            assert in_progress is not None  # acknowledged as kept, not saved: still there
        assert vault.full_check()
        return count


def kill_saves(root: Path, runs: int, chance: random.Random, tally: Tally) -> tuple[int, int]:
    """``runs`` kills on one new vault; the versions it ends with, and how many of them were
    committed but not acknowledged before their kill."""
    template = make_template(root)
    key = template.gatekeeper().unlock(NAME, PIN)
    pace = measure(saver(key, limit=3), operations=3, acks_each=2)
    acknowledged = {1, 2, 3}  # what the measuring run saved
    check(key, acknowledged, None)
    unacknowledged = 0
    for run in range(runs):
        outcome = kill_somewhere(chance, saver(key, limit=100_000), pace, tally)
        kept = None
        for line in outcome.acks:
            what, turn = line.split()
            if what == "saved":
                acknowledged.add(int(turn))
                kept = None
            else:
                kept = int(turn)
        # Every tenth check reads every version again; the others the ones since the last.
        count = check(key, acknowledged, kept, since=0 if run % 10 == 9 else len(acknowledged))
        unacknowledged += count - len(acknowledged)
        acknowledged = set(range(1, count + 1))
    return len(acknowledged), unacknowledged


@pytest.mark.parametrize(
    "runs", [pytest.param(12, id="quick"), pytest.param(150, id="full", marks=pytest.mark.slow)]
)
def test_kill_minus_nine_during_plan_saves_loses_no_acknowledged_version(
    kill_folder: Path, runs: int
) -> None:
    chance = random.Random(runs)
    tally = Tally()
    versions = unacknowledged = 0
    # A new vault every VAULT_RUNS kills: a plan saved a few hundred times is as much of a
    # test as one saved a thousand times, and each check reads the whole vault.
    for first in range(0, runs, VAULT_RUNS):
        done = kill_saves(kill_folder / str(first), min(VAULT_RUNS, runs - first), chance, tally)
        versions, unacknowledged = versions + done[0], unacknowledged + done[1]
    assert tally.kills == runs
    tally.assert_spread()
    print(f"plan: {tally}, {versions} versions, {unacknowledged} unacknowledged")
