"""The centre's counts: right under several processes at once, whole after a kill at any
moment, a damaged file kept aside, and nothing finer than a day on disk."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import time
from pathlib import Path

import pytest

from kiosk.staff.numbers import CentreNumbers, NumbersUnreadable, Tally
from tests.conftest import FakeClock

DAY = 86_400.0


def _counter_child(data_dir: Path, tally: Tally, times: int) -> int:
    pid = os.fork()
    if pid == 0:  # the child counts, then leaves without running the parent's clean-up
        try:
            numbers = CentreNumbers(data_dir)
            for _ in range(times):
                numbers.count(tally)
        finally:
            os._exit(0)
    return pid


def test_counts_from_several_processes_at_once_all_arrive(data_dir: Path) -> None:
    children = [_counter_child(data_dir, Tally.VISITS, 40) for _ in range(4)]
    children += [_counter_child(data_dir, Tally.QUICK_EXITS, 25) for _ in range(2)]
    for child in children:
        assert os.waitpid(child, 0)[1] == 0
    (today,) = CentreNumbers(data_dir).days()
    assert today.counts[Tally.VISITS] == 160
    assert today.counts[Tally.QUICK_EXITS] == 50


def test_killed_counters_never_leave_an_unreadable_file(data_dir: Path) -> None:
    """kill -9 at random moments of counting: every read in between, and the file at the
    end, is whole, and nothing was set aside as damaged."""
    numbers = CentreNumbers(data_dir)
    numbers.count(Tally.VISITS)
    rng = random.Random(11)
    reads = 0
    for _ in range(25):
        children = [_counter_child(data_dir, Tally.VISITS, 10_000) for _ in range(3)]
        time.sleep(rng.uniform(0.0, 0.03))  # a kill lands anywhere in a count
        for child in children:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
        numbers.days()  # never NumbersUnreadable
        reads += 1
    (today,) = numbers.days()
    assert today.counts[Tally.VISITS] >= 1
    assert numbers.set_aside() == []
    numbers.count(Tally.IDLE_LOCKS)  # the next count tidies what a killed writer left
    leftovers = [p.name for p in numbers.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    assert reads == 25


def test_a_damaged_file_is_kept_aside_and_counting_goes_on(data_dir: Path) -> None:
    numbers = CentreNumbers(data_dir)
    numbers.count(Tally.VISITS)
    numbers.path.write_bytes(b'{"v": 1, "days": {"2026-01-0')
    with pytest.raises(NumbersUnreadable):
        numbers.days()
    numbers.count(Tally.VISITS)
    (kept,) = numbers.set_aside()
    assert (numbers.path.parent / kept).read_bytes() == b'{"v": 1, "days": {"2026-01-0'
    (today,) = numbers.days()
    assert today.counts[Tally.VISITS] == 1


@pytest.mark.parametrize(
    "content",
    [
        b'{"v": 1, "days": {"2026-02-30": {"visits": 1}}}',  # the right shape, no such day
        b'{"v": 1, "days": {"2026-02-03": {"visits": -1}}}',
        b'{"v": 2, "days": {}}',
        b"[]",
    ],
)
def test_a_file_that_is_not_counts_is_unreadable_never_a_crash(
    data_dir: Path, content: bytes
) -> None:
    numbers = CentreNumbers(data_dir)
    numbers.count(Tally.VISITS)
    numbers.path.write_bytes(content)
    with pytest.raises(NumbersUnreadable):
        numbers.days()
    numbers.count(Tally.VISITS)
    assert len(numbers.set_aside()) == 1


def test_a_link_in_place_of_the_file_is_not_followed(data_dir: Path, tmp_path: Path) -> None:
    numbers = CentreNumbers(data_dir)
    numbers.count(Tally.VISITS)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(b'{"v": 1, "days": {}}')
    numbers.path.unlink()
    numbers.path.symlink_to(elsewhere)
    with pytest.raises(NumbersUnreadable):
        numbers.days()


def test_the_file_and_its_folder_say_only_the_day(data_dir: Path) -> None:
    clock = FakeClock(dt.datetime(2026, 3, 14, 15, 9, 26).timestamp())
    numbers = CentreNumbers(data_dir, clock)
    numbers.count(Tally.QUICK_EXITS)
    start = dt.datetime(2026, 3, 14).timestamp()
    assert numbers.path.stat().st_mtime == start
    assert numbers.path.stat().st_atime == start
    assert numbers.path.parent.stat().st_mtime == start
    assert (numbers.path.parent / ".lock").stat().st_mtime == start
    assert oct(numbers.path.stat().st_mode & 0o777) == "0o600"
    assert oct(numbers.path.parent.stat().st_mode & 0o777) == "0o700"
    text = numbers.path.read_text()
    assert "15:09" not in text and "T" not in text.replace("v", "")


def test_days_are_kept_apart_and_chosen_by_range(data_dir: Path) -> None:
    clock = FakeClock(dt.datetime(2026, 3, 30, 23, 0).timestamp())
    numbers = CentreNumbers(data_dir, clock)
    numbers.count(Tally.VISITS)
    clock.advance(2 * 3600)  # after midnight: the next day
    numbers.count(Tally.VISITS, 3)
    numbers.count(Tally.SHEETS_SLIPS)
    clock.advance(3 * DAY)
    numbers.count(Tally.RECOVERIES)
    days = numbers.days()
    assert [d.day for d in days] == [
        dt.date(2026, 3, 30),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 3),
    ]
    assert days[1].counts[Tally.VISITS] == 3
    assert days[1].counts[Tally.SHEETS_SLIPS] == 1
    assert days[1].counts[Tally.IDLE_LOCKS] == 0
    chosen = numbers.days(dt.date(2026, 3, 31), dt.date(2026, 4, 2))
    assert [d.day for d in chosen] == [dt.date(2026, 3, 31)]


def test_nothing_to_count_and_huge_counts_keep_the_file_readable(data_dir: Path) -> None:
    numbers = CentreNumbers(data_dir)
    numbers.count(Tally.VISITS, 0)
    numbers.count(Tally.VISITS, -5)
    assert numbers.days() == []
    numbers.count(Tally.VISITS, 10**9)
    numbers.count(Tally.VISITS, 10**9)
    (today,) = numbers.days()
    assert today.counts[Tally.VISITS] == 10**9


def test_a_count_that_cannot_be_written_is_lost_silently(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "numbers").write_text("a file where the folder should be")
    CentreNumbers(data_dir).count(Tally.VISITS)  # no exception
