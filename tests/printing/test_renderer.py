"""The renderer process: what it is sent, how it fails, and that it never outlives a render,
a cancelled session or a killed one. Real processes throughout, watched through /proc."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kiosk.printing.cups import SessionPrintJobs
from kiosk.printing.documents import RecoverySlip, dummy_entries, encode
from kiosk.printing.render_worker import EXIT_BAD_REQUEST, EXIT_PARENT_GONE
from kiosk.printing.renderer import RenderCancelled, RenderError, render_pdf
from tests.printing.pdftext import pdf_text
from tests.printing.processes import (
    renderers,
    running,
    wait_for_renderer,
    wait_until_gone,
    wait_until_laying_out,
)

LONG = dummy_entries(500)
ROOT = Path(__file__).resolve().parents[2]


class RenderInThread:
    """``render_pdf`` in a thread, as the kiosk's print worker calls it."""

    def __init__(self, jobs: SessionPrintJobs | None) -> None:
        self.result: bytes | None = None
        self.error: Exception | None = None
        self.thread = threading.Thread(target=self._run, args=(jobs,), daemon=True)
        self.thread.start()

    def _run(self, jobs: SessionPrintJobs | None) -> None:
        try:
            self.result = render_pdf(LONG, jobs=jobs)
        except Exception as error:
            self.error = error


def test_a_render_leaves_no_process_behind() -> None:
    pdf = render_pdf(RecoverySlip("river-stone", "7K3M-Q9TD-AB12-CD34-EF56"))
    assert "river-stone" in pdf_text(pdf)
    assert renderers(os.getpid()) == []


def test_closing_the_session_kills_and_reaps_a_render_in_flight() -> None:
    jobs = SessionPrintJobs()
    render = RenderInThread(jobs)
    renderer = wait_for_renderer(os.getpid())
    jobs.close()  # what the quick exit's recall does first
    # Reaped by the time close() returns: not even a zombie is left.
    assert not Path(f"/proc/{renderer}").exists()
    render.thread.join(timeout=30)
    assert not render.thread.is_alive()
    assert isinstance(render.error, RenderCancelled) and render.result is None
    assert renderers(os.getpid()) == []


def test_after_the_session_ended_no_renderer_is_started() -> None:
    jobs = SessionPrintJobs()
    jobs.close()
    with pytest.raises(RenderCancelled):
        render_pdf(LONG, jobs=jobs)
    assert renderers(os.getpid()) == []


def test_a_killed_session_leaves_no_renderer() -> None:
    """PR_SET_PDEATHSIG: the renderer dies with the process that started it, even SIGKILLed."""
    session = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from kiosk.printing.documents import dummy_entries\n"
            "from kiosk.printing.renderer import render_pdf\n"
            "render_pdf(dummy_entries(2000))\n",
        ],
        cwd=ROOT,
    )
    try:
        renderer = wait_for_renderer(session.pid)
        wait_until_laying_out(renderer)  # seconds of work left for 2000 entries
        session.kill()
        session.wait(timeout=10)
        assert wait_until_gone(renderer, timeout=5), "the renderer outlived its killed session"
    finally:
        session.kill()
        session.wait()


def test_a_renderer_that_dies_is_one_calm_line() -> None:
    render = RenderInThread(None)
    renderer = wait_for_renderer(os.getpid())
    os.kill(renderer, signal.SIGSEGV)
    render.thread.join(timeout=30)
    assert isinstance(render.error, RenderError)
    assert not isinstance(render.error, RenderCancelled)
    message = str(render.error)
    assert message == "the renderer stopped unexpectedly (signal 11)"
    assert renderers(os.getpid()) == []


def run_worker(request: bytes, parent: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-I", "-m", "kiosk.printing.render_worker", parent],
        input=request,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_the_worker_refuses_anything_but_a_document() -> None:
    for request in (b"", b"not json", b'{"kind": "shell", "command": "rm"}', b"[1, 2]"):
        result = run_worker(request, str(os.getpid()))
        assert result.returncode == EXIT_BAD_REQUEST, request
        assert result.stdout == b"" and result.stderr == b""


def test_the_worker_started_for_a_parent_already_gone_does_nothing() -> None:
    request = encode(RecoverySlip("river-stone", "7K3M"))
    assert run_worker(request, "1").returncode == EXIT_PARENT_GONE
    assert run_worker(request, "not-a-pid").returncode == EXIT_PARENT_GONE


def hardened(pid: int) -> bool:
    """No core file, not dumpable (its /proc files then belong to root), and deaf to the
    terminal's interrupt and job-control signals."""
    limits = Path(f"/proc/{pid}/limits").read_text()
    core = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
    status = Path(f"/proc/{pid}/status").read_text()
    ignored = int(next(x for x in status.splitlines() if x.startswith("SigIgn")).split()[1], 16)
    deaf = all(
        ignored & (1 << (number - 1))
        for number in (signal.SIGINT, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU)
    )
    not_dumpable = os.stat(f"/proc/{pid}/mem").st_uid == 0
    return core.split()[4:6] == ["0", "0"] and deaf and (not_dumpable or os.geteuid() == 0)


def test_the_worker_cannot_dump_core_or_be_traced() -> None:
    render = RenderInThread(None)
    renderer = wait_for_renderer(os.getpid())
    try:
        # It hardens itself first thing, before it reads the request.
        deadline = time.monotonic() + 20
        while not hardened(renderer):
            assert time.monotonic() < deadline, Path(f"/proc/{renderer}/status").read_text()
            time.sleep(0.02)
    finally:
        os.kill(renderer, signal.SIGKILL)
        render.thread.join(timeout=30)
    assert not running(renderer)
