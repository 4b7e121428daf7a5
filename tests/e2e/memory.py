"""Read a live process's memory through /proc (Linux) and look for given byte strings."""

from __future__ import annotations

import errno
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# The kernel's own pages: reading them fails or means nothing.
_SKIPPED = frozenset({"[vvar]", "[vvar_vclock]", "[vsyscall]"})
_CHUNK = 16 * 1024 * 1024

# Python keeps a str as one, two or four bytes per character, depending on its widest one;
# text also passes through UTF-8 on its way in from the terminal.
ENCODINGS = ("utf-8", "utf-16-le", "utf-32-le")


class MemoryNotReadable(Exception):
    """This process may not read that one's memory (not root, or ptrace is restricted)."""


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    perms: str
    name: str


@dataclass(frozen=True)
class Hit:
    pid: int
    needle: bytes
    address: int
    region: str

    def __str__(self) -> str:
        return f"pid {self.pid}: {self.needle!r} at {self.address:#x} in {self.region or 'anon'}"


def readable_regions(pid: int) -> list[Region]:
    regions = []
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        parts = line.split(maxsplit=5)
        start, end = (int(value, 16) for value in parts[0].split("-"))
        name = parts[5].strip() if len(parts) > 5 else ""
        if parts[1].startswith("r") and name not in _SKIPPED:
            regions.append(Region(start, end, parts[1], name))
    return regions


def _chunks(mem: BinaryIO, region: Region, overlap: int) -> Iterator[tuple[int, bytes]]:
    """The region in pieces, each starting ``overlap`` bytes early so no match is split."""
    position = region.start
    while position < region.end:
        begin = max(region.start, position - overlap)
        size = min(_CHUNK, region.end - position) + (position - begin)
        mem.seek(begin)
        data = mem.read(size)
        if not data:
            return
        yield begin, data
        position = begin + len(data)
        if position <= begin + overlap:
            return


def _open(pid: int) -> BinaryIO:
    try:
        return open(f"/proc/{pid}/mem", "rb", buffering=0)
    except PermissionError as error:
        raise MemoryNotReadable(f"cannot open /proc/{pid}/mem: {error.strerror}") from None


def check_readable(pid: int) -> int:
    """Read every readable region once; return the bytes read, or raise MemoryNotReadable."""
    total = 0
    mem = _open(pid)
    try:
        for region in readable_regions(pid):
            try:
                total += sum(len(data) for _, data in _chunks(mem, region, 0))
            except OSError as error:
                if error.errno in (errno.EPERM, errno.EACCES):
                    raise MemoryNotReadable(
                        f"cannot read /proc/{pid}/mem: {error.strerror}"
                    ) from None
    finally:
        mem.close()
    if total == 0:
        raise MemoryNotReadable(f"no memory of process {pid} could be read")
    return total


def scan(pid: int, needles: Iterable[bytes]) -> list[Hit]:
    """Every place in ``pid``'s readable memory where one of ``needles`` occurs.

    A process that ends before or while it is read holds nothing any more: no hits.
    """
    wanted = list(needles)
    overlap = max(len(needle) for needle in wanted) - 1
    hits: dict[tuple[bytes, int], Hit] = {}
    try:
        mem = _open(pid)
        regions = readable_regions(pid)
    except (FileNotFoundError, ProcessLookupError):
        return []
    try:
        for region in regions:
            try:
                for begin, data in _chunks(mem, region, overlap):
                    for needle in wanted:
                        at = data.find(needle)
                        while at != -1:
                            # The overlap between pieces can find one twice.
                            hits[needle, begin + at] = Hit(pid, needle, begin + at, region.name)
                            at = data.find(needle, at + 1)
            except OSError as error:
                # A region can go away, or be unreadable (EIO), while we look: skip it.
                if error.errno in (errno.EPERM, errno.EACCES):
                    raise MemoryNotReadable(f"cannot read /proc/{pid}/mem") from None
    finally:
        mem.close()
    return list(hits.values())


def encoded(texts: Iterable[str]) -> list[bytes]:
    return [text.encode(encoding) for text in texts for encoding in ENCODINGS]
