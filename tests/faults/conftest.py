"""Where the kill tests keep their vault.

A SIGKILL loses nothing the kernel has been given, synced or not, so what a kill can break
does not depend on the disk: the long runs (``slow``) keep their vault in memory (a tmpfs,
where an fsync costs nothing) to fit hundreds of kills into seconds, and the quick runs keep
theirs on the test's real disk, where an fsync takes milliseconds and the kills aimed at a
durable step land inside it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

MEMORY = Path("/dev/shm")


def _is_tmpfs(path: Path) -> bool:
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return False
    return any(line.split()[1:3] == [str(path), "tmpfs"] for line in mounts)


def memory_usable() -> bool:
    return _is_tmpfs(MEMORY) and os.access(MEMORY, os.W_OK)


@contextlib.contextmanager
def folder_in_memory(fallback: Path) -> Iterator[Path]:
    """A new folder on the tmpfs (``fallback`` where there is none), removed afterwards."""
    if not memory_usable():
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="harbour-faults-", dir=MEMORY))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def kill_folder(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """The test's folder for its vault: in memory for a ``slow`` run, on disk otherwise."""
    if request.node.get_closest_marker("slow") is None:
        yield tmp_path
        return
    with folder_in_memory(tmp_path) as folder:
        yield folder
