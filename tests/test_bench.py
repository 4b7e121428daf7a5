"""``scripts/bench --quick`` runs in CI, so the bench cannot rot unnoticed.

Only that it runs and prints every row is checked here: timings live in the bench's table,
never in assertions.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.harness import skip_or_fail

ROOT = Path(__file__).resolve().parents[1]

ROWS = (
    "Argon2id, floor / recovery slot",
    "Argon2id, standard PIN slot",
    "Unlock and open, right PIN",
    "Unlock, unknown name",
    "PIN policy",
    "Cold start to first frame, Harbour session",
    "Cold start to first frame, kiosk command",
    "Cold start, kiosk command vs bare app",
    "Quick exit, F12 to neutral text, Harbour",
    "Memory of one session process (peak RSS)",
    "Render helplines PDF",
    "Render wallet-card PDF",
    "Render entries document PDF",
    "Peak memory of the renderer, entries document",
    "Render diary record PDF",
    "Peak memory of the renderer, diary record",
    "Diary: open the list, vault vs plain",
    "Diary: search, vault vs plain",
    "Diary: add an entry",
    "Diary: verify the whole chain",
    "Plan: read and check the content file",
    "Plan: keep the plan in progress (a step)",
    "Plan: save a version",
    "Plan: load latest, versions, in progress",
    "Plan view, plan at the limits: open to first frame",
    "Plan view, plan at the limits: quick exit during it",
    "Plan view, small plan: open to first frame",
    "Peak memory of this run",
)


@pytest.mark.bench
def test_quick_bench_runs_every_row(tmp_path: Path) -> None:
    try:
        import weasyprint  # noqa: F401
    except OSError as error:  # the system's Pango is missing
        skip_or_fail(f"WeasyPrint cannot load the system libraries it needs: {error}")
    # From a folder outside the checkout, as a clean clone's bench is run from anywhere.
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    for row in ROWS:
        assert row in result.stdout, f"{row!r} missing from:\n{result.stdout}"
    assert "Harbour session exit codes" not in result.stdout, result.stdout
