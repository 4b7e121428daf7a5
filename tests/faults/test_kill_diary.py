"""Kill -9 at random moments of diary writes, as the kiosk makes them (``DiaryWriter``: the
record and its draft's removal in one transaction, then the gatekeeper's copy of the chain
head moved forward).

After every kill a restarted kiosk opens the vault: every acknowledged record is there and
whole, at most one more (committed in the instant before the kill, its acknowledgement not yet
written) is there too, the chain verifies against the gatekeeper's copy of its head, and both
full checks (SQLite's and SQLCipher's) pass. One vault is used throughout, so the diary grows
as a real one does.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.diary.mirror import DiaryWriter, verify_with_mirror
from kiosk.diary.model import Amendment, RecordKind, Withdrawal
from kiosk.diary.repository import ENTRY_DRAFT, DiaryRepository
from kiosk.vault.gatekeeper import UnlockedKey
from kiosk.vault.storage.database import VaultDatabase, open_database
from kiosk.vault.storage.drafts import DraftsRepository
from tests.faults.killing import VAULT_RUNS, Reporter, Tally, kill_somewhere, measure
from tests.unit.diary_fixtures import RECORDED, content
from tests.unit.test_vault_kills import NAME, PIN, Template, make_template


@dataclass(frozen=True)
class Ack:
    kind: RecordKind
    number: int
    seq: int
    token: str  # a word only this record's text has


def opened(key: UnlockedKey) -> VaultDatabase:
    """The vault opened with the data key its PIN unlocked once: the subject here is the
    diary's writes, not the unlock (the PIN change and recovery tests kill those)."""
    return open_database(key.vault_dir, key.vault_id, bytearray(key.data_key))


def writer(
    template: Template, key: UnlockedKey, run: int, seed: int, limit: int
) -> Callable[[Reporter], None]:
    """The child's work: diary writes one after another, each acknowledged after it returned."""

    def work(report: Reporter) -> None:
        chance = random.Random(seed)
        keeper = template.gatekeeper()
        with opened(key) as vault:
            diary = DiaryRepository(vault)
            write = DiaryWriter(vault, keeper)
            drafts = DraftsRepository(vault)
            open_entries = [s.number for s in diary.entries() if not s.withdrawn]
            report.ready()
            for index in range(limit):
                token = f"run{run}x{index}q"
                roll = chance.random()
                if roll < 0.15 and len(open_entries) > 2:
                    number = open_entries.pop(chance.randrange(len(open_entries)))
                    entry = write.withdraw(
                        number, Withdrawal(f"withdrawn {token}"), recorded=RECORDED
                    )
                    assert entry.withdrawal is not None
                    kind, seq = RecordKind.WITHDRAWAL, entry.withdrawal.seq
                elif roll < 0.4 and open_entries:
                    number = chance.choice(open_entries)
                    entry = write.amend(
                        number, Amendment("more", f"amended {token}"), recorded=RECORDED
                    )
                    kind, seq = RecordKind.AMENDMENT, entry.amendments[-1].seq
                else:
                    # As the form saves: its draft kept as she typed, gone with the save.
                    drafts.save(ENTRY_DRAFT, "", {"what": token}, saved=RECORDED, interrupted=False)
                    entry = write.add(
                        content(f"entry {token}"), recorded=RECORDED, draft=(ENTRY_DRAFT, "")
                    )
                    number, kind, seq = entry.number, RecordKind.ENTRY, entry.seq
                    open_entries.append(number)
                report.ack(f"{kind.value} {number} {seq} {token}")

    return work


def parse(lines: list[str]) -> list[Ack]:
    acks = []
    for line in lines:
        kind, number, seq, token = line.split()
        acks.append(Ack(RecordKind(kind), int(number), int(seq), token))
    return acks


def check(
    template: Template, key: UnlockedKey, acknowledged: list[Ack], latest: list[Ack], before: int
) -> int:
    """What a restarted kiosk finds; returns the number of records now."""
    keeper = template.gatekeeper()
    with opened(key) as vault:
        diary = DiaryRepository(vault)
        verification = verify_with_mirror(vault, keeper)
        assert verification.intact, verification.problems
        head = keeper.chain_head(vault.vault_id)
        assert head is not None and head.count <= verification.head.count
        count = verification.head.count
        assert before + len(latest) <= count <= before + len(latest) + 1
        chain = {record.seq: record for record in diary.chain()}
        withdrawn = {r.entry_number for r in chain.values() if r.kind is RecordKind.WITHDRAWAL}
        for ack in acknowledged:
            assert (chain[ack.seq].kind, chain[ack.seq].entry_number) == (ack.kind, ack.number)
        for ack in latest:
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
        listed = {s.number for s in diary.entries()}
        assert listed == {r.entry_number for r in chain.values() if r.kind is RecordKind.ENTRY}
        # A saved entry's draft never comes back (it would be saved twice): at most the draft
        # of the one write the kill interrupted, whose record is then not there.
        kept = DraftsRepository(vault).all()
        assert len(kept) <= 1
        if kept:
            token = kept[0].fields["what"]
            assert token not in {ack.token for ack in acknowledged}
            assert diary.search(token) == []
        assert vault.full_check()
        return count


def kill_writes(root: Path, runs: int, chance: random.Random, tally: Tally) -> tuple[int, int]:
    """``runs`` kills on one new vault; the records acknowledged, and how many more were
    committed but not acknowledged before their kill."""
    template = make_template(root)
    key = template.gatekeeper().unlock(NAME, PIN)
    pace = measure(writer(template, key, -1, seed=-1, limit=4), operations=4)
    records = check(template, key, [], [], 4)  # what the measuring run wrote
    acknowledged: list[Ack] = []
    unacknowledged = 0
    for run in range(runs):
        work = writer(template, key, run, seed=chance.randrange(1 << 30), limit=100_000)
        acks = parse(kill_somewhere(chance, work, pace, tally).acks)
        acknowledged += acks
        now = check(template, key, acknowledged, acks, records)
        unacknowledged += now - records - len(acks)
        records = now
    return len(acknowledged), unacknowledged


@pytest.mark.parametrize(
    "runs", [pytest.param(12, id="quick"), pytest.param(170, id="full", marks=pytest.mark.slow)]
)
def test_kill_minus_nine_during_diary_writes_loses_no_acknowledged_record(
    kill_folder: Path, runs: int
) -> None:
    chance = random.Random(runs)
    tally = Tally()
    acknowledged = unacknowledged = 0
    # A new vault every VAULT_RUNS kills: each check reads the whole diary and vault.
    for first in range(0, runs, VAULT_RUNS):
        done = kill_writes(kill_folder / str(first), min(VAULT_RUNS, runs - first), chance, tally)
        acknowledged, unacknowledged = acknowledged + done[0], unacknowledged + done[1]
    assert tally.kills == runs
    tally.assert_spread()
    print(f"diary: {tally}, {acknowledged} acknowledged, {unacknowledged} unacknowledged")
