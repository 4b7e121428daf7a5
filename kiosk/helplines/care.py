"""Directory care: staff mark a helpline entry checked today, or correct it, in the files.

The directory is two folders (kiosk.helplines.loader): the shipped one, inside the package,
never edited on a kiosk because an update replaces it, and the centre's own folder
(``[kiosk] helplines_folder``), whose entries replace shipped ones with the same id. So every
change is written to the centre's folder: an entry read from a centre file is changed in that
file; an entry read from a shipped file is copied, changed, into a centre file that adds to its
region (``region = "uk"``), where its id makes it replace the shipped one. With no centre
folder configured nothing is written and ``CareRefused(NO_CENTRE_FOLDER)`` says so.

The files are written by hand and carry comments that explain them, so a change is made with
tomlkit, which keeps every other byte of the file as it was. Every change is checked by the
loader's own rules before it is saved: the new text goes to a hidden temporary file beside the
old one (the loader skips names starting with "."), the whole directory is read with it in
place of the old file, and only then does it replace the file, atomically (a kill at any point
leaves the old file or the new one, and at worst a hidden leftover the loader never reads).
On any problem nothing changes: the loader's one-line ``DirectoryError``, or ``CareRefused``.

This is domain code: it never imports Textual or Rich.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import errno
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Array, InlineTable, Table
from tomlkit.toml_document import TOMLDocument

from kiosk.helplines.loader import MAX_FILE_BYTES, SHIPPED_DIRECTORY, DirectoryError, load_directory
from kiosk.helplines.model import Directory, Helpline
from kiosk.tomlfile import NotARegularFile, os_reason, read_file
from kiosk.vault.fsutil import fault_point, fsync_dir

__all__ = [
    "CareEntry",
    "CareProblem",
    "CareRefused",
    "Correction",
    "DirectoryCare",
    "centre_file_name",
]

# A new centre file's first lines: whoever opens it later learns where it came from.
_NEW_FILE_HEADER: Final = """\
# Helpline entries this centre checked or corrected at the kiosk (Harbour's directory care).
# Each entry here replaces the shipped entry with the same id. The file format is explained
# at the top of the shipped directory's uk.toml.

"""
# Keys staff may correct; an optional one left blank is taken out of the file.
_OPTIONAL: Final = frozenset({"phone", "website"})
# A centre file is written readable by all (helpline numbers are public; the operator and
# the kiosk's user both read it); an existing file keeps its own mode.
_NEW_FILE_MODE: Final = 0o644


class CareProblem(enum.Enum):
    """Why a change was not made (kiosk.ui.wording words each)."""

    NO_CENTRE_FOLDER = "no-centre-folder"
    """No ``[kiosk] helplines_folder``: there is nowhere a change may be written."""
    NOT_WRITABLE = "not-writable"
    """The kiosk's user may not write the centre folder (or the file)."""
    ENTRY_GONE = "entry-gone"
    """The file no longer holds the entry (changed by hand since the directory was read)."""
    NOT_SAVED = "not-saved"
    """The disk refused the write (full, read-only, failing)."""


class CareRefused(Exception):
    """A change that was not made; ``path`` is the folder or file concerned ("" for none)."""

    def __init__(self, problem: CareProblem, path: str = "") -> None:
        super().__init__(f"{problem.value}: {path}" if path else problem.value)
        self.problem = problem
        self.path = path


@dataclass(frozen=True)
class CareEntry:
    """One helpline as staff care for it: where it is read from, and its region."""

    helpline: Helpline
    region: str
    """The region's code."""
    region_name: str
    in_centre_folder: bool
    """True when read from the centre's folder; False for a shipped entry (a change copies it)."""

    @property
    def file(self) -> str:
        return self.helpline.source_file

    def overdue(self, today: dt.date) -> bool:
        return self.helpline.is_stale(today)


@dataclass(frozen=True)
class Correction:
    """The values staff may correct, as the form gives them (blank phone or website: none)."""

    name: str
    phone: str
    website: str
    hours: str
    helps_with: str
    topics: tuple[str, ...]

    @classmethod
    def of(cls, helpline: Helpline) -> Correction:
        return cls(
            name=helpline.name,
            phone=helpline.phone,
            website=helpline.website,
            hours=helpline.hours,
            helps_with=helpline.helps_with,
            topics=tuple(helpline.topics),
        )


def centre_file_name(region: str) -> str:
    """The centre file a shipped entry of ``region`` is copied into when none adds to it."""
    return f"{region}-centre.toml"


