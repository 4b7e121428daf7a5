"""Kill -9 at random moments of recoveries, made as the kiosk makes them: the recovery code and
a new PIN (a new data key, the database re-keyed, a new code waiting inside it), the vault
opened, and the new code marked as seen once she has been shown it.

After every kill a restarted kiosk tries the PIN the child was last told had been set and the
one it was setting: exactly one opens. If the unacknowledged recovery went through, its new
code is waiting in the vault to be shown (never lost, though nobody saw it) and the old code
is spent; if it did not, the old code still works (the next run's first recovery uses it).
Behind the PIN the vault holds everything written before, its diary chain reaching the
gatekeeper's copy of its head, both full checks passing, no old key or database copy left.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.vault.errors import NotRecognised
from kiosk.vault.service import VaultService
from tests.faults.killing import LONG_RUN, Reporter, Tally, kill_somewhere, measure
from tests.faults.vault_secrets import exactly_one_opens, make_vault, pin
from tests.unit.test_vault_kills import NAME, Template


def recoverer(template: Template, start: int, code: str, limit: int) -> Callable[[Reporter], None]:
    """The child's work: recover with ``code`` again and again, acknowledging each new code
    once the vault is open (what she is shown), then again once it was marked as seen."""

    def work(report: Reporter) -> None:
        service = VaultService(template.gatekeeper())
        spent = code
        report.ready()
        for current in range(start, start + limit):
            new = pin(current + 1)
            vault, code_now = service.open_with_recovery(NAME, spent, new, new)
            with vault:
                report.ack(f"{current + 1} {code_now}")
                vault.clear_pending_recovery_code()
                report.ack(f"{current + 1} seen")
            spent = code_now

    return work


@pytest.mark.parametrize(
    "runs", [pytest.param(6, id="quick"), pytest.param(100, id="full", marks=pytest.mark.slow)]
)
def test_kill_minus_nine_during_recoveries_keeps_one_pin_and_a_code_she_can_get(
    kill_folder: Path, runs: int
) -> None:
    template = make_vault(kill_folder)
    pace = measure(recoverer(template, 0, template.code, 3), operations=3, acks_each=2)
    current = exactly_one_opens(template, 3, 4).index
    code = pace.acks[-2].split()[1]  # the measuring run's last code, shown and seen
    chance = random.Random(runs)
    tally = Tally()
    unacknowledged = 0
    seen = True  # the last code was marked as seen (none is waiting in the vault)
    for _ in range(runs):
        outcome = kill_somewhere(chance, recoverer(template, current, code, 100_000), pace, tally)
        told = current
        for line in outcome.acks:
            number, what = line.split()
            assert int(number) in (told, told + 1)
            if what == "seen":
                seen = True
            else:
                told, code, seen = int(number), what, False
        opening = exactly_one_opens(template, told, told + 1)
        if opening.index == told:
            # Shown to her but perhaps not yet marked as seen: still waiting, never another.
            assert opening.pending_code in ((None,) if seen else (None, code))
            seen = opening.pending_code is None
        else:
            # Went through unseen: its code waits in the vault, and the old one is spent.
            unacknowledged += 1
            assert opening.pending_code is not None
            with pytest.raises(NotRecognised):
                template.gatekeeper().recover(NAME, code, pin(told + 2), pin(told + 2))
            code, seen = opening.pending_code, False
        current = opening.index
    assert tally.kills == runs
    tally.assert_spread()
    if runs >= LONG_RUN:
        assert 0 < unacknowledged < runs  # kills landed both sides of the commit point
    # The code last known works: the chain of codes was never broken.
    VaultService(template.gatekeeper()).open_with_recovery(NAME, code, pin(0), pin(0))[0].close()
    print(f"recovery: {tally}, {current} recoveries, {unacknowledged} committed unacknowledged")
