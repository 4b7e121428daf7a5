"""Printing through CUPS with its own command-line tools: ``lp``, ``lpstat`` and ``cancel``.

The PDF goes to ``lp`` on standard input, so no plaintext copy is ever written by the kiosk, and
every job carries the neutral title "Document" (CUPS stores titles in its job history). A
scheduler other than the system's is reached only through ``CUPS_SERVER`` in the environment
given to each command; the kiosk's own environment is never changed. Commands run without a
shell and with ``LC_ALL=C``, because their messages are what this module reads.

Every problem becomes a ``PrintingError`` whose text is one calm sentence for the visitor or
staff, and whose ``reason`` says which problem it was.

Known limit: with the spool hygiene the kiosk needs (``PreserveJobHistory No``), CUPS forgets a
job the moment it ends, whether it printed, was cancelled or was aborted. A job the scheduler no
longer knows is therefore reported as done. Failures that stop the queue (an empty paper tray,
the default ``ErrorPolicy stop-printer``) leave the job waiting and are reported by ``wait``.
"""

from __future__ import annotations

import contextlib
import enum
import os
import re
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "MESSAGES",
    "CupsPrinter",
    "JobState",
    "PrintJob",
    "Printer",
    "PrintingError",
    "Reason",
    "Runner",
    "SessionPrintJobs",
    "parse_jobs",
    "parse_queue_status",
]

# Job titles are kept by CUPS; nothing about the visitor or the sheet may appear in one.
TITLE = "Document"

# Reading a queue answers in milliseconds; sending a large PDF to a remote scheduler can take
# longer. Past these the scheduler is taken as not answering.
QUERY_TIMEOUT = 15.0
SUBMIT_TIMEOUT = 60.0


class Reason(enum.Enum):
    """Why printing cannot go ahead."""

    NO_CUPS = "no-cups"
    CUPS_DOWN = "cups-down"
    NO_SUCH_PRINTER = "no-such-printer"
    NO_DEFAULT_PRINTER = "no-default-printer"
    PAUSED = "paused"
    OUT_OF_PAPER = "out-of-paper"
    REJECTING = "rejecting"
    JOB_FAILED = "job-failed"
    TIMEOUT = "timeout"


MESSAGES: Mapping[Reason, str] = {
    Reason.NO_CUPS: "The printing system is not installed on this computer.",
    Reason.CUPS_DOWN: (
        "Printing is not working at the moment (the print service is not running). "
        "Please ask staff."
    ),
    Reason.NO_SUCH_PRINTER: "The printer is not available. Please ask staff for help.",
    Reason.NO_DEFAULT_PRINTER: (
        "No printer has been chosen for this computer. Please ask staff to set one up."
    ),
    Reason.PAUSED: "The printer is paused. Please ask staff to start it again.",
    Reason.OUT_OF_PAPER: "The printer is out of paper. Please ask staff to refill it.",
    Reason.REJECTING: (
        "The printer is not taking new documents at the moment. Please ask staff for help."
    ),
    Reason.JOB_FAILED: "The document could not be printed. Please ask staff for help.",
    Reason.TIMEOUT: "The printer has not finished the document yet. Please ask staff for help.",
}


class PrintingError(Exception):
    """A printing problem; ``str()`` is the calm sentence to show, ``detail`` is for logs."""

    def __init__(self, reason: Reason, detail: str = "") -> None:
        super().__init__(MESSAGES[reason])
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class PrintJob:
    job_id: str
    queue: str


class JobState(enum.Enum):
    PENDING = "pending"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"


class Printer(Protocol):
    def submit(self, pdf: bytes, *, copies: int = 1, held: bool = False) -> PrintJob:
        """``held``: the job waits in the queue until ``release`` (CUPS "hold indefinite")."""
        ...

    def release(self, job: PrintJob) -> None:
        """Let a held job print."""
        ...

    def state(self, job: PrintJob) -> JobState: ...

    def cancel(self, job: PrintJob) -> None: ...

    def check(self) -> None:
        """Raise PrintingError when the queue cannot print right now."""
        ...

    def wait(
        self, job: PrintJob, *, timeout: float = 120.0, stop: Callable[[], bool] = ...
    ) -> JobState:
        """Follow the job until it is DONE or FAILED, or until ``stop()`` says to give up."""
        ...


