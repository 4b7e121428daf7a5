"""Reading the helpline directory: the one shipped in the package, then a centre's own folder.

``load_directory`` reads the shipped directory (``SHIPPED_DIRECTORY``, inside the package, so
``pip install`` alone gives a working kiosk) and, when the config names one, the centre's own
folder on top of it, with these rules:

* a centre file that gives only a region code (``region = "uk"``) adds its entries to that
  region; an entry whose id the shipped region already uses replaces that entry, in its place;
* a centre file with a full ``[region]`` table for a shipped code replaces the whole shipped
  region (its details and every entry);
* a new region code is a new region; the centre folder may be empty (it then adds nothing).

Within one folder, every ``*.toml`` file is checked, then merged (``load_folder``).

The files are written by hand, by centre staff as well as by us, so every mistake becomes a
``DirectoryError`` whose text is one line naming the file, the entry and the key: the person
reading it is an operator at a console, and the kiosk must not start with a half-read directory
(a helpline silently dropped is a number a visitor never sees). The file format is documented at
the top of ``kiosk/helplines/directory/uk.toml``. Staff change files from the kiosk through
``kiosk.helplines.care``, which checks every change here (``pending``) before saving it.

What one file may hold is stated in ``kiosk/helplines/schema.py`` and checked by msgspec; the
rules here are the ones across values and files (a phone or a website, dates, ids, merging).

This is domain code: it never imports Textual or Rich, and importing it reads no files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from kiosk.helplines.model import Contact, Directory, Helpline, Region, Words
from kiosk.helplines.schema import (
    CONTACT_KINDS,
    LANGUAGE_TAG_PATTERN,
    SLUG_PATTERN,
    HelplineEntry,
    HelplineFile,
    HelplineWords,
    RegionTable,
    RegionWords,
    Translations,
)
from kiosk.i18n import available_languages, find_catalogue
from kiosk.text import one_line, show
from kiosk.tomlfile import FileProblem, decode, dotted, os_reason, read_toml

__all__ = [
    "CONTACT_KINDS",
    "SHIPPED_DIRECTORY",
    "DirectoryError",
    "freshness_report",
    "load_directory",
    "load_folder",
]

SHIPPED_DIRECTORY: Final = Path(__file__).parent / "directory"
"""The directory that ships inside the package; replaced by every update, never edited."""

# A helpline file is a few kilobytes; refusing anything far larger stops a stray log or disk
# image dropped into the folder from being read into memory whole before it fails to parse.
MAX_FILE_BYTES: Final = 1024 * 1024
# A centre's folder holds a few files and its directory a few dozen helplines (the render
# tests print a sheet of 500). The bounds keep what a session reads and draws small whatever
# the folder holds: forty files of 1 MB (130,000
# helplines) took 10 s to read and 90 s to draw on the Helplines screen, and nothing, a quick
# exit included, could act on that screen meanwhile (found from outside, December 2026).
MAX_FILES: Final = 50
MAX_HELPLINES: Final = 1000

_REGION_DETAILS: Final = ("name", "emergency_number", "emergency_note")
# The details in ``_ParsedFile.details``: the required ones, then the optional one.
_REGION_KEYS: Final = (*_REGION_DETAILS, "silent_call_note")


class DirectoryError(Exception):
    """A helpline file (or the folder) that cannot be used.

    ``file`` is the path of the file (or of the folder, for folder-wide problems); ``entry`` is
    the helpline's id, or "helpline N" (its position in the file, from 1) when it has no usable
    id, or "" when the problem is not inside a helpline; ``region`` is the region code a
    region-level problem concerns; ``key`` is the key, dotted or indexed for nested values
    (``other[1].kind``). ``str()`` is one line: ``<file>: <entry or region>: <key>: <message>``,
    leaving out the parts that are empty.
    """

    def __init__(self, file: str, entry: str, key: str, message: str, *, region: str = "") -> None:
        self.file = file
        self.entry = entry
        self.key = key
        self.message = message
        self.region = region
        where = entry or (f"region {region}" if region else "")
        parts = [part for part in (file, where, key, message) if part]
        # A file name or a quoted value can hold a newline; the text must stay one line so it
        # cannot be mistaken for two errors in the console or the doctor's report.
        super().__init__(": ".join(one_line(part) for part in parts))


def load_directory(
    centre_folder: Path | None,
    *,
    today: dt.date | None = None,
    shipped: Path = SHIPPED_DIRECTORY,
    pending: Mapping[str, Path] | None = None,
) -> Directory:
    """The shipped directory, with ``centre_folder`` (if any) laid over it by the module's rules.

    ``pending`` (directory care, kiosk.helplines.care) maps a file name in the centre folder to
    a file holding its new text, not yet in place: the directory is read as it will be once
    that text replaces the file (or is added as a new one), with every message naming the file
    by its real path. Raises ``DirectoryError`` for every problem with either folder or any
    file in them.
    """
    checked_on = today if today is not None else dt.date.today()
    base = load_folder(shipped, today=checked_on)
    if centre_folder is None:
        return base
    instead = dict(pending or {})
    paths = _helpline_files(centre_folder, may_be_empty=True)
    paths += [centre_folder / name for name in instead if centre_folder / name not in paths]
    _at_most_max_files(centre_folder, len(paths))
    centre = [
        _parse_file(path, checked_on, read_from=instead.get(path.name))
        for path in sorted(paths, key=lambda path: path.name)
    ]
    return _at_most_max_helplines(centre_folder, _overlay(base, centre))


def load_folder(folder: Path, *, today: dt.date | None = None) -> Directory:
    """Read, check and merge every ``*.toml`` file in ``folder`` (sorted by name).

    Files whose names start with "." are skipped (editors leave lock files such as
    ``.#uk.toml``). ``today`` (default: the system date) is only used to refuse a
    ``verified_on`` in the future. Raises ``DirectoryError`` for every problem with the folder or
    any file; no other exception escapes for any file content.
    """
    checked_on = today if today is not None else dt.date.today()
    paths = _helpline_files(folder)
    _at_most_max_files(folder, len(paths))
    files = [_parse_file(path, checked_on) for path in paths]
    return _at_most_max_helplines(folder, _merge(files))


def freshness_report(directory: Directory, today: dt.date) -> list[str]:
    """One line for staff per entry last checked more than six months before ``today``."""
    lines: list[str] = []
    for code in sorted(directory.regions):
        for helpline in directory.regions[code].stale(today):
            what = "the number" if helpline.phone else "the details"
            lines.append(
                f"{helpline.source_file}: {helpline.id}: last checked "
                f"{helpline.verified_on.isoformat()}, over six months ago — please re-check "
                f"{what} on the organisation's website"
            )
    return lines


# The folder and its files ------------------------------------------------------------------


def _at_most_max_files(folder: Path, count: int) -> None:
    if count > MAX_FILES:
        raise DirectoryError(
            str(folder),
            "",
            "",
            f"holds {count} helpline files; at most {MAX_FILES} are read: "
            "put the helplines in fewer files",
        )


def _at_most_max_helplines(folder: Path, directory: Directory) -> Directory:
    count = sum(len(region.helplines) for region in directory.regions.values())
    if count > MAX_HELPLINES:
        raise DirectoryError(
            str(folder),
            "",
            "",
            f"the directory would hold {count} helplines; at most {MAX_HELPLINES} are shown: "
            "remove the ones a visitor here does not need",
        )
    return directory


def _helpline_files(folder: Path, *, may_be_empty: bool = False) -> list[Path]:
    where = str(folder)
    try:
        if not folder.is_dir():
            message = "is not a folder" if folder.exists() else "no such folder"
            raise DirectoryError(where, "", "", message)
        names = sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.name.endswith(".toml") and not entry.name.startswith(".")
        )
    except PermissionError:
        raise DirectoryError(where, "", "", "permission denied (cannot list the folder)") from None
    except OSError as error:
        raise DirectoryError(
            where, "", "", f"cannot list the folder ({os_reason(error)})"
        ) from None
    if not names and not may_be_empty:
        raise DirectoryError(where, "", "", "no helpline files (*.toml) in this folder")
    return [folder / name for name in names]


# One file ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ParsedFile:
    path: str
    name: str
    region: str
    details: tuple[str, str, str, str] | None
    """The region's name, emergency_number, emergency_note and silent_call_note ("" when not
    given), as ``_REGION_KEYS`` orders them; None for a file that only adds helplines to a region
    defined elsewhere."""
    helplines: tuple[Helpline, ...]
    language: str = "en"
    region_words: tuple[Words, ...] = ()
    """The region's translations (only in a file that defines the region)."""


