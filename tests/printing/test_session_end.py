"""Nothing prints once the visitor's session has ended, even if a print was under way."""

from __future__ import annotations

import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from kiosk.config import Config, KioskSection
from kiosk.helplines.loader import load_directory
from kiosk.printing.cups import CupsPrinter, JobState, SessionPrintJobs
from kiosk.printing.service import Result, print_sheet
from kiosk.services import Services
from kiosk.session.ends import SessionEnd
from kiosk.staff.accounts import StaffAccounts
from kiosk.ui.app import KioskApp, make_app
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from tests.conftest import FAST_POLICY
from tests.printing.cupsd import PrivateCups

HELPLINES = Path(__file__).resolve().parents[2] / "config" / "helplines"


def test_nothing_is_sent_after_the_session_ended(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = CupsPrinter(queue="CAPTURE", server=private_cups.server)
    jobs = SessionPrintJobs()
    jobs.close()
    outcome = print_sheet(test_pdf, printer, jobs=jobs)
    assert not outcome.done and outcome.result is Result.SESSION_ENDED
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
    outcome: list[Result] = []
    with private_cups.holding(folder):  # the printer is busy printing this job
        worker = threading.Thread(
            target=lambda: outcome.append(print_sheet(test_pdf, printer, jobs=jobs).result)
        )
        worker.start()
        private_cups.wait_until("the job to be printing", lambda: bool(jobs.jobs))
        started = time.monotonic()
        jobs.close()
        worker.join(timeout=10)
        assert not worker.is_alive() and time.monotonic() - started < 5
    assert outcome == [Result.SESSION_ENDED]


def test_the_recall_waits_for_a_job_still_being_sent(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    """The session process ends right after the recall: a job whose ``lp`` was still running
    must have been cancelled by then, not print once the process is gone."""
    folder = private_cups.add_queue("CAPTURE")
    started_sending = threading.Event()

    def slow_lp(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        # A slow network to the print server, while the kiosk's lp sends the sheet.
        if argv[0] == "lp":
            started_sending.set()
            time.sleep(0.5)
        return subprocess.run(argv, **kwargs)

    printer = CupsPrinter(queue="CAPTURE", server=private_cups.server, runner=slow_lp)
    jobs = SessionPrintJobs()
    outcome: list[Result] = []
    sender = threading.Thread(
        target=lambda: outcome.append(print_sheet(test_pdf, printer, jobs=jobs).result)
    )
    with private_cups.holding(folder):  # whatever reaches the printer stays there
        sender.start()
        assert started_sending.wait(timeout=15)
        jobs.cancel_unstarted(printer)
        # The recall is over: nothing of this session may be left to print.
        assert not sender.is_alive()
        assert outcome == [Result.SESSION_ENDED]
        assert private_cups.run("lpstat", "-o", "CAPTURE", check=False).stdout.strip() == ""
    sender.join()


# -- the kiosk's own session end ---------------------------------------------------------------


def kiosk_app(data: Path, printer: CupsPrinter) -> KioskApp:
    config = Config(kiosk=KioskSection(data_dir=str(data)))
    Gatekeeper.initialise(config.data_path(), config.secret_path())
    gatekeeper = Gatekeeper(config.data_path(), config.secret_path(), kdf=FAST_POLICY)
    services = Services(
        vaults=VaultService(gatekeeper),
        staff=StaffAccounts(config.data_path()),
        directory=load_directory(HELPLINES),
        printer=printer,
    )
    return make_app(config, services)


async def test_a_quick_exit_recalls_the_jobs_still_waiting(
    private_cups: PrivateCups, test_pdf: bytes, tmp_path: Path
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    private_cups.run("cupsdisable", "CAPTURE")  # jobs wait, as behind someone else's
    printer = CupsPrinter(queue="CAPTURE", server=private_cups.server)
    app = kiosk_app(tmp_path / "data", printer)
    async with app.run_test(size=(80, 24)) as pilot:
        # What print_sheet does for a visitor's sheet: send it, and remember it for the session.
        job = printer.submit(test_pdf)
        assert app.print_jobs.add(job)
        assert printer.state(job) is JobState.PENDING
        await pilot.press("f12")
        await pilot.pause()
    assert app.return_code == SessionEnd.ENDED
    # By the time the session had ended, the job was cancelled and its document gone.
    assert printer.state(job) is not JobState.PENDING
    assert private_cups.spool_files() == []
    private_cups.run("cupsenable", "CAPTURE")
    assert not list(folder.glob("job-*.pdf"))
