"""Benchmarks for Harbour, printed as one table. Run through ``scripts/bench``.

Timing claims live here, never in unit tests: for example that an unknown vault name costs
about the same as a wrong PIN, which is what keeps names from being probed by timing.

``--only vault`` runs the key-derivation, unlock and PIN-policy rows; ``--only print`` the
rendering rows (each document made in a renderer process, as the kiosk makes it, with that
process's peak memory; a 500-entry document and a 500-entry diary record beside the helpline
sheet); ``--only diary`` the diary at 10 000 entries (list and search beside plain SQLite, add,
verify); ``--only plan`` the safety plan (its content file, a step kept, a version saved, the
plan loaded, at 20 versions; "My plan" opened in a pseudo-terminal, a plan at its size limits
beside a small one); ``--only ui`` the rows
measured in a real pseudo-terminal (cold start of the whole ``kiosk`` command, and cold start,
quick exit and memory of one visitor session, each beside a bare Textual app measured the same
way). ``--only cold`` runs just the cold start of the whole ``kiosk`` command beside the bare
app (issue 8), the one row to watch while working on start-up. The default is all of them.

``--quick`` runs every row once, with the cheapest key-derivation parameters (the floor)
instead of the standard ones: it proves the bench still runs (``tests/test_bench.py`` runs it
in CI) and its numbers are not the kiosk's. To add a row, write a function that returns rows
and add it to a section in ``SECTIONS``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchlib import diary_bench, plan_bench, plan_view_bench, ui_bench  # noqa: E402
from benchlib.diary_record import made_up_record  # noqa: E402

from kiosk.vault.errors import VaultError  # noqa: E402
from kiosk.vault.gatekeeper.gate import Gatekeeper, KdfPolicy  # noqa: E402
from kiosk.vault.kdf import FLOOR, KdfParams, standard, stretch  # noqa: E402
from kiosk.vault.pin_policy import refused_share  # noqa: E402
from kiosk.vault.service import VaultService  # noqa: E402

Row = tuple[str, str, str]


@dataclass(frozen=True)
class Run:
    """What every row function is given: how many samples, and whether this is a quick run."""

    repeats: int
    quick: bool

    def pin_params(self) -> KdfParams:
        """The PIN slot's parameters: the standard ones, or the floor for a quick run."""
        return FLOOR if self.quick else standard()


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        with contextlib.suppress(VaultError):
            action()
        samples.append(time.perf_counter() - start)
    return samples


def describe(samples: list[float]) -> str:
    median = statistics.median(samples) * 1000
    spread = (max(samples) - min(samples)) * 1000
    return f"{median:8.1f} ms median (n={len(samples)}, spread {spread:.1f} ms)"


def kdf_rows(run: Run) -> list[Row]:
    rows = []
    for label, params in (("floor / recovery slot", FLOOR), ("standard PIN slot", standard())):
        if not run.quick:
            stretch(b"warm-up", b"\0" * 16, params)
        samples = timed(lambda p=params: stretch(b"583920", b"\1" * 16, p), run.repeats)
        rows.append((f"Argon2id, {label}", params.describe(), describe(samples)))
    return rows


def unlock_rows(run: Run) -> list[Row]:
    repeats, params = run.repeats, run.pin_params()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        secret = data / "gatekeeper" / "kiosk.secret"
        Gatekeeper.initialise(data, secret)
        clock = [1_790_000_000.0]
        gatekeeper = Gatekeeper(data, secret, kdf=KdfPolicy(pin=params), clock=lambda: clock[0])
        gatekeeper.provision("river-stone", "583920", "583920")
        service = VaultService(gatekeeper)

        def right() -> None:
            service.open("river-stone", "583920").close()

        def wrong_pin() -> None:
            clock[0] += 7200  # step past any lock-out so every attempt does the full work
            gatekeeper.unlock("river-stone", f"7{int(clock[0]) % 100000:05d}")

        def unknown_name() -> None:
            clock[0] += 7200
            gatekeeper.unlock("no-such-vault", f"7{int(clock[0]) % 100000:05d}")

        right()
        right_samples = timed(right, repeats)
        wrong_samples = timed(wrong_pin, repeats)
        unknown_samples = timed(unknown_name, repeats)
        gap = abs(statistics.median(unknown_samples) / statistics.median(wrong_samples) - 1)
        return [
            ("Unlock and open, right PIN", params.describe(), describe(right_samples)),
            ("Unlock, wrong PIN", params.describe(), describe(wrong_samples)),
            ("Unlock, unknown name", params.describe(), describe(unknown_samples)),
            ("Unknown name vs wrong PIN", "median difference", f"{gap * 100:8.1f} %"),
        ]


