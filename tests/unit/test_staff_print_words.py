"""Printing for the centre speaks to staff: what went wrong and what to do, never "please ask
staff" (found by the outside typist: the staff screen told staff to ask staff)."""

from __future__ import annotations

import pytest

from kiosk.printing.cups import Reason
from kiosk.printing.pdf_sink import SaveProblem
from kiosk.printing.service import Outcome, Result
from kiosk.ui.wording import centre_not_prepared, centre_print_outcome

OUTCOMES = [
    *(Outcome(Result.PRINTING_PROBLEM, reason=reason) for reason in [*Reason, None]),
    *(Outcome(Result.SAVE_PROBLEM, save_problem=problem) for problem in [*SaveProblem, None]),
    Outcome(Result.NOT_PRINTED),
    Outcome(Result.NOT_MADE),
]


@pytest.mark.parametrize("outcome", OUTCOMES, ids=lambda o: f"{o.result.value}-{o.reason}")
def test_a_problem_printing_for_the_centre_does_not_send_staff_to_staff(
    outcome: Outcome,
) -> None:
    words = centre_print_outcome(outcome, 2)
    assert words.strip()
    assert "ask staff" not in words.lower()


def test_a_sheet_not_prepared_for_the_centre_does_not_send_staff_to_staff() -> None:
    assert "ask staff" not in centre_not_prepared().lower()
