"""Export a whole vault as documented JSON, and import it into an empty vault after its chain
verifies: round trip byte for byte, refusals that change nothing. Real vaults (tiny KDF)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import jsonschema
import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.diary.copies import KeptCopies
from kiosk.diary.mirror import DiaryWriter, HeadCheck, check_at_opening, verify_with_mirror
from kiosk.diary.model import (
    Amendment,
    Answer,
    Behaviour,
    EvidenceItem,
    PoliceContact,
    Source,
    SourceKind,
    When,
    Withdrawal,
    Witness,
)
from kiosk.diary.repository import DiaryRepository
from kiosk.notes.repository import NotesRepository
from kiosk.portable import importing
from kiosk.portable.checking import ImportRefused, Refusal, read_export
from kiosk.portable.document import decode_export, schema_text
from kiosk.portable.export import export_vault
from kiosk.portable.importing import import_into
from kiosk.vault.gatekeeper import Gatekeeper, MirroredHead
from kiosk.vault.service import VaultService
from kiosk.vault.storage.database import VaultDatabase
from kiosk.vault.storage.drafts import DraftsRepository
from tests.conftest import FAST_POLICY
from tests.unit.diary_fixtures import RECORDED, content, later

ROOT = Path(__file__).resolve().parents[2]
PIN = "583920"
HOSTILE = "[bold]x[/] \x1b[31mred\x1b[0m \u202egnp.exe \u0645\u0631\u062d\u0628\u0627 Zażółć 👋"


def fill(vault: VaultDatabase, gatekeeper: Gatekeeper) -> None:
    """Notes, and a diary with every kind of record: amended, withdrawn, rich and literal."""
    notes = NotesRepository(vault)
    notes.add("First note", written=RECORDED)
    notes.add(f"Second note {HOSTILE}", written=later(1))
    gone = notes.add("Deleted note", written=later(2))
    notes.delete(gone)
    writer = DiaryWriter(vault, gatekeeper)
    writer.add(content(), recorded=later(3))
    writer.add(
        content(
            f'He said "{HOSTILE}"',
            behaviours=(Behaviour.THREATS, Behaviour.CALLS_MESSAGES),
            when=When(
                date=dt.date(2026, 9, 1),
                approximate=True,
                end_date=dt.date(2026, 9, 3),
            ),
            witnesses=(Witness("A. Neighbour", willing_to_give_statement=Answer.YES),),
            evidence=(EvidenceItem("screenshot", "my phone", "photo of the screen"),),
            police=PoliceContact(Answer.YES, dt.date(2026, 9, 4), "Met", "PC 123", "CAD 42/9"),
            related=(1,),
            source=Source(SourceKind.PAPER_NOTES, dt.date(2026, 9, 2)),
        ),
        recorded=later(4),
    )
    writer.add(content("To be withdrawn", day=dt.date(2026, 8, 1)), recorded=later(5))
    writer.amend(3, Amendment("more detail", "It was raining."), recorded=later(6))
    writer.amend(2, Amendment(HOSTILE, "The call lasted 10 minutes."), recorded=later(7))
    writer.withdraw(3, Withdrawal("about someone else"), recorded=later(8))
    writer.add(content("After the withdrawal"), recorded=later(9))
    DraftsRepository(vault).save(
        "diary_entry", "", {"where": "x"}, saved=RECORDED, interrupted=True
    )


@pytest.fixture
def open_vault(gatekeeper: Gatekeeper) -> Iterator[Callable[[str], VaultDatabase]]:
    opened: list[VaultDatabase] = []

    def make(name: str) -> VaultDatabase:
        gatekeeper.provision(name, PIN, PIN)
        vault = VaultService(gatekeeper).open(name, PIN)
        check_at_opening(vault, gatekeeper)
        opened.append(vault)
        return vault

    yield make
    for vault in opened:
        vault.close()


@pytest.fixture
def exported(gatekeeper: Gatekeeper, open_vault: Callable[[str], VaultDatabase]) -> bytes:
    origin = open_vault("river-stone")
    fill(origin, gatekeeper)
    return export_vault(origin)


def test_export_import_export_is_byte_identical(
    exported: bytes, gatekeeper: Gatekeeper, open_vault: Callable[[str], VaultDatabase]
) -> None:
    target = open_vault("quiet-lake")
    done = import_into(target, exported, gatekeeper)
    assert (done.notes, done.entries, done.records) == (2, 4, 7)
    assert export_vault(target) == exported


def test_the_imported_diary_reads_verifies_and_goes_on(
    exported: bytes, gatekeeper: Gatekeeper, open_vault: Callable[[str], VaultDatabase]
) -> None:
    target = open_vault("quiet-lake")
    import_into(target, exported, gatekeeper)
    diary = DiaryRepository(target)
    assert verify_with_mirror(target, gatekeeper).intact
    # The kiosk's copy of the head followed the import.
    head = diary.head()
    assert gatekeeper.chain_head(target.vault_id) == MirroredHead(head.count, head.link)
    entry = diary.get(2)
    assert entry is not None and entry.content is not None
    assert entry.content.what_happened == f'He said "{HOSTILE}"'  # literally, every character
    assert entry.amendments[0].amendment == Amendment(HOSTILE, "The call lasted 10 minutes.")
    withdrawn = diary.get(3)
    assert withdrawn is not None and withdrawn.content is None and withdrawn.withdrawal
    assert [s.number for s in diary.entries()] == [3, 2, 1, 4]  # by when it happened
    # A withdrawn entry keeps its place and its types of behaviour in the list, never its words.
    listed = {s.number: s for s in diary.entries()}
    assert listed[3].withdrawn and listed[3].behaviours == (Behaviour.TURNING_UP,)
    assert listed[3].where == "" and listed[3].first_line == ""
    assert [s.number for s in diary.search("raining")] == []  # erased words are not found
    assert [s.number for s in diary.search("minutes")] == [2]
    assert diary.summary().by_behaviour[Behaviour.THREATS] == 1
    # Notes: oldest first as they were, drafts not carried over.
    assert [n.body for n in NotesRepository(target).all()] == [
        f"Second note {HOSTILE}",
        "First note",
    ]
    assert DraftsRepository(target).all() == []
    # Writing goes on from the imported chain, which still verifies.
    DiaryWriter(target, gatekeeper).add(content("Imported, then more"), recorded=later(30))
    assert verify_with_mirror(target, gatekeeper).intact
    assert KeptCopies(target).records_since_copy() == 1


def test_the_export_validates_against_the_published_schema(exported: bytes) -> None:
    schema = json.loads((ROOT / "docs" / "export.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(exported), schema)
    broken = json.loads(exported)
    broken["diary"]["records"][0]["digest"] = "not hex"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_the_published_schema_is_the_one_the_code_decodes_with() -> None:
    assert (ROOT / "docs" / "export.schema.json").read_text() == schema_text()


def test_an_export_is_plain_json_with_no_raw_control_characters(exported: bytes) -> None:
    document = json.loads(exported)
    assert document["format"] == "harbour-vault-export" and document["version"] == 1
    assert b"\x1b" not in exported  # escaped as \u001b by JSON
    assert "drafts" not in document


def edit(data: bytes, change: Callable[[dict[str, object]], None]) -> bytes:
    document = json.loads(data)
    change(document)
    return json.dumps(document).encode()


def records(document: dict[str, object]) -> list[dict[str, object]]:
    diary = document["diary"]
    assert isinstance(diary, dict)
    found = diary["records"]
    assert isinstance(found, list)
    return found


def _set(record: dict[str, object], path: tuple[str, ...], value: object) -> None:
    node: object = record
    for key in path[:-1]:
        assert isinstance(node, dict)
        node = node[key]
    assert isinstance(node, dict)
    node[path[-1]] = value


TAMPERING: list[tuple[str, Callable[[dict[str, object]], None], Refusal]] = [
    (
        "words changed",
        lambda d: _set(records(d)[0], ("entry", "where"), "Somewhere else"),
        Refusal.DIGEST,
    ),
    (
        "time changed",
        lambda d: _set(records(d)[1], ("recorded_utc",), "2026-01-01T00:00:00Z"),
        Refusal.DIGEST,
    ),
    ("link changed", lambda d: _set(records(d)[2], ("link",), "0" * 64), Refusal.LINK),
    ("digest changed", lambda d: _set(records(d)[6], ("digest",), "0" * 64), Refusal.DIGEST),
    (
        "an erased record's digest changed",
        lambda d: _set(records(d)[2], ("digest",), "0" * 64),
        Refusal.LINK,
    ),
    ("record removed", lambda d: records(d).pop(4), Refusal.OUT_OF_ORDER),
    ("last record removed", lambda d: records(d).pop(), Refusal.HEAD),
    ("records swapped", lambda d: records(d).reverse(), Refusal.OUT_OF_ORDER),
    (
        "origin changed",
        lambda d: _set(d["diary"], ("origin",), "0" * 32),  # type: ignore[arg-type]
        Refusal.LINK,
    ),
    (
        "withdrawal removed from the words' erasure",
        lambda d: records(d).__setitem__(5, {**records(d)[5], "kind": "amendment"}),
        Refusal.CONTENT_MISMATCH,
    ),
    ("unknown field", lambda d: d.__setitem__("extra", 1), Refusal.NOT_AN_EXPORT),
    ("newer version", lambda d: d.__setitem__("version", 2), Refusal.NEWER_VERSION),
    (
        "a note untrimmed",
        lambda d: _set(d, ("notes",), [{**d["notes"][0], "text": " x"}]),
        Refusal.NOT_AN_EXPORT,
    ),  # type: ignore[index]
]


@pytest.mark.parametrize(
    ("change", "refusal"), [(c, r) for _, c, r in TAMPERING], ids=[n for n, _, _ in TAMPERING]
)
def test_a_tampered_file_is_refused_and_changes_nothing(
    exported: bytes,
    gatekeeper: Gatekeeper,
    open_vault: Callable[[str], VaultDatabase],
    change: Callable[[dict[str, object]], None],
    refusal: Refusal,
) -> None:
    target = open_vault("quiet-lake")
    before = gatekeeper.chain_head(target.vault_id)
    with pytest.raises(ImportRefused) as refused:
        import_into(target, edit(exported, change), gatekeeper)
    assert refused.value.refusal is refusal
    assert_untouched(target, gatekeeper, before)


def assert_untouched(
    target: VaultDatabase, gatekeeper: Gatekeeper, mirror: MirroredHead | None
) -> None:
    assert NotesRepository(target).all() == []
    assert DiaryRepository(target).head().count == 0
    assert gatekeeper.chain_head(target.vault_id) == mirror


@pytest.mark.parametrize("cut", [1, 100, 1000, -2])
def test_a_truncated_file_is_refused(exported: bytes, cut: int) -> None:
    with pytest.raises(ImportRefused) as refused:
        read_export(exported[:cut])
    assert refused.value.refusal is Refusal.NOT_AN_EXPORT


@pytest.mark.parametrize(
    "data", [b"", b"null", b"[]", b"\xff\xfe{", b'{"format": "something else"}', b"{" * 10_000]
)
def test_a_malformed_file_is_refused(data: bytes) -> None:
    with pytest.raises(ImportRefused) as refused:
        read_export(data)
    assert refused.value.refusal is Refusal.NOT_AN_EXPORT


def test_a_cleanly_shortened_diary_is_refused_by_its_head(exported: bytes) -> None:
    """Records cut at the end and the count fixed by hand: the head it names is not reached."""

    def shorten(document: dict[str, object]) -> None:
        records(document).pop()
        document["diary"]["count"] -= 1  # type: ignore[index,operator]

    with pytest.raises(ImportRefused) as refused:
        read_export(edit(exported, shorten))
    assert refused.value.refusal is Refusal.HEAD


def test_a_vault_that_is_not_empty_is_never_imported_into(
    exported: bytes, gatekeeper: Gatekeeper, open_vault: Callable[[str], VaultDatabase]
) -> None:
    target = open_vault("quiet-lake")
    NotesRepository(target).add("Mine", written=RECORDED)
    with pytest.raises(ImportRefused) as refused:
        import_into(target, exported, gatekeeper)
    assert refused.value.refusal is Refusal.VAULT_NOT_EMPTY
    assert [n.body for n in NotesRepository(target).all()] == ["Mine"]
    assert DiaryRepository(target).head().count == 0


def test_an_import_failing_half_way_leaves_nothing_behind(
    exported: bytes,
    gatekeeper: Gatekeeper,
    open_vault: Callable[[str], VaultDatabase],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A failure after the notes were written (a full disk, say): one transaction, so none."""
    target = open_vault("quiet-lake")
    before = gatekeeper.chain_head(target.vault_id)

    def disk_full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importing.DiaryRepository, "restore", disk_full)
    with pytest.raises(OSError):
        import_into(target, exported, gatekeeper)
    assert_untouched(target, gatekeeper, before)


