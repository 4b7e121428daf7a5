"""The diary's reading words and pictures, without a terminal: the month chart and the bars
fit the width they are given and never draw one incident as none, and verification speaks
calmly about every problem the chain can report."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from kiosk.diary.mirror import MIRROR_PROBLEM, MIRROR_UNTRUSTED
from kiosk.diary.repository import ChainHead, Verification, VerificationProblem
from kiosk.ui.screens.diary.diary_list import DiaryScreen
from kiosk.ui.screens.diary.summary import bars, month_chart
from kiosk.ui.screens.diary.verify import MAX_LISTED, VerifyScreen, verdict
from kiosk.ui.screens.vault.diary_head import DiaryHeadNoticeScreen
from tests.ui.conftest import Kiosk
from tests.ui.diary_read_fixtures import screen_text, seed
from tests.ui.helpers import open_vault, settle


def months(counts: list[int], start: dt.date = dt.date(2020, 1, 1)) -> dict[str, int]:
    out = {}
    year, month = start.year, start.month
    for count in counts:
        out[f"{year:04d}-{month:02d}"] = count
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@pytest.mark.parametrize("width", [20, 40, 74, 116])
@pytest.mark.parametrize("length", [1, 3, 12, 40, 200])
def test_the_month_chart_fits_its_width(width: int, length: int) -> None:
    by_month = months([(n * 7) % 13 for n in range(length)])
    picture = month_chart(by_month, width)
    assert all(len(line) <= width for line in picture.plain.split("\n"))
    if length * 1 > width:
        assert "latest" in picture.plain  # it says that older months are left out
        assert list(by_month)[-1] in picture.plain


def test_one_incident_is_never_drawn_as_none() -> None:
    picture = month_chart(months([100, 1, 0]), 30).plain.split("\n")
    bottom = picture[4]  # the chart's lowest line
    columns = bottom.split(" ")
    assert columns[0].strip() and columns[1].strip()  # 100 and 1: both drawn
    assert not columns[2].strip()  # 0: nothing


def test_escalation_shows_as_rising_columns() -> None:
    picture = month_chart(months([1, 2, 4, 8]), 40).plain.split("\n")
    column = 6  # a few months get the widest columns
    heights = [sum(1 for line in picture[:5] if line[i * column].strip()) for i in range(4)]
    assert heights == sorted(heights) and heights[0] < heights[-1]


def test_bars_keep_their_labels_and_counts() -> None:
    rows = [("Contact with family or friends", 12), ("Threats", 3)]
    picture = bars(rows, 74).plain.split("\n")
    assert picture[0].startswith("Contact with family or friends ")
    assert picture[0].endswith(" 12") and picture[1].endswith(" 3")
    assert picture[0].count("█") > picture[1].count("█") > 0


def problems(*codes: str) -> Verification:
    return Verification(
        ChainHead(9, "ab" * 32),
        tuple(VerificationProblem(n, code) for n, code in enumerate(codes, 1)),
    )


def test_every_problem_is_worded_calmly() -> None:
    codes = ["digest", "link", "missing", "order", MIRROR_PROBLEM, MIRROR_UNTRUSTED]
    said = verdict(problems(*codes)).plain
    assert "Part of your record does not match what was stored." in said
    assert "this vault may be an older copy" in said
    assert "cannot confirm this is the latest copy" in said
    assert "could not be checked" not in said  # each code has its own words
    assert "Nothing has been changed or deleted by this check." in said


def test_a_long_list_of_problems_is_counted_not_listed() -> None:
    said = verdict(problems(*["digest"] * (MAX_LISTED + 5))).plain
    assert said.count("Record ") == MAX_LISTED
    assert "… and 5 more." in said


async def test_an_older_copy_put_back_is_shown_by_the_check(kiosk: Kiosk, tmp_path: Path) -> None:
    """The vault's own chain verifies, but the kiosk's copy of its head is further on: the
    check on screen says so (the gatekeeper's copy is used, not the vault alone)."""
    seed(kiosk)
    (vault_dir,) = (kiosk.config.data_path() / "vaults").iterdir()
    saved = tmp_path / "older"
    saved.mkdir()
    for name in ("vault.db", "vault.db-wal"):
        if (vault_dir / name).exists():
            shutil.copy2(vault_dir / name, saved / name)
    from tests.ui.diary_read_fixtures import ENTRIES

    seed(kiosk, ENTRIES[:1])  # a sixth entry, then the older copy goes back
    for name in ("vault.db", "vault.db-wal"):
        (vault_dir / name).unlink(missing_ok=True)
        if (saved / name).exists():
            shutil.copy2(saved / name, vault_dir / name)
    app = kiosk.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_vault(pilot)
        # Told plainly at opening first (the chain helper's notice), then the check says so.
        assert isinstance(app.screen, DiaryHeadNoticeScreen)
        await pilot.click("#understood")
        await pilot.click("#diary")
        await settle(pilot)
        assert isinstance(app.screen, DiaryScreen)
        await pilot.click("#list-verify")
        await settle(pilot)
        assert isinstance(app.screen, VerifyScreen)
        text = screen_text(app)
        assert "Part of your record does not match what was stored." in text
        assert app.screen.verification is not None
        assert not app.screen.verification.intact
