"""What a render reads from disk tells nothing: after the warm-up every session's render server
does, printing her safety plan or wallet card reads no file of Harbour's.

A file's access time is readable by anyone who can stat it, and the usual ``relatime`` mount
still moves it on the first read after a change or once a day. A template read only when a plan
is printed would date the first plan printed at the kiosk each day: an abuser with a shell and
the day she was at the centre would learn that she made one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import kiosk
from kiosk.plan.answers import CardChoices
from kiosk.printing import render_server
from kiosk.printing.documents import RecoverySlip
from kiosk.printing.plan_document import plan_card, plan_outline, plan_sheet
from kiosk.printing.renderer import render_pdf
from tests.printing.plan_samples import ANSWERS, CONTENT
from tests.printing.test_plan_printed import region

PACKAGE = Path(kiosk.__file__).parent
LONG_AGO = time.time() - 10 * 24 * 3600


def _age(files: list[Path]) -> dict[Path, float]:
    """Set every file's access time ten days back (relatime then moves it on any read)."""
    for path in files:
        os.utime(path, (LONG_AGO, path.stat().st_mtime))
    return {path: path.stat().st_atime for path in files}


def _read_since(aged: dict[Path, float]) -> list[str]:
    return sorted(
        str(p.relative_to(PACKAGE)) for p, atime in aged.items() if p.stat().st_atime != atime
    )


def test_printing_a_plan_reads_no_file_the_warm_up_did_not() -> None:
    files = [p for p in (PACKAGE / "printing").rglob("*") if p.is_file()]
    probe = _age(files[:1])
    files[0].read_bytes()
    if not _read_since(probe):
        pytest.skip("this file system does not record access times (noatime)")

    render_server.warm()  # what every session asks for after its first frame
    # Served after the warm-up (the server warms before it forks the next renderer).
    render_pdf(RecoverySlip(name="warm-up done", code="0000"))
    # An access time is the file's, not this process's: another test process importing the
    # printing code at the same moment (the suite runs in parallel) moves it too. Each render
    # runs in a fresh child of the warmed server, so a file a plan's print reads is read on
    # every try; a clean try proves none is. Under a full parallel run other processes start
    # sessions all the time (three tries in a row each saw their reads of printing's bytecode).
    seen: list[list[str]] = []
    for _try in range(10):
        aged = _age(files)
        render_pdf(plan_sheet(plan_outline(CONTENT, ANSWERS, region("uk")), {"home", "stalking"}))
        render_pdf(plan_card(CONTENT, ANSWERS, region("uk"), CardChoices(code_word=True)))
        seen.append(_read_since(aged))
        if not seen[-1]:
            break
    assert not seen[-1], f"a plan's print shows in these files' access times: {seen}"
