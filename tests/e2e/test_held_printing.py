"""The real kiosk in a terminal, printing to a private cupsd: her diary record waits, held, on
the visitors' printer; the session then ends by a quick exit, or its process is killed outright
(SIGKILL, no handler runs, and the supervisor cancels the held job before the next visitor's
session). Either way nothing is printed and nothing is left in the spool."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import time
from collections.abc import Callable

import pytest

from kiosk.config import load_config
from kiosk.diary.repository import DiaryRepository
from kiosk.services import build_gatekeeper
from kiosk.vault.gatekeeper import MirroredHead
from kiosk.vault.service import VaultService
from tests.e2e.harness import PIN, VAULT_NAME, KioskTerminal, Site, TmuxSession
from tests.printing.conftest import cups_tools, make_private_cups  # noqa: F401 (fixtures)
from tests.printing.cupsd import PrivateCups
from tests.unit.diary_fixtures import content

RECORDED = dt.datetime(2026, 9, 21, 10, 0, tzinfo=dt.UTC)
HELD_LINE = "held there: nothing comes out until you release it"


def write_entries(site: Site) -> None:
    """Two diary entries in her vault, written as the kiosk would write them."""
    config = load_config(site.config, data_dir=site.data)
    gatekeeper = build_gatekeeper(config)
    with VaultService(gatekeeper).open(VAULT_NAME, PIN) as vault:
        diary = DiaryRepository(vault)
        for n in (1, 2):
            diary.add(content(f"Held entry {n}"), recorded=RECORDED)
        head = diary.head()
        # The kiosk's own note of the diary's length, as the diary screen keeps it.
        gatekeeper.record_chain_head(vault.vault_id, MirroredHead(head.count, head.link))


def queue_listing(cups: PrivateCups) -> str:
    return cups.run("lpstat", "-o", check=False).stdout.strip()


@pytest.mark.parametrize("end", ["kill -9", "quick exit"])
def test_a_session_ended_with_a_held_page_leaves_nothing_behind(
    end: str,
    site: Site,
    tmux: Callable[..., TmuxSession],
    make_private_cups: Callable[..., PrivateCups],  # noqa: F811
) -> None:
    cups = make_private_cups()
    staff_folder = cups.add_queue("STAFF")
    visitor_folder = cups.add_queue("VISITOR")
    site.config.write_text(
        site.config.read_text()
        + "[printing]\n"
        + 'printer = "STAFF"\nvisitor_printer = "VISITOR"\n'
        + f"cups_server = {json.dumps(cups.server)}\n"
    )
    write_entries(site)
    kiosk = KioskTerminal(tmux(site.run_command()))
    term = kiosk.term
    session = kiosk.wait_for_fresh_welcome()
    kiosk.open_vault()
    term.send_keys("Tab", "Enter")  # My diary
    term.wait_for("Print or save")
    # New entry has the focus; then Read entry, Back, Summary, and Print or save.
    term.send_keys(*["Tab"] * 4, "Enter")
    term.wait_for("Print my record")
    term.send_keys(*["Tab"] * 6, "Enter")  # to Print (the whole diary)
    term.wait_for(HELD_LINE, timeout=120)
    assert "VISITOR-" in queue_listing(cups)
    assert cups.spool_files() != []
    if end == "kill -9":
        os.kill(session, signal.SIGKILL)  # no handler runs: only the supervisor can cancel
    else:
        term.send_keys("F12")
    deadline = time.monotonic() + 30
    while queue_listing(cups) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert queue_listing(cups) == ""
    assert cups.spool_files() == []
    assert not list(visitor_folder.glob("job-*")) and not list(staff_folder.glob("job-*"))
    if end == "kill -9":
        kiosk.wait_for_fresh_welcome(previous=session, timeout=60)
    else:
        kiosk.come_back(session)
    # The next visitor's session runs; the dead one's record of held jobs is gone with them.
    assert not list((site.data / "held-print").glob("[0-9]*"))
    assert queue_listing(cups) == "" and cups.spool_files() == []