def _parse_file(path: Path, today: dt.date, *, read_from: Path | None = None) -> _ParsedFile:
    """The file ``path``; its text read from ``read_from`` when given (a pending change)."""
    file = str(path)
    document: dict[str, Any] = {}
    try:
        document = read_toml(read_from or path, what="helpline file", limit=MAX_FILE_BYTES)
        parsed = decode(document, HelplineFile)
    except FileProblem as problem:
        raise _explained(file, document, problem) from None

    code, details = _region_of(file, parsed.region)
    # Asked of every entry's every translation (a hundred times a file): gettext's search
    # for a catalogue, once per language here, was a third of a session's directory read.
    spoken = _KioskLanguages()
    region_words = _region_words(file, parsed.language, parsed.region, details, spoken)
    helplines: list[Helpline] = []
    seen: set[str] = set()
    for index, entry in enumerate(parsed.helpline):
        helpline = _helpline(file, path.name, index, entry, today, spoken, parsed.language)
        if helpline.id in seen:
            raise DirectoryError(
                file, helpline.id, "id", f"used twice in this file (region {code})"
            )
        seen.add(helpline.id)
        helplines.append(helpline)
    return _ParsedFile(
        file, path.name, code, details, tuple(helplines), parsed.language, region_words
    )


def _explained(file: str, document: dict[str, Any], problem: FileProblem) -> DirectoryError:
    """A ``FileProblem`` as the operator reads it: the entry named, and advice where it helps."""
    path, message = problem.path, problem.message
    if path and path[-1] in ("phone", "emergency_number") and isinstance(problem.value, int):
        message += (
            f': put the number in quotes, e.g. "{problem.value}" '
            "(without quotes a leading 0 is lost)"
        )
    if path == ("region",) and problem.value is None:
        message = (
            'missing: start the file with a [region] table, or with region = "uk" to add '
            "helplines to a region another file defines"
        )
    elif path == ("region",) and problem.expected:
        message = f'expected a [region] table or a code such as "uk", got {problem.got}'
    if problem.message == "no such file":
        # Listed by the folder, but pointing nowhere.
        message += " (a broken link?)"
    if len(path) >= 2 and path[0] == "helpline" and isinstance(path[1], int):
        return DirectoryError(file, _entry_label(document, path[1]), dotted(path[2:]), message)
    return DirectoryError(file, "", dotted(path), message)


