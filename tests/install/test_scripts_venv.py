"""``scripts/_venv.sh`` as a newcomer meets it on a machine with pyenv (issue 7, item 16).

pyenv puts a shim for every Python version it knows on the PATH; a shim for a version that is
not selected prints several lines of advice to stderr and fails. Looking for a usable Python
must not show that noise before "== creating .venv": it reads like an error.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_probing_for_python_shows_no_noise_from_a_shim_that_fails(tmp_path: Path) -> None:
    shims = tmp_path / "shims"
    shims.mkdir()
    for version in ("python3.13", "python3.12"):
        shim = shims / version
        # What pyenv's shim prints when the version exists but is not selected.
        shim.write_text(f"#!/bin/sh\necho 'pyenv: {version}: command not found' >&2\nexit 127\n")
        shim.chmod(0o755)
    (shims / "python3.11").symlink_to(sys.executable)
    result = subprocess.run(
        ["bash", "-c", f". {ROOT}/scripts/_venv.sh '' && harbour_python"],
        env={"PATH": f"{shims}:/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "python3.11\n"
    assert result.stderr == ""
