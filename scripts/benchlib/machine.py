"""The header of ``docs/PERFORMANCE.md`` (the machine, its load, the commit) and the notes under
the table (where a session's cold start goes, from ``python -X importtime``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.metadata
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .bare_app import READY_TEXT
from .pty_app import PtyApp

ROOT = Path(__file__).resolve().parents[2]
MODULES = "HARBOUR_BENCH_MODULES"


@dataclass(frozen=True)
class Snapshot:
    when: dt.datetime
    clock: float
    load: str


def _load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def snapshot() -> Snapshot:
    return Snapshot(dt.datetime.now(dt.UTC), time.monotonic(), _load())


def _cpu() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float:
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30


def _commit() -> str:
    def git(*words: str) -> str:
        result = subprocess.run(
            ["git", *words], cwd=ROOT, capture_output=True, text=True, check=False, timeout=30
        )
        return result.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit} (with uncommitted changes)" if dirty else commit


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def header(
    started: Snapshot, loads: list[str], quick: bool, repeats: int, arguments: list[str]
) -> str:
    """``loads``: the load averages read between the row functions."""
    ended = snapshot()
    minutes = (ended.clock - started.clock) / 60
    command = " ".join(["scripts/bench", *arguments])
    libraries = ", ".join(
        f"{name} {_version(name)}"
        for name in ("textual", "argon2-cffi", "sqlcipher3", "weasyprint", "msgspec")
    )
    lines = [
        "# Harbour's performance",
        "",
        f"Made by `{command}` on {started.when:%Y-%m-%d %H:%M} UTC in {minutes:.1f} minutes, "
        f"at commit {_commit()}. Do not edit: run `scripts/bench` again (on the kiosk's own "
        "hardware, for figures that count: key derivation depends on its CPU and memory).",
        "",
        f"- Machine: {_cpu()}, {os.cpu_count()} cores, {_memory_gib():.1f} GiB of memory; "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"{libraries}.",
        f"- Load averages (1, 5, 15 minutes, /proc/loadavg): {started.load} at the start, "
        f"{ended.load} at the end; the 1-minute average read between the sections ranged "
        f"{_range([*loads, ended.load])}. The bench itself keeps about one core busy; more is "
        "other work sharing the CPU. Every figure and its baseline were measured alternately "
        "in the same run so that both saw the same load, which makes the ratios steadier "
        "than the times.",
        f"- Each figure is the median of n samples ({repeats} per row unless the row says), "
        "with the spread (largest minus smallest) after it; ratios are of the medians. A target "
        'is "met" only when every sample is within it.',
    ]
    highest = _highest([*loads, ended.load])
    cores = os.cpu_count() or 1
    if highest is not None and highest >= cores:
        lines.append(
            f"- **The machine was overloaded during this run** (1-minute load up to "
            f"{highest:.1f} on {cores} cores): absolute times are inflated, ratios less so. "
            "Targets on absolute times (quick exit, unlock) are judged on this run's times as "
            "they are; re-run on a quiet machine before taking a miss there as the kiosk's."
        )
    if quick:
        lines.append(
            "- **Quick run**: one sample per row, no warm-up, the floor key-derivation "
            "parameters and small sizes. It shows that every row runs; its numbers are not the "
            "kiosk's."
        )
    return "\n".join(lines) + "\n\n"


def _one_minute(loads: list[str]) -> list[float]:
    return [float(load.split()[0]) for load in loads if load != "unknown"]


def _highest(loads: list[str]) -> float | None:
    ones = _one_minute(loads)
    return max(ones) if ones else None


def _range(loads: list[str]) -> str:
    ones = _one_minute(loads)
    return f"from {min(ones):.2f} to {max(ones):.2f}" if ones else "unknown"


HOW_MEASURED = """
## How the rows are measured

- **Cold start**: from forking the process on a pseudo-terminal (80x24) to the read that
  completes the welcome screen: its text, its focused "Open my vault" and its Exit control, all
  drawn (until December 2026 the row stopped at the text alone, and the kiosk's first frame
  then lacked the button, drawn a frame or two later); the kiosk command (supervisor and its
  first session) and the bare Textual app (`scripts/benchlib/bare_app.py`: one line of text)
  are started alternately.
  The kiosk's bytecode is written before the first start (as pip writes it when it installs
  the kiosk): without it, from a shell with `PYTHONDONTWRITEBYTECODE` set, every start compiled
  the kiosk's modules again and the row read 1.86× instead of 1.72× (same run, load 14).
- **Quick exit, app time**: inside the process, from the F12 key event's timestamp (taken by
  Textual's input thread as it parsed the key) to the return of the call that hands the terminal
  driver the first frame of the neutral screen (`scripts/benchlib/timed_session.py` wraps two
  methods to read the clock; the session is otherwise the real `kiosk session`). The bare app
  is timed the same way. This is the time the issue's one-frame target is about; the terminal
  rows add the pseudo-terminal and the reader.
- **Long form**: a new diary entry at its second step, the date and place filled in and 1 000
  characters (300 in a quick run) typed into "What happened" in bursts.
- **Memory**: VmRSS once idle on the first frame (the kiosk command: supervisor and session
  together); during unlock, the session's VmHWM once its vault is open (Argon2id runs in that
  process while the gatekeeper is in-process; with the service, in the service).