def rotation_rows(run: Run) -> list[Row]:
    """A PIN change re-keys the whole vault (rotation.py); measured with a tiny KDF to show
    the rotation itself: the export, the overwrite of the old file and the fsyncs."""
    notes = 1_000 if run.quick else 10_000
    from kiosk.notes.repository import NotesRepository

    tiny = KdfParams(8, 1, 1)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        secret = data / "gatekeeper" / "kiosk.secret"
        Gatekeeper.initialise(data, secret)
        policy = KdfPolicy(pin=tiny, recovery=tiny, floor=tiny)
        gatekeeper = Gatekeeper(data, secret, kdf=policy)
        current, other = "583920", "402917"
        gatekeeper.provision("river-stone", current, current)
        with VaultService(gatekeeper).open("river-stone", current) as vault:
            for index in range(notes):
                NotesRepository(vault).add(
                    f"note {index}: " + "words " * 30, written=dt.datetime.now(dt.UTC)
                )
        size = sum(p.stat().st_size for p in data.rglob("vault.db"))

        def change() -> None:
            nonlocal current, other
            gatekeeper.change_secret("river-stone", current, other, other)  # raises if refused
            current, other = other, current

        samples = []
        for _ in range(run.repeats):
            start = time.perf_counter()
            change()
            samples.append(time.perf_counter() - start)
    label = f"{notes:,} notes, {size / 1_048_576:.1f} MiB".replace(",", " ")
    return [("PIN change with key rotation (KDF excluded)", label, describe(samples))]


def pin_policy_rows(run: Run) -> list[Row]:
    start = time.perf_counter()
    share = refused_share(6)
    return [
        (
            "PIN policy",
            "6-digit PINs refused",
            f"{share * 100:8.1f} % (checked in {time.perf_counter() - start:.1f} s)",
        )
    ]


def describe_memory(samples_kib: list[int]) -> str:
    median = statistics.median(samples_kib) / 1024
    spread = (max(samples_kib) - min(samples_kib)) / 1024
    return f"{median:8.0f} MiB median (n={len(samples_kib)}, spread {spread:.0f} MiB)"


def cold_start_rows(run: Run) -> list[Row]:
    """The whole ``kiosk`` command (supervisor, then its first session) to the welcome screen,
    beside a bare Textual app, started alternately: issue 8 asks for at most 1.3 times."""
    # Start-up is short and noisy: three times the samples of the other rows, unless quick.
    repeats = run.repeats if run.quick else run.repeats * 3
    got = ui_bench.measure_cold_start(repeats, warm_up=not run.quick)
    pty = f"pty {ui_bench.COLUMNS}x{ui_bench.ROWS}"
    ratio = statistics.median(got.kiosk) / statistics.median(got.bare)
    return [
        ("Cold start to first frame, bare Textual app", f"{pty}, alternating", describe(got.bare)),
        (
            "Cold start to first frame, kiosk command",
            "supervisor + session, welcome",
            describe(got.kiosk),
        ),
        ("Cold start, kiosk command vs bare app", "ratio of medians", f"{ratio:8.2f} x"),
    ]


def ui_rows(run: Run) -> list[Row]:
    got = ui_bench.measure(run.repeats, warm_up=not run.quick)
    pty = f"pty {ui_bench.COLUMNS}x{ui_bench.ROWS}"
    rows: list[Row] = [
        ("Cold start to first frame, bare Textual app", pty, describe(got.bare_start)),
        (
            "Cold start to first frame, Harbour session",
            f"{pty}, welcome",
            describe(got.harbour_start),
        ),
        ("Quick exit, F12 to neutral text, bare app", pty, describe(got.bare_exit)),
        (
            "Quick exit, F12 to neutral text, Harbour",
            "from the welcome screen",
            describe(got.harbour_exit_welcome),
        ),
        (
            "Quick exit, F12 to neutral text, Harbour",
            "from an open vault",
            describe(got.harbour_exit_vault),
        ),
        (
            "Quick exit, F12 to session process ended",
            "from an open vault",
            describe(got.harbour_ended_vault),
        ),
        ("Memory of a bare Textual app (peak RSS)", "before F12", describe_memory(got.bare_rss)),
        (
            "Memory of one session process (peak RSS)",
            "welcome screen, before F12",
            describe_memory(got.harbour_rss_welcome),
        ),
        (
            "Memory of one session process (peak RSS)",
            "open vault, before F12",
            describe_memory(got.harbour_rss_vault),
        ),
    ]
    if any(code != 0 for code in got.harbour_exit_codes):
        rows.append(
            ("Harbour session exit codes after F12", "expected all 0", str(got.harbour_exit_codes))
        )
    return rows


