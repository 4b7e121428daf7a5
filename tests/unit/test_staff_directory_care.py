"""Directory care (kiosk.helplines.care): staff's changes land in the centre's folder, keep
every other byte of the file, are checked by the loader's rules first, and never leave half a
file behind."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.helplines.care import (
    CareEntry,
    CareProblem,
    CareRefused,
    Correction,
    DirectoryCare,
    centre_file_name,
)
from kiosk.helplines.loader import SHIPPED_DIRECTORY, DirectoryError, load_directory
from kiosk.vault import fsutil

TODAY = dt.date(2026, 9, 21)

LOCAL = """\
# Our centre's own helplines (kept by the centre manager).
region = "uk"   # adds to the shipped region

# Checked by phone.
[[helpline]]
id = "harbour-test-line"
name = "Test Line"
phone = "0800 000 0001"
hours = "Mon to Fri, 9am to 5pm"
helps_with = "A local service for testing."
topics = [
  "stalking",  # the main one
]
verified_on = 2025-01-15  # last call

# Website only.
[[helpline]]
id = "web-only"
name = "Web Only"
website = "example.org"
hours = "See website for opening hours"
helps_with = "Another local service."
topics = ["legal", "men"]
verified_on = 2026-06-01
"""


@pytest.fixture
def centre(tmp_path: Path) -> Path:
    folder = tmp_path / "helplines"
    folder.mkdir()
    (folder / "local.toml").write_text(LOCAL, encoding="utf-8")
    return folder


def entry(care: DirectoryCare, identifier: str, region: str = "uk") -> CareEntry:
    directory = load_directory(care.centre_folder, today=TODAY)
    for found in care.entries(directory):
        if found.helpline.id == identifier and found.region == region:
            return found
    raise AssertionError(f"no entry {identifier}")


def digest(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (hidden ones too) and a hash of its bytes."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in folder.iterdir()}


def shown(directory_folder: Path | None, identifier: str) -> dt.date:
    directory = load_directory(directory_folder, today=TODAY)
    return next(h for h in directory.regions["uk"].helplines if h.id == identifier).verified_on


# Listing ------------------------------------------------------------------------------------


def test_overdue_entries_name_their_file_and_organisation(centre: Path) -> None:
    care = DirectoryCare(centre)
    directory = load_directory(centre, today=TODAY)
    overdue = care.overdue(directory, TODAY)
    ours = [e for e in overdue if e.helpline.id == "harbour-test-line"]
    assert [(e.file, e.helpline.name, e.in_centre_folder) for e in ours] == [
        ("local.toml", "Test Line", True)
    ]
    # Checked in June 2026: not overdue; shipped entries (checked 2025-06-01) are, from uk.toml.
    assert "web-only" not in {e.helpline.id for e in overdue}
    shipped = [e for e in overdue if not e.in_centre_folder]
    assert shipped and {e.file for e in shipped if e.region == "uk"} == {"uk.toml"}
    # Every entry is reachable, not only the overdue ones.
    assert "web-only" in {e.helpline.id for e in care.entries(directory)}


# Marking checked -----------------------------------------------------------------------------


def test_marking_a_centre_entry_checked_changes_its_date_and_no_other_byte(centre: Path) -> None:
    care = DirectoryCare(centre)
    directory = care.mark_checked(entry(care, "harbour-test-line"), TODAY)
    expected = LOCAL.replace(
        "verified_on = 2025-01-15  # last call", "verified_on = 2026-09-21  # last call"
    )
    assert (centre / "local.toml").read_text(encoding="utf-8") == expected
    assert [p.name for p in centre.iterdir()] == ["local.toml"]  # no temporary file left
    # The directory handed back is the one the files now give.
    line = next(h for h in directory.regions["uk"].helplines if h.id == "harbour-test-line")
    assert line.verified_on == TODAY
    assert shown(centre, "harbour-test-line") == TODAY


def test_a_shipped_entry_is_copied_into_a_new_centre_file(tmp_path: Path) -> None:
    centre = tmp_path / "helplines"
    centre.mkdir()
    shipped_before = digest(SHIPPED_DIRECTORY)
    care = DirectoryCare(centre)
    victim_support = entry(care, "victim-support")
    assert not victim_support.in_centre_folder

    care.mark_checked(victim_support, TODAY)

    assert digest(SHIPPED_DIRECTORY) == shipped_before  # the package is never written
    written = (centre / centre_file_name("uk")).read_text(encoding="utf-8")
    assert written.startswith("# Helpline entries this centre checked or corrected at the kiosk")
    assert '\nregion = "uk"\n' in written
    assert 'id = "victim-support"' in written and "verified_on = 2026-09-21" in written
    # Only the entry: none of the shipped file's comments about other entries came along.
    assert "left out on purpose" not in written and "Network for Surviving" not in written
    # The copy replaces the shipped entry in its place; the others are untouched.
    before = load_directory(None, today=TODAY).regions["uk"].helplines
    after = load_directory(centre, today=TODAY).regions["uk"].helplines
    assert [h.id for h in after] == [h.id for h in before]
    moved = next(h for h in after if h.id == "victim-support")
    assert (moved.verified_on, moved.source_file) == (TODAY, "uk-centre.toml")
    original = next(h for h in before if h.id == "victim-support")
    assert (moved.name, moved.phone, moved.topics) == (
        original.name,
        original.phone,
        original.topics,
    )


def test_a_shipped_entry_joins_the_centre_file_that_adds_to_its_region(centre: Path) -> None:
    care = DirectoryCare(centre)
    care.mark_checked(entry(care, "victim-support"), TODAY)
    text = (centre / "local.toml").read_text(encoding="utf-8")
    assert text.startswith(LOCAL)  # every line before it kept, byte for byte
    assert 'id = "victim-support"' in text[len(LOCAL) :]
    assert sorted(p.name for p in centre.iterdir()) == ["local.toml"]
    # Checking it again changes the centre's copy, not a second one.
    care.mark_checked(entry(care, "victim-support"), TODAY + dt.timedelta(days=1))
    again = (centre / "local.toml").read_text(encoding="utf-8")
    assert again.count('id = "victim-support"') == 1 and "2026-09-22" in again


def test_without_a_centre_folder_nothing_is_written() -> None:
    care = DirectoryCare(None)
    shipped_before = digest(SHIPPED_DIRECTORY)
    with pytest.raises(CareRefused) as refused:
        care.mark_checked(entry(care, "victim-support"), TODAY)
    assert refused.value.problem is CareProblem.NO_CENTRE_FOLDER
    assert digest(SHIPPED_DIRECTORY) == shipped_before


def test_an_entry_removed_by_hand_since_is_refused_calmly(centre: Path) -> None:
    care = DirectoryCare(centre)
    stale = entry(care, "web-only")
    (centre / "local.toml").write_text(LOCAL.split("# Website only.")[0], encoding="utf-8")
    before = digest(centre)
    with pytest.raises(CareRefused) as refused:
        care.mark_checked(stale, TODAY)
    assert refused.value.problem is CareProblem.ENTRY_GONE
    assert digest(centre) == before


# Correcting ----------------------------------------------------------------------------------


def test_a_correction_changes_only_the_values_that_differ(centre: Path) -> None:
    care = DirectoryCare(centre)
    line = entry(care, "harbour-test-line")
    correction = Correction.of(line.helpline)
    changed = Correction(
        name="Test Line (new name)",
        phone="0800 000 0002",
        website="testline.example.org",
        hours=correction.hours,
        helps_with=correction.helps_with,
        topics=correction.topics,
    )
    care.correct(line, changed, TODAY)
    expected = (
        LOCAL.replace('name = "Test Line"', 'name = "Test Line (new name)"')
        .replace(
            'phone = "0800 000 0001"',
            'phone = "0800 000 0002"\nwebsite = "testline.example.org"',
        )
        .replace("verified_on = 2025-01-15", "verified_on = 2026-09-21")
    )
    assert (centre / "local.toml").read_text(encoding="utf-8") == expected
    corrected = next(
        h
        for h in load_directory(centre, today=TODAY).regions["uk"].helplines
        if h.id == "harbour-test-line"
    )
    assert (corrected.name, corrected.phone, corrected.website, corrected.verified_on) == (
        "Test Line (new name)",
        "0800 000 0002",
        "testline.example.org",
        TODAY,
    )


def test_a_correction_can_add_a_phone_and_drop_a_website(centre: Path) -> None:
    care = DirectoryCare(centre)
    web = entry(care, "web-only")
    correction = Correction.of(web.helpline)
    care.correct(
        web,
        Correction(
            name=correction.name,
            phone="020 7946 0000",
            website="",
            hours=correction.hours,
            helps_with=correction.helps_with,
            topics=("legal",),
        ),
        TODAY,
    )
    text = (centre / "local.toml").read_text(encoding="utf-8")
    block = text.split("# Website only.\n")[1]
    assert block.splitlines()[:4] == [
        "[[helpline]]",
        'id = "web-only"',
        'name = "Web Only"',
        'phone = "020 7946 0000"',
    ]
    assert "website =" not in block and 'topics = ["legal"]' in block
    assert text.split("# Website only.\n")[0] == LOCAL.split("# Website only.\n")[0]


BAD_CORRECTIONS = {
    "a phone with letters": {"phone": "call us"},
    "no name": {"name": "  "},
    "neither phone nor website": {"phone": "", "website": ""},
    "an unknown topic": {"topics": ("stalking", "weather")},
    "no topic": {"topics": ()},
    "a topic twice": {"topics": ("stalking", "stalking")},
    "an escape sequence in the name": {"name": "Test \x1b]0;owned\x07 Line"},
    "a line break in the hours": {"hours": "9am\n5pm"},
    "a website that is not one": {"website": "not a website"},
    "hours far too long": {"hours": "x" * 201},
}


@pytest.mark.parametrize("changes", BAD_CORRECTIONS.values(), ids=BAD_CORRECTIONS.keys())
def test_an_invalid_correction_is_refused_and_the_file_is_unchanged(
    centre: Path, changes: dict[str, object]
) -> None:
    care = DirectoryCare(centre)
    line = entry(care, "harbour-test-line")
    values = {**Correction.of(line.helpline).__dict__, **changes}
    before = digest(centre)
    with pytest.raises(DirectoryError) as refused:
        care.correct(line, Correction(**values), TODAY)  # type: ignore[arg-type]
    message = str(refused.value)
    assert "\n" not in message and "\x1b" not in message
    assert message.startswith(f"{centre / 'local.toml'}: harbour-test-line: ")  # the real file
    assert digest(centre) == before  # nothing changed, nothing left behind


def test_an_invalid_correction_of_a_shipped_entry_writes_no_centre_file(tmp_path: Path) -> None:
    centre = tmp_path / "helplines"
    centre.mkdir()
    care = DirectoryCare(centre)
    victim_support = entry(care, "victim-support")
    values = {**Correction.of(victim_support.helpline).__dict__, "phone": "0808 abc"}
    with pytest.raises(DirectoryError) as refused:
        care.correct(victim_support, Correction(**values), TODAY)
    assert str(refused.value).startswith(f"{centre / 'uk-centre.toml'}: victim-support: phone: ")
    assert list(centre.iterdir()) == []


# Kills and refusals of the file system -------------------------------------------------------

STEPS = ("care: new text written", "care: new text checked", "care: replaced")


def killed_at(label: str, care: DirectoryCare, line: CareEntry) -> None:
    """Mark ``line`` checked in a child that SIGKILLs itself at the step ``label``."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest

        def hook(seen: str) -> None:
            if seen == label:
                os.kill(os.getpid(), signal.SIGKILL)

        fsutil.fault_hook = hook
        try:
            care.mark_checked(line, TODAY)
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@pytest.mark.parametrize("label", STEPS)
def test_a_kill_during_the_write_leaves_the_old_file_or_the_new_one(
    centre: Path, label: str
) -> None:
    care = DirectoryCare(centre)
    new = LOCAL.replace("verified_on = 2025-01-15", "verified_on = 2026-09-21")
    killed_at(label, care, entry(care, "harbour-test-line"))
    text = (centre / "local.toml").read_text(encoding="utf-8")
    assert text == (new if label == "care: replaced" else LOCAL)
    # A hidden leftover is never read: the directory loads, and the next change goes through.
    assert shown(centre, "harbour-test-line") in (dt.date(2025, 1, 15), TODAY)
    care.mark_checked(entry(care, "harbour-test-line"), TODAY)
    assert (centre / "local.toml").read_text(encoding="utf-8") == new
    assert [p.name for p in centre.iterdir()] == ["local.toml"]  # the leftover removed


