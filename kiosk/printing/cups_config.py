"""Check what CUPS keeps after printing, from its ``cupsd.conf``.

Stock CUPS keeps every printed document for a day (``PreserveJobFiles`` defaults to 86400
seconds) and keeps the job history, titles included, for ever (``PreserveJobHistory`` defaults to
Yes). A kiosk must run with both set to No. When the history is off CUPS deletes a job's files
with it, so documents kept only by ``PreserveJobFiles`` are then a warning rather than a problem.

The file is read the way cupsd reads it: directive names in any case, ``#`` starting a comment,
the last setting winning, and only top-level lines counting (these directives mean nothing
inside a ``<Location>`` or ``<Policy>`` block).
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = ["DEFAULT_CUPSD_CONF", "Finding", "check_cupsd_conf", "read_cupsd_conf"]

DEFAULT_CUPSD_CONF = Path("/etc/cups/cupsd.conf")
# Debian's is 5 KiB; anything near this is not a cupsd.conf.
MAX_CUPSD_CONF_BYTES = 1 << 20

# CUPS takes a time as seconds, or a number with a w/d/h/m/s unit ("1d", "30m").
_TIME = re.compile(r"(\d+(?:\.\d*)?)\s*([wdhms]?)", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_TRUE = {"yes", "on", "true", "enabled"}
_FALSE = {"no", "off", "false", "disabled"}
_FOREVER = math.inf


@dataclass(frozen=True)
class Finding:
    severity: Literal["problem", "warning"]
    message: str
    fix: str


@dataclass(frozen=True)
class _Setting:
    written: str  # as found in the file, or "" when the file does not set it
    seconds: float | None  # how long CUPS keeps things; None when CUPS would not accept it


def read_cupsd_conf(path: Path = DEFAULT_CUPSD_CONF) -> str:
    """The configuration text; OSError when it cannot be read (callers say so calmly).

    Only a regular file is read: a FIFO named by mistake would block for ever, a device might
    never end. It is checked before opening (so no device is opened) and again on what was
    opened, without blocking (so nothing swapped in between can hang the reader).
    """
    if not stat.S_ISREG(path.stat().st_mode):
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        raw = handle.read(MAX_CUPSD_CONF_BYTES + 1)
    if len(raw) > MAX_CUPSD_CONF_BYTES:
        raise OSError(errno.EFBIG, "too large for a cupsd.conf", str(path))
    return raw.decode("utf-8", errors="replace")


def _strip_comment(line: str) -> str:
    # cupsd treats "#" as the start of a comment unless a backslash escapes it.
    match = re.search(r"(?<!\\)#", line)
    return (line[: match.start()] if match else line).strip()


def _top_level_directives(text: str) -> dict[str, str]:
    """The last value of each top-level directive, keyed by its lower-case name."""
    values: dict[str, str] = {}
    depth = 0
    for raw in text.splitlines():
        line = _strip_comment(raw)
        if not line:
            continue
        if line.startswith("</"):
            depth = max(0, depth - 1)
            continue
        if line.startswith("<"):
            depth += 1
            continue
        if depth:
            continue
        name, *value = line.split(maxsplit=1)
        values[name.lower()] = value[0] if value else ""
    return values


def _duration(written: str, default: float) -> _Setting:
    if not written:
        return _Setting("", default)
    word = written.lower()
    if word in _TRUE:
        return _Setting(written, _FOREVER)
    if word in _FALSE:
        return _Setting(written, 0.0)
    match = _TIME.fullmatch(word)
    if match is None:
        return _Setting(written, None)
    return _Setting(written, float(match.group(1)) * _UNIT_SECONDS[match.group(2)])


def _describe(name: str, setting: _Setting, default_words: str) -> str:
    if not setting.written:
        return f"{name} is not set, so CUPS uses its default of {default_words}"
    return f"{name} is {setting.written}"


def check_cupsd_conf(text: str, *, path: Path = DEFAULT_CUPSD_CONF) -> list[Finding]:
    """What in this ``cupsd.conf`` keeps documents or job history; empty when nothing does."""
    directives = _top_level_directives(text)
    files = _duration(directives.get("preservejobfiles", ""), default=86400.0)
    history = _duration(directives.get("preservejobhistory", ""), default=_FOREVER)
    restart = f"in {path} and restart CUPS"
    findings: list[Finding] = []

    if history.seconds is None:
        findings.append(
            Finding(
                "warning",
                f"CUPS may keep a list of printed documents: PreserveJobHistory is "
                f"'{history.written}', which is not a setting CUPS understands.",
                f"set 'PreserveJobHistory No' {restart}",
            )
        )
    elif history.seconds > 0:
        forever = history.seconds == _FOREVER
        findings.append(
            Finding(
                "problem" if forever else "warning",
                "CUPS keeps a list of printed documents, with their titles and times "
                f"({_describe('PreserveJobHistory', history, 'Yes')}).",
                f"set 'PreserveJobHistory No' {restart}",
            )
        )

    history_off = history.seconds == 0
    if files.seconds is None:
        findings.append(
            Finding(
                "warning",
                "CUPS may keep a copy of every printed document: PreserveJobFiles is "
                f"'{files.written}', which is not a setting CUPS understands.",
                f"set 'PreserveJobFiles No' {restart}",
            )
        )
    elif files.seconds > 0:
        described = _describe("PreserveJobFiles", files, "86400 seconds, one day")
        if history_off:
            findings.append(
                Finding(
                    "warning",
                    f"CUPS is set to keep printed documents ({described}); only "
                    "'PreserveJobHistory No' makes it delete them.",
                    f"set 'PreserveJobFiles No' {restart}",
                )
            )
        else:
            findings.append(
                Finding(
                    "problem",
                    f"CUPS keeps a copy of every printed document ({described}).",
                    f"set 'PreserveJobFiles No' {restart}",
                )
            )
    return findings
