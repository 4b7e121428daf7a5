"""``kiosk doctor --cupsd-conf PATH`` where PATH is not a file: one line, never a hang.

A FIFO blocks whoever opens it to read until something writes; a device may never end.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.operator.doctor import check_cups_spool
from kiosk.printing.cups_config import read_cupsd_conf

# Far more than any read of a small file takes; only a reader blocked for good reaches it.
PATIENCE_SECONDS = 20


def finished(call: Callable[[], object], fifo: Path) -> list[object]:
    """Run ``call`` and return what it gave or raised; a reader left blocked on ``fifo`` is
    let go (a writer opens and closes it) and the test fails instead of hanging."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as error:
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(PATIENCE_SECONDS)
    if worker.is_alive():
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(PATIENCE_SECONDS)
        pytest.fail(f"reading {fifo.name} blocked until a writer came")
    return outcome


def test_a_fifo_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "cupsd.conf"
    os.mkfifo(fifo)
    [outcome] = finished(lambda: read_cupsd_conf(fifo), fifo)
    assert isinstance(outcome, OSError) and outcome.strerror == "not a regular file"


def test_doctor_says_in_one_line_that_a_fifo_is_not_a_file(tmp_path: Path) -> None:
    fifo = tmp_path / "cupsd.conf"
    os.mkfifo(fifo)
    [findings] = finished(lambda: check_cups_spool(fifo), fifo)
    assert isinstance(findings, list) and len(findings) == 1
    [finding] = findings
    assert finding.level == "warning"
    assert finding.message == (
        f"Could not read {fifo} to check what CUPS keeps (not a regular file)."
    )
    assert "--cupsd-conf" in finding.fix
    assert "\n" not in finding.message


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="not a regular file"):
        read_cupsd_conf(tmp_path)
