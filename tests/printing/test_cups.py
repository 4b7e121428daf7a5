"""Printing through the real CUPS tools to a private scheduler, and saving PDFs to a folder.

Every scheduler here is a private cupsd in its own temporary folder (tests/printing/cupsd.py),
reached only through ``CUPS_SERVER``; the system's CUPS is never touched. The capture backend
keeps each job exactly as the printer would have received it.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from kiosk.printing import pdf_sink
from kiosk.printing.cups import (
    CupsPrinter,
    JobState,
    PrintingError,
    PrintJob,
    Reason,
    SessionPrintJobs,
    parse_jobs,
    parse_queue_status,
)
from kiosk.printing.pdf_sink import SaveError, SaveProblem, save_pdf
from tests.printing import cupsd
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_text

ROOT = Path(__file__).resolve().parents[2]


def printer_for(cups: PrivateCups, queue: str = "CAPTURE") -> CupsPrinter:
    return CupsPrinter(queue=queue, server=cups.server)


def reason_of(action: Callable[[], object]) -> PrintingError:
    with pytest.raises(PrintingError) as caught:
        action()
    return caught.value


def waiting_jobs(cups: PrivateCups, queue: str) -> str:
    return cups.run("lpstat", "-W", "not-completed", "-o", queue).stdout


# -- printing to a working queue ----------------------------------------------------------------


def test_a_pdf_reaches_the_printer_unchanged_with_a_neutral_title(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = printer_for(private_cups)
    printer.check()

    job = printer.submit(test_pdf)

    assert job.queue == "CAPTURE"
    assert job.job_id.startswith("CAPTURE-")
    captured = private_cups.captured(folder, job.job_id)
    assert captured.pdf == test_pdf
    text = pdf_text(captured.pdf)
    assert "Harbour test page" in text
    assert "0808 802 0300" in text
    assert captured.title == "Document"
    assert captured.copies == 1
    assert printer.wait(job, timeout=30) is JobState.DONE


def test_the_spool_keeps_no_document_and_no_job_record_after_printing(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = printer_for(private_cups)
    job = printer.submit(test_pdf, copies=2)
    private_cups.captured(folder, job.job_id)
    assert printer.wait(job, timeout=30) is JobState.DONE
    # With PreserveJobFiles No and PreserveJobHistory No, cupsd removes d* and c* as the job ends.
    private_cups.wait_until("an empty spool", lambda: private_cups.spool_files() == [])
    # The scheduler no longer lists the job at all: nothing says a document was printed.
    assert private_cups.run("lpstat", "-W", "all", "-o", "CAPTURE").stdout == ""


def test_copies_are_honoured(private_cups: PrivateCups, test_pdf: bytes) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = printer_for(private_cups)
    job = printer.submit(test_pdf, copies=3)
    assert private_cups.captured(folder, job.job_id).copies == 3
    with pytest.raises(ValueError, match="copies"):
        printer.submit(test_pdf, copies=0)


def test_job_ids_come_from_lp_whatever_number_cups_is_at(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    private_cups.add_queue("OTHER")
    # Jobs on another queue move the shared counter on, so CAPTURE's job is not number 1.
    other = printer_for(private_cups, "OTHER")
    earlier = [other.submit(test_pdf) for _ in range(2)]
    job = printer_for(private_cups).submit(test_pdf)
    assert job.job_id == f"CAPTURE-{int(earlier[-1].job_id.rsplit('-', 1)[1]) + 1}"
    assert private_cups.captured(folder, job.job_id).pdf == test_pdf


def test_an_empty_queue_name_prints_to_the_default_destination(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = CupsPrinter(server=private_cups.server)
    error = reason_of(printer.check)
    assert error.reason is Reason.NO_DEFAULT_PRINTER
    assert str(error) == (
        "No printer has been chosen for this computer. Please ask staff to set one up."
    )

    private_cups.set_default("CAPTURE")
    printer.check()
    job = printer.submit(test_pdf)
    assert job.queue == "CAPTURE"
    assert private_cups.captured(folder, job.job_id).pdf == test_pdf


def test_queue_names_match_without_regard_to_case(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = printer_for(private_cups, "capture")
    printer.check()
    private_cups.run("cupsdisable", "CAPTURE")
    # lp answers "capture-N" and lpstat lists "CAPTURE-N": still the same job.
    job = printer.submit(test_pdf)
    assert printer.state(job) is JobState.PENDING
    private_cups.run("cupsenable", "CAPTURE")
    assert private_cups.captured(folder, job.job_id).pdf == test_pdf
    assert printer.wait(job, timeout=30) is JobState.DONE


# -- following and cancelling jobs -------------------------------------------------------------


def test_a_job_is_pending_then_printing_then_done(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = printer_for(private_cups)
    private_cups.run("cupsdisable", "CAPTURE")
    job = printer.submit(test_pdf)
    assert printer.state(job) is JobState.PENDING

    with private_cups.holding(folder):
        private_cups.run("cupsenable", "CAPTURE")
        private_cups.wait_until("the job to start", lambda: printer.state(job) is JobState.PRINTING)
    assert printer.wait(job, timeout=30) is JobState.DONE
    # Cancelling a job that has ended is not an error: there is nothing left to cancel.
    printer.cancel(job)


def test_wait_gives_up_after_the_timeout(private_cups: PrivateCups, test_pdf: bytes) -> None:
    folder = private_cups.add_queue("CAPTURE")
    printer = printer_for(private_cups)
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    with private_cups.holding(folder):
        job = printer.submit(test_pdf)
        private_cups.wait_until("the job to start", lambda: printer.state(job) is JobState.PRINTING)
        error = reason_of(
            lambda: printer.wait(job, timeout=1.0, poll=0.25, clock=lambda: now[0], sleep=sleep)
        )
    assert error.reason is Reason.TIMEOUT
    assert now[0] == pytest.approx(1.0)
    assert str(error) == (
        "The printer has not finished the document yet. Please ask staff for help."
    )


def test_session_jobs_not_yet_printing_are_cancelled_at_quick_exit(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    paused_folder = private_cups.add_queue("PAUSED")
    busy_folder = private_cups.add_queue("BUSY")
    private_cups.run("cupsdisable", "PAUSED")
    session = SessionPrintJobs()
    paused = printer_for(private_cups, "PAUSED")
    busy = printer_for(private_cups, "BUSY")
    with private_cups.holding(busy_folder):
        for _ in range(2):
            session.add(paused.submit(test_pdf))
        printing = busy.submit(test_pdf)
        session.add(printing)
        private_cups.wait_until("BUSY to print", lambda: busy.state(printing) is JobState.PRINTING)
        assert waiting_jobs(private_cups, "PAUSED").count("PAUSED-") == 2

        # Both queues are behind one scheduler, so either printer object reaches every job.
        assert session.cancel_unstarted(paused) == 2

        assert waiting_jobs(private_cups, "PAUSED") == ""
        assert busy.state(printing) is JobState.PRINTING
    # Started paper is left to finish; the cancelled jobs never reach the printer, even once
    # staff start the queue again.
    assert private_cups.captured(busy_folder, printing.job_id).pdf == test_pdf
    private_cups.run("cupsenable", "PAUSED")
    assert busy.wait(printing, timeout=30) is JobState.DONE
    assert not list(paused_folder.glob("job-*"))
    assert session.jobs == ()
    private_cups.wait_until("an empty spool", lambda: private_cups.spool_files() == [])


def test_cancel_unstarted_is_best_effort_when_cups_is_gone(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    private_cups.add_queue("CAPTURE")
    private_cups.run("cupsdisable", "CAPTURE")
    printer = printer_for(private_cups)
    session = SessionPrintJobs()
    session.add(printer.submit(test_pdf))
    private_cups.stop()
    assert session.cancel_unstarted(printer) == 0


# -- a queue that cannot print -----------------------------------------------------------------


def test_a_missing_printer_is_named_calmly(private_cups: PrivateCups, test_pdf: bytes) -> None:
    printer = printer_for(private_cups, "NOWHERE")
    for action in (printer.check, lambda: printer.submit(test_pdf)):
        error = reason_of(action)
        assert error.reason is Reason.NO_SUCH_PRINTER
        assert str(error) == "The printer is not available. Please ask staff for help."


def test_a_paused_printer_is_reported_by_check_and_by_wait(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    private_cups.add_queue("CAPTURE")
    printer = printer_for(private_cups)
    private_cups.run("cupsdisable", "CAPTURE")

    error = reason_of(printer.check)
    assert error.reason is Reason.PAUSED
    assert str(error) == "The printer is paused. Please ask staff to start it again."
    # A job can still be queued; waiting for it says why it does not move.
    job = printer.submit(test_pdf)
    assert reason_of(lambda: printer.wait(job, timeout=30)).reason is Reason.PAUSED
    assert printer.state(job) is JobState.PENDING


def test_a_printer_rejecting_jobs_is_reported(private_cups: PrivateCups, test_pdf: bytes) -> None:
    private_cups.add_queue("CAPTURE")
    printer = printer_for(private_cups)
    private_cups.run("cupsreject", "CAPTURE")
    for action in (printer.check, lambda: printer.submit(test_pdf)):
        error = reason_of(action)
        assert error.reason is Reason.REJECTING
        assert "not taking new documents" in str(error)


def test_an_empty_paper_tray_is_reported(private_cups: PrivateCups, test_pdf: bytes) -> None:
    # The nopaper backend does what a printer's backend does: it reports media-empty-error and
    # stops the queue, so the job waits for staff.
    private_cups.add_queue("TRAY", backend="nopaper")
    printer = printer_for(private_cups, "TRAY")
    printer.check()
    job = printer.submit(test_pdf)

    error = reason_of(lambda: printer.wait(job, timeout=30))

    assert error.reason is Reason.OUT_OF_PAPER
    assert str(error) == "The printer is out of paper. Please ask staff to refill it."
    assert reason_of(printer.check).reason is Reason.OUT_OF_PAPER
    assert printer.state(job) is JobState.PENDING


def test_cups_not_running_is_reported_for_every_operation(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    private_cups.add_queue("CAPTURE")
    printer = printer_for(private_cups)
    job = printer.submit(test_pdf)
    private_cups.stop()
    expected = (
        "Printing is not working at the moment (the print service is not running). "
        "Please ask staff."
    )
    for action in (
        printer.check,
        lambda: printer.submit(test_pdf),
        lambda: printer.state(job),
        lambda: printer.cancel(job),
        CupsPrinter(server=private_cups.server).check,  # default destination
    ):
        error = reason_of(action)
        assert error.reason is Reason.CUPS_DOWN
        assert str(error) == expected


def test_a_computer_without_cups_tools_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, test_pdf: bytes
) -> None:
    # No lp, lpstat or cancel anywhere on PATH, as on a machine without cups-client.
    monkeypatch.setenv("PATH", str(tmp_path))
    printer = CupsPrinter(queue="CAPTURE", server=str(tmp_path / "cups.sock"))
    job = PrintJob("CAPTURE-1", "CAPTURE")
    for action in (
        printer.check,
        lambda: printer.submit(test_pdf),
        lambda: printer.state(job),
        lambda: printer.cancel(job),
    ):
        error = reason_of(action)
        assert error.reason is Reason.NO_CUPS
        assert str(error) == "The printing system is not installed on this computer."


# -- how the commands are run (recorded, no scheduler needed) ----------------------------------


class Recorder:
    """Stands in for subprocess.run: records each call and answers from a script."""

    def __init__(self, answers: dict[str, tuple[int, str, str]]) -> None:
        self.answers = answers
        self.calls: list[dict[str, Any]] = []

    def __call__(self, argv: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        self.calls.append({"argv": list(argv), **kwargs})
        key = " ".join(argv)
        code, out, err = next(
            (answer for prefix, answer in self.answers.items() if key.startswith(prefix)),
            (0, "", ""),
        )
        return subprocess.CompletedProcess(list(argv), code, out.encode(), err.encode())


def test_lp_gets_the_pdf_on_stdin_with_a_neutral_title_and_a_private_environment(
    test_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LC_ALL", "pl_PL.UTF-8")
    monkeypatch.setenv("CUPS_SERVER", "should-be-replaced")
    environ_before = dict(os.environ)
    runner = Recorder({"lp ": (0, "request id is Office-Laser-2-57 (0 file(s))\n", "")})
    printer = CupsPrinter(queue="Office-Laser-2", server="/run/harbour/cups.sock", runner=runner)

    job = printer.submit(test_pdf, copies=2)

    assert job == PrintJob(job_id="Office-Laser-2-57", queue="Office-Laser-2")
    (call,) = runner.calls
    assert call["argv"] == [
        "lp", "-d", "Office-Laser-2", "-n", "2", "-t", "Document",
        "-o", "document-format=application/pdf",
    ]  # fmt: skip
    assert call["input"] == test_pdf
    assert "shell" not in call
    assert call["env"]["CUPS_SERVER"] == "/run/harbour/cups.sock"
    assert call["env"]["LANG"] == call["env"]["LC_ALL"] == "C"
    assert dict(os.environ) == environ_before


def test_without_a_server_setting_the_usual_scheduler_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CUPS_SERVER", raising=False)
    runner = Recorder({"lpstat -l -p": (0, "printer Q is idle.  enabled since …\n", "")})
    CupsPrinter(queue="Q", runner=runner).check()
    assert all("CUPS_SERVER" not in call["env"] for call in runner.calls)


def test_a_queue_name_that_looks_like_an_option_is_never_passed_on() -> None:
    runner = Recorder({})
    error = reason_of(CupsPrinter(queue="-h", runner=runner).check)
    assert error.reason is Reason.NO_SUCH_PRINTER
    assert runner.calls == []


# Recorded from lpstat (CUPS 2.4.2) on a queue whose backend reported an empty tray; the second
# sample is a printer that reports "media-needed" while still enabled.
NO_PAPER_STOPPED = """\
printer EMPTY disabled since Tue Nov 24 08:55:21 2026 -
\tOut of paper
\tForm mounted:
\tContent types: any
\tPrinter types: unknown
\tDescription: EMPTY
\tAlerts: media-empty-error paused
\tLocation:
\tConnection: direct
"""
NO_PAPER_ENABLED = """\
printer Front_Desk is idle.  enabled since Tue Nov 24 08:55:21 2026
\tAlerts: media-needed-warning
"""
PAPER_LOW_ONLY = """\
printer Front_Desk is idle.  enabled since Tue Nov 24 08:55:21 2026
\tAlerts: media-low-report media-empty-report
"""


@pytest.mark.parametrize(
    ("output", "queue", "reason"),
    [
        (NO_PAPER_STOPPED, "EMPTY", Reason.OUT_OF_PAPER),
        (NO_PAPER_ENABLED, "Front_Desk", Reason.OUT_OF_PAPER),
        (PAPER_LOW_ONLY, "Front_Desk", None),
    ],
)
def test_printer_state_reasons_about_paper(output: str, queue: str, reason: Reason | None) -> None:
    runner = Recorder(
        {
            "lpstat -r": (0, "scheduler is running\n", ""),
            "lpstat -l -p": (0, output, ""),
            "lpstat -a": (0, f"{queue} accepting requests since Tue Nov 24 08:55:21 2026\n", ""),
        }
    )
    printer = CupsPrinter(queue=queue, runner=runner)
    if reason is None:
        printer.check()
    else:
        assert reason_of(printer.check).reason is reason
    assert parse_queue_status(NO_PAPER_STOPPED).reasons == ("media-empty-error", "paused")


# Recorded from lpstat -l -W completed on a scheduler that keeps history. CUPS 2.4.2 leaves
# "processing-to-stop-point" on every ended job, so only explicit reasons mean failure.
COMPLETED = """\
Q-7                     kiosk             4096   Tue Nov 24 08:58:43 2026
\tStatus: The printer refused the document
\tAlerts: job-canceled-by-user
\tqueued for Q
Q-8                     kiosk             4096   Tue Nov 24 08:58:43 2026
\tStatus:
\tAlerts: processing-to-stop-point
\tqueued for Q
"""


def test_a_job_listed_as_ended_badly_is_failed() -> None:
    runner = Recorder({"lpstat -l -W completed": (0, COMPLETED, "")})
    printer = CupsPrinter(queue="Q", runner=runner)
    assert printer.state(PrintJob("Q-7", "Q")) is JobState.FAILED
    assert printer.state(PrintJob("Q-8", "Q")) is JobState.DONE
    assert printer.wait(PrintJob("Q-7", "Q")) is JobState.FAILED
    assert parse_jobs(COMPLETED) == {
        "q-7": ("job-canceled-by-user",),
        "q-8": ("processing-to-stop-point",),
    }


def test_cancel_of_a_job_cups_no_longer_has_is_quiet() -> None:
    for message in (
        "cancel: cancel-job failed: Job #2 does not exist.",
        "cancel: cancel-job failed: Job #3 is already canceled - can't cancel.",
        "cancel: cancel-job failed: Job #4 is already completed - can't cancel.",
    ):
        runner = Recorder({"cancel": (1, "", message)})
        CupsPrinter(queue="Q", runner=runner).cancel(PrintJob("Q-2", "Q"))


# -- saving a PDF to a folder ------------------------------------------------------------------

SAVED_AT = dt.datetime(2025, 1, 6, 14, 30, 0).timestamp()


def test_save_pdf_writes_the_whole_file_privately_under_a_neutral_name(
    tmp_path: Path, test_pdf: bytes
) -> None:
    old_umask = os.umask(0)
    try:
        first = save_pdf(test_pdf, tmp_path, clock=lambda: SAVED_AT)
        second = save_pdf(test_pdf, tmp_path, clock=lambda: SAVED_AT)
    finally:
        os.umask(old_umask)
    assert first.name == "document-20250106-1.pdf"
    assert second.name == "document-20250106-2.pdf"
    assert first.read_bytes() == test_pdf
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert sorted(path.name for path in tmp_path.iterdir()) == [first.name, second.name]
    with pytest.raises(ValueError):
        save_pdf(test_pdf, tmp_path, stem="../safety-plan")


def test_save_pdf_to_a_missing_folder_says_so(tmp_path: Path, test_pdf: bytes) -> None:
    with pytest.raises(SaveError) as caught:
        save_pdf(test_pdf, tmp_path / "usb-stick")
    assert caught.value.problem is SaveProblem.MISSING
    assert str(caught.value) == (
        "The folder for saved documents cannot be found. Please ask staff for help."
    )
    assert not (tmp_path / "usb-stick").exists()


def test_save_pdf_to_a_folder_it_may_not_write_says_so(
    tmp_path: Path, test_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root may write anywhere, so the refusal a read-only stick gives is played here.
    def refuse(**_: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(pdf_sink.tempfile, "mkstemp", refuse)
    with pytest.raises(SaveError) as caught:
        save_pdf(test_pdf, tmp_path)
    assert caught.value.problem is SaveProblem.NOT_WRITABLE
    assert "cannot be saved in that folder" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


FULL_DISK_CHILD = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from kiosk.printing.pdf_sink import SaveError, save_pdf
    pdf = Path(sys.argv[1]).read_bytes()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # Half the document fits, so the write really fails part-way through.
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(pdf) // 2, len(pdf) // 2))
    try:
        save_pdf(pdf, Path(sys.argv[2]))
        print("saved")
    except SaveError as error:
        print(error.problem.name, error)
    """
)


def test_a_full_disk_leaves_no_partial_file(tmp_path: Path, test_pdf: bytes) -> None:
    source = tmp_path / "source.pdf"
    source.write_bytes(test_pdf)
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, str(source), str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == (
        "FULL There is no room left to save the document. Please ask staff for help."
    ), result.stderr
    assert list(folder.iterdir()) == []
    # With room again the same save works.
    assert save_pdf(test_pdf, folder).read_bytes() == test_pdf


# -- the test tools themselves -----------------------------------------------------------------


def test_missing_cups_tools_skip_locally_and_fail_in_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(cupsd, "SEARCH_PATH", str(tmp_path))
    monkeypatch.setattr(cupsd, "CUPSD", str(tmp_path / "cupsd"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install cups-daemon cups-client poppler"):
        cupsd.require_cups_tools()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cupsd, lp, lpstat, lpadmin"):
        cupsd.require_cups_tools()
