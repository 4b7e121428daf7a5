"""Held printing on a real private cupsd: a visitor's own document waits in the queue, held,
until she releases it; the session's end (a quick exit, a killed process) cancels it and leaves
nothing in the spool; the visitors' printer and the staff printer are different queues."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from kiosk.config import Config, KioskSection, PrintingSection
from kiosk.helplines.loader import load_directory
from kiosk.printing.cups import CupsPrinter, JobState, PrintJob, Reason, SessionPrintJobs
from kiosk.printing.held_jobs import HeldJobRecord, has_records, record_folder, sweep
from kiosk.printing.service import Result, print_sheet, release_held
from kiosk.services import Services
from kiosk.session.ends import SessionEnd
from kiosk.session.supervisor import Supervisor
from kiosk.staff.accounts import StaffAccounts
from kiosk.ui.app import make_app
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.service import VaultService
from tests.conftest import FAST_POLICY
from tests.printing.cupsd import PrivateCups
from tests.printing.pdftext import pdf_text

HELPLINES = Path(__file__).resolve().parents[2] / "config" / "helplines"
ROOT = Path(__file__).resolve().parents[2]


def held_jobs(cups: PrivateCups, queue: str) -> list[str]:
    """The queue's jobs that CUPS holds (job-hold-until-specified), by id in lower case."""
    listing = cups.run("lpstat", "-l", "-o", queue, check=False).stdout
    held, current = [], ""
    for line in listing.splitlines():
        if line and not line[0].isspace():
            current = line.split()[0].lower()
        elif "job-hold-until-specified" in line and current:
            held.append(current)
    return held


def queued(cups: PrivateCups, queue: str) -> str:
    return cups.run("lpstat", "-o", queue, check=False).stdout.strip()


def test_a_held_job_prints_only_once_released(
    private_cups: PrivateCups, test_pdf: bytes, tmp_path: Path
) -> None:
    folder = private_cups.add_queue("VISITOR")
    printer = CupsPrinter(queue="VISITOR", server=private_cups.server)
    record = HeldJobRecord(tmp_path, pid=4242)
    jobs = SessionPrintJobs(on_held=record.add)
    outcome = print_sheet(test_pdf, printer, jobs=jobs, held_kind="diary-record")
    assert outcome.result is Result.HELD and not outcome.done
    assert jobs.held
    (job,) = jobs.jobs
    # CUPS has it, whole, and says it is held: the backend was never started for it.
    assert held_jobs(private_cups, "VISITOR") == [job.job_id.lower()]
    assert printer.state(job) is JobState.PENDING
    assert not list(folder.glob("job-*"))
    # Its id, and nothing else, is written down for the supervisor.
    assert record.path.read_text() == f"{job.job_id}\n"
    printed: list[str] = []
    released = release_held(printer, jobs, printed=printed.append)
    assert released.result is Result.PRINTED
    assert printed == ["diary-record"] and not jobs.held
    captured = private_cups.captured(folder, job.job_id)
    assert captured.title == "Document"
    assert "Harbour test page 0808 802 0300" in pdf_text(captured.pdf)
    private_cups.wait_until("an empty spool", lambda: private_cups.spool_files() == [])


