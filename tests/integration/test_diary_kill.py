"""Kill -9 at random moments while the diary is being written: every acknowledged record is
there afterwards, no record is half there, and the chain verifies.

A forked child opens the vault's database (with the data key the gatekeeper unlocked once:
the subject is the diary's writes, not the unlock), says it is ready, and writes entries,
amendments and withdrawals in a loop, writing an acknowledgement to a pipe after each commit;
the parent kills it with SIGKILL a random 0-30 ms later, then opens the vault as a restarted
kiosk would and checks it. One vault is reused through all the runs (fast KDF), so the diary
grows as a real one does.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.diary.model import Amendment, RecordKind, Withdrawal
from kiosk.diary.repository import DiaryRepository
from kiosk.vault.gatekeeper import UnlockedKey
from kiosk.vault.gatekeeper.gate import Gatekeeper
from kiosk.vault.storage.database import VaultDatabase, open_database
from tests.conftest import FAST_POLICY, FakeClock
from tests.unit.diary_fixtures import content

NAME = "river-stone"
PIN = "583920"
RUNS = 200
LONGEST_DELAY = 0.03  # seconds from the child's first write to the kill
RECORDED = dt.datetime(2026, 9, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


@dataclass(frozen=True)
class Ack:
    kind: RecordKind
    number: int
    seq: int
    token: str  # a word only this record's text has


def words(run: int, index: int) -> str:
    return f"run{run}x{index}q"


def opened(key: UnlockedKey) -> VaultDatabase:
    return open_database(key.vault_dir, key.vault_id, bytearray(key.data_key))


def write_until_killed(key: UnlockedKey, run: int, ack_fd: int, seed: int) -> None:
    """The child: write records one after another, acknowledging each after its commit."""
    chance = random.Random(seed)
    with opened(key) as vault:
        diary = DiaryRepository(vault)
        open_entries = [s.number for s in diary.entries() if not s.withdrawn]
        os.write(ack_fd, b"ready\n")
        for index in range(10_000):
            token = words(run, index)
            roll = chance.random()
            if roll < 0.15 and len(open_entries) > 2:
                number = open_entries.pop(chance.randrange(len(open_entries)))
                entry = diary.withdraw(number, Withdrawal(f"withdrawn {token}"), recorded=RECORDED)
                assert entry.withdrawal is not None
                kind, seq = RecordKind.WITHDRAWAL, entry.withdrawal.seq
            elif roll < 0.45 and open_entries:
                number = chance.choice(open_entries)
                entry = diary.amend(
                    number, Amendment("more", f"amended {token}"), recorded=RECORDED
                )
                kind, seq = RecordKind.AMENDMENT, entry.amendments[-1].seq
            else:
                entry = diary.add(content(f"entry {token}"), recorded=RECORDED)
                number, kind, seq = entry.number, RecordKind.ENTRY, entry.seq
                open_entries.append(number)
            os.write(ack_fd, f"{kind.value} {number} {seq} {token}\n".encode())


def run_once(key: UnlockedKey, run: int, delay: float) -> tuple[list[Ack], bool]:
    """One child killed after ``delay``: its acknowledgements, and whether SIGKILL ended it."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read_fd)
        try:
            write_until_killed(key, run, write_fd, seed=run)
        except BaseException:
            os._exit(3)
        os._exit(0)
    os.close(write_fd)
    received = b""
    while b"\n" not in received and (chunk := os.read(read_fd, 65536)):
        received += chunk  # the child has opened the vault: the writes begin now
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    while chunk := os.read(read_fd, 65536):
        received += chunk
    os.close(read_fd)
    acks = []
    for line in received.decode().splitlines()[1:]:
        kind, number, seq, token = line.split()
        acks.append(Ack(RecordKind(kind), int(number), int(seq), token))
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return acks, killed


def check(
    key: UnlockedKey, acknowledged: list[Ack], latest: list[Ack], before: int, *, whole: bool
) -> int:
    """Every acknowledged record is there; the ``latest`` run's, acknowledged after ``before``
    records, are whole, and it left at most one more (committed in the instant before the
    kill); the chain verifies; with ``whole``, SQLite's and SQLCipher's full checks pass too.
    Returns the number of records now."""
    with opened(key) as vault:
        diary = DiaryRepository(vault)
        verification = diary.verify()
        assert verification.intact, verification.problems
        chain = {record.seq: record for record in diary.chain()}
        assert before + len(latest) <= verification.head.count <= before + len(latest) + 1
        withdrawn = {r.entry_number for r in chain.values() if r.kind is RecordKind.WITHDRAWAL}
        for ack in latest:
            record = chain[ack.seq]
            assert (record.kind, record.entry_number) == (ack.kind, ack.number)
            entry = diary.get(ack.number)
            assert entry is not None
            if ack.number in withdrawn:
                assert entry.content is None and entry.withdrawal is not None
            elif ack.kind is RecordKind.ENTRY:
                assert entry.content is not None and ack.token in entry.content.what_happened
                assert [s.number for s in diary.search(ack.token)] == [ack.number]
            elif ack.kind is RecordKind.AMENDMENT:
                texts = [a.amendment.text for a in entry.amendments if a.amendment is not None]
                assert f"amended {ack.token}" in texts
        for ack in acknowledged:
            assert (chain[ack.seq].kind, chain[ack.seq].entry_number) == (ack.kind, ack.number)
        listed = {s.number for s in diary.entries()}
        assert listed == {r.entry_number for r in chain.values() if r.kind is RecordKind.ENTRY}
        assert not whole or vault.full_check()
        return verification.head.count


def test_kill_minus_nine_during_diary_writes_loses_no_acknowledged_record(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    secret = data / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data, secret)
    gatekeeper = Gatekeeper(data, secret, kdf=FAST_POLICY, clock=FakeClock())
    gatekeeper.provision(NAME, PIN, PIN)
    key = gatekeeper.unlock(NAME, PIN)
    chance = random.Random(9)
    acknowledged: list[Ack] = []
    records = 0
    unacknowledged = 0
    wrote_something = 0
    for run in range(RUNS):
        acks, killed = run_once(key, run, chance.uniform(0, LONGEST_DELAY))
        assert killed, "the child stopped on its own: it failed"
        acknowledged += acks
        now = check(key, acknowledged, acks, records, whole=run % 25 == 24)
        unacknowledged += now - records - len(acks)
        wrote_something += now > records
        records = now
    # The kills landed among the writes, not before the first one.
    # (Under load a write takes tens of milliseconds, so many kills land inside the first.)
    assert wrote_something >= RUNS // 5, wrote_something
    print(
        f"{RUNS} kills, {len(acknowledged)} acknowledged, {unacknowledged} committed unacknowledged"
    )
