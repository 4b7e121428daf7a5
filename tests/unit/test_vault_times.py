"""A stored moment reads back as the visitor saw it, and only the stored shape is read."""

from __future__ import annotations

import datetime as dt

import pytest

from kiosk.vault.storage.times import shown_time, stored_time


@pytest.mark.parametrize("minutes", [0, 60, -300, 330, 345, -18 * 60, 18 * 60])
def test_a_stored_time_reads_back_in_the_offset_she_saw(minutes: int) -> None:
    seen = dt.datetime(2026, 3, 29, 1, 30, 15, tzinfo=dt.timezone(dt.timedelta(minutes=minutes)))
    utc, offset = stored_time(seen)
    shown = shown_time(utc, offset)
    assert (shown, shown.utcoffset()) == (seen, dt.timedelta(minutes=minutes))
    assert utc.endswith("Z") and len(utc) == 20


@pytest.mark.parametrize(
    "text",
    [
        "2026-09-21 09:00:00Z",
        "2026-09-21T09:00:00",
        "2026-09-21T09:00:00+00:00",
        "2026-09-21T09:00Z",
        "2026-09-21",
        "2026-13-21T09:00:00Z",
        "٢٠٢٦-09-21T09:00:00Z",  # digits of another script
        " 2026-09-21T09:00:00Z",
    ],
)
def test_only_the_stored_shape_is_read(text: str) -> None:
    with pytest.raises(ValueError):
        shown_time(text, 0)