- **Unlock**: the gatekeeper's unlock and the vault's opening, in this process, beside Argon2id
  alone with the same parameters; the PIN profile is the one `kiosk admin init` calibrates on
  this machine (`calibrated`, the default). Through the service: `kiosk gatekeeper serve
  --socket PATH` on the same kind of data folder, unlocks alternating with in-process ones.
- **Attacker**: someone holding a copy of the data folder and the kiosk secret can test a PIN
  offline at the cost of one Argon2id; every core busy (one worker per `lanes` cores); the
  allowed PINs are counted with kiosk/vault/pin_policy.py. Without the secret no PIN can be
  tested at all.
- **Diary**: the same database exported unencrypted (`sqlcipher_export`) and read through the
  same repository code and SQL, alternately with the vault.
- **PDF**: each document made by a renderer process, as the kiosk makes it (process start,
  WeasyPrint's import, layout), beside a fresh process importing WeasyPrint and making a
  one-line page.
"""


# -- where the cold start goes --------------------------------------------------------------

_IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)$")


def _first_frame_modules(argv: list[str], wanted: str, folder: Path) -> list[str]:
    """The modules an app has loaded by its first frame, in the order it loaded them."""
    path = folder / "modules.txt"
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    with PtyApp(argv, env={**os.environ, MODULES: str(path)}, cwd=folder) as app:
        app.wait_for(wanted, timeout=60)
        deadline = time.monotonic() + 10
        # The app writes the list in one go, ending with a newline; a file seen between its
        # creation and that write is empty (a run under load once read 0 modules so).
        while not _whole(path) and time.monotonic() < deadline:
            app.settle(0.05)
    names = path.read_text().split()
    return [n for n in names if n not in ("__main__", "__mp_main__") and "bench" not in n]


def _whole(path: Path) -> bool:
    try:
        return path.read_text().endswith("\n")
    except FileNotFoundError:
        return False


def _import_self_times(modules: list[str]) -> dict[str, int]:
    """Each module's own import time (µs, ``-X importtime``'s "self") in a fresh process that
    imports ``modules`` in their order."""
    # __import__, not importlib.import_module: only the import statement's path is timed.
    script = (
        "import sys\n"
        "for name in sys.stdin.read().split():\n"
        "    try:\n"
        "        __import__(name)\n"
        "    except Exception:\n"
        "        pass\n"
    )
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", script],
        input="\n".join(modules),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    times: dict[str, int] = {}
    for line in result.stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if match:
            times[match.group(4)] = int(match.group(1))
    return times


def _group(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "kiosk" and len(parts) > 1 else parts[0]


def _gap_sentences(medians: dict[str, float], extra_import_ms: float) -> str:
    """What the measured medians say: the supervisor's share and the session's own gap."""
    if not {"kiosk", "bare", "session", "session_bare"} <= medians.keys():
        return ""
    to_ms = {name: seconds * 1000 for name, seconds in medians.items()}
    allowance = to_ms["bare"] * 1.3
    gap = to_ms["session"] - to_ms["session_bare"]
    return (
        f"In this run the kiosk command's first frame came after {to_ms['kiosk']:.0f} ms, "
        f"against {allowance:.0f} ms allowed (1.3 × the bare app's {to_ms['bare']:.0f} ms). "
        f"A lone session took {to_ms['session']:.0f} ms against the bare app's "
        f"{to_ms['session_bare']:.0f} ms in its own rounds: {gap:.0f} ms more, of which the "
        f"imports below account for about {extra_import_ms:.0f} ms (the kiosk command starts "
        "its first session before it loads anything else, so what slows a lone session slows "
        "the kiosk's first frame). "
    )


def cold_start_notes(
    session_argv: list[str],
    welcome_text: str,
    bare_argv: list[str],
    medians: dict[str, float],
) -> str:
    """Where a session's start goes beyond a bare Textual app's: the imports of the modules
    each has loaded by its first frame, timed with ``python -X importtime``."""
    with tempfile.TemporaryDirectory(prefix="harbour-bench-") as name:
        folder = Path(name)
        session = _first_frame_modules(session_argv, welcome_text, folder)
        bare = set(_first_frame_modules(bare_argv, READY_TEXT, folder))
    times = _import_self_times(session)
    shared = sum(us for module, us in times.items() if module in bare)
    extra: dict[str, int] = defaultdict(int)
    for module, us in times.items():
        if module not in bare:
            extra[_group(module)] += us
    total_extra = sum(extra.values())
    lines = [
        "",
        "## Where a session's cold start goes",
        "",
        _gap_sentences(medians, total_extra / 1000)
        + f"By its first frame a session has loaded {len(session)} modules; the bare Textual app "
        f"{len(bare)}. Imported in a fresh process in the same order under "
        f"`python -X importtime`, the modules both load take {shared / 1000:.0f} ms and the "
        f"ones only the session loads {total_extra / 1000:.0f} ms (import time only: the "
        "rest of the gap is Harbour's own work before its first frame: config, helpline "
        "files, the screens' composition; `scripts/benchlib/start_phases.py` times each "
        "phase of a session's start, in CPU time, beside the bare app's). The largest of the "
        "session's own, by package:",
        "",
        "| Package (loaded only by the session) | Import time, own | Share of those |",
        "|---|---|---|",
    ]
    for group, us in sorted(extra.items(), key=lambda item: -item[1])[:12]:
        lines.append(f"| {group} | {us / 1000:.1f} ms | {us / max(total_extra, 1) * 100:.0f} % |")
    return "\n".join(lines) + "\n"