def test_an_empty_vault_exports_and_imports(
    gatekeeper: Gatekeeper, open_vault: Callable[[str], VaultDatabase]
) -> None:
    first = open_vault("river-stone")
    data = export_vault(first)
    document = decode_export(data)
    assert document.notes == () and document.diary.count == 0
    second = open_vault("quiet-lake")
    import_into(second, data, gatekeeper)
    # The empty chain's head names its origin: the first vault's.
    assert export_vault(second) == data
    assert check_at_opening(second, gatekeeper) is HeadCheck.AGREES


def test_the_file_decodes_with_msgspec_into_the_documented_types(exported: bytes) -> None:
    document = decode_export(exported)
    assert msgspec.json.decode(exported)["diary"]["count"] == document.diary.count == 7


@pytest.mark.parametrize("refusal", list(Refusal))
def test_every_refusal_has_calm_words_for_her_and_one_line_for_staff(refusal: Refusal) -> None:
    from kiosk.operator.records import refusal_words
    from kiosk.ui.wording import import_refused

    said = import_refused(refusal)
    assert "nothing was changed" in said.lower()
    line = refusal_words(ImportRefused(refusal))
    assert "\n" not in line and line.endswith("nothing was changed")


# Any text she may type: every code point but surrogates (which UTF-8 cannot hold), so markup,
# escape sequences, bidirectional controls, emoji and NUL among them.
ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200
).filter(lambda text: text.strip() == text and text != "")


