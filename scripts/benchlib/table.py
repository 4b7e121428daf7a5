"""The bench's one table: each figure beside the baseline measured in the same run, their ratio,
and the issue's target (if the row has one) said as met or not met.

Rows are made by the row functions of ``scripts/bench.py`` and the other ``benchlib`` modules;
this module only formats them, as Markdown (``docs/PERFORMANCE.md``, and the terminal).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

FRAME_60HZ_SECONDS = 1 / 60
"""One frame at 60 Hz: issue 12's bound on a quick exit's app time, from every screen."""
COLD_START_RATIO = 1.3
"""Issue 8's bound: the kiosk command's first frame within 1.3 times a bare Textual app's."""
UNLOCK_SECONDS = 0.5
UNLOCK_MIN_MEMORY_MIB = 256
"""Issue 12's bound for an unlock: at most half a second, at 256 MiB of Argon2id or more."""

NOT_MEASURED = "not measured"


@dataclass(frozen=True)
class Row:
    """One line of the table. ``baseline`` is what the same run measured to compare ``result``
    with (empty when the row has none); ``ratio`` is result over baseline; ``target`` the
    issue's bound and whether this run met it."""

    measure: str
    setting: str
    result: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""


def row_of(item: Row | tuple[str, str, str]) -> Row:
    """Rows from the older row functions, (measure, setting, result), have no baseline."""
    return item if isinstance(item, Row) else Row(*item)


def ms(samples: Sequence[float]) -> str:
    """Median of seconds, in ms, with the count and the spread."""
    median = statistics.median(samples) * 1000
    spread = (max(samples) - min(samples)) * 1000
    return f"{median:.1f} ms (n={len(samples)}, spread {spread:.1f})"


def mib(samples_kib: Sequence[int]) -> str:
    """Median of KiB, in MiB, with the count and the spread."""
    median = statistics.median(samples_kib) / 1024
    spread = (max(samples_kib) - min(samples_kib)) / 1024
    return f"{median:.0f} MiB (n={len(samples_kib)}, spread {spread:.0f})"


def ratio(result: Sequence[float], baseline: Sequence[float]) -> str:
    """Ratio of the medians."""
    return f"{statistics.median(result) / statistics.median(baseline):.2f}×"


def at_most(samples: Sequence[float], bound: float, wording: str) -> str:
    """``wording`` (the bound, in words) and whether the run met it: met when every sample
    is within the bound; otherwise said honestly, with by how much the median misses."""
    over = sum(1 for s in samples if s > bound)
    median = statistics.median(samples)
    if not over:
        return f"{wording}: met"
    if median <= bound:
        return f"{wording}: met by the median, not by every sample ({over} of {len(samples)} over)"
    return f"{wording}: NOT met (median {(median / bound - 1) * 100:.0f} % over)"


def cold_start_target(kiosk: Sequence[float], bare: Sequence[float]) -> str:
    times = statistics.median(kiosk) / statistics.median(bare)
    wording = f"≤ {COLD_START_RATIO}× bare"
    if times <= COLD_START_RATIO:
        return f"{wording}: met"
    allowed = statistics.median(bare) * COLD_START_RATIO
    extra = (statistics.median(kiosk) - allowed) * 1000
    return f"{wording}: NOT met ({times:.2f}×; {extra:.0f} ms over the allowance)"


def unlock_target(samples: Sequence[float], memory_mib: int) -> str:
    wording = f"≤ {UNLOCK_SECONDS} s at ≥ {UNLOCK_MIN_MEMORY_MIB} MiB"
    if memory_mib < UNLOCK_MIN_MEMORY_MIB:
        return f"{wording}: NOT met (only {memory_mib} MiB)"
    return at_most(samples, UNLOCK_SECONDS, wording)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown(rows: Sequence[Row]) -> str:
    header = ("Measure", "Setting", "Harbour", "Baseline (same run)", "Ratio", "Target")
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    for row in rows:
        cells = (row.measure, row.setting, row.result, row.baseline, row.ratio, row.target)
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"