Runner = Callable[..., subprocess.CompletedProcess[bytes]]

_REQUEST_ID = re.compile(r"request id is (\S+-\d+) \(")
_DEFAULT = re.compile(r"^system default destination: (\S+)\s*$", re.MULTILINE)
# Anything CUPS cannot take as a queue name, and anything the tools would read as an option.
_BAD_QUEUE = re.compile(r"^-|[\s/#\\'\"]|^$")
# A job id as lp gives it ("QUEUE-12"); anything else (read back from a file) is not passed on.
_JOB_ID = re.compile(r"\A[^-\s/#\\'\"][^\s/#\\'\"]{0,126}-\d{1,10}\Z")
# printer-state-reasons meaning the tray is empty. A "-report" suffix is only information.
_NO_PAPER = re.compile(r"^media-(empty|needed)(-warning|-error)?$")
# job-state-reasons that CUPS gives a job that ended without printing, when it keeps history.
_JOB_FAILED_REASONS = frozenset(
    {
        "aborted-by-system",
        "job-aborted-by-system",
        "job-canceled-by-user",
        "job-canceled-by-operator",
        "job-canceled-at-device",
        "job-completed-with-errors",
        "document-format-error",
        "document-unprintable-error",
        "unsupported-document-format",
    }
)
# cancel's answer for a job that has already ended: nothing is left to cancel.
_ALREADY_ENDED = re.compile(r"does not exist|already (completed|canceled|cancelled|aborted)")
_CANNOT_CONNECT = re.compile(r"unable to connect|connection refused|scheduler is not running", re.I)


def is_job_id(text: str) -> bool:
    """Whether ``text`` is a job id as lp gives it ("QUEUE-12"), safe to hand to the tools."""
    return _JOB_ID.match(text) is not None


def _cups_environment(server: str) -> dict[str, str]:
    env = dict(os.environ)
    if server:
        env["CUPS_SERVER"] = server
    # LC_ALL outranks LANG: both are set so the tools answer in the English that is parsed here.
    env["LANG"] = "C"
    env["LC_ALL"] = "C"
    env.pop("LANGUAGE", None)
    return env


@dataclass(frozen=True)
class _Output:
    returncode: int
    stdout: str
    stderr: str


@dataclass(frozen=True)
class _QueueStatus:
    enabled: bool
    reasons: tuple[str, ...]


def parse_queue_status(text: str) -> _QueueStatus:
    """Read ``lpstat -l -p QUEUE``: whether the queue is enabled, and its printer-state-reasons.

    The first line is "printer Q is idle.", "printer Q now printing Q-7." or "printer Q disabled
    since …"; the reasons are on the "Alerts:" line ("none" when there are none).
    """
    lines = text.splitlines()
    enabled = bool(lines) and " disabled since " not in lines[0]
    reasons: tuple[str, ...] = ()
    for line in lines:
        label, _, value = line.strip().partition(":")
        if label == "Alerts":
            reasons = tuple(word for word in value.replace(",", " ").split() if word != "none")
            break
    return _QueueStatus(enabled=enabled, reasons=reasons)


def parse_jobs(text: str) -> dict[str, tuple[str, ...]]:
    """Read ``lpstat -l -o``: each job id, in lower case, with its job-state-reasons.

    lp names a job after the queue as it was asked for ("capture-3") while lpstat uses the
    queue's own spelling ("CAPTURE-3"); CUPS treats both as one, so ids are compared in lower
    case. The reasons are on the "Alerts:" line.
    """
    jobs: dict[str, tuple[str, ...]] = {}
    current = ""
    for line in text.splitlines():
        if line and not line[0].isspace():
            current = line.split()[0].lower()
            jobs[current] = ()
        elif current:
            label, _, value = line.strip().partition(":")
            if label == "Alerts":
                jobs[current] = tuple(w for w in value.replace(",", " ").split() if w != "none")
    return jobs


