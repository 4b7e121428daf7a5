"""Where the kill tests keep their vault.

A SIGKILL loses nothing the kernel has been given, synced or not, so what a kill can break
does not depend on the disk: the long runs (``slow``) keep their vault in memory (a tmpfs,
where an fsync costs nothing) to fit hundreds of kills into seconds, and the quick runs keep
theirs on the test's real disk, where an fsync takes milliseconds and the kills aimed at a
durable step land inside it.
"""

from __future__ import annotations

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


@pytest.fixture
def kill_folder(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """The test's folder for its vault: in memory for a ``slow`` run, on disk otherwise."""
    slow = request.node.get_closest_marker("slow") is not None
    if not slow or not _is_tmpfs(MEMORY) or not os.access(MEMORY, os.W_OK):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(prefix="harbour-kills-", dir=MEMORY))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
