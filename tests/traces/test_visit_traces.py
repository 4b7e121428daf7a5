"""After a full visit and a quick exit, none of her words is anywhere but inside her vault.

One scripted visit to the real kiosk in a real terminal (tmux), printing to a private cupsd:
she opens her vault, writes a note and a diary entry, fills part of her safety plan, prints
her diary record and releases it at the printer, then leaves by the quick exit. Every field
holds its own random canary (and her vault name and a 12-digit PIN are canaries too). Then
the scans: the data folder (every file, raw bytes, SQLite's side files too, also while her
vault is open), the temporary folders, the print system (spool, job history kept on purpose,
its logs), the terminal's scrollback, where the kiosk's stderr goes, the gatekeeper
service's output, and the memory of every process still running (the supervisor, the next
session and its render server, the gatekeeper service when the kiosk has one, the print
server). Each find names the field and the place. Checks that the scans can find something
(a planted file, the canary in the session's memory while her vault is open, the printed
page's text) keep a scan that sees nothing from passing.

Not scanned: the terminal emulator's own memory. tmux keeps the lines it showed in its heap
after they are cleared (the diary's list lines were found there); a kiosk's terminal is the
Linux console, whose screen and scrollback systemd wipes (TTYVTDisallocate). No journal
either: under systemd the kiosk's stderr goes to that console (StandardError=tty), and here
the test checks that the session's stderr is /dev/null and the supervisor's the terminal.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import (
    EDITOR,
    HOME,
    KioskTerminal,
    Site,
    TmuxSession,
    alive,
    process_table,
    skip_or_fail,
)
from tests.e2e.memory import MemoryNotReadable, check_readable
from tests.printing.conftest import cups_tools, make_private_cups  # noqa: F401 (fixtures)
from tests.printing.cupsd import PrivateCups
from tests.traces.gatekeeper_process import GatekeeperProcess, config_lines, service_available
from tests.traces.scan import (
    Find,
    find_in_bytes,
    find_in_text,
    needles,
    report,
    scan_process,
    scan_tree,
    temporary_folders,
)
from tests.traces.visit import Canaries, Visitor, pin, vault_name

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="reads /proc/<pid>/mem, which only Linux has"
    ),
]

HELD_LINE = "held there: nothing comes out until you release it"


@pytest.fixture
def gatekeeper_service(site: Site, tmp_path: Path) -> Iterator[GatekeeperProcess | None]:
    """The gatekeeper's own process, on the site, once this kiosk has one; else None."""
    if not service_available():
        yield None
        return
    socket_path = Path(f"/tmp/hg-{os.getpid()}-{tmp_path.name[-12:]}.sock")
    site.config.write_text(site.config.read_text() + config_lines(socket_path))
    service = GatekeeperProcess(
        site.kiosk, site.location(), socket_path, tmp_path / "gatekeeper.log"
    )
    try:
        yield service
    finally:
        service.stop()
        socket_path.unlink(missing_ok=True)