# A fresh process whose only child is a render server with one renderer: it times the render
# as a session's first would see it (WeasyPrint not yet loaded), and once the server is reaped
# the children's peak resident memory is the larger of the two: the renderer's.
_RENDER_PROBE = (
    "import resource, sys, time\n"
    "from kiosk.printing import documents, render_server\n"
    "from kiosk.printing.renderer import render_pdf\n"
    "document = documents.decode(sys.stdin.buffer.read())\n"
    "start = time.perf_counter()\n"
    "render_pdf(document)\n"
    "seconds = time.perf_counter() - start\n"
    "render_server.stop()\n"
    "print(seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def render_once(request: bytes) -> tuple[float, int]:
    """Seconds to render the encoded document in a renderer process, and its peak KiB."""
    result = subprocess.run(
        [sys.executable, "-c", _RENDER_PROBE],
        input=request,
        capture_output=True,
        check=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    seconds, peak_kib = result.stdout.split()
    return float(seconds), int(peak_kib)


def render_rows(run: Run) -> list[Row]:
    """Each document made as the kiosk makes it, in a renderer process: every sample holds the
    process's start, WeasyPrint's import and the layout. The entries document is the shape of
    the diary's printout; the helpline sheet, measured in the same run, is its baseline."""
    from kiosk.helplines.loader import load_directory
    from kiosk.printing.documents import (
        HelplineSheet,
        PracticalSteps,
        WalletCard,
        dummy_entries,
        encode,
    )

    # The directory shipped in the package, as a kiosk whose config names no folder reads it.
    region = load_directory(None).regions["uk"]
    count = 50 if run.quick else 500
    entries = f"{count} entries" + (" (quick run)" if run.quick else "")
    measured = [
        ("helplines", "UK directory", HelplineSheet(region)),
        ("practical-steps", "UK directory", PracticalSteps(region)),
        ("wallet-card", "UK directory", WalletCard(region)),
        ("entries document", entries, dummy_entries(count)),
        # The diary's own printed record: every field, amendments, withdrawals, the code on
        # every page and the closing verification page (the bar: 500 entries, 15 s).
        ("diary record", entries, made_up_record(count)),
    ]
    times: list[Row] = []
    memory: list[Row] = []
    for name, setting, document in measured:
        request = encode(document)
        if not run.quick:
            render_once(request)  # warm the file caches and fonts
        samples = [render_once(request) for _ in range(run.repeats)]
        times.append((f"Render {name} PDF", setting, describe([s for s, _ in samples])))
        peaks = [kib for _, kib in samples]
        memory.append((f"Peak memory of the renderer, {name}", setting, describe_memory(peaks)))
    return times + memory


def diary_rows(run: Run) -> list[Row]:
    """The diary at 10 000 entries, each read beside plain SQLite (benchlib/diary_bench.py)."""
    return diary_bench.diary_rows(run.repeats, run.quick)


def plan_rows(run: Run) -> list[Row]:
    """The safety plan: its content file, and its writes and read (benchlib/plan_bench.py)."""
    return plan_bench.plan_rows(run.repeats)


def plan_view_rows(run: Run) -> list[Row]:
    """ "My plan" opened in a real pseudo-terminal, a plan at its limits beside a small plan
    (benchlib/plan_view_bench.py)."""
    got, sizes = plan_view_bench.measure(run.repeats)
    after = f"F12 {plan_view_bench.F12_AFTER:g} s after Enter"
    rows: list[Row] = []
    for name, label in (("limits", "plan at the limits"), ("small", "small plan")):
        rows += [
            (
                f"Plan view, {label}: open to first frame",
                sizes[name],
                describe(got.first_frame[name]),
            ),
            (f"Plan view, {label}: quick exit during it", after, describe(got.quick_exit[name])),
        ]
    return rows


SECTIONS: dict[str, list[Callable[[Run], list[Row]]]] = {
    "vault": [kdf_rows, unlock_rows, rotation_rows, pin_policy_rows],
    "diary": [diary_rows],
    "plan": [plan_rows, plan_view_rows],
    "ui": [cold_start_rows, ui_rows],
    "print": [render_rows],
}
"""Each ``--only`` choice and its row functions, run in this order."""

COLD = "cold"
"""``--only cold``: the kiosk command's cold start rows alone (part of the ``ui`` section)."""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=None, help="samples per row (default 5)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one sample per row, floor key-derivation parameters, no warm-up: checks that "
        "every row still runs (CI), not how fast the kiosk is",
    )
    parser.add_argument(
        "--only",
        choices=(*SECTIONS, COLD),
        help="run only the vault rows (KDF, unlock, PIN policy), the diary rows, the plan rows, "
        "the terminal UI rows, the sheet-rendering rows, or the kiosk command's cold start "
        "(part of ui)",
    )
    args = parser.parse_args()
    repeats = args.repeats if args.repeats is not None else (1 if args.quick else 5)
    if repeats < 1:
        parser.error("--repeats must be at least 1")
    run = Run(repeats=repeats, quick=args.quick)
    os.umask(0o077)
    rows: list[Row] = cold_start_rows(run) if args.only == COLD else []
    for name, functions in SECTIONS.items():
        if args.only in (None, name):
            for rows_of in functions:
                rows += rows_of(run)
    if run.quick:
        print("Quick run: one sample per row, floor key-derivation parameters for unlocking;")
        print("it shows that every row runs, not how fast this machine is.\n")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows.append(("Peak memory of this run", "resident", f"{peak:8.0f} MiB"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    header = ("measure", "setting", "result")
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
