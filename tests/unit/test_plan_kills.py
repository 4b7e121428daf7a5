"""A kiosk killed (SIGKILL) while she saves her plan leaves the old state or the new one: every
saved version whole, numbered without gaps, and a plan in progress that is either the one she
was working on or gone because the version holding it was saved, never both, never half."""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

from kiosk.plan.answers import PlanAnswers, PromptAnswer, SectionAnswers, SectionStatus
from kiosk.plan.repository import PlanRepository
from kiosk.vault.service import VaultService
from tests.unit.diary_fixtures import later
from tests.unit.test_vault_kills import NAME, PIN, Template, make_template

RUNS = 6


def answers(turn: int) -> PlanAnswers:
    """The plan as it stands at ``turn``: big enough that a write spans several pages."""
    text = f"turn {turn} " + "words she typed " * 600
    return PlanAnswers(
        sections={
            "home": SectionAnswers(
                status=SectionStatus.DONE, prompts={"neighbours": PromptAnswer(text=text)}
            )
        }
    )


def save_forever(copy: Template) -> None:
    """What the wizard does, as fast as it can: keep each step, then save it as a version."""
    with VaultService(copy.gatekeeper()).open(NAME, PIN) as vault:
        plans = PlanRepository(vault)
        for turn in range(1, 100_000):
            plans.keep_in_progress(answers(turn), position="home", based_on=None, saved=later(0))
            plans.save_version(answers(turn), content_version=1, saved=later(turn))


def test_killed_at_random_moments_while_saving_the_plan_is_old_or_new(tmp_path: Path) -> None:
    template = make_template(tmp_path / "template")
    chance = random.Random(10)
    saved_counts: list[int] = []
    for run in range(RUNS):
        copy = Template(tmp_path / f"run-{run}")
        shutil.copytree(template.root, copy.root, symlinks=True)
        copy.clock.now = template.clock.now
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            try:
                save_forever(copy)
            finally:
                os._exit(0)
        time.sleep(chance.uniform(0.2, 0.6))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)

        with VaultService(copy.gatekeeper()).open(NAME, PIN) as vault:
            plans = PlanRepository(vault)
            summaries = plans.versions()
            count = len(summaries)
            assert [s.number for s in summaries] == list(range(count, 0, -1))
            for number in range(1, count + 1):
                version = plans.version(number)
                assert version is not None
                assert version.answers == answers(number)
                assert version.saved == later(number)
            kept = plans.in_progress()
            if kept is not None:
                # Kept but not yet saved: the next turn's, whole; never the last saved one.
                assert kept.answers == answers(count + 1)
                assert kept.position == "home"
            assert vault.full_check()
        shutil.rmtree(copy.root)
        saved_counts.append(count)
    # The child got far enough to save before it was killed (the checks above were not all
    # on an empty plan).
    assert max(saved_counts) >= 1, saved_counts