def _entry_label(document: dict[str, Any], index: int) -> str:
    """The entry's id if it has a usable one, else its position: "helpline 2"."""
    entries = document.get("helpline")
    entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
    identifier = entry.get("id") if isinstance(entry, dict) else None
    if (
        isinstance(identifier, str)
        and len(identifier) <= 64
        and re.search(SLUG_PATTERN, identifier)
    ):
        return identifier
    return f"helpline {index + 1}"


def _region_of(
    file: str, region: str | RegionTable
) -> tuple[str, tuple[str, str, str, str] | None]:
    if isinstance(region, str):
        return region, None
    details = (region.name, region.emergency_number, region.emergency_note)
    if details == (None, None, None) and region.silent_call_note is None:
        return region.code, None
    for key, value in zip(_REGION_DETAILS, details, strict=True):
        if value is None:
            raise DirectoryError(
                file,
                "",
                key,
                "required key missing: a [region] table that defines a region needs name, "
                "emergency_number and emergency_note (a file that only adds helplines gives "
                "just code)",
                region=region.code,
            )
    name, number, note = (value.strip() for value in details if value is not None)
    return region.code, (name, number, note, (region.silent_call_note or "").strip())


def _region_words(
    file: str,
    language: str,
    region: str | RegionTable,
    details: tuple[str, str, str, str] | None,
    spoken: _KioskLanguages,
) -> tuple[Words, ...]:
    if isinstance(region, str) or not region.translations:
        return ()

    def fail(key: str, message: str) -> DirectoryError:
        return DirectoryError(file, "", key, message, region=region.code)

    if details is None:
        raise fail(
            "translations",
            "translations belong with the region's name and notes, in the file that defines "
            "the region",
        )
    given = {"silent_call_note": details[3]}
    return _translations(fail, language, region.translations, RegionWords, given, spoken)


