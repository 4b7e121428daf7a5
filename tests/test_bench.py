"""``scripts/bench --quick`` runs in CI, so the bench cannot rot unnoticed.

Only that it runs and writes the table with every row (each beside its baseline, each target
said as met or not) is checked here: timings live in the bench's table, never in assertions.
The wording of the targets is checked on made-up samples.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.harness import skip_or_fail

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from benchlib.table import (  # noqa: E402
    FRAME_60HZ_SECONDS,
    Row,
    at_most,
    cold_start_target,
    markdown,
    unlock_target,
)

# Each row of the table (its first cell), and whether it must carry a baseline.
ROWS = (
    ("Cold start to first frame: kiosk command", True),
    ("Cold start to first frame: one session", True),
    ("Resident memory, idle: kiosk command", True),
    ("Resident memory, idle: one session", True),
    ("Resident memory during unlock: one session", True),
    ("Quick exit, app time: F12 read to neutral frame", True),
    ("Quick exit, seen in the terminal: F12 written to neutral text read", True),
    ("Quick exit: F12 written to session process ended", False),
    ("Argon2id alone, PIN slot", False),
    ("Unlock and open, right PIN, gatekeeper in-process", True),
    ("Unlock and open, right PIN, through the gatekeeper service", True),
    ("Unlock, wrong PIN", True),
    ("Unlock, unknown vault name", True),
    ("Attacker's cost per guess (memory × time)", True),
    ("Attacker's guesses on this machine", False),
    ("Time to try every allowed 6-digit PIN on this machine", True),
    ("PIN change with key rotation (Argon2id excluded)", False),
    ("Diary: open the list", True),
    ("Diary: search a word (wardrobe)", True),
    ("Diary: search 2 letters (no index: every record's words)", True),
    ("Diary: add an entry", False),
    ("Diary: verify the whole chain", False),
    ("PDF: helpline sheet", True),
    ("PDF: diary record", True),
    ("PDF: entries document", True),
    ("Peak memory of the renderer: helpline sheet", True),
    ("Peak memory of the renderer: diary record", True),
    ("Plan: read and check the content file", False),
    ("Plan: save a version", False),
    ("Plan view: open to first frame, plan at the limits", True),
    ("Plan view: quick exit during it, plan at the limits", True),
    ("Peak memory of this bench run", False),
)

# Rows that state one of the targets, and how many of each the table holds.
TARGETS = {
    "Cold start to first frame: kiosk command": 1,
    # welcome, open vault, open vault in high contrast and larger text, long form
    "Quick exit, app time: F12 read to neutral frame": 4,
    "Unlock and open, right PIN, gatekeeper in-process": 1,
}


def _cells(document: str) -> list[list[str]]:
    """The cells of the main table: the lines after its header row, up to the first that is
    not a table line."""
    lines = document.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Measure |")) + 2
    rows = []
    for line in lines[start:]:
        if not line.startswith("| "):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


@pytest.mark.bench
def test_quick_bench_writes_the_table_with_every_row(tmp_path: Path) -> None:
    try:
        import weasyprint  # noqa: F401
    except OSError as error:  # the system's Pango is missing
        skip_or_fail(f"WeasyPrint cannot load the system libraries it needs: {error}")
    committed = ROOT / "docs" / "PERFORMANCE.md"
    before = committed.read_bytes() if committed.exists() else None
    output = tmp_path / "PERFORMANCE.md"
    # From a folder outside the checkout, as a clean clone's bench is run from anywhere.
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--output", str(output)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # A quick run never replaces the committed table.
    assert (committed.read_bytes() if committed.exists() else None) == before
    document = output.read_text()
    assert document in result.stdout
    assert "Load averages" in document and "Quick run" in document, document
    cells = _cells(document)
    by_measure: dict[str, list[list[str]]] = {}
    for row in cells:
        assert len(row) == 6, row
        by_measure.setdefault(row[0], []).append(row)
    for measure, with_baseline in ROWS:
        assert measure in by_measure, f"{measure!r} missing from:\n{document}"
        for row in by_measure[measure]:
            assert row[2], row  # a figure, or "not measured: ..." saying why
            if with_baseline:
                assert row[3], f"no baseline beside {row}"
    for measure, count in TARGETS.items():
        verdicts = [row[5] for row in by_measure[measure]]
        assert len(verdicts) == count, verdicts
        assert all(": met" in v or ": NOT met" in v for v in verdicts), verdicts
    assert "Harbour session exit codes" not in document, document
    assert "## Where a session's cold start goes" in document


def test_a_target_is_met_only_when_every_sample_is_within_it() -> None:
    frame = FRAME_60HZ_SECONDS
    assert at_most([0.010, 0.012], frame, "one frame") == "one frame: met"
    assert "not by every sample (1 of 3 over)" in at_most([0.010, 0.012, 0.030], frame, "f")
    assert "NOT met (median 80 % over)" in at_most([0.030, 0.030], frame, "f")


def test_cold_start_and_unlock_targets_say_by_how_much_they_are_missed() -> None:
    assert cold_start_target([0.26], [0.2]) == "≤ 1.3× bare: met"
    assert cold_start_target([0.5], [0.2]) == (
        "≤ 1.3× bare: NOT met (2.50×; 240 ms over the allowance)"
    )
    assert "NOT met (only 64 MiB)" in unlock_target([0.1], 64)
    assert unlock_target([0.4, 0.45], 256).endswith(": met")


def test_the_table_keeps_a_pipe_in_a_cell_from_starting_a_new_column() -> None:
    table = markdown([Row("a | b", "setting", "1 ms", "2 ms", "0.5×", "")])
    assert _cells(table) == [["a \\| b", "setting", "1 ms", "2 ms", "0.5×", ""]]


@pytest.mark.bench
def test_the_start_phases_table_has_every_phase_of_a_session_and_of_the_bare_app(
    tmp_path: Path,
) -> None:
    """scripts/benchlib/start_phases.py says where a session's start goes: one row per phase,
    each with a figure for the session, and the bare app's beside the phases it has too."""
    from benchlib import start_phases

    from kiosk.vault.gatekeeper import Gatekeeper

    config = tmp_path / "kiosk.toml"
    config.write_text("")
    data = tmp_path / "data"
    Gatekeeper.initialise(data, data / "gatekeeper" / "kiosk.secret")
    script = ROOT / "scripts" / "benchlib" / "start_phases.py"
    place = ["--config", str(config), "--data-dir", str(data)]
    result = subprocess.run(
        [sys.executable, str(script), "--rounds", "1", *place],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert lines and lines[0].startswith("| Phase (kiosk session) |"), result.stdout
    cells = [[cell.strip() for cell in line[2:-2].split(" | ")] for line in lines[1:]]
    rows = {row[0]: row for row in cells}
    for session_phase, bare_phase in start_phases.ROWS:
        row = rows[session_phase]
        assert float(row[1]) >= 0, row
        if bare_phase:
            assert float(row[2]) >= 0 and row[3] == bare_phase, row
        else:
            assert row[2] == "", row
    total = rows["**total**"]
    assert total[3].startswith("ratio "), total


def test_the_bench_waits_for_a_colour_drawn_late_and_says_what_it_saw_if_it_never_comes() -> None:
    """The looks round waits for high contrast's colour: under load, choosing the look was
    drawn after the bench had stopped reading once, and CI failed on a kiosk that was right."""
    from benchlib.pty_app import PtyApp, TimedOut

    yellow = b";5;226m"
    late = (
        "import time; time.sleep(1.5); print('plain'); "
        "print('\\x1b[38;5;226mlate', flush=True); time.sleep(5)"
    )
    with PtyApp([sys.executable, "-c", late], cwd=ROOT, rows=24, columns=80) as app:
        mark = app.mark()
        app.wait_for_bytes(yellow, since=mark, timeout=20)
        assert "late" in app.text_since(mark)
    never = "print('only plain words', flush=True); import time; time.sleep(5)"
    with (
        PtyApp([sys.executable, "-c", never], cwd=ROOT, rows=24, columns=80) as app,
        pytest.raises(TimedOut, match="only plain words"),
    ):
        app.wait_for_bytes(yellow, timeout=1)