class DirectoryCare:
    """Staff's changes to the directory, written to ``centre_folder`` (None: none configured)."""

    def __init__(self, centre_folder: Path | None, *, shipped: Path = SHIPPED_DIRECTORY) -> None:
        self._centre = Path(os.path.abspath(centre_folder)) if centre_folder else None
        self._shipped = shipped

    @property
    def centre_folder(self) -> Path | None:
        return self._centre

    def entries(self, directory: Directory) -> list[CareEntry]:
        """Every entry, region by region (by name), in the order the directory shows them."""
        found: list[CareEntry] = []
        for region in sorted(directory.regions.values(), key=lambda region: region.name):
            for helpline in region.helplines:
                in_centre = (
                    self._centre is not None and Path(helpline.source_path).parent == self._centre
                )
                found.append(CareEntry(helpline, region.code, region.name, in_centre))
        return found

    def overdue(self, directory: Directory, today: dt.date) -> list[CareEntry]:
        """The entries last checked more than six months before ``today``."""
        return [entry for entry in self.entries(directory) if entry.overdue(today)]

    def mark_checked(self, entry: CareEntry, today: dt.date) -> Directory:
        """Set the entry's ``verified_on`` to ``today`` in its centre file; the new directory.

        Raises ``CareRefused`` or ``DirectoryError``; then no file has changed.
        """
        return self._change(entry, today, None)

    def correct(self, entry: CareEntry, correction: Correction, today: dt.date) -> Directory:
        """Write ``correction`` into the entry, checked today (staff have just looked it up).

        Raises ``CareRefused`` or ``DirectoryError``; then no file has changed.
        """
        return self._change(entry, today, correction)

    # The change -----------------------------------------------------------------------------

    def _change(self, entry: CareEntry, today: dt.date, correction: Correction | None) -> Directory:
        folder = self._centre
        if folder is None:
            raise CareRefused(CareProblem.NO_CENTRE_FOLDER)
        if entry.in_centre_folder:
            target = Path(entry.helpline.source_path)
            document = _read(target)
            table = _entry_table(document, entry.helpline.id)
            if table is None:
                raise CareRefused(CareProblem.ENTRY_GONE, str(target))
        else:
            target, document = self._file_adding_to(folder, entry.region)
            source = _read(Path(entry.helpline.source_path))
            shipped = _entry_table(source, entry.helpline.id)
            if shipped is None:
                raise CareRefused(CareProblem.ENTRY_GONE, entry.helpline.source_path)
            table = _copied(shipped)
            _helplines_of(document).append(table)
        if correction is not None:
            _apply(table, correction)
        _set(table, "verified_on", today)
        return self._replace(folder, target, tomlkit.dumps(document), today)

    def _file_adding_to(self, folder: Path, region: str) -> tuple[Path, TOMLDocument]:
        """The first centre file (by name) that adds entries to ``region``, or a new one."""
        names = sorted(
            path.name
            for path in _listed(folder)
            if path.name.endswith(".toml") and not path.name.startswith(".")
        )
        for name in names:
            document = _read(folder / name)
            if _adds_to(document, region):
                return folder / name, document
        name, number = centre_file_name(region), 1
        while name in names:
            number += 1
            name = centre_file_name(f"{region}-{number}")
        document = tomlkit.parse(_NEW_FILE_HEADER)
        document.add("region", region)
        return folder / name, document

    def _replace(self, folder: Path, target: Path, text: str, today: dt.date) -> Directory:
        """Check ``text`` as ``target``'s new content, then put it in place atomically.

        A centre file that is a link (to a file several kiosks share, say) stays a link: the
        file it points to is replaced, in its own folder.
        """
        written = target.resolve() if target.is_symlink() else target
        place = written.parent
        _remove_leftovers(place, written.name)
        temp = place / f".{written.name}.{secrets.token_hex(6)}.tmp"
        try:
            mode = _mode_of(written)
            _write_synced(temp, text.encode("utf-8"), mode)
            fault_point("care: new text written")
            directory = load_directory(
                folder, today=today, shipped=self._shipped, pending={target.name: temp}
            )
            fault_point("care: new text checked")
            os.replace(temp, written)
            fault_point("care: replaced")
            fsync_dir(place)
        except PermissionError:
            _remove(temp)
            raise CareRefused(CareProblem.NOT_WRITABLE, str(place)) from None
        except OSError as error:
            _remove(temp)
            if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise CareRefused(CareProblem.NOT_WRITABLE, str(place)) from None
            raise CareRefused(CareProblem.NOT_SAVED, str(target)) from None
        except BaseException:
            _remove(temp)
            raise
        # The new text replaced the temporary file: the directory read from it names the file.
        return directory


# Files ----------------------------------------------------------------------------------------