class _KioskLanguages:
    """Whether the kiosk speaks a language (has its catalogue), each language looked up once."""

    def __init__(self) -> None:
        self._found: dict[str, bool] = {}

    def has(self, tag: str) -> bool:
        found = self._found.get(tag)
        if found is None:
            found = self._found[tag] = find_catalogue(tag) is not None
        return found


def _translations(
    fail: Callable[[str, str], DirectoryError],
    language: str,
    tables: Translations,
    kind: type[HelplineWords] | type[RegionWords],
    given: Mapping[str, str],
    spoken: _KioskLanguages,
) -> tuple[Words, ...]:
    """Each language's table of ``translations``, checked: a language the kiosk speaks (not
    the file's own), then its keys and values as ``kind`` states them. ``given`` maps an
    optional key to the untranslated text ("": the file leaves it out, so it may not be
    translated either)."""
    found: list[Words] = []
    for tag, table in tables.items():
        key = dotted(("translations", tag))
        if not re.search(LANGUAGE_TAG_PATTERN, tag):
            raise fail(key, f'{show(tag)} is not a language tag such as "pl" or "cy"')
        if not spoken.has(tag):
            known = ", ".join(f'"{known}"' for known in available_languages())
            raise fail(key, f"no kiosk language {show(tag)}; this kiosk has {known}")
        if tag == language:
            raise fail(
                key,
                f"the file's own words are in {show(language)} already (its language key); "
                "translate into another language",
            )
        try:
            words = decode(table, kind)
        except FileProblem as problem:
            raise fail(dotted(("translations", tag, *problem.path)), problem.message) from None
        texts = tuple(
            (name, value.strip())
            for name in kind.__struct_fields__
            if isinstance(value := getattr(words, name), str)
        )
        if not texts:
            keys = ", ".join(kind.__struct_fields__)
            raise fail(key, f"gives no words; give one or more of {keys}, or leave it out")
        for name, _text in texts:
            if name in given and not given[name]:
                raise fail(f"{key}.{name}", f"translates a {name} the file does not give")
        found.append(Words(tag, texts))
    return tuple(found)


def _helpline(
    file: str,
    file_name: str,
    index: int,
    entry: HelplineEntry,
    today: dt.date,
    spoken: _KioskLanguages,
    language: str = "en",
) -> Helpline:
    """One decoded entry, checked against the rules across its values."""

    def fail(key: str, message: str) -> DirectoryError:
        return DirectoryError(file, entry.id, key, message)

    phone, website = entry.phone.strip(), entry.website
    if not phone and not website:
        raise fail("phone", "a helpline needs a phone number, a website, or both")
    for key, values in (("topics", entry.topics), ("languages", entry.languages)):
        _refuse_repeats(fail, key, values)
    if entry.verified_on > today:
        raise fail(
            "verified_on",
            f"{entry.verified_on.isoformat()} is in the future (today is {today.isoformat()}); "
            "write the date the entry was last checked",
        )
    return Helpline(
        id=entry.id,
        name=entry.name.strip(),
        phone=phone,
        hours=entry.hours.strip(),
        helps_with=entry.helps_with.strip(),
        topics=entry.topics,
        verified_on=entry.verified_on,
        website=website,
        languages=tuple(language.strip() for language in entry.languages),
        other_contacts=tuple(
            Contact(kind=CONTACT_KINDS[contact.kind], value=contact.value.strip())
            for contact in entry.other
        ),
        free_to_call=entry.free_to_call,
        source_file=file_name,
        source_path=file,
        language=language,
        translations=_translations(fail, language, entry.translations, HelplineWords, {}, spoken),
    )


def _refuse_repeats(
    fail: Callable[[str, str], DirectoryError], key: str, values: Sequence[str]
) -> None:
    seen: set[str] = set()
    for position, value in enumerate(value.strip() for value in values):
        if value in seen:
            raise fail(f"{key}[{position}]", f"{key.removesuffix('s')} {value!r} is listed twice")
        seen.add(value)


# Merging the files -------------------------------------------------------------------------


