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

from kiosk.printing import render_server
from kiosk.printing.cups import SessionPrintJobs
from kiosk.printing.documents import RecoverySlip, dummy_entries
from kiosk.printing.renderer import RenderCancelled, RenderError, RenderProcess, render_pdf
from tests.printing.pdftext import pdf_text
from tests.printing.processes import (
    parent_of,
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
    """PR_SET_PDEATHSIG: the render server dies with the session that forked it, even
    SIGKILLed, and the renderer with the server."""
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
        server = parent_of(renderer)
        wait_until_laying_out(renderer)  # seconds of work left for 2000 entries
        session.kill()
        session.wait(timeout=10)
        assert wait_until_gone(renderer, timeout=5), "the renderer outlived its killed session"
        assert wait_until_gone(server, timeout=5), "the render server outlived its session"
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


def test_the_renderer_refuses_anything_but_a_document() -> None:
    for request in (b"", b"not json", b'{"kind": "shell", "command": "rm"}', b"[1, 2]"):
        with pytest.raises(RenderError) as refused:
            RenderProcess().run(request)
        assert str(refused.value) == "the renderer did not understand the request", request
    assert renderers(os.getpid()) == []


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


def test_the_render_server_is_hardened_single_threaded_and_holds_nothing_of_the_session() -> None:
    """It is a copy of the session: not dumpable, deaf to the terminal, with no descriptor of
    the session's (terminal, files) but its control socket. Loading WeasyPrint in it starts no
    thread, so forking renderers from it stays safe, and they still make documents."""
    render_server.warm()
    pdf = render_pdf(RecoverySlip("river-stone", "7K3M-Q9TD-AB12-CD34-EF56"))
    assert "river-stone" in pdf_text(pdf)
    server = render_server.server().pid
    assert hardened(server)
    assert b"libpango" in Path(f"/proc/{server}/maps").read_bytes(), "not warmed"
    assert os.listdir(f"/proc/{server}/task") == [str(server)]
    if os.geteuid() == 0:  # another user could not list them at all
        # The server holds a renderer's pidfd and status socket until it has reaped it, which
        # may be a moment after the document came back.
        deadline = time.monotonic() + 10
        while True:
            fds = {
                fd: os.readlink(f"/proc/{server}/fd/{fd}")
                for fd in os.listdir(f"/proc/{server}/fd")
            }
            others = [target for fd, target in fds.items() if fd not in ("0", "1", "2")]
            if len(others) == 1 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert {fds[fd] for fd in ("0", "1", "2")} == {os.devnull}
        assert len(others) == 1 and others[0].startswith("socket:"), fds
    assert renderers(os.getpid()) == []