def pdf_text(pdf: bytes, folder: Path) -> str:
    """The printed page's text (the page is written to ``folder`` to be read, then removed:
    it is her paper, not something the kiosk left)."""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        skip_or_fail("pdftotext (poppler-utils) is not installed: the printed page is unread")
    assert pdftotext is not None
    source = folder / "printed.pdf"
    source.write_bytes(pdf)
    try:
        return subprocess.run(
            [pdftotext, "-layout", str(source), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
    finally:
        source.unlink()


def write_entries(visitor: Visitor, canaries: Canaries) -> None:
    """From her vault's home: one note, one diary entry, part of her plan; back home."""
    term = visitor.term
    # A note.
    visitor.press("My notes", until="Write a note")
    visitor.press("Write a note", until=EDITOR)
    term.type(canaries["note"])
    term.wait_for(canaries["note"])
    visitor.press("Save", until="Read this note")
    visitor.press("Back", until=HOME)
    # A diary entry, its ten steps.
    visitor.press("My diary", until="New entry")
    visitor.press("New entry", until="Step 1 of 10")
    # Yesterday, by the kiosk's own (real) clock: a date to come would be refused.
    yesterday = dt.date.today() - dt.timedelta(days=1)
    visitor.type_into("day/month/year", yesterday.strftime("%d/%m/%Y"))
    visitor.type_into("for example 14:30", "14:30")
    visitor.press("Next", until="Step 2 of 10")
    visitor.type_into("Where: a place", canaries["diary where"], below=2)
    visitor.type_into("Put anything they said", canaries["diary what"], below=2)
    visitor.press("Next", until="Step 3 of 10")
    visitor.tick("Following or watching")
    visitor.press("Next", until="Step 4 of 10")
    visitor.type_into("Who did it", canaries["diary who"], below=2)
    for step in (5, 6, 7, 8):  # witnesses, evidence and police: left as they are
        visitor.press("Next", until=f"Step {step} of 10")
    visitor.type_into("This matters: the law", canaries["diary effect"], below=2)
    visitor.press("Next", until="Step 9 of 10")
    visitor.press("Next", until="Step 10 of 10")
    visitor.press("Save this entry", until="1 entry")
    # Part of her plan: the first section, then she leaves the plan part way.
    visitor.press("Back", until=HOME)
    visitor.press("My plan", until="Start my plan")
    visitor.press("Start my plan", until="My plan: before you start")
    visitor.press("Start", until="where you are now")
    visitor.press("Next", until="Section 1 of 14")
    visitor.type_into("A place or a device that only you", canaries["plan"], below=2)
    visitor.press("Next", until="Section 2 of 14")
    visitor.press("Leave", until="Continue where I stopped")
    visitor.press("Back", until=HOME)


def print_record(visitor: Visitor, cups: PrivateCups, paper: Path) -> bytes:
    """Her diary record, printed and released at the printer; the page that came out."""
    visitor.press("My diary", until="Print or save")
    visitor.press("Print or save", until="Print my record")
    visitor.press("Print", until=HELD_LINE, timeout=120)
    visitor.press("Back", until="Print or save")
    visitor.press("Back", until="Release my printing")
    visitor.press("Release my printing", until="Print")
    cups.wait_until("the page to come out", lambda: any(paper.glob("job-*.pdf")), timeout=60)
    cups.wait_until(
        "the job to be done",
        lambda: cups.run("lpstat", "-o", check=False).stdout.strip() == "",
        timeout=60,
    )
    (printed,) = paper.glob("job-*.pdf")
    return printed.read_bytes()


def test_a_full_visit_leaves_no_trace_after_the_quick_exit(
    site: Site,
    tmux: Callable[..., TmuxSession],
    make_private_cups: Callable[..., PrivateCups],  # noqa: F811
    gatekeeper_service: GatekeeperProcess | None,
    tmp_path: Path,
) -> None:
    began = time.monotonic()
    canaries = Canaries()
    # Filesystem times are coarse (a kernel tick): a margin keeps a file written at once.
    made = time.time() - 2.0
    name, secret = vault_name(canaries.tag), pin()
    site.admin("vault", "create", "--name", name, stdin=f"{secret}\n{secret}\n")
    wanted = needles({**canaries.by_field, "vault name": name, "PIN": secret})
    # The scanner finds what is there: a planted file in each encoding.
    planted = tmp_path / "planted"
    planted.mkdir()
    (planted / "probe").write_bytes(b"".join(n.raw for n in wanted))
    assert len(scan_tree([planted], wanted).finds) == len(wanted)
    shutil.rmtree(planted)

    # A private print server that keeps its job history, as a careless centre's might.
    cups = make_private_cups(keep_history=True)
    staff_paper = cups.add_queue("STAFF")
    paper = cups.add_queue("VISITOR")
    site.config.write_text(
        site.config.read_text()
        + "[printing]\n"
        + 'printer = "STAFF"\nvisitor_printer = "VISITOR"\n'
        + f"cups_server = {json.dumps(cups.server)}\n"
    )
    kiosk = KioskTerminal(tmux(site.run_command()))
    term = kiosk.term
    visitor = Visitor(term)
    session = kiosk.wait_for_fresh_welcome()
    supervisor = kiosk.supervisor
    try:
        for pid in (supervisor.pid, session):
            check_readable(pid)
    except MemoryNotReadable as error:
        skip_or_fail(f"this user may not read the kiosk's memory: {error}")
    # Where stderr goes: the session's goes nowhere, the supervisor's to the terminal (the
    # console under systemd: StandardError=tty), whose scrollback is scanned below.
    assert os.readlink(f"/proc/{session}/fd/2") == os.devnull
    supervisor_stderr = os.readlink(f"/proc/{supervisor.pid}/fd/2")
    assert supervisor_stderr.startswith("/dev/pts/"), supervisor_stderr

    visitor.open_vault(name, secret)
    write_entries(visitor, canaries)
    # On disk while her vault is open: the database's side files (-wal, -shm, -journal)
    # exist now, and nothing may be readable in them or anywhere else meanwhile.
    while_open = scan_tree([site.config.parent, *temporary_folders()], wanted, changed_since=made)
    assert not while_open.finds, "her words are on disk during the visit:\n" + report(
        while_open.finds
    )
    # The memory scan can see a canary: the session holds her note while her vault is open.
    in_session = scan_process(session, "the open session", needles({"note": canaries["note"]}))
    assert in_session, "the note is not in the open session's memory: the scan sees nothing"
    printed = print_record(visitor, cups, paper)
    page = pdf_text(printed, tmp_path)
    for field in ("diary where", "diary what", "diary who", "diary effect"):
        assert canaries[field] in page, f"the printed record lacks {field}: {page[:2000]}"

    # Every process of her visit: the session, its render server and any renderer it runs.
    during = term.processes()
    ended = session
    session = kiosk.quick_exit(session, hidden=(HOME, "My diary"))
    processes = term.processes()
    # A process of hers that outlived the session would no longer be in the pane's tree
    # (an orphan goes to init): each one seen during the visit is looked for by its pid.
    survivors = [p for p in during if alive(p) and p.pid != supervisor.pid]
    assert not survivors, f"processes of her visit outlived the quick exit: {survivors}"
    assert ended not in {p.pid for p in processes}, "her session process is still running"

    finds: list[Find] = []
    timings = {"visit": time.monotonic()}
    # The data folder, every file as raw bytes: the databases, SQLite's -wal, -shm and
    # -journal files, the gatekeeper's state, held-print records, the config beside it.
    data = scan_tree([site.config.parent], wanted)
    finds += data.finds
    assert not data.not_read, f"files of the data folder could not be read: {data.not_read}"
    data_files = sorted(os.path.relpath(path, site.config.parent) for path in data.read)
    assert any(name.endswith(".db") for name in data_files), data_files
    timings["data folder"] = time.monotonic()
    # The print system after the job: spool, job history (c files), cache, state and logs.
    # The capture queues' folders are the printers' paper, read above.
    spool = scan_tree([cups.root], wanted, skip=[paper, staff_paper])
    finds += spool.finds
    finds += find_in_text(
        cups.run("lpstat", "-W", "all", "-o", check=False).stdout,
        wanted,
        "the job history (lpstat -W all)",
    )
    # The temporary folders (this test's own data folder and paper are scanned above).
    temporary = scan_tree(
        temporary_folders(), wanted, skip=[paper, staff_paper], changed_since=made
    )
    finds += temporary.finds
    timings["print system and temporary folders"] = time.monotonic()
    # The terminal: scrollback, screen and the screen saved beneath the alternate one.
    finds += find_in_text(term.history(), wanted, "the terminal's scrollback")
    # The gatekeeper service's output, when it runs as its own process.
    if gatekeeper_service is not None:
        finds += find_in_bytes(
            gatekeeper_service.log.read_bytes(), wanted, "the gatekeeper service's output"
        )
    # Every live process: the kiosk's (the supervisor, the next session and its render
    # server), the gatekeeper service's, the print server's.
    scanned = [(p.pid, f"{p.name} {' '.join(p.argv[:4])}") for p in processes]
    if gatekeeper_service is not None:
        scanned.append((gatekeeper_service.pid, "the gatekeeper service"))
    scanned += [
        (p.pid, "the private cupsd")
        for p in process_table().values()
        if p.argv[:1] == (cups.tools["cupsd"],) and str(cups.root) in " ".join(p.argv)
    ]
    assert any(label == "the private cupsd" for _, label in scanned), "cupsd not found"
    for pid, label in scanned:
        finds += scan_process(pid, label, wanted)
    timings["memory"] = time.monotonic()
    took = [
        f"{phase} {end - start:.1f} s"
        for (phase, end), start in zip(
            list(timings.items())[1:], list(timings.values()), strict=False
        )
    ]

    side_files = sorted(
        os.path.basename(path)
        for path in while_open.read
        if path.endswith(("-wal", "-shm", "-journal"))
    )
    where_scanned = (
        f"during the visit {while_open.files} files (SQLite's side files: {side_files}); "
        f"after it the data folder's {len(data_files)} files ({', '.join(data_files)}); "
        f"{spool.files} files of the print server; "
        f"{temporary.files} files in the temporary folders"
        + (f" (not read: {temporary.not_read})" if temporary.not_read else "")
        + f"; {len(scanned)} processes: "
        + ", ".join(label for _, label in scanned)
        + ("" if gatekeeper_service else " (no gatekeeper service in this kiosk yet)")
        + "; took: "
        + ", ".join(took)
    )
    print(f"visit {timings['visit'] - began:.1f} s; scanned {where_scanned}")
    assert not finds, (
        f"her words were found after the quick exit:\n{report(finds)}\n" + where_scanned
    )