def _merge(files: list[_ParsedFile]) -> Directory:
    definitions: dict[str, _ParsedFile] = {}
    for parsed in files:
        if parsed.details is None:
            continue
        first = definitions.setdefault(parsed.region, parsed)
        if first is not parsed:
            _check_same_details(first, parsed)

    regions: dict[str, Region] = {}
    for code in sorted({parsed.region for parsed in files}):
        if code not in definitions:
            orphan = next(parsed for parsed in files if parsed.region == code)
            raise _undefined_region(orphan, definitions)
        regions[code] = _region(definitions[code], files)
    return Directory(regions=regions)


def _overlay(shipped: Directory, centre: list[_ParsedFile]) -> Directory:
    """The centre's files laid over the shipped directory (the rules are in the module's text)."""
    regions = dict(shipped.regions)
    replaced = {parsed.region for parsed in centre if parsed.details is not None}
    if replaced:
        own = [parsed for parsed in centre if parsed.region in replaced]
        regions.update(_merge(own).regions)
    additions = [parsed for parsed in centre if parsed.region not in replaced]
    for code in sorted({parsed.region for parsed in additions}):
        members = [parsed for parsed in additions if parsed.region == code]
        if code not in regions:
            raise _undefined_region(members[0], regions)
        regions[code] = _extend(regions[code], members)
    return Directory(regions=regions)


def _extend(base: Region, members: list[_ParsedFile]) -> Region:
    """``base`` with the centre's entries: a shipped id is replaced in place, others follow."""
    centre_entries = _entries_by_id(
        members,
        f"for region {base.code}; an id may appear once in the centre's folder (it replaces "
        "the shipped entry with that id)",
    )
    shipped_ids = {helpline.id for helpline in base.helplines}
    helplines = [centre_entries.get(helpline.id, helpline) for helpline in base.helplines]
    helplines += [h for h in centre_entries.values() if h.id not in shipped_ids]
    return dataclasses.replace(
        base,
        helplines=tuple(helplines),
        source_files=base.source_files + tuple(parsed.name for parsed in members),
    )


def _entries_by_id(members: list[_ParsedFile], rule: str) -> dict[str, Helpline]:
    """Every member's helplines by id, in file order; an id used twice names both files."""
    entries: dict[str, Helpline] = {}
    used: dict[str, str] = {}
    for parsed in members:
        for helpline in parsed.helplines:
            if helpline.id in used:
                raise DirectoryError(
                    parsed.path, helpline.id, "id", f"already used in {used[helpline.id]} {rule}"
                )
            used[helpline.id] = parsed.name
            entries[helpline.id] = helpline
    return entries


def _undefined_region(orphan: _ParsedFile, known: Iterable[str]) -> DirectoryError:
    names = ", ".join(sorted(known)) or "none"
    return DirectoryError(
        orphan.path,
        "",
        "region",
        f"no file defines the region {orphan.region!r} (defined: {names}); check the code, or "
        "give a [region] table with name, emergency_number and emergency_note",
        region=orphan.region,
    )


def _check_same_details(first: _ParsedFile, later: _ParsedFile) -> None:
    assert first.details is not None and later.details is not None
    for key, theirs, ours in zip(_REGION_KEYS, first.details, later.details, strict=True):
        if theirs != ours:
            raise DirectoryError(
                later.path,
                "",
                key,
                f"conflicts with {first.name} ({show(theirs)} there, {show(ours)} here); "
                "define a region in one file and give only its code in the others",
                region=later.region,
            )


def _region(definition: _ParsedFile, files: Iterable[_ParsedFile]) -> Region:
    """The defining file's helplines first, then every other file's, in file-name order."""
    assert definition.details is not None
    members = [definition] + [
        parsed
        for parsed in files
        if parsed.region == definition.region and parsed is not definition
    ]
    helplines = list(
        _entries_by_id(
            members,
            f"for region {definition.region}; each id must be unique within its region",
        ).values()
    )
    if not helplines:
        raise DirectoryError(
            definition.path,
            "",
            "helpline",
            "no [[helpline]] entries for this region in any file",
            region=definition.region,
        )
    name, emergency_number, emergency_note, silent_call_note = definition.details
    return Region(
        code=definition.region,
        name=name,
        emergency_number=emergency_number,
        emergency_note=emergency_note,
        helplines=tuple(helplines),
        source_files=tuple(parsed.name for parsed in members),
        silent_call_note=silent_call_note,
        language=definition.language,
        translations=definition.region_words,
    )
