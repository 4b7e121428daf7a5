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
the top of ``kiosk/helplines/directory/uk.toml``.

The checks are plain code rather than msgspec: almost every rule here is about content (slugs,
phone characters, topics, dates, merging across files), and writing the type checks beside them
keeps one consistent wording for the operator.

This is domain code: it never imports Textual or Rich, and importing it reads no files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import stat
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Final, TypeGuard

from kiosk.helplines.model import TOPICS, Contact, Directory, Helpline, Region
from kiosk.text import lower_first, one_line, show

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

CONTACT_KINDS: Final[Mapping[str, str]] = {
    "text": "Text",
    "email": "Email",
    "webchat": "Web chat",
    "relay": "Relay service",
}
"""The ``kind`` values a file may use, and the label screens and sheets print for each."""

_REGION_KEYS: Final = ("code", "name", "emergency_number", "emergency_note")
_TOP_LEVEL_KEYS: Final = ("region", "helpline")
_HELPLINE_KEYS: Final = (
    "id",
    "name",
    "phone",
    "website",
    "hours",
    "helps_with",
    "topics",
    "languages",
    "free_to_call",
    "other",
    "verified_on",
)
_REQUIRED_HELPLINE_KEYS: Final = ("id", "name", "hours", "helps_with", "topics", "verified_on")
_CONTACT_KEYS: Final = ("kind", "value")

_SLUG_RE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_PHONE_RE: Final = re.compile(r"[0-9 +\-()]+")
# Printed as written, so a bare domain ("samaritans.org") is as welcome as a full address.
_WEBSITE_RE: Final = re.compile(
    r"(?:https?://)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::[0-9]+)?(?:/\S*)?"
)
# Bidirectional embeddings, overrides and isolates can make text display in a different order
# from the one stored, so a number could be shown to a visitor other than as written.
_BIDI_CONTROLS: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e") | frozenset(
    "\u2066\u2067\u2068\u2069"
)

# Longest accepted values: enough for any real entry, short enough for a line on the wallet card
# and to catch a paste of the wrong thing.
_LONGEST: Final[Mapping[str, int]] = {
    "name": 120,
    "hours": 200,
    "helps_with": 400,
    "website": 200,
    "phone": 40,
    "language": 40,
    "contact": 200,
    "emergency_number": 20,
    "emergency_note": 400,
    "id": 64,
    "code": 32,
}


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


# What the value checks call to build an error: it already knows the file and the entry.
_FailFunction = Callable[[str, str], DirectoryError]


def load_directory(
    centre_folder: Path | None,
    *,
    today: dt.date | None = None,
    shipped: Path = SHIPPED_DIRECTORY,
) -> Directory:
    """The shipped directory, with ``centre_folder`` (if any) laid over it by the module's rules.

    Raises ``DirectoryError`` for every problem with either folder or any file in them.
    """
    checked_on = today if today is not None else dt.date.today()
    base = load_folder(shipped, today=checked_on)
    if centre_folder is None:
        return base
    centre = [
        _parse_file(path, checked_on) for path in _helpline_files(centre_folder, may_be_empty=True)
    ]
    return _overlay(base, centre)


def load_folder(folder: Path, *, today: dt.date | None = None) -> Directory:
    """Read, check and merge every ``*.toml`` file in ``folder`` (sorted by name).

    Files whose names start with "." are skipped (editors leave lock files such as
    ``.#uk.toml``). ``today`` (default: the system date) is only used to refuse a
    ``verified_on`` in the future. Raises ``DirectoryError`` for every problem with the folder or
    any file; no other exception escapes for any file content.
    """
    checked_on = today if today is not None else dt.date.today()
    files = [_parse_file(path, checked_on) for path in _helpline_files(folder)]
    return _merge(files)


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
        raise DirectoryError(where, "", "", f"cannot list the folder ({_reason(error)})") from None
    if not names and not may_be_empty:
        raise DirectoryError(where, "", "", "no helpline files (*.toml) in this folder")
    return [folder / name for name in names]