def _listed(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError as error:
        reason = f"cannot list the folder ({os_reason(error)})"
        raise DirectoryError(str(folder), "", "", reason) from None


def _read(path: Path) -> TOMLDocument:
    """``path`` as tomlkit reads it (keeping its comments and layout), or ``DirectoryError``."""
    try:
        data = read_file(path, MAX_FILE_BYTES + 1)
    except NotARegularFile:
        raise DirectoryError(str(path), "", "", "is not a regular file") from None
    except OSError as error:
        reason = f"cannot read the file ({os_reason(error)})"
        raise DirectoryError(str(path), "", "", reason) from None
    if len(data) > MAX_FILE_BYTES:
        raise DirectoryError(str(path), "", "", "is too large for a helpline file")
    try:
        return tomlkit.parse(data.decode("utf-8"))
    except (UnicodeDecodeError, tomlkit.exceptions.TOMLKitError, ValueError):
        # The loader read it when the session started: it was changed by hand since.
        raise DirectoryError(str(path), "", "", "cannot be read as TOML any more") from None


def _mode_of(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        return _NEW_FILE_MODE


def _write_synced(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, mode)


def _remove_leftovers(folder: Path, name: str) -> None:
    """What a change killed half-way left: hidden, never read, removed at the next change."""
    pattern = re.compile(rf"\A\.{re.escape(name)}\.[0-9a-f]{{12}}\.tmp\Z")
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if pattern.match(path.name):
                _remove(path)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


# Inside a document ----------------------------------------------------------------------------


def _entry_table(document: TOMLDocument, identifier: str) -> Table | InlineTable | None:
    """The entry with ``identifier``: a ``[[helpline]]`` table, or an inline table in a file
    that writes ``helpline = [{...}, ...]`` (valid TOML, if not the documented form)."""
    entries = document.get("helpline")
    if not isinstance(entries, (AoT, Array)):
        return None
    for table in entries:
        if isinstance(table, (Table, InlineTable)) and str(table.get("id", "")) == identifier:
            return table
    return None


def _helplines_of(document: TOMLDocument) -> AoT:
    entries = document.get("helpline")
    if isinstance(entries, AoT):
        return entries
    created = tomlkit.aot()
    document.append("helpline", created)
    return created


def _adds_to(document: TOMLDocument, region: str) -> bool:
    """True for a file that adds entries to ``region`` (``region = "uk"``, or ``[region]``
    with only its code), rather than defining a region of its own."""
    if "helpline" in document and not isinstance(document["helpline"], AoT):
        return False  # entries written inline: a new entry goes into a file of its own
    value: Any = document.get("region")
    if isinstance(value, str):
        return str(value) == region
    return isinstance(value, dict) and set(value) == {"code"} and str(value["code"]) == region


def _copied(shipped: Table | InlineTable) -> Table:
    """A shipped entry's keys and values, without the comments that sit between entries (in
    tomlkit's reading they belong to the entry before, yet speak of the next)."""
    table = tomlkit.table()
    for key in shipped:
        table.add(key, shipped[key])
    table.trivia.indent = "\n"  # a blank line above its [[helpline]], as between the others
    return table


# Where a key the entry did not have goes: after the key the format lists before it.
_ANCHORS: Final = {"phone": ("name",), "website": ("phone", "name")}


def _add_after(table: Table | InlineTable, anchors: tuple[str, ...], key: str, value: str) -> None:
    """Add ``key`` after the first of ``anchors`` the entry has (``name`` always is there).

    ``Table.add`` would put it at the end of the table's text, after any comment that sits
    there, which in tomlkit's reading is the comment above the next entry; tomlkit offers no
    public way to insert in place, so its container's ``_insert_after`` is used (the tests
    pin the result, and constraints.txt the version).
    """
    anchor = next(name for name in anchors if name in table)
    table.value._insert_after(anchor, key, value)


def _apply(table: Table | InlineTable, correction: Correction) -> None:
    """The corrected values, each written only where it differs (an unchanged value keeps its
    exact form: quotes, spacing, a multi-line array)."""
    texts = {
        "name": correction.name,
        "phone": correction.phone,
        "website": correction.website,
        "hours": correction.hours,
        "helps_with": correction.helps_with,
    }
    for key, value in texts.items():
        value = value.strip()
        current = str(table.get(key, "")).strip()
        if value == current:
            continue
        if not value and key in _OPTIONAL:
            del table[key]
        elif key in table:
            _set(table, key, value)
        else:
            _add_after(table, _ANCHORS[key], key, value)
    topics = [topic.strip() for topic in correction.topics]
    if [str(topic) for topic in table.get("topics", [])] != topics:
        _set(table, "topics", topics)


def _set(table: Table | InlineTable, key: str, value: object) -> None:
    """Replace ``key``'s value, keeping what surrounds it on its line: the indent, a comment
    after it, the space before an inline table's closing brace."""
    old = table[key].trivia
    table[key] = value
    new = table[key].trivia
    new.indent, new.comment_ws, new.comment, new.trail = (
        old.indent,
        old.comment_ws,
        old.comment,
        old.trail,
    )
    if isinstance(table, InlineTable) and not old.comment:
        # tomlkit reads the space after a date that ends an inline table (``… = 2025-06-01 }``)
        # as the date's comment space, which an inline table does not write back.
        new.trail = old.comment_ws + old.trail
