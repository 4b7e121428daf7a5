"""A private CUPS scheduler for tests: its own folder, its own socket, never the system's CUPS.

``PrivateCups`` writes a ``cupsd.conf`` and ``cups-files.conf`` under a temporary root, starts
``/usr/sbin/cupsd -f`` as a child process and reaches it only through ``CUPS_SERVER`` (the socket
path) in the environment of each command it runs. Three test backends stand in for printers:

- ``capture:/folder`` copies each job, byte for byte, into the folder with its title, copies and
  options beside it. While ``/folder/hold`` exists it waits before taking the job, so a test can
  watch a job that is printing.
- ``nopaper:/anything`` reports ``media-empty-error`` and stops the queue, as a printer's own
  backend does when the tray is empty.
- ``fail:/anything`` gives up on the job (exit 5, "cancel the job"), as a backend does for a
  document the printer refuses.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

INSTALL_HINT = "install cups-daemon cups-client poppler-utils (scripts/test does this as root)"
CUPSD = "/usr/sbin/cupsd"
# lpadmin and cupsdisable live in /usr/sbin, which is not on every user's PATH.
SEARCH_PATH = os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"])
TOOLS = (
    "lp",
    "lpstat",
    "lpadmin",
    "cancel",
    "cupsdisable",
    "cupsenable",
    "cupsreject",
    "cupsaccept",
    "pdftotext",
)
# Folders of helper programs that cupsd looks for under ServerBin; only those installed are linked.
SERVER_BIN_PARTS = ("cgi-bin", "daemon", "driver", "filter", "monitor", "notifier")
SYSTEM_SERVER_BIN = Path("/usr/lib/cups")

CAPTURE_BACKEND = """#!/bin/sh
# Test backend: keeps each job, as received, in the folder named by the device URI.
if [ $# -eq 0 ]; then
    echo 'file capture "Unknown" "Capture jobs for tests"'
    exit 0
fi
dir=${DEVICE_URI#capture:}
waited=0
while [ -e "$dir/hold" ] && [ $waited -lt 600 ]; do
    sleep 0.05
    waited=$((waited + 1))
done
if [ -n "$6" ]; then cp "$6" "$dir/.job-$1.part"; else cat > "$dir/.job-$1.part"; fi
printf '%s\\n' "$3" > "$dir/job-$1.title"
printf '%s\\n' "$4" > "$dir/job-$1.copies"
printf '%s\\n' "$5" > "$dir/job-$1.options"
# Renamed last, so a test that sees the PDF also sees everything written beside it.
mv "$dir/.job-$1.part" "$dir/job-$1.pdf"
exit 0
"""

NOPAPER_BACKEND = """#!/bin/sh
# Test backend: a printer with an empty paper tray.
if [ $# -eq 0 ]; then
    echo 'direct nopaper "Unknown" "Printer out of paper"'
    exit 0
fi
[ -n "$6" ] || cat > /dev/null
echo "STATE: +media-empty-error" >&2
echo "ERROR: The paper tray is empty" >&2
exit 4
"""

FAIL_BACKEND = """#!/bin/sh
# Test backend: a printer that refuses every document.
if [ $# -eq 0 ]; then
    echo 'direct fail "Unknown" "Printer that refuses jobs"'
    exit 0
fi
[ -n "$6" ] || cat > /dev/null
echo "ERROR: The printer refused the document" >&2
exit 5
"""

BACKENDS = {"capture": CAPTURE_BACKEND, "nopaper": NOPAPER_BACKEND, "fail": FAIL_BACKEND}


def skip_or_fail(reason: str) -> None:
    """Locally a missing tool skips with the fix; under CI=true it is a failure, never a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: a missing tool is a failure)", pytrace=False)
    pytest.skip(reason=reason)


def require_cups_tools() -> dict[str, str]:
    """The path of cupsd and each client tool the tests run, or skip/fail naming the packages."""
    found: dict[str, str] = {}
    missing: list[str] = []
    if os.access(CUPSD, os.X_OK):
        found["cupsd"] = CUPSD
    else:
        missing.append("cupsd")
    for tool in TOOLS:
        path = shutil.which(tool, path=SEARCH_PATH)
        if path is None:
            missing.append(tool)
        else:
            found[tool] = path
    if missing:
        skip_or_fail(f"{', '.join(missing)} not found: {INSTALL_HINT}")
    return found


@dataclass(frozen=True)
class CapturedJob:
    """What the capture backend received for one job."""

    pdf: bytes
    title: str
    copies: int
    options: str


class PrivateCups:
    """One private cupsd under ``root``; ``server`` is the value for ``CUPS_SERVER``."""

    def __init__(self, root: Path, tools: dict[str, str], *, keep_history: bool = False) -> None:
        self.root = root
        self.tools = tools
        self.keep_history = keep_history
        self.server = str(root / "run" / "cups.sock")
        # A unix socket path must fit in sockaddr_un (108 bytes on Linux, with its NUL).
        if len(self.server.encode()) >= 100:
            raise ValueError(f"socket path too long for a unix socket: {self.server}")
        self.spool = root / "spool"
        self.log = root / "log"
        self._process: subprocess.Popen[bytes] | None = None
        self._write_config()

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.server, "LANG": "C", "LC_ALL": "C"}

    def _write_config(self) -> None:
        root = self.root
        for name in ("etc", "run", "spool", "tmp", "cache", "state", "log", "lib/backend", "out"):
            (root / name).mkdir(parents=True, exist_ok=True)
        for part in SERVER_BIN_PARTS:
            if (SYSTEM_SERVER_BIN / part).is_dir():
                (root / "lib" / part).symlink_to(SYSTEM_SERVER_BIN / part)
        system_backends = SYSTEM_SERVER_BIN / "backend"
        if system_backends.is_dir():
            for backend in system_backends.iterdir():
                (root / "lib" / "backend" / backend.name).symlink_to(backend)
        # cupsd runs a backend as root only when no one else may read or run it; as another
        # user the backend runs as that user and must be readable and executable by it.
        mode = 0o700 if os.geteuid() == 0 else 0o755
        for name, script in BACKENDS.items():
            path = root / "lib" / "backend" / name
            path.write_text(script)
            path.chmod(mode)
        history = "Yes" if self.keep_history else "No"
        (root / "etc" / "cupsd.conf").write_text(
            f"""\
Listen {self.server}
Browsing No
WebInterface No
PreserveJobFiles No
PreserveJobHistory {history}
DefaultAuthType None
LogLevel info
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""
        )
        (root / "etc" / "cups-files.conf").write_text(
            f"""\
ServerRoot {root}/etc
RequestRoot {self.spool}
TempDir {root}/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {self.log}/error_log
AccessLog {self.log}/access_log
PageLog {self.log}/page_log
ServerBin {root}/lib
SystemGroup root
"""
        )

    def start(self, timeout: float = 15.0) -> None:
        if self.running:
            return
        stderr = (self.log / "cupsd.stderr").open("ab")
        with stderr:
            self._process = subprocess.Popen(
                [
                    self.tools["cupsd"],
                    "-f",
                    "-c",
                    str(self.root / "etc" / "cupsd.conf"),
                    "-s",
                    str(self.root / "etc" / "cups-files.conf"),
                ],
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
                env=self.env,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                code = self._process.returncode
                raise RuntimeError(f"private cupsd exited with {code}: {self.logs()}")
            if self.scheduler_running():
                return
            time.sleep(0.01)
        self.stop()
        raise RuntimeError(f"private cupsd did not answer within {timeout} s: {self.logs()}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def scheduler_running(self) -> bool:
        result = self.run("lpstat", "-r", check=False)
        return result.stdout.strip() == "scheduler is running"

    def logs(self) -> str:
        parts = []
        for name in ("cupsd.stderr", "error_log"):
            path = self.log / name
            if path.exists():
                parts.append(f"--- {name}\n{path.read_text(errors='replace')[-4000:]}")
        return "\n".join(parts)

    def run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """A CUPS command against this scheduler only, with its output as text."""
        result = subprocess.run(
            [self.tools[tool], *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"{tool} {' '.join(args)} exited {result.returncode}: {result.stderr.strip()}"
            )
        return result

    def add_queue(self, name: str, backend: str = "capture") -> Path:
        """A raw queue (no PPD, no filters) on one of the test backends; returns its folder."""
        folder = self.root / "out" / name
        folder.mkdir(parents=True, exist_ok=True)
        self.run("lpadmin", "-p", name, "-v", f"{backend}:{folder}", "-E")
        return folder

    def set_default(self, name: str) -> None:
        self.run("lpadmin", "-d", name)

    @contextmanager
    def holding(self, folder: Path) -> Iterator[None]:
        """While inside, the capture backend keeps the job it started on (state: printing)."""
        hold = folder / "hold"
        hold.touch()
        try:
            yield
        finally:
            hold.unlink(missing_ok=True)

    def captured(self, folder: Path, job_id: str, timeout: float = 15.0) -> CapturedJob:
        """Wait for the capture backend to deliver job ``QUEUE-N`` and read what it wrote."""
        number = job_id.rsplit("-", 1)[1]
        pdf = folder / f"job-{number}.pdf"
        deadline = time.monotonic() + timeout
        while not pdf.exists():
            if time.monotonic() > deadline:
                raise AssertionError(f"job {job_id} never reached the backend: {self.logs()}")
            time.sleep(0.02)
        return CapturedJob(
            pdf=pdf.read_bytes(),
            title=(folder / f"job-{number}.title").read_text().strip(),
            copies=int((folder / f"job-{number}.copies").read_text().strip()),
            options=(folder / f"job-{number}.options").read_text().strip(),
        )

    def spool_files(self) -> list[str]:
        """Job documents (d*) and control files (c*) left in RequestRoot."""
        return sorted(
            path.name
            for path in self.spool.iterdir()
            if path.is_file() and path.name[:1] in {"c", "d"} and path.name[1:2].isdigit()
        )

    def wait_until(self, condition: str, probe: Callable[[], bool], timeout: float = 15.0) -> None:
        """Poll ``probe()`` until it returns true."""
        deadline = time.monotonic() + timeout
        while not probe():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {condition}: {self.logs()}")
            time.sleep(0.02)


def make_root() -> Path:
    """A short root under /tmp: the socket path inside it must stay under about 100 bytes."""
    return Path(tempfile.mkdtemp(prefix="hc", dir="/tmp"))


def remove_root(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