def _read_text(path: Path) -> str:
    file = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        # A dangling symbolic link: listed by the folder, but pointing nowhere.
        raise DirectoryError(file, "", "", "no such file (a broken link?)") from None
    except PermissionError:
        raise DirectoryError(file, "", "", "permission denied (cannot reach the file)") from None
    except OSError as error:
        raise DirectoryError(file, "", "", f"cannot read the file ({_reason(error)})") from None
    # A FIFO or device would block or never end; a folder named "x.toml" is a mistake to report.
    if not stat.S_ISREG(info.st_mode):
        raise DirectoryError(file, "", "", "is not a regular file")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except PermissionError:
        raise DirectoryError(file, "", "", "permission denied (cannot read the file)") from None
    except OSError as error:
        raise DirectoryError(file, "", "", f"cannot read the file ({_reason(error)})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise DirectoryError(
            file, "", "", f"too large for a helpline file (over {MAX_FILE_BYTES} bytes)"
        )
    try:
        # utf-8-sig drops the byte-order mark some Windows editors add, which TOML rejects.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DirectoryError(
            file, "", "", f"not UTF-8 text (bad byte on line {line}); save the file as UTF-8"
        ) from None


def _reason(error: OSError) -> str:
    return error.strerror.lower() if error.strerror else lower_first(str(error))


# One file ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RegionDetails:
    name: str
    emergency_number: str
    emergency_note: str


@dataclass(frozen=True)
class _ParsedFile:
    path: str
    name: str
    region: str
    details: _RegionDetails | None
    """None for a file that only adds helplines to a region defined elsewhere."""
    helplines: tuple[Helpline, ...]


def _parse_file(path: Path, today: dt.date) -> _ParsedFile:
    file = str(path)
    text = _read_text(path)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib ends its message with "(at line L, column C)", which is what an editor needs.
        raise DirectoryError(
            file, "", "", f"TOML syntax error: {lower_first(str(error))}"
        ) from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively.
        raise DirectoryError(file, "", "", "TOML syntax error: values nested too deeply") from None

    for key in document:
        if key not in _TOP_LEVEL_KEYS:
            raise DirectoryError(
                file,
                "",
                key,
                _unknown(key, _TOP_LEVEL_KEYS)
                + "; a helpline file holds only [region] and [[helpline]] entries",
            )
    code, details = _parse_region(file, document.get("region"))
    entries = document.get("helpline", [])
    if not isinstance(entries, list):
        raise DirectoryError(
            file, "", "helpline", f"expected [[helpline]] entries, got {_describe(entries)}"
        )
    helplines: list[Helpline] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        helpline = _EntryChecker(file, path.name, index, entry, today).helpline()
        if helpline.id in seen:
            raise DirectoryError(
                file, helpline.id, "id", f"used twice in this file (region {code})"
            )
        seen.add(helpline.id)
        helplines.append(helpline)
    return _ParsedFile(file, path.name, code, details, tuple(helplines))


def _parse_region(file: str, value: object) -> tuple[str, _RegionDetails | None]:
    if value is None:
        raise DirectoryError(
            file,
            "",
            "region",
            'missing: start the file with a [region] table, or with region = "uk" to add '
            "helplines to a region another file defines",
        )
    if isinstance(value, str):
        return _region_code(file, "region", value), None
    if not isinstance(value, dict):
        raise DirectoryError(
            file,
            "",
            "region",
            f'expected a [region] table or a code such as "uk", got {_describe(value)}',
        )
    for key in value:
        if key not in _REGION_KEYS:
            raise DirectoryError(file, "", f"region.{key}", _unknown(key, _REGION_KEYS))
    if "code" not in value:
        raise DirectoryError(file, "", "region.code", "required key missing")
    code = _region_code(file, "region.code", value["code"])
    if set(value) == {"code"}:
        return code, None

    def fail(key: str, message: str) -> DirectoryError:
        return DirectoryError(file, "", key, message, region=code)

    for key in _REGION_KEYS[1:]:
        if key not in value:
            raise fail(
                key,
                "required key missing: a [region] table that defines a region needs name, "
                "emergency_number and emergency_note (a file that only adds helplines gives "
                "just code)",
            )
    name = _text(fail, "name", value["name"], _LONGEST["name"])
    number = _phone(fail, "emergency_number", value["emergency_number"], required=True)
    note = _text(fail, "emergency_note", value["emergency_note"], _LONGEST["emergency_note"])
    return code, _RegionDetails(name, number, note)