@settings(max_examples=30)
@given(where=ANY_TEXT, what=ANY_TEXT, note=ANY_TEXT, reason=ANY_TEXT)
def test_any_text_round_trips_byte_for_byte(
    tmp_path_factory: pytest.TempPathFactory, where: str, what: str, note: str, reason: str
) -> None:
    data_dir = tmp_path_factory.mktemp("any") / "data"
    secret = data_dir / "gatekeeper" / "kiosk.secret"
    Gatekeeper.initialise(data_dir, secret)
    gatekeeper = Gatekeeper(data_dir, secret, kdf=FAST_POLICY)
    for name in ("river-stone", "quiet-lake"):
        gatekeeper.provision(name, PIN, PIN)
    with VaultService(gatekeeper).open("river-stone", PIN) as origin:
        NotesRepository(origin).add(note, written=RECORDED)
        writer = DiaryWriter(origin, gatekeeper)
        writer.add(content(what, where=where), recorded=later(1))
        writer.amend(1, Amendment(reason, what), recorded=later(2))
        data = export_vault(origin)
    with VaultService(gatekeeper).open("quiet-lake", PIN) as target:
        import_into(target, data, gatekeeper)
        assert export_vault(target) == data
        entry = DiaryRepository(target).get(1)
        assert entry is not None and entry.content is not None
        assert (entry.content.where, entry.content.what_happened) == (where, what)
        assert [n.body for n in NotesRepository(target).all()] == [note]


