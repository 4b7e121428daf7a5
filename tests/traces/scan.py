"""Looking for canaries: in files (raw bytes), in text, and in live processes' memory.

Each canary is looked for in every encoding it could be kept in: UTF-8 (files, SQLite, the
terminal), UTF-16 (SQLite's UTF-16 databases, Python's two-byte strings, big- and
little-endian) and UTF-32 (Python's four-byte strings). Every find says which canary, in which
encoding, and where: a file and an offset, or a process, an address and its mapping.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.memory import MemoryNotReadable, readable_regions
from tests.e2e.memory import _chunks as memory_chunks
from tests.e2e.memory import _open as open_memory

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le")
# A process on this machine keeps text little-endian: big-endian UTF-16 is for files only.
MEMORY_ENCODINGS = ("utf-8", "utf-16-le", "utf-32-le")
# How many leading characters canaries are grouped by in a memory scan (the visit's tag).
MATCH_FIRST = 8
# Files larger than this are not read whole (none of the kiosk's are near it); they are
# listed as not scanned, so a silent gap cannot pass for a clean result.
MAX_FILE_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Needle:
    field: str  # which of her fields the canary was typed into
    text: str
    encoding: str

    @property
    def raw(self) -> bytes:
        return self.text.encode(self.encoding)


@dataclass(frozen=True)
class Find:
    needle: Needle
    place: str  # a file and an offset, a process and an address, or a text's name

    def __str__(self) -> str:
        n = self.needle
        return f"canary of {n.field!r} ({n.text}, {n.encoding}) in {self.place}"


def needles(canaries: Mapping[str, str]) -> list[Needle]:
    return [
        Needle(field, text, encoding) for field, text in canaries.items() for encoding in ENCODINGS
    ]


def find_in_bytes(data: bytes, wanted: Iterable[Needle], place: str) -> list[Find]:
    return [
        Find(needle, f"{place} at offset {at}")
        for needle in wanted
        if (at := data.find(needle.raw)) != -1
    ]


def find_in_text(text: str, wanted: Iterable[Needle], place: str) -> list[Find]:
    return find_in_bytes(text.encode("utf-8", "surrogateescape"), wanted, place)


@dataclass
class TreeScan:
    """What a walk over folders found, and what it could not read (said, never hidden)."""

    finds: list[Find]
    files: int
    not_read: list[str]
    read: list[str] = field(default_factory=list)


def scan_tree(
    roots: Iterable[Path],
    wanted: list[Needle],
    *,
    skip: Iterable[Path] = (),
    changed_since: float | None = None,
) -> TreeScan:
    """Every regular file under ``roots`` (symlinks not followed), read as raw bytes.

    ``skip`` names folders left out (another scan covers them, or they are the printer's
    paper). ``changed_since`` leaves out files whose inode last changed before then (a
    ``ctime``, which no program can set back): a canary made after that cannot be in them.
    Files that vanish while we walk (other programs' temporary files) are ignored.
    """
    skipped = {os.path.realpath(path) for path in skip}
    result = TreeScan([], 0, [])
    seen: set[tuple[int, int]] = set()
    for root in roots:
        for folder, dirs, files in os.walk(root, onerror=None, followlinks=False):
            if os.path.realpath(folder) in skipped:
                dirs[:] = []
                continue
            for name in files:
                path = os.path.join(folder, name)
                _scan_file(path, wanted, result, seen, changed_since)
    return result


def _scan_file(
    path: str,
    wanted: list[Needle],
    result: TreeScan,
    seen: set[tuple[int, int]],
    changed_since: float | None,
) -> None:
    try:
        info = os.lstat(path)
    except OSError:
        return
    if not stat.S_ISREG(info.st_mode) or (info.st_dev, info.st_ino) in seen:
        return
    if changed_since is not None and info.st_ctime < changed_since:
        return
    seen.add((info.st_dev, info.st_ino))
    if info.st_size > MAX_FILE_BYTES:
        result.not_read.append(f"{path} ({info.st_size} bytes)")
        return
    try:
        # O_NOFOLLOW and O_NONBLOCK: a file swapped for a link or a FIFO meanwhile is not read.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return
    except OSError as error:
        result.not_read.append(f"{path} ({error.strerror})")
        return
    with os.fdopen(fd, "rb") as handle:
        data = handle.read()
    result.files += 1
    result.read.append(path)
    result.finds += find_in_bytes(data, wanted, path)


def scan_process(pid: int, label: str, wanted: list[Needle]) -> list[Find]:
    """Every whole canary in ``pid``'s readable memory. Canaries that begin alike (the
    visit's tag) are looked for as one run of bytes, then compared whole where it occurs:
    one pass over the memory instead of one per canary."""
    by_start: dict[bytes, list[Needle]] = {}
    for needle in wanted:
        if needle.encoding in MEMORY_ENCODINGS:
            start = needle.text[:MATCH_FIRST].encode(needle.encoding)
            by_start.setdefault(start, []).append(needle)
    longest = max(len(needle.raw) for needle in wanted)
    finds: dict[tuple[str, int], Find] = {}
    mem = open_memory(pid)
    try:
        for region in readable_regions(pid):
            try:
                for begin, data in memory_chunks(mem, region, longest - 1):
                    for start, group in by_start.items():
                        at = data.find(start)
                        while at != -1:
                            for needle in group:
                                if data.startswith(needle.raw, at):
                                    place = (
                                        f"the memory of {label} (pid {pid}) at "
                                        f"{begin + at:#x} in "
                                        f"{region.name or 'an anonymous mapping'}"
                                    )
                                    # The overlap between pieces can find one twice.
                                    finds[needle.raw.hex(), begin + at] = Find(needle, place)
                            at = data.find(start, at + 1)
            except OSError as error:
                # A region can go away, or be unreadable (EIO), while we look: skip it.
                if error.errno in (errno.EPERM, errno.EACCES):
                    raise MemoryNotReadable(f"cannot read /proc/{pid}/mem") from None
    finally:
        mem.close()
    return list(finds.values())


def temporary_folders() -> list[Path]:
    """/tmp, $TMPDIR, /dev/shm and /var/tmp: the ones that exist, each once."""
    found: dict[str, Path] = {}
    for candidate in ("/tmp", os.environ.get("TMPDIR", ""), "/dev/shm", "/var/tmp"):
        if candidate and os.path.isdir(candidate):
            found.setdefault(os.path.realpath(candidate), Path(candidate))
    return list(found.values())


def report(finds: Iterable[Find]) -> str:
    return "\n".join(f"  - {find}" for find in finds)