class CupsPrinter:
    """A CUPS queue; an empty ``queue`` means the scheduler's default destination."""

    def __init__(
        self,
        queue: str = "",
        server: str = "",
        runner: Runner = subprocess.run,
    ) -> None:
        self.queue = queue
        self.server = server
        self._run_process = runner

    # -- the protocol ----------------------------------------------------------------------

    def check(self) -> None:
        queue = self._resolve_queue()
        status = self._queue_status(queue)
        if any(_NO_PAPER.match(reason) for reason in status.reasons):
            raise PrintingError(Reason.OUT_OF_PAPER, f"{queue}: {' '.join(status.reasons)}")
        if not status.enabled:
            raise PrintingError(Reason.PAUSED, f"{queue} is disabled")
        accepting = self._run("lpstat", "-a", queue)
        if accepting.returncode != 0:
            raise self._explain(accepting, Reason.NO_SUCH_PRINTER)
        if " not accepting requests" in accepting.stdout:
            raise PrintingError(Reason.REJECTING, accepting.stdout.strip())

    def submit(self, pdf: bytes, *, copies: int = 1, held: bool = False) -> PrintJob:
        if copies < 1:
            raise ValueError(f"copies must be at least 1, not {copies}")
        queue = self._resolve_queue()
        # "-H hold" is job-hold-until=indefinite: the job waits, whole, in the scheduler's
        # spool until "lp -i JOB -H resume" (``release``) or "cancel".
        hold = ("-H", "hold") if held else ()
        result = self._run(
            "lp",
            "-d",
            queue,
            "-n",
            str(copies),
            "-t",
            TITLE,
            *hold,
            "-o",
            "document-format=application/pdf",
            stdin=pdf,
            timeout=SUBMIT_TIMEOUT,
        )
        if result.returncode == 0:
            # lp reads standard input, so it says "(0 file(s))": only the id itself is used.
            match = _REQUEST_ID.search(result.stdout)
            if match is None:
                raise PrintingError(Reason.JOB_FAILED, f"unexpected lp answer: {result.stdout}")
            return PrintJob(job_id=match.group(1), queue=queue)
        message = result.stderr
        if "not accepting jobs" in message:
            raise PrintingError(Reason.REJECTING, message.strip())
        if "does not exist" in message:
            raise self._explain(result, Reason.NO_SUCH_PRINTER)
        if "No default destination" in message:
            raise self._explain(result, Reason.NO_DEFAULT_PRINTER)
        raise self._explain(result, Reason.JOB_FAILED)

    def state(self, job: PrintJob) -> JobState:
        job_id = job.job_id.lower()
        waiting = self._jobs(job.queue, "not-completed")
        if job_id in waiting:
            if "job-printing" in waiting[job_id]:
                return JobState.PRINTING
            return JobState.PENDING
        ended = self._jobs(job.queue, "completed")
        if job_id in ended and _JOB_FAILED_REASONS.intersection(ended[job_id]):
            return JobState.FAILED
        # Either listed as completed, or forgotten because the scheduler keeps no history.
        return JobState.DONE

    def release(self, job: PrintJob) -> None:
        if not is_job_id(job.job_id):
            raise PrintingError(Reason.JOB_FAILED, f"not a job id: {job.job_id!r}")
        result = self._run("lp", "-i", job.job_id, "-H", "resume")
        if result.returncode == 0:
            return
        if _ALREADY_ENDED.search(result.stderr) or "not found" in result.stderr:
            # Cancelled meanwhile (by staff, or by the session's end): nothing is left to print.
            raise PrintingError(Reason.JOB_FAILED, result.stderr.strip())
        raise self._explain(result, Reason.JOB_FAILED)

    def cancel(self, job: PrintJob) -> None:
        if not is_job_id(job.job_id):
            raise PrintingError(Reason.JOB_FAILED, f"not a job id: {job.job_id!r}")
        result = self._run("cancel", job.job_id)
        if result.returncode == 0 or _ALREADY_ENDED.search(result.stderr):
            return
        raise self._explain(result, Reason.JOB_FAILED)

    # -- following a job -------------------------------------------------------------------

    def wait(
        self,
        job: PrintJob,
        *,
        timeout: float = 120.0,
        poll: float = 0.2,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        stop: Callable[[], bool] = lambda: False,
    ) -> JobState:
        """Follow the job until it is DONE or FAILED; PrintingError(TIMEOUT) after ``timeout``.

        A job still waiting on a queue that has stopped (empty tray, paused by staff, printer
        removed) cannot move until someone acts, so that problem is raised at once instead of
        after the timeout. The job stays queued: it prints once staff fix the printer, and a
        quick exit or the end of the session cancels it.
        """
        deadline = clock() + timeout
        while True:
            state = self.state(job)
            # ``stop`` is the session ending: stop following at once, so the process can end.
            if state in (JobState.DONE, JobState.FAILED) or stop():
                return state
            if state is JobState.PENDING:
                self._raise_if_stopped()
            remaining = deadline - clock()
            if remaining <= 0:
                raise PrintingError(Reason.TIMEOUT, f"{job.job_id} still {state.value}")
            sleep(min(poll, remaining))

    def _raise_if_stopped(self) -> None:
        try:
            self.check()
        except PrintingError as error:
            # Refusing new jobs does not hold back the ones already queued.
            if error.reason is not Reason.REJECTING:
                raise

    # -- helpers ---------------------------------------------------------------------------

    def _run(
        self, tool: str, *args: str, stdin: bytes | None = None, timeout: float = QUERY_TIMEOUT
    ) -> _Output:
        try:
            completed = self._run_process(
                [tool, *args],
                input=stdin if stdin is not None else b"",
                capture_output=True,
                env=_cups_environment(self.server),
                timeout=timeout,
                check=False,
            )
        except FileNotFoundError as error:
            raise PrintingError(Reason.NO_CUPS, f"{tool}: {error}") from None
        except subprocess.TimeoutExpired:
            raise PrintingError(Reason.CUPS_DOWN, f"{tool} got no answer in {timeout} s") from None
        except OSError as error:
            raise PrintingError(Reason.CUPS_DOWN, f"{tool}: {error}") from None
        return _Output(
            returncode=completed.returncode,
            stdout=completed.stdout.decode("utf-8", "replace"),
            stderr=completed.stderr.decode("utf-8", "replace"),
        )

    def _scheduler_running(self) -> bool:
        answer = self._run("lpstat", "-r")
        return answer.stdout.strip() == "scheduler is running"

    def _explain(self, result: _Output, otherwise: Reason) -> PrintingError:
        """A failed command: the scheduler being down explains most messages, so ask first.

        With the scheduler down, lp and lpstat say the printer "does not exist" and lpstat -d
        says there is no default: only ``lpstat -r`` tells the two apart.
        """
        detail = (result.stderr or result.stdout).strip()
        if _CANNOT_CONNECT.search(detail) or not self._scheduler_running():
            return PrintingError(Reason.CUPS_DOWN, detail)
        return PrintingError(otherwise, detail)

    def _resolve_queue(self) -> str:
        if self.queue:
            if _BAD_QUEUE.search(self.queue):
                raise PrintingError(Reason.NO_SUCH_PRINTER, f"not a queue name: {self.queue!r}")
            return self.queue
        answer = self._run("lpstat", "-d")
        match = _DEFAULT.search(answer.stdout)
        # A default such as "Office/duplex" names an instance (saved options) of queue "Office".
        queue = match.group(1).split("/", 1)[0] if match else ""
        if _BAD_QUEUE.search(queue):
            raise self._explain(answer, Reason.NO_DEFAULT_PRINTER)
        return queue

    def _queue_status(self, queue: str) -> _QueueStatus:
        # -l must come before -p: lpstat applies options in the order they are given.
        answer = self._run("lpstat", "-l", "-p", queue)
        # CUPS matches queue names without regard to case and answers with the queue's own.
        heading = f"printer {queue.lower()} "
        if answer.returncode != 0 or not answer.stdout.lower().startswith(heading):
            raise self._explain(answer, Reason.NO_SUCH_PRINTER)
        return parse_queue_status(answer.stdout)

    def _jobs(self, queue: str, which: str) -> dict[str, tuple[str, ...]]:
        answer = self._run("lpstat", "-l", "-W", which, "-o", queue)
        if answer.returncode != 0:
            raise self._explain(answer, Reason.NO_SUCH_PRINTER)
        return parse_jobs(answer.stdout)