def resigned(data: bytes, change: Callable[[dict[str, object]], None]) -> bytes:
    """``data`` changed, then every digest, link and the head made again: a chain that
    verifies, as a file's author who knows docs/EXPORT.md can make one."""
    from kiosk.diary.chain import genesis, next_link, record_digest
    from kiosk.diary.model import EntryContent, RecordKind, canonical_json

    document = json.loads(data)
    change(document)
    kinds = {"entry": EntryContent, "amendment": Amendment, "withdrawal": Withdrawal}
    previous = genesis(document["diary"]["origin"])
    for record in records(document):
        kind = RecordKind(record["kind"])
        if kind.value in record:
            value = msgspec.json.decode(json.dumps(record[kind.value]), type=kinds[kind.value])
            record["digest"] = record_digest(
                kind,
                record["entry_number"],
                record["seq"],
                record["recorded_utc"],
                record["utc_offset_minutes"],
                canonical_json(value),
            )
        previous = next_link(previous, record["digest"])
        record["link"] = previous
    document["diary"]["head"] = previous  # type: ignore[index]
    return json.dumps(document).encode()


FORGED: list[tuple[str, Callable[[dict[str, object]], None]]] = [
    ("related to itself", lambda d: _set(records(d)[0], ("entry", "related"), [1])),
    ("related to a later entry", lambda d: _set(records(d)[1], ("entry", "related"), [4])),
    ("related to entry 0", lambda d: _set(records(d)[1], ("entry", "related"), [0])),
    ("a field too long", lambda d: _set(records(d)[0], ("entry", "where"), "x" * 100_001)),
    ("a required field empty", lambda d: _set(records(d)[0], ("entry", "what_happened"), " ")),
    ("no behaviour", lambda d: _set(records(d)[0], ("entry", "behaviours"), [])),
    (
        "ends before it starts",
        lambda d: _set(records(d)[1], ("entry", "when", "end_date"), "2026-08-01"),
    ),
    ("an amendment without words", lambda d: _set(records(d)[4], ("amendment", "text"), "")),
]


