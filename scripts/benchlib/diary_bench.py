"""The diary's rows for ``scripts/bench.py``: diaries of 1 000 and 10 000 entries (100 and 300
in a quick run), each in a real vault, and the same database exported unencrypted and opened
as plain SQLite.

The plain copy is made by ``sqlcipher_export`` (same schema, same rows, same FTS5 index) and
opened with the same SQLite build and pragmas, wrapped in the same ``VaultDatabase`` and read
through the same ``DiaryRepository``: the two columns run the same Python and the same SQL, so
their ratio is what the encryption costs. Each sample alternates between the two.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from kiosk.diary.model import Amendment, Behaviour, EntryContent, PoliceContact, When, Who
from kiosk.diary.repository import DiaryRepository
from kiosk.vault.gatekeeper.gate import Gatekeeper, KdfPolicy
from kiosk.vault.kdf import KdfParams
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import SessionLock, VaultDatabase

from .table import Row, ms, ratio

TINY = KdfParams(8, 1, 1)  # the unlock is not measured here
BATCH = 500  # entries per transaction while filling the diary (one fsync each)
RARE_WORD = "wardrobe"  # in one entry of a hundred
# A word of two letters is too short for the trigram index: it is looked for in every record's
# words (kiosk/diary/search.py), so its row shows the cost of that scan.
RECORDED = dt.datetime(2026, 9, 21, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))

_SENTENCE = (
    "he was waiting outside the house again and followed me to the bus stop then sent "
    "messages from a new number saying he knows where I work my sister saw him at the "
    "station he left flowers at the door with a note I called the police they gave a "
    "reference I could not sleep I changed my route to work"
)
_WORDS = _SENTENCE.split(" ")
_OTHER_SCRIPTS = ("zażółć gęślą jaźń pod blokiem", "قال إنه سيأتي مرة أخرى إلى بيتي")


def _entry(chance: random.Random, index: int) -> EntryContent:
    words = chance.choices(_WORDS, k=chance.randint(40, 120))
    if index % 100 == 7:
        words.insert(chance.randrange(len(words)), RARE_WORD)
    if index % 10 == 3:
        words.append(_OTHER_SCRIPTS[index % 2])
    day = dt.date(2020, 1, 1) + dt.timedelta(days=chance.randrange(6 * 365))
    return EntryContent(
        when=When(date=day, time=dt.time(chance.randrange(24), chance.randrange(60))),
        where=chance.choice(("Outside my house", "Bus stop, Mill Road", "Instagram", "Work")),
        what_happened=" ".join(words).capitalize() + ".",
        behaviours=tuple(chance.sample(list(Behaviour), chance.randint(1, 3))),
        who=Who(identity="My ex-partner"),
        effect_on_you="I was frightened and could not sleep.",
        police=PoliceContact(reference=f"REF/{index}" if index % 20 == 0 else ""),
    )


@dataclass
class Diaries:
    encrypted: VaultDatabase
    plain: VaultDatabase
    entries: int
    size: int


def _plain_copy(folder: Path, encrypted: VaultDatabase, vault_id: str) -> VaultDatabase:
    """The same database unencrypted, opened as the vault opens (same pragmas)."""
    plain_dir = folder / "plain"
    plain_dir.mkdir()
    path = plain_dir / "vault.db"
    with encrypted.transaction() as tx:  # the export reads under the vault's lock
        tx.fetch_all("SELECT 1")
    connection = encrypted._live()  # the bench's own copy: nothing in Harbour does this
    connection.execute("ATTACH DATABASE ? AS plain KEY ''", (str(path),))
    connection.execute("SELECT sqlcipher_export('plain')")
    connection.execute("DETACH DATABASE plain")
    plain = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    for pragma in (
        "PRAGMA locking_mode = EXCLUSIVE",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA temp_store = MEMORY",
        "PRAGMA secure_delete = ON",
        "PRAGMA foreign_keys = ON",
    ):
        plain.execute(pragma)
    lock = SessionLock(plain_dir)
    lock.acquire()
    return VaultDatabase(plain, lock, vault_id, None)


def build(folder: Path, entries: int) -> Diaries:
    data = folder / "data"
    secret = data / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data, secret)
    gatekeeper = Gatekeeper(data, secret, kdf=KdfPolicy(pin=TINY, recovery=TINY, floor=TINY))
    gatekeeper.provision("river-stone", "583920", "583920")
    vault = VaultService(gatekeeper).open("river-stone", "583920")
    diary = DiaryRepository(vault)
    chance = random.Random(1)  # noqa: S311 (made-up entries, the same each run)
    for start in range(0, entries, BATCH):
        with vault.transaction():
            for index in range(start, min(start + BATCH, entries)):
                diary.add(_entry(chance, index), recorded=RECORDED)
                if index % 25 == 0:
                    diary.amend(index + 1, Amendment("detail", "It was later."), recorded=RECORDED)
    size = sum(p.stat().st_size for p in data.rglob("vault.db*"))
    return Diaries(vault, _plain_copy(folder, vault, vault.vault_id), entries, size)


def _alternating(
    encrypted: Callable[[], object], plain: Callable[[], object], repeats: int
) -> tuple[list[float], list[float]]:
    """Samples of both, one after the other, after one warm-up each (the list screen opens
    on a vault whose pages the unlock and the home screen have already read)."""
    encrypted()
    plain()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeats):
        for action, samples in ((encrypted, a), (plain, b)):
            start = time.perf_counter()
            action()
            samples.append(time.perf_counter() - start)
    return a, b


def _timed(action: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def _read_rows(diaries: Diaries, repeats: int, quick: bool) -> list[Row]:
    """List and search, each in the vault beside the same read of the plain copy."""
    encrypted = DiaryRepository(diaries.encrypted)
    plain = DiaryRepository(diaries.plain)
    setting = f"{diaries.entries:,} entries".replace(",", " ")
    # The reads take milliseconds: more samples steady their medians on a busy machine.
    read_samples = repeats if quick else max(repeats * 4, 21)
    rows: list[Row] = []
    for label, query in (
        ("open the list", None),
        (f"search a word ({RARE_WORD})", RARE_WORD),
        ("search 2 letters (no index: every record's words)", "żó"),
    ):
        if query is None:
            got = _alternating(encrypted.entries, plain.entries, read_samples)
        else:
            got = _alternating(
                lambda q=query: encrypted.search(q),
                lambda q=query: plain.search(q),
                read_samples,
            )
        rows.append(
            Row(
                f"Diary: {label}",
                f"{setting}; encrypted vault",
                ms(got[0]),
                f"plain SQLite, same rows and query: {ms(got[1])}",
                ratio(got[0], got[1]),
            )
        )
    return rows


def diary_rows(repeats: int, quick: bool, sizes: Sequence[int]) -> list[Row]:
    """The reads at each of ``sizes``; adding an entry, verifying and the file's size at the
    largest."""
    rows: list[Row] = []
    for entries in sizes:
        with tempfile.TemporaryDirectory() as folder:
            diaries = build(Path(folder), entries)
            rows += _read_rows(diaries, repeats, quick)
            if entries == max(sizes):
                rows += _write_rows(diaries, repeats, quick)
            diaries.plain.close()
            diaries.encrypted.close()
    return rows


def _write_rows(diaries: Diaries, repeats: int, quick: bool) -> list[Row]:
    encrypted = DiaryRepository(diaries.encrypted)
    setting = f"{diaries.entries:,} entries".replace(",", " ")
    samples = repeats if quick else max(repeats, 5)
    chance = random.Random(2)  # noqa: S311 (made-up entries)
    count = [diaries.entries]

    def add() -> None:
        encrypted.add(_entry(chance, count[0]), recorded=RECORDED)
        count[0] += 1

    added = _timed(add, samples)
    records = encrypted.head().count
    verified = _timed(encrypted.verify, samples)
    return [
        Row("Diary: add an entry", f"{setting}; one commit", ms(added)),
        Row("Diary: verify the whole chain", f"{records} records", ms(verified)),
        Row("Diary: vault size", setting, f"{diaries.size / 1_048_576:.1f} MiB (WAL included)"),
    ]
