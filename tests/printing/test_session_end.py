"""Nothing prints once the visitor's session has ended, even if a print was under way."""

from __future__ import annotations

import threading
import time

from kiosk.printing.cups import CupsPrinter, JobState, SessionPrintJobs
from kiosk.printing.service import SESSION_ENDED, print_sheet
from tests.printing.cupsd import PrivateCups


def test_nothing_is_sent_after_the_session_ended(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = CupsPrinter(queue="CAPTURE", server=private_cups.server)
    jobs = SessionPrintJobs()
    jobs.close()
    outcome = print_sheet(test_pdf, printer, jobs=jobs)
    assert not outcome.done and outcome.message == SESSION_ENDED
    # Nothing to wait for: the queue numbers jobs from 1, so the next job being the first
    # proves that none was ever sent, and it is the only one the printer receives.
    job = printer.submit(test_pdf)
    assert job.job_id.lower() == "capture-1"
    private_cups.captured(folder, job.job_id)
    assert [p.name for p in folder.glob("job-*.pdf")] == ["job-1.pdf"]


def test_a_job_submitted_as_the_session_ends_is_cancelled(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    private_cups.add_queue("CAPTURE")
    private_cups.run("cupsdisable", "CAPTURE")  # jobs wait, as on a busy printer
    printer = CupsPrinter(queue="CAPTURE", server=private_cups.server)
    jobs = SessionPrintJobs()
    job = printer.submit(test_pdf)
    jobs.close()
    assert jobs.add(job) is False  # what print_sheet does next: cancel it
    printer.cancel(job)
    private_cups.wait_until(
        "the job to be gone", lambda: printer.state(job) is not JobState.PENDING
    )


def test_following_a_job_stops_when_the_session_ends(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = CupsPrinter(queue="CAPTURE", server=private_cups.server)
    jobs = SessionPrintJobs()
    outcome: list[str] = []
    with private_cups.holding(folder):  # the printer is busy printing this job
        worker = threading.Thread(
            target=lambda: outcome.append(print_sheet(test_pdf, printer, jobs=jobs).message)
        )
        worker.start()
        private_cups.wait_until("the job to be printing", lambda: bool(jobs.jobs))
        started = time.monotonic()
        jobs.close()
        worker.join(timeout=10)
        assert not worker.is_alive() and time.monotonic() - started < 5
    assert outcome == [SESSION_ENDED]
