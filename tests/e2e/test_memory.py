"""After a quick exit, no process of the kiosk holds the note, the vault name or the PIN.

Python cannot wipe a str, so the kiosk's answer is to end the session process. This reads the
live memory of every process the kiosk runs (the supervisor and the next session) through
/proc/<pid>/mem, which needs root or ptrace rights; the session process also marks itself not
dumpable, which keeps other users' processes out but not root.
"""

from __future__ import annotations

import sys

import pytest

from tests.e2e.harness import (
    EDITOR,
    HOME,
    NOTE,
    PIN,
    VAULT_NAME,
    KioskTerminal,
    Site,
    skip_or_fail,
)
from tests.e2e.memory import MemoryNotReadable, check_readable, encoded, scan

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc/<pid>/mem, which only Linux has"
)

SECRETS = encoded([NOTE, VAULT_NAME, PIN])


def test_no_kiosk_process_remembers_the_visit_after_the_quick_exit(
    kiosk: KioskTerminal, site: Site
) -> None:
    term = kiosk.term
    session = kiosk.wait_for_fresh_welcome()
    supervisor = kiosk.supervisor
    try:
        for pid in (supervisor.pid, session):
            check_readable(pid)
    except MemoryNotReadable as error:
        skip_or_fail(f"this user may not read the kiosk's memory: {error}")

    kiosk.open_vault(site.name, site.pin)
    kiosk.open_note_editor()
    term.type(NOTE)
    term.wait_for(NOTE)

    # The scanner can see a secret: while she types, the note is in the session's memory.
    # Without this the test below could pass because the scanner never finds anything.
    assert scan(session, encoded([NOTE])), "the note is not in the session's memory while typed"
    # The supervisor never sees a secret, not even during the visit.
    during = scan(supervisor.pid, SECRETS)
    assert not during, "the supervisor holds a secret:\n" + "\n".join(map(str, during))

    ended = session
    session = kiosk.quick_exit(session, hidden=(NOTE, EDITOR, HOME))
    processes = term.processes()
    pids = {process.pid for process in processes}
    assert ended not in pids, "the visitor's session process is still running"
    assert {supervisor.pid, session} <= pids

    # A short-lived helper may end between the listing and its scan; that is no secret kept.
    hits = [hit for process in processes for hit in scan(process.pid, SECRETS)]
    still = {process.pid for process in term.processes()}
    assert {supervisor.pid, session} <= still, "the kiosk ended while its memory was read"
    assert not hits, "secrets are still in the kiosk's memory:\n" + "\n".join(map(str, hits))
