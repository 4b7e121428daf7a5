"""The ids of a session's held print jobs, written down so the supervisor can cancel them.

A session recalls its own held jobs when it ends (``SessionPrintJobs.cancel_unstarted``). A
session killed outright (``kill -9``, a crash past every handler) cannot: its held jobs would
wait in the queue, whole, until someone released them at the printer. So each held job's id
("QUEUE-12": a queue name and a number, nothing of the document) goes into a small file named
after the session's process id, in a folder of the data directory, the moment lp answers. The
supervisor sweeps that file when the session ends, however it ended, and sweeps every file at
start (a power cut, a killed supervisor).

Known gap: a session killed in the instant between lp's answer and this write leaves a held
job nobody recorded (docs/SECURITY.md, held printing).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Loaded only to cancel: the supervisor asks ``has_records`` after every session, and
    # stays light (tests/test_start_imports.py).
    from kiosk.printing.cups import Printer, PrintJob

FOLDER = "held-print"
# A session holds a handful of jobs at most; a file larger than this was not written by one.
MAX_BYTES = 64 * 1024


def record_folder(data_dir: Path) -> Path:
    return data_dir / FOLDER


class HeldJobRecord:
    """One session's file of held job ids (``data_dir/held-print/<pid>``)."""

    def __init__(self, data_dir: Path, pid: int | None = None) -> None:
        self.path = record_folder(data_dir) / str(os.getpid() if pid is None else pid)

    def add(self, job: PrintJob) -> None:
        """Append the job's id and flush it to disk before the job is used any further."""
        from kiosk.printing.cups import is_job_id

        if not is_job_id(job.job_id):
            return
        self.path.parent.mkdir(mode=0o700, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(self.path, flags, 0o600)
        try:
            os.write(fd, f"{job.job_id}\n".encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)


def recorded_jobs(path: Path) -> list[PrintJob]:
    """The job ids in one record file; anything that is not a job id is ignored."""
    from kiosk.printing.cups import PrintJob, is_job_id

    # O_NONBLOCK and a regular file only: a FIFO planted under a session's number would hold
    # the supervisor's sweep for ever (and every record after it unswept).
    from kiosk.vault.fsutil import read_regular  # only when there is a record: a light supervisor

    try:
        raw = read_regular(path, MAX_BYTES)
    except OSError:
        return []
    jobs = []
    for line in raw.decode("ascii", "replace").splitlines():
        job_id = line.strip()
        if is_job_id(job_id):
            jobs.append(PrintJob(job_id=job_id, queue=job_id.rsplit("-", 1)[0]))
    return jobs


def has_records(data_dir: Path, pid: int | None = None) -> bool:
    """Whether session ``pid`` (any session, for None) left a record: checked before anything
    else is loaded, so a session that held nothing costs the supervisor one ``stat``."""
    folder = record_folder(data_dir)
    if pid is not None:
        return os.path.lexists(folder / str(pid))
    try:
        return any(p.name.isascii() and p.name.isdigit() for p in folder.iterdir())
    except OSError:
        return False


def sweep(data_dir: Path, printer: Printer, pid: int | None = None) -> int:
    """Cancel the held jobs recorded by session ``pid`` (every session's, when None) that have
    not started printing, then remove the records. Returns how many were cancelled.

    Best effort, never raises: a record whose jobs could not be reached (the scheduler down)
    is kept for the next sweep.
    """
    from kiosk.printing.cups import JobState

    folder = record_folder(data_dir)
    if pid is not None:
        paths = [folder / str(pid)]
    else:
        try:
            paths = [p for p in folder.iterdir() if p.name.isascii() and p.name.isdigit()]
        except OSError:
            return 0
    cancelled = 0
    for path in paths:
        reached = True
        for job in recorded_jobs(path):
            try:
                if printer.state(job) is JobState.PENDING:
                    printer.cancel(job)
                    cancelled += 1
            except Exception:
                reached = False
        if reached:
            with contextlib.suppress(OSError):
                path.unlink()
    return cancelled
