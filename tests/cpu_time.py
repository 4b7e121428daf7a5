"""Where the suite's CPU time goes: a pytest plugin and its report (docs/TESTING.md).

    HARBOUR_CPU_TIME=/tmp/cpu scripts/test -p tests.cpu_time     # records, one file a worker
    .venv/bin/python -m tests.cpu_time /tmp/cpu                   # per area and per file

On a shared machine wall time says little; the CPU time of each test's setup, call and
teardown (the worker's own, and that of the child processes it waited for: cupsd, tmux's
kiosk, ``python -m kiosk`` commands) is what the run costs. Divided by the cores, it is the
wall time on an idle machine.
"""

from __future__ import annotations

import collections
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

_out: IO[str] | None = None


def _record(item: pytest.Item, phase: str, before: os.times_result, started: float) -> None:
    global _out
    folder = os.environ.get("HARBOUR_CPU_TIME")
    if not folder:
        return
    if _out is None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        _out = open(Path(folder) / f"{worker}.jsonl", "a", buffering=1)  # noqa: SIM115
    after = os.times()
    _out.write(
        json.dumps(
            {
                "id": item.nodeid,
                "phase": phase,
                "wall": time.monotonic() - started,
                "cpu": after.user - before.user + after.system - before.system,
                "child": after.children_user
                - before.children_user
                + after.children_system
                - before.children_system,
            }
        )
        + "\n"
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    before, started = os.times(), time.monotonic()
    yield
    _record(item, "setup", before, started)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    before, started = os.times(), time.monotonic()
    yield
    _record(item, "call", before, started)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    before, started = os.times(), time.monotonic()
    yield
    _record(item, "teardown", before, started)


def report(folder: Path, files: int = 30) -> str:
    rows = [json.loads(line) for path in folder.glob("*.jsonl") for line in path.open()]
    rows = [row for row in rows if "::" in row["id"]]  # tests only
    areas: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    per_file: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0])
    tests: dict[str, set[str]] = collections.defaultdict(set)
    for row in rows:
        path = row["id"].split("::")[0]
        area = "/".join(path.split("/")[:2])
        for key, table in ((area, areas), (path, per_file)):
            table[key][0] += row["cpu"]
            table[key][1] += row["child"]
            table[key][2] += row["wall"]
            tests[key].add(row["id"])
    lines = [
        "| area | tests | CPU s (own) | CPU s (children) | wall s (summed) |",
        "|---|--:|--:|--:|--:|",
    ]
    for name, (cpu, child, wall) in sorted(areas.items(), key=lambda kv: -kv[1][0] - kv[1][1]):
        lines.append(f"| {name} | {len(tests[name])} | {cpu:.0f} | {child:.0f} | {wall:.0f} |")
    total = [sum(values[i] for values in areas.values()) for i in range(3)]
    count = len({row["id"] for row in rows})
    lines.append(f"| all | {count} | {total[0]:.0f} | {total[1]:.0f} | {total[2]:.0f} |")
    lines += ["", "| file | tests | CPU s (own) | CPU s (children) |", "|---|--:|--:|--:|"]
    ranked = sorted(per_file.items(), key=lambda kv: -kv[1][0] - kv[1][1])
    for name, (cpu, child, _) in ranked[:files]:
        lines.append(f"| {name} | {len(tests[name])} | {cpu:.1f} | {child:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 30))
