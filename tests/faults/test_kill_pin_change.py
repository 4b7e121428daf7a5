"""Kill -9 at random moments of PIN changes, made as the kiosk makes them: from inside her
open vault (the session lets go of the database while the key is rotated and follows the
re-keyed file), and, every other run, with the vault closed.

After every kill a restarted kiosk tries the PIN the child was last told had been set and the
one it was setting: exactly one opens, never the older one once a change was acknowledged,
and behind it the vault holds everything written before, its diary chain reaching the
gatekeeper's copy of its head, both full checks passing, and no copy of an old wrapped key or
database left once it has been opened.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.vault.service import VaultService
from tests.faults.killing import LONG_RUN, Reporter, Tally, kill_somewhere, measure
from tests.faults.vault_secrets import exactly_one_opens, make_vault, pin
from tests.unit.test_vault_kills import NAME, Template


def changer(
    template: Template, start: int, limit: int, *, in_session: bool
) -> Callable[[Reporter], None]:
    """The child's work: change the PIN from ``pin(start)`` on, acknowledging each change."""

    def work(report: Reporter) -> None:
        keeper = template.gatekeeper()
        session = VaultService(keeper).open(NAME, pin(start)) if in_session else None
        report.ready()
        for current in range(start, start + limit):
            new = pin(current + 1)
            keeper.change_secret(NAME, pin(current), new, new)
            if session is not None:
                session.meta()  # she goes on using her vault, on the re-keyed file
            report.ack(str(current + 1))

    return work


@pytest.mark.parametrize(
    "runs", [pytest.param(6, id="quick"), pytest.param(100, id="full", marks=pytest.mark.slow)]
)
def test_kill_minus_nine_during_pin_changes_leaves_exactly_the_told_pin(
    kill_folder: Path, runs: int
) -> None:
    template = make_vault(kill_folder)
    pace = measure(changer(template, 0, 3, in_session=True), operations=3)
    current = exactly_one_opens(template, 3, 4).index
    chance = random.Random(runs)
    tally = Tally()
    unacknowledged = 0
    for run in range(runs):
        work = changer(template, current, 100_000, in_session=run % 2 == 0)
        acks = kill_somewhere(chance, work, pace, tally).acks
        told = int(acks[-1]) if acks else current
        assert acks == [str(n) for n in range(current + 1, told + 1)]
        # Acknowledged: that PIN, or the next one if the next change went through unseen.
        current = exactly_one_opens(template, told, told + 1).index
        unacknowledged += current - told
    assert tally.kills == runs
    tally.assert_spread()
    if runs >= LONG_RUN:
        assert 0 < unacknowledged < runs  # kills landed both sides of the commit point
    print(f"PIN change: {tally}, {current} changes, {unacknowledged} committed unacknowledged")