def test_releasing_a_job_cancelled_meanwhile_says_so_calmly(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    private_cups.add_queue("VISITOR")
    printer = CupsPrinter(queue="VISITOR", server=private_cups.server)
    jobs = SessionPrintJobs()
    assert print_sheet(test_pdf, printer, jobs=jobs, held_kind="plan").result is Result.HELD
    (job,) = jobs.jobs
    private_cups.run("cancel", job.job_id)  # staff cleared the queue
    printed: list[str] = []
    outcome = release_held(printer, jobs, printed=printed.append)
    assert outcome.result is Result.PRINTING_PROBLEM and printed == []
    # Nothing held is left to offer her.
    assert not jobs.held
    assert release_held(printer, jobs).result is Result.NOT_PRINTED


def test_a_release_the_scheduler_did_not_answer_can_be_tried_again(
    make_private_cups: Callable[..., PrivateCups], test_pdf: bytes
) -> None:
    cups = make_private_cups()
    folder = cups.add_queue("VISITOR")
    printer = CupsPrinter(queue="VISITOR", server=cups.server)
    jobs = SessionPrintJobs()
    assert print_sheet(test_pdf, printer, jobs=jobs, held_kind="plan").result is Result.HELD
    (job,) = jobs.jobs
    cups.stop()  # the print service is down as she presses the button
    outcome = release_held(printer, jobs)
    assert outcome.result is Result.PRINTING_PROBLEM and outcome.reason is Reason.CUPS_DOWN
    assert jobs.held  # still hers to release
    cups.start()  # CUPS keeps a held job across its own restart
    assert release_held(printer, jobs).result is Result.PRINTED
    assert "Harbour test page" in pdf_text(cups.captured(folder, job.job_id).pdf)


def test_the_session_recall_cancels_held_jobs_and_empties_the_spool(
    private_cups: PrivateCups, test_pdf: bytes
) -> None:
    folder = private_cups.add_queue("VISITOR")
    printer = CupsPrinter(queue="VISITOR", server=private_cups.server)
    jobs = SessionPrintJobs()
    print_sheet(test_pdf, printer, jobs=jobs, held_kind="recovery-slip")
    print_sheet(test_pdf, printer, jobs=jobs, held_kind="plan-card", copies=2)
    assert len(held_jobs(private_cups, "VISITOR")) == 2
    assert private_cups.spool_files() != []  # held: the documents wait in the spool
    assert jobs.cancel_unstarted(printer) == 2
    assert queued(private_cups, "VISITOR") == ""
    assert private_cups.spool_files() == []
    assert not list(folder.glob("job-*"))


def kiosk_app(data: Path, cups: PrivateCups, **printing: object) -> object:
    config = Config(
        kiosk=KioskSection(data_dir=str(data)),
        printing=PrintingSection(cups_server=cups.server, **printing),  # type: ignore[arg-type]
    )
    Gatekeeper.initialise(config.data_path(), config.secret_path())
    gatekeeper = Gatekeeper(config.data_path(), config.secret_path(), kdf=FAST_POLICY)
    services = Services(
        vaults=VaultService(gatekeeper),
        staff=StaffAccounts(config.data_path()),
        directory=load_directory(HELPLINES),
        config=config,
    )
    return make_app(config, services)


async def test_a_quick_exit_with_a_held_job_leaves_nothing_printed_or_spooled(
    private_cups: PrivateCups, test_pdf: bytes, tmp_path: Path
) -> None:
    staff_folder = private_cups.add_queue("STAFF")
    visitor_folder = private_cups.add_queue("VISITOR")
    app = kiosk_app(tmp_path / "data", private_cups, printer="STAFF", visitor_printer="VISITOR")
    from kiosk.ui.app import KioskApp

    assert isinstance(app, KioskApp)
    async with app.run_test(size=(80, 24)) as pilot:
        kit = app.kit
        assert kit.printer is not kit.visitor_printer
        # What render_and_deliver does with her record: the visitors' printer, held.
        outcome = print_sheet(
            test_pdf, kit.visitor_printer, jobs=kit.print_jobs, held_kind="diary-record"
        )
        assert outcome.result is Result.HELD
        assert len(held_jobs(private_cups, "VISITOR")) == 1
        assert queued(private_cups, "STAFF") == ""
        await pilot.press("f12")
        await pilot.pause()
    assert app.return_code == SessionEnd.ENDED
    assert queued(private_cups, "VISITOR") == ""
    assert private_cups.spool_files() == []
    assert not list(visitor_folder.glob("job-*")) and not list(staff_folder.glob("job-*"))


SESSION_THAT_DIES = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from kiosk.printing.cups import CupsPrinter, SessionPrintJobs
    from kiosk.printing.held_jobs import HeldJobRecord
    from kiosk.printing.service import print_sheet

    data, server, pdf = sys.argv[1], sys.argv[2], Path(sys.argv[3]).read_bytes()
    jobs = SessionPrintJobs(on_held=HeldJobRecord(Path(data)).add)
    printer = CupsPrinter(queue="VISITOR", server=server)
    print(print_sheet(pdf, printer, jobs=jobs, held_kind="plan").result.value, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no handler, no recall: as kill -9 from outside
    """
)


def test_a_session_killed_outright_leaves_its_held_job_to_the_supervisor(
    private_cups: PrivateCups, test_pdf: bytes, tmp_path: Path
) -> None:
    folder = private_cups.add_queue("VISITOR")
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    document = tmp_path / "page.pdf"
    document.write_bytes(test_pdf)
    session = subprocess.Popen(
        [sys.executable, "-c", SESSION_THAT_DIES, str(data), private_cups.server, str(document)],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    out, _ = session.communicate(timeout=60)
    assert session.returncode == -signal.SIGKILL
    assert out.decode().strip() == "held"
    (left,) = held_jobs(private_cups, "VISITOR")
    assert has_records(data, session.pid)
    # What the supervisor does when any session ends, here for the one that was killed.
    config = Config(
        kiosk=KioskSection(data_dir=str(data)),
        printing=PrintingSection(cups_server=private_cups.server),
    )
    Supervisor(config, ["true"]).cancel_held_printing(session.pid)
    assert queued(private_cups, "VISITOR") == ""
    assert private_cups.spool_files() == []
    assert not list(folder.glob("job-*"))
    assert not has_records(data, session.pid) and left


SESSIONS_UNDER_SUPERVISION = textwrap.dedent(
    """
    import os, signal, subprocess, sys
    from pathlib import Path
    from kiosk.printing.cups import CupsPrinter, SessionPrintJobs
    from kiosk.printing.held_jobs import HeldJobRecord
    from kiosk.printing.service import print_sheet
    from kiosk.session.ends import SessionEnd

    data, server, pdf = sys.argv[1], sys.argv[2], Path(sys.argv[3]).read_bytes()
    runs = Path(data) / "runs"
    first = not runs.exists()
    runs.write_text("x")
    if first:
        jobs = SessionPrintJobs(on_held=HeldJobRecord(Path(data)).add)
        print_sheet(pdf, CupsPrinter(queue="VISITOR", server=server), jobs=jobs, held_kind="plan")
        os.kill(os.getpid(), signal.SIGKILL)
    # The next visitor's session: what is left in the queue as it starts.
    env = {**os.environ, "CUPS_SERVER": server}
    left = subprocess.run(["lpstat", "-o", "VISITOR"], env=env, capture_output=True, text=True)
    (Path(data) / "left").write_text(left.stdout)
    sys.exit(SessionEnd.STAFF_CLOSED)
    """
)


def test_the_supervisor_cancels_a_killed_sessions_held_job_before_the_next_session(
    private_cups: PrivateCups, test_pdf: bytes, tmp_path: Path
) -> None:
    folder = private_cups.add_queue("VISITOR")
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    document = tmp_path / "page.pdf"
    document.write_bytes(test_pdf)
    config = Config(
        kiosk=KioskSection(data_dir=str(data)),
        printing=PrintingSection(cups_server=private_cups.server),
    )
    command = [
        sys.executable,
        "-c",
        SESSIONS_UNDER_SUPERVISION,
        str(data),
        private_cups.server,
        str(document),
    ]
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP)}
    saved |= {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        # Staff closed the kiosk in the second session: 0, or that code itself (main's change).
        ended = Supervisor(config, command, out=io.StringIO(), sleep=0.0).run()
        assert ended in (0, SessionEnd.STAFF_CLOSED)
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
    assert (data / "left").read_text() == ""  # gone before the next session started
    assert queued(private_cups, "VISITOR") == ""
    assert private_cups.spool_files() == []
    assert not list(folder.glob("job-*"))
    assert not has_records(data)


def test_the_supervisor_at_start_sweeps_every_record_and_keeps_one_it_could_not_reach(
    private_cups: PrivateCups, test_pdf: bytes, tmp_path: Path
) -> None:
    private_cups.add_queue("VISITOR")
    printer = CupsPrinter(queue="VISITOR", server=private_cups.server)
    for pid in (11, 12):
        jobs = SessionPrintJobs(on_held=HeldJobRecord(tmp_path, pid=pid).add)
        assert print_sheet(test_pdf, printer, jobs=jobs, held_kind="plan").result is Result.HELD
    # Lines that are not job ids (a damaged or planted file) are never passed to the tools.
    with (record_folder(tmp_path) / "12").open("a") as planted:
        planted.write("-x\n../../etc\nVISITOR-1 ; rm\n")
    (record_folder(tmp_path) / "notes.txt").write_text("VISITOR-99\n")
    absent = CupsPrinter(server=str(tmp_path / "no-cups.sock"))
    assert sweep(tmp_path, absent) == 0  # the scheduler does not answer: the records stay
    assert has_records(tmp_path, 11) and has_records(tmp_path, 12)
    assert sweep(tmp_path, printer) == 2
    assert queued(private_cups, "VISITOR") == ""
    assert not has_records(tmp_path)
    assert (record_folder(tmp_path) / "notes.txt").exists()  # not a session's record


def test_the_visitor_printer_falls_back_to_the_staff_printer(tmp_path: Path) -> None:
    def services(**printing: str) -> Services:
        config = Config(
            kiosk=KioskSection(data_dir=str(tmp_path)),
            printing=PrintingSection(**printing),  # type: ignore[arg-type]
        )
        return Services(directory=load_directory(HELPLINES), config=config)

    both = services(printer="STAFF", visitor_printer="VISITOR")
    assert isinstance(both.printer, CupsPrinter) and isinstance(both.visitor_printer, CupsPrinter)
    assert (both.printer.queue, both.visitor_printer.queue) == ("STAFF", "VISITOR")
    one = services(printer="STAFF")
    assert isinstance(one.visitor_printer, CupsPrinter)
    assert one.visitor_printer.queue == "STAFF"


def test_a_job_id_from_outside_is_checked_before_the_tools_see_it(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def runner(argv: list[str], **_: object) -> subprocess.CompletedProcess[bytes]:
        calls.append(argv)
        return subprocess.CompletedProcess(argv, 0, b"", b"")

    printer = CupsPrinter(queue="VISITOR", runner=runner)  # type: ignore[arg-type]
    import pytest

    from kiosk.printing.cups import PrintingError

    for bad in ("-a", "VISITOR-1 x", "VISITOR", "../VISITOR-1"):
        with pytest.raises(PrintingError):
            printer.cancel(PrintJob(bad, "VISITOR"))
        with pytest.raises(PrintingError):
            printer.release(PrintJob(bad, "VISITOR"))
    assert calls == []
    printer.release(PrintJob("VISITOR-7", "VISITOR"))
    assert calls == [["lp", "-i", "VISITOR-7", "-H", "resume"]]
