"""Render a document to PDF in a separate process that can be cancelled at any moment.

The session never lays a document out itself: a 500-entry diary takes seconds of WeasyPrint
work that a thread could not stop, and the session must end within a frame of a quick exit.
So each render runs ``python -m kiosk.printing.render_worker``: the request goes in on its
standard input, the PDF comes back on its standard output (never through a file), and
cancelling is SIGKILL then reaping. The renderer also dies with the session (PDEATHSIG), has
no core dumps and runs below the session's priority (see ``render_worker``).

A render started with a session's ``SessionPrintJobs`` is cancelled when that session's
printing is closed, which a quick exit does first.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading

from kiosk.printing import documents
from kiosk.printing.cups import SessionPrintJobs
from kiosk.printing.render_worker import EXIT_BAD_REQUEST, EXIT_NO_FONTS, EXIT_PARENT_GONE

# A 500-entry document takes seconds; a renderer still busy after this is stuck.
RENDER_TIMEOUT_SECONDS = 300.0
# SIGKILL is not refused; this bounds the wait for the kernel to tear the process down.
REAP_SECONDS = 2.0

_WHY = {
    EXIT_NO_FONTS: "the PDF library or its fonts could not be loaded (kiosk doctor checks them)",
    EXIT_BAD_REQUEST: "the renderer did not understand the request",
    EXIT_PARENT_GONE: "the renderer lost its session",
}


class RenderError(Exception):
    """The document could not be made; ``str()`` is one calm line saying why."""


class RenderCancelled(RenderError):
    """The session ended while the document was being made."""

    def __init__(self) -> None:
        super().__init__("the session ended before the document was ready")


class RenderProcess:
    """One renderer process, started at once. ``run`` once; ``cancel`` from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._process = subprocess.Popen(
            # -I: nothing from the environment or the current folder changes what is imported.
            [sys.executable, "-I", "-m", "kiosk.printing.render_worker", str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        # A pidfd names this process and no other, even after its pid is reused.
        self._pidfd: int | None = None
        with contextlib.suppress(AttributeError, OSError):
            self._pidfd = os.pidfd_open(self._process.pid)

    @property
    def pid(self) -> int:
        return self._process.pid

    def cancel(self) -> None:
        """Kill the renderer and reap it; ``run`` then raises ``RenderCancelled``."""
        self._cancelled = True
        self._kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._process.wait(timeout=REAP_SECONDS)

    def _kill(self) -> None:
        with self._lock:
            if self._pidfd is not None:
                with contextlib.suppress(OSError):
                    signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            elif self._process.returncode is None:
                with contextlib.suppress(OSError):
                    self._process.kill()

    def run(self, request: bytes, timeout: float = RENDER_TIMEOUT_SECONDS) -> bytes:
        try:
            pdf, _ = self._process.communicate(request, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RenderError(f"the renderer took longer than {timeout:g} s") from None
        finally:
            # However this ends (cancelled, timed out, interrupted), no renderer is left.
            self._kill()
            self._process.wait()
            with self._lock:
                if self._pidfd is not None:
                    os.close(self._pidfd)
                    self._pidfd = None
        if self._cancelled:
            raise RenderCancelled
        code = self._process.returncode
        if code != 0 or not pdf.startswith(b"%PDF"):
            if code < 0:
                raise RenderError(f"the renderer stopped unexpectedly (signal {-code})")
            raise RenderError(_WHY.get(code, "the renderer could not make the document"))
        return pdf


def render_pdf(
    document: documents.Document,
    *,
    jobs: SessionPrintJobs | None = None,
    timeout: float = RENDER_TIMEOUT_SECONDS,
) -> bytes:
    """The document as PDF, made in a renderer process; raises ``RenderError`` (one line).

    With ``jobs``, closing them (the session's end) cancels the render: ``RenderCancelled``.
    """
    request = documents.encode(document)
    if jobs is not None and jobs.closed:
        raise RenderCancelled
    try:
        process = RenderProcess()
    except OSError as error:
        raise RenderError(f"the renderer could not be started ({error.strerror})") from None
    if jobs is None:
        return process.run(request, timeout)
    if not jobs.add_render(process.cancel):
        process.cancel()  # the session ended while the renderer was starting
        raise RenderCancelled
    try:
        return process.run(request, timeout)
    finally:
        jobs.remove_render(process.cancel)