class SessionPrintJobs:
    """The jobs sent during one visitor session, so a quick exit can recall those not started
    (held jobs among them: they have not started until she releases them).

    Once the session is over (``close``), nothing more may print: a render in flight
    (``add_render``) is killed, a worker that was still submitting asks ``closed`` first, and a
    job that slips in anyway is refused by ``add`` so its caller cancels it. The recall waits
    for jobs still being sent, since the session process ends right after it and a job sent
    then would print unrecalled.
    """

    def __init__(self, on_held: Callable[[PrintJob], None] | None = None) -> None:
        self._jobs: list[PrintJob] = []
        # Held jobs (her own documents, waiting for "Release my printing"), with their kind.
        self._held: dict[PrintJob, str] = {}
        # Told of each held job as it is added, before the job is anywhere else: the session
        # writes its id down so the supervisor can cancel it if the session is killed.
        self._on_held = on_held
        self._lock = threading.Lock()
        self._sent = threading.Condition(self._lock)
        self._sending = 0
        self._closed = False
        self._renders: list[Callable[[], None]] = []

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> list[PrintJob]:
        """End the session's printing, cancelling renders in flight; returns the jobs to recall."""
        with self._lock:
            self._closed = True
            jobs, self._jobs = self._jobs, []
            self._held = {}
            renders, self._renders = self._renders, []
        for cancel in renders:
            with contextlib.suppress(Exception):
                cancel()
        return jobs

    def add_render(self, cancel: Callable[[], None]) -> bool:
        """A render in flight, cancelled by ``close``; False when the session has already ended."""
        with self._lock:
            if self._closed:
                return False
            self._renders.append(cancel)
            return True

    def remove_render(self, cancel: Callable[[], None]) -> None:
        with self._lock:
            if cancel in self._renders:
                self._renders.remove(cancel)

    @contextlib.contextmanager
    def sending(self) -> Iterator[None]:
        """Around submitting a job and then ``add``-ing it (or cancelling it if refused)."""
        with self._lock:
            self._sending += 1
        try:
            yield
        finally:
            with self._lock:
                self._sending -= 1
                self._sent.notify_all()

    def add(self, job: PrintJob, *, held_kind: str = "") -> bool:
        """Remember a job; False when the session has already ended (cancel it then).

        ``held_kind``: the job was submitted held, waiting for her to release it; the kind of
        document it is (what is counted once it prints)."""
        with self._lock:
            if self._closed:
                return False
            if held_kind:
                if self._on_held is not None:
                    with contextlib.suppress(Exception):
                        self._on_held(job)
                self._held[job] = held_kind
            self._jobs.append(job)
            return True

    @property
    def jobs(self) -> tuple[PrintJob, ...]:
        return tuple(self._jobs)

    @property
    def held(self) -> bool:
        """Whether any of her documents waits, held, for "Release my printing"."""
        return bool(self._held)

    def hold_again(self, job: PrintJob, kind: str) -> None:
        """A job that could not be released (the scheduler did not answer): still hers to
        release, unless the session has ended meanwhile."""
        with self._lock:
            if not self._closed:
                self._held[job] = kind

    def take_held(self) -> list[tuple[PrintJob, str]]:
        """The held jobs and their kinds, to release now: no longer counted as held. They stay
        among the session's jobs, so a quick exit still cancels one that has not started."""
        with self._lock:
            held, self._held = list(self._held.items()), {}
        return held

    def cancel_unstarted(self, printer: Printer) -> int:
        """Cancel this session's jobs still waiting to print; returns how many were cancelled.

        Best effort: the visitor is leaving, so no problem here may stop or slow the exit (the
        caller waits only so long). Paper already printing cannot be recalled and is left
        alone. The list is emptied either way, since the session it belongs to is over. Jobs
        still being sent are waited for: their senders find the session closed and cancel them.
        """
        cancelled = sum(1 for job in self.close() if _cancel_if_pending(printer, job))
        with self._lock:
            self._sent.wait_for(lambda: self._sending == 0)
        return cancelled


def _cancel_if_pending(printer: Printer, job: PrintJob) -> bool:
    with contextlib.suppress(Exception):
        if printer.state(job) is JobState.PENDING:
            printer.cancel(job)
            return True
    return False
