"""Counts and lists in the visitor's language, through Babel (CLDR), on screen and in print:
a count gets the language's digit grouping (``1 234`` in Polish, ``12.345`` in Spanish); a
list is joined as the language joins one (``A, B y C``); plurals stay ngettext's.
And a guard: no ``ngettext(…).format(count=n)`` puts a bare count into a sentence."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.diary.model import Behaviour
from kiosk.diary.repository import ConductSummary, DiaryFilter
from kiosk.helplines.loader import load_directory
from kiosk.i18n import use_language
from kiosk.printing import record_format, sheets
from kiosk.printing.documents import HelplineSheet
from kiosk.staff.export import PeriodTotals
from kiosk.staff.numbers import Tally
from kiosk.ui.screens.diary.diary_list import describe_filter
from kiosk.ui.screens.diary.summary import bars, overview
from kiosk.ui.screens.helplines.directory import describe
from kiosk.ui.screens.staff.numbers_chart import Step, draw
from kiosk.ui.wording import staff_log_state

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"


@pytest.fixture
def speaking() -> Iterator[object]:
    yield use_language
    use_language("en")


def _summary(entries: int) -> ConductSummary:
    return ConductSummary(
        entries=entries,
        by_behaviour={Behaviour.FOLLOWING: entries},
        by_month={"2026-01": entries},
        police_references=(),
        first=dt.date(2026, 1, 2),
        latest=dt.date(2026, 1, 30),
    )


def test_a_count_on_screen_is_grouped_as_polish_groups_it(speaking: object) -> None:
    use_language("pl")
    said = overview(_summary(1234))
    assert said.startswith("1\N{NO-BREAK SPACE}234 "), said
    assert "1234" not in said
    chart = str(bars([("Śledzenie", 12345)], 60))
    assert chart.endswith(" 12\N{NO-BREAK SPACE}345"), chart


def test_a_staff_count_in_spanish(speaking: object) -> None:
    use_language("es")
    assert "12.345" in staff_log_state(None, 12345)


def test_a_list_on_screen_is_joined_as_spanish_joins_it(speaking: object) -> None:
    use_language("es")
    kinds = describe_filter(
        DiaryFilter(behaviours=frozenset({Behaviour.FOLLOWING, Behaviour.SOCIAL_MEDIA}))
    )
    # Any of them is kept: a Spanish "or" list.
    assert kinds == "Seguimiento o vigilancia o Redes sociales", kinds


def test_the_languages_a_helpline_speaks_are_named_and_joined_in_hers(speaking: object) -> None:
    live_fear_free = next(
        h for h in load_directory(None).regions["uk"].helplines if h.id == "live-fear-free"
    )
    use_language("es")
    assert "inglés y galés" in str(describe(live_fear_free))
    use_language("pl")
    assert "angielski i walijski" in str(describe(live_fear_free))


def test_printed_lists_are_joined_in_the_sheets_language(speaking: object) -> None:
    use_language("es")
    assert record_format.related((3, 5, 7)) == "3, 5 y 7"
    use_language("cy")
    assert record_format.number(12345) == "12,345"
    use_language("pl")
    body = sheets.html(HelplineSheet(load_directory(None).regions["uk"]))
    assert "Języki: angielski i walijski" in body, "the Welsh helpline's languages"


def _bare_counts(path: Path, root: Path = KIOSK.parent) -> Iterator[str]:
    """Every ``ngettext(s, p, n).format(key=n)`` whose ``n`` goes into the sentence as it is,
    not through ``format_number``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Call)
            and isinstance(node.func.value.func, ast.Name)
            and node.func.value.func.id == "ngettext"
            and len(node.func.value.args) == 3
        ):
            continue
        counted = ast.dump(node.func.value.args[2])
        for keyword in node.keywords:
            if ast.dump(keyword.value) == counted:
                yield f"{path.relative_to(root)}:{node.lineno}: {keyword.arg}="


def test_no_count_goes_into_a_counted_sentence_unformatted(tmp_path: Path) -> None:
    found = [line for path in sorted(KIOSK.rglob("*.py")) for line in _bare_counts(path)]
    assert found == [], "wrap the count in kiosk.i18n.formats.format_number:\n" + "\n".join(found)
    # The guard finds what it guards against, and lets the wrapped form through.
    sample = tmp_path / "sample.py"
    sample.write_text(
        'said = ngettext("{count} entry", "{count} entries", len(xs)).format(count=len(xs))\n'
        'ok = ngettext("{count} note", "{count} notes", n).format(count=format_number(n))\n'
    )
    assert list(_bare_counts(sample, tmp_path)) == ["sample.py:1: count="]


def test_the_centres_numbers_chart_groups_its_scale(speaking: object) -> None:
    use_language("es")
    rows = [PeriodTotals(dt.date(2026, 1, 1), {Tally.VISITS: 12345})]
    assert draw(rows, Tally.VISITS, Step.MONTH).startswith("12.345 ┤")