@pytest.mark.parametrize("change", [c for _, c in FORGED], ids=[n for n, _ in FORGED])
def test_a_chain_made_again_around_what_harbour_never_stores_is_refused(
    exported: bytes,
    gatekeeper: Gatekeeper,
    open_vault: Callable[[str], VaultDatabase],
    change: Callable[[dict[str, object]], None],
) -> None:
    """The chain proves only that nothing changed since the file was made; what the diary
    would refuse when she writes (kiosk/diary/validation.py) is refused from a file too."""
    forged = resigned(exported, change)
    assert read_export(resigned(exported, lambda d: None))  # the re-signing itself is sound
    target = open_vault("quiet-lake")
    before = gatekeeper.chain_head(target.vault_id)
    with pytest.raises(ImportRefused) as refused:
        import_into(target, forged, gatekeeper)
    assert refused.value.refusal is Refusal.INVALID_CONTENT
    assert refused.value.seq is not None
    assert_untouched(target, gatekeeper, before)


IMPOSSIBLE_TIMES: list[tuple[str, Callable[[dict[str, object]], None]]] = [
    (
        "a record at month 13",
        lambda d: _set(records(d)[0], ("recorded_utc",), "2026-13-45T99:99:99Z"),
    ),
    (
        "a note on 30 February",
        lambda d: _set(d, ("notes",), [{**d["notes"][0], "written_utc": "2026-02-30T00:00:00Z"}]),  # type: ignore[index]
    ),
    # Real moments, but seen at their offset they fall outside every calendar year there is:
    # the check itself failed with a traceback (OverflowError), not a refusal.
    (
        "a note seen after the year 9999",
        lambda d: _set(
            d,
            ("notes",),
            [{**d["notes"][0], "written_utc": "9999-12-31T23:59:59Z", "utc_offset_minutes": 840}],  # type: ignore[index]
        ),
    ),
    (
        "a record seen before the year 1",
        lambda d: (
            _set(records(d)[0], ("recorded_utc",), "0001-01-01T00:00:00Z"),
            _set(records(d)[0], ("utc_offset_minutes",), -840),
        ),
    ),
]


@pytest.mark.parametrize(
    "change", [c for _, c in IMPOSSIBLE_TIMES], ids=[n for n, _ in IMPOSSIBLE_TIMES]
)
def test_a_time_that_never_was_is_refused_before_it_can_break_the_diary(
    exported: bytes,
    gatekeeper: Gatekeeper,
    open_vault: Callable[[str], VaultDatabase],
    change: Callable[[dict[str, object]], None],
) -> None:
    """The pattern lets 2026-13-45T99:99:99Z through: it was imported, verified, and then
    every reading of the list failed (ValueError), in a diary that can never be changed."""
    target = open_vault("quiet-lake")
    before = gatekeeper.chain_head(target.vault_id)
    with pytest.raises(ImportRefused) as refused:
        import_into(target, resigned(exported, change), gatekeeper)
    assert refused.value.refusal is Refusal.NOT_AN_EXPORT
    assert_untouched(target, gatekeeper, before)


def test_a_file_of_millions_of_small_objects_is_refused_before_it_is_decoded() -> None:
    """Four million empty witnesses fit in 48 MB of file but took 400 MB to decode: a file with
    more objects and arrays than any diary Harbour writes is refused as too large, unread."""
    flood = b"[" + b"{}," * 1_000_000 + b"{}]"
    data = b'{"format": "harbour-vault-export", "version": 1, "flood": ' + flood + b"}"
    with pytest.raises(ImportRefused) as refused:
        read_export(data)
    assert refused.value.refusal is Refusal.TOO_LARGE


def test_a_value_that_does_not_fit_is_named_where_it_is() -> None:
    """A note far longer than any Harbour keeps read "not a Harbour export, or it was cut
    short", which sent the operator looking for the wrong cause: the words name the place
    and what fits there (msgspec's message, which never holds the value)."""
    from kiosk.operator.records import refusal_words

    document = {
        "format": "harbour-vault-export",
        "version": 1,
        "notes": [{"text": "x" * 30_000}],
    }
    with pytest.raises(ImportRefused) as refused:
        read_export(msgspec.json.encode(document))
    line = refusal_words(refused.value)
    assert "$.notes[0].text" in line and "x" * 100 not in line
    assert "\n" not in line and line.endswith("nothing was changed")