def _region_code(file: str, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise DirectoryError(file, "", key, f"expected text, got {_describe(value)}")
    if len(value) > _LONGEST["code"] or not _SLUG_RE.fullmatch(value):
        raise DirectoryError(
            file,
            "",
            key,
            "must be lowercase letters and digits, joined by '-', at most "
            f'{_LONGEST["code"]} characters (for example "uk"), got {show(value)}',
        )
    return value


class _EntryChecker:
    """Checks one [[helpline]] table; every error names the file and the entry."""

    def __init__(
        self, file: str, file_name: str, index: int, entry: object, today: dt.date
    ) -> None:
        self.file = file
        self.file_name = file_name
        self.entry = entry
        self.today = today
        self.label = f"helpline {index + 1}"
        if isinstance(entry, dict):
            candidate = entry.get("id")
            if _is_slug(candidate, _LONGEST["id"]):
                self.label = candidate

    def fail(self, key: str, message: str) -> DirectoryError:
        return DirectoryError(self.file, self.label, key, message)

    def helpline(self) -> Helpline:
        entry = self.entry
        if not isinstance(entry, dict):
            raise self.fail("", f"expected a [[helpline]] table, got {_describe(entry)}")
        for key in entry:
            if key not in _HELPLINE_KEYS:
                raise self.fail(key, _unknown(key, _HELPLINE_KEYS))
        for key in _REQUIRED_HELPLINE_KEYS:
            if key not in entry:
                raise self.fail(key, "required key missing")

        identifier = self.identifier(entry["id"])
        name = _text(self.fail, "name", entry["name"], _LONGEST["name"])
        phone = _phone(self.fail, "phone", entry.get("phone", ""), required=False)
        website = self.website(entry.get("website", ""))
        if not phone and not website:
            raise self.fail("phone", "a helpline needs a phone number, a website, or both")
        hours = _text(self.fail, "hours", entry["hours"], _LONGEST["hours"])
        helps_with = _text(self.fail, "helps_with", entry["helps_with"], _LONGEST["helps_with"])
        free = entry.get("free_to_call", False)
        if not isinstance(free, bool):
            raise self.fail("free_to_call", f"expected true or false, got {_describe(free)}")
        return Helpline(
            id=identifier,
            name=name,
            phone=phone,
            hours=hours,
            helps_with=helps_with,
            topics=self.topics(entry["topics"]),
            verified_on=self.verified_on(entry["verified_on"]),
            website=website,
            languages=self.languages(entry.get("languages", ["English"])),
            other_contacts=self.contacts(entry.get("other", [])),
            free_to_call=free,
            source_file=self.file_name,
        )

    def identifier(self, value: object) -> str:
        if not isinstance(value, str):
            raise self.fail("id", f"expected text, got {_describe(value)}")
        if not _is_slug(value, _LONGEST["id"]):
            raise self.fail(
                "id",
                "must be lowercase letters and digits, joined by '-', at most "
                f'{_LONGEST["id"]} characters (for example "samaritans"), got {show(value)}',
            )
        return value

    def website(self, value: object) -> str:
        website = _text(self.fail, "website", value, _LONGEST["website"], required=False)
        if website and not _WEBSITE_RE.fullmatch(website):
            raise self.fail(
                "website",
                'must be a web address such as "samaritans.org" or "https://www.samaritans.org", '
                f"got {show(website)}",
            )
        return website

    def topics(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail("topics", f"expected a list, got {_describe(value)}")
        if not value:
            raise self.fail("topics", f"must list at least one topic: {_topic_list()}")
        topics: list[str] = []
        for index, topic in enumerate(value):
            key = f"topics[{index}]"
            if not isinstance(topic, str):
                raise self.fail(key, f"expected text, got {_describe(topic)}")
            if topic not in TOPICS:
                close = get_close_matches(topic, list(TOPICS), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise self.fail(
                    key, f"unknown topic {show(topic)}{hint}; choose from: {_topic_list()}"
                )
            if topic in topics:
                raise self.fail(key, f"topic {topic!r} is listed twice")
            topics.append(topic)
        return tuple(topics)

    def languages(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail("languages", f"expected a list, got {_describe(value)}")
        if not value:
            raise self.fail("languages", 'must name at least one language, e.g. ["English"]')
        languages: list[str] = []
        for index, language in enumerate(value):
            key = f"languages[{index}]"
            text = _text(self.fail, key, language, _LONGEST["language"])
            if text in languages:
                raise self.fail(key, f"language {text!r} is listed twice")
            languages.append(text)
        return tuple(languages)

    def contacts(self, value: object) -> tuple[Contact, ...]:
        if not isinstance(value, list):
            raise self.fail("other", f"expected a list, got {_describe(value)}")
        contacts: list[Contact] = []
        for index, item in enumerate(value):
            key = f"other[{index}]"
            if not isinstance(item, dict):
                raise self.fail(
                    key,
                    f'expected a table such as {{kind = "email", value = "..."}}, '
                    f"got {_describe(item)}",
                )
            for name in item:
                if name not in _CONTACT_KEYS:
                    raise self.fail(f"{key}.{name}", _unknown(name, _CONTACT_KEYS))
            for name in _CONTACT_KEYS:
                if name not in item:
                    raise self.fail(f"{key}.{name}", "required key missing")
            kind = item["kind"]
            if not isinstance(kind, str):
                raise self.fail(f"{key}.kind", f"expected text, got {_describe(kind)}")
            if kind not in CONTACT_KINDS:
                raise self.fail(
                    f"{key}.kind",
                    f"unknown kind {show(kind)}; choose from: {', '.join(CONTACT_KINDS)}",
                )
            text = _text(self.fail, f"{key}.value", item["value"], _LONGEST["contact"])
            contacts.append(Contact(kind=CONTACT_KINDS[kind], value=text))
        return tuple(contacts)

    def verified_on(self, value: object) -> dt.date:
        # tomllib gives a datetime (a subclass of date) for a date with a time of day.
        if isinstance(value, dt.datetime):
            raise self.fail("verified_on", "expected a date without a time, e.g. 2025-06-01")
        if not isinstance(value, dt.date):
            hint = " (write it without quotes, e.g. 2025-06-01)" if isinstance(value, str) else ""
            raise self.fail("verified_on", f"expected a date, got {_describe(value)}{hint}")
        if value > self.today:
            raise self.fail(
                "verified_on",
                f"{value.isoformat()} is in the future (today is {self.today.isoformat()}); "
                "write the date the entry was last checked",
            )
        return value


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
    for key in _REGION_KEYS[1:]:
        theirs = getattr(first.details, key)
        ours = getattr(later.details, key)
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
    return Region(
        code=definition.region,
        name=definition.details.name,
        emergency_number=definition.details.emergency_number,
        emergency_note=definition.details.emergency_note,
        helplines=tuple(helplines),
        source_files=tuple(parsed.name for parsed in members),
    )


# Values ------------------------------------------------------------------------------------


def _text(
    fail: _FailFunction, key: str, value: object, longest: int, *, required: bool = True
) -> str:
    if not isinstance(value, str):
        raise fail(key, f"expected text, got {_describe(value)}")
    text = value.strip()
    if not text:
        if required:
            raise fail(key, "must not be empty")
        return ""
    if len(text) > longest:
        raise fail(key, f"must be at most {longest} characters, got {len(text)}")
    if _has_control(text):
        # The text reaches a terminal: an escape character could send it commands, and a line
        # break or direction override changes what the visitor reads.
        raise fail(key, "must be one line without control characters")
    return text


def _phone(fail: _FailFunction, key: str, value: object, *, required: bool) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        raise fail(
            key,
            f'expected text, got a whole number: put the number in quotes, e.g. "{value}" '
            "(without quotes a leading 0 is lost)",
        )
    phone = _text(fail, key, value, _LONGEST[key], required=required)
    if phone and not (_PHONE_RE.fullmatch(phone) and any(char.isdigit() for char in phone)):
        raise fail(key, f"may contain only digits, spaces and + - ( ), got {show(phone)}")
    return phone


def _is_slug(value: object, longest: int) -> TypeGuard[str]:
    return isinstance(value, str) and len(value) <= longest and bool(_SLUG_RE.fullmatch(value))


def _has_control(text: str) -> bool:
    # Cc covers C0, DEL and C1 (including ESC); line and paragraph separators break a line just
    # as a newline does.
    return any(
        unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _BIDI_CONTROLS for char in text
    )


# Wording -----------------------------------------------------------------------------------


def _describe(value: object) -> str:
    # bool before int: in Python, True is an int.
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dt.datetime):
        return "a date and time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _unknown(name: str, known: Iterable[str]) -> str:
    choices = list(known)
    close = get_close_matches(name, choices, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key{hint}; known keys: {', '.join(choices)}"


def _topic_list() -> str:
    return ", ".join(TOPICS)
