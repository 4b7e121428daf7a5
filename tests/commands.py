"""Run the ``kiosk`` command in this process, as an operator would, and read what it says."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kiosk.operator.cli import main


def run(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    config: Path,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    """``kiosk --config CONFIG ARGS…`` with ``stdin`` as its input: exit code, stdout, stderr."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(["--config", str(config), *args])
    out, err = capsys.readouterr()
    return code, out, err