_AS_THE_KIOSK_USER = """
import datetime as dt, sys
from pathlib import Path
from kiosk.helplines.care import CareRefused, DirectoryCare
from kiosk.helplines.loader import load_directory
care = DirectoryCare(Path(sys.argv[1]))
today = dt.date(2026, 9, 21)
line = next(e for e in care.entries(load_directory(care.centre_folder, today=today))
            if e.helpline.id == sys.argv[2])
try:
    care.mark_checked(line, today)
except CareRefused as refused:
    print(refused.problem.value, refused.path)
else:
    print("written")
"""


def run_without_root_powers(centre: Path, identifier: str) -> str:
    """Mark ``identifier`` checked in a process that may not write what it does not own
    (root's override of file permissions dropped, as the kiosk's user has none)."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv is not None, "setpriv (util-linux) is needed to test without root"
        prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    result = subprocess.run(
        [*prefix, sys.executable, "-c", _AS_THE_KIOSK_USER, str(centre), identifier],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and not result.stderr, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize("identifier", ["harbour-test-line", "victim-support"])
def test_a_folder_the_kiosk_may_not_write_gives_a_calm_refusal(
    centre: Path, identifier: str
) -> None:
    before = digest(centre)
    centre.chmod(0o555)
    try:
        said = run_without_root_powers(centre, identifier)
    finally:
        centre.chmod(0o755)
    assert said == f"not-writable {centre}"
    assert digest(centre) == before


INLINE = """\
region = "uk"
helpline = [
  { id = "inline-line", name = "Inline Line", website = "inline.example.org", \
hours = "Daily", helps_with = "Written inline.", topics = ["men"], verified_on = 2025-02-02 },
]
"""


def test_entries_written_inline_are_changed_in_place(tmp_path: Path) -> None:
    centre = tmp_path / "helplines"
    centre.mkdir()
    (centre / "inline.toml").write_text(INLINE, encoding="utf-8")
    care = DirectoryCare(centre)
    line = entry(care, "inline-line")
    values = {**Correction.of(line.helpline).__dict__, "phone": "0800 123"}
    care.correct(line, Correction(**values), TODAY)
    assert (centre / "inline.toml").read_text(encoding="utf-8") == INLINE.replace(
        'name = "Inline Line",', 'name = "Inline Line", phone = "0800 123",'
    ).replace("2025-02-02", "2026-09-21")
    # A shipped entry is not squeezed into that list: it gets a file of its own.
    care.mark_checked(entry(care, "victim-support"), TODAY)
    assert sorted(p.name for p in centre.iterdir()) == ["inline.toml", "uk-centre.toml"]
    assert shown(centre, "victim-support") == TODAY


def test_every_refusal_has_its_own_calm_words() -> None:
    from kiosk.ui.wording import care_refused

    said = {
        problem: care_refused(CareRefused(problem, "/etc/harbour/helplines"))
        for problem in CareProblem
    }
    assert len(set(said.values())) == len(CareProblem)
    assert all(words.startswith("Nothing was changed: ") for words in said.values())
    assert "helplines_folder" in said[CareProblem.NO_CENTRE_FOLDER]
    assert "/etc/harbour/helplines" in said[CareProblem.NOT_WRITABLE]
    assert "docs/DEPLOY.md" in said[CareProblem.NOT_WRITABLE]
    # A path from outside cannot send the terminal anything.
    odd = care_refused(CareRefused(CareProblem.NOT_SAVED, "/srv/\x1b[2Jx.toml"))
    assert "\x1b" not in odd and "\\x1b" in odd


@pytest.mark.parametrize("label", STEPS)
def test_a_kill_while_a_shipped_entry_is_copied_leaves_no_file_or_the_whole_one(
    tmp_path: Path, label: str
) -> None:
    centre = tmp_path / "helplines"
    centre.mkdir()
    care = DirectoryCare(centre)
    killed_at(label, care, entry(care, "victim-support"))
    visible = sorted(p.name for p in centre.iterdir() if not p.name.startswith("."))
    if label == "care: replaced":
        assert visible == ["uk-centre.toml"]
        assert shown(centre, "victim-support") == TODAY
    else:
        assert visible == []
        assert shown(centre, "victim-support") == dt.date(2025, 6, 1)


def test_a_centre_file_that_is_a_link_stays_a_link(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "our-lines.toml").write_text(LOCAL, encoding="utf-8")
    centre = tmp_path / "helplines"
    centre.mkdir()
    (centre / "local.toml").symlink_to(shared / "our-lines.toml")
    care = DirectoryCare(centre)
    care.mark_checked(entry(care, "harbour-test-line"), TODAY)
    assert (centre / "local.toml").is_symlink()
    assert (shared / "our-lines.toml").read_text(encoding="utf-8") == LOCAL.replace(
        "verified_on = 2025-01-15", "verified_on = 2026-09-21"
    )
    assert sorted(p.name for p in shared.iterdir()) == ["our-lines.toml"]
    assert shown(centre, "harbour-test-line") == TODAY


@pytest.mark.parametrize("where", ["the entry's own file", "the file a shipped entry joins"])
def test_a_fifo_in_the_centre_folder_is_refused_not_waited_on(tmp_path: Path, where: str) -> None:
    """Anyone with the kiosk user's rights may write in the centre's helpline folder: a FIFO
    put there held the staff screen's save ("Saving…") for ever, its thread waiting for a
    writer that never came. It is refused, in the words the loader uses."""
    centre = tmp_path / "helplines"
    centre.mkdir()
    (centre / "local.toml").write_text(LOCAL, encoding="utf-8")
    care = DirectoryCare(centre)
    if where == "the entry's own file":
        chosen = entry(care, "harbour-test-line")
        fifo = centre / "local.toml"
        fifo.unlink()
    else:
        (centre / "local.toml").unlink()
        chosen = entry(care, "national-stalking-helpline")
        fifo = centre / centre_file_name("uk")
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def change() -> None:
        try:
            care.mark_checked(chosen, TODAY)
        except BaseException as error:  # handed to the test's own thread
            outcome.append(error)

    worker = threading.Thread(target=change, daemon=True)
    worker.start()
    worker.join(20)
    if worker.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # let it go
        raise AssertionError("the save waited on the FIFO")
    [refused] = outcome
    assert isinstance(refused, DirectoryError)
    assert str(refused).endswith("is not a regular file")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
