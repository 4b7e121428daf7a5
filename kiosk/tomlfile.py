"""Reading a TOML file an operator edits into a typed msgspec structure, with errors in words.

The structures say what a file may hold (``forbid_unknown_fields``, ``Literal`` choices,
``msgspec.Meta`` limits and patterns); this module reads the file, lets msgspec check it, and
turns msgspec's first complaint (``Expected `int` <= 1800 - at `$.session.idle_lock_seconds```)
into a ``FileProblem``: where in the document (``("session", "idle_lock_seconds")``) and what,
in words for a centre's operator (``must be between 30 and 1800 seconds, got 5000``).

How a constraint is worded comes from the structure itself:

* a number's range is said from its ``ge``/``le``, with the unit in ``Meta(extra={"unit": …})``;
* a text's length from its ``min_length``/``max_length``;
* a pattern, or a list's length, by the ``Meta(description=…)`` beside it, followed by the
  value that was refused;
* a ``Literal`` by its choices, with a "did you mean" for a near miss.

Callers wrap a ``FileProblem`` in their own one-line error naming the file. This module reads no
file until asked and imports nothing from the rest of Harbour but its text helpers.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import stat
import sys
import tomllib
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import (
    Annotated,
    Any,
    Final,
    Literal,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
)

import msgspec

from kiosk.text import BIDI_CONTROLS, lower_first, show

__all__ = [
    "FileProblem",
    "Step",
    "decode",
    "dotted",
    "read_toml",
    "text_pattern",
]

T = TypeVar("T")
Step = str | int
"""One step into a document: a key of a table, or a position in a list."""

# Cc (C0, DEL and C1, with ESC, which starts every terminal escape sequence), and the line and
# paragraph separators, which break a line just as a newline does.
_CONTROLS: Final = "\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029"
_CONTROLS_BUT_NEWLINE: Final = "\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029"
# Zero-width spaces, joiners and the byte-order mark: text made only of these shows nothing.
_INVISIBLE: Final = "\\u200b-\\u200d\\u2060\\ufeff"
_BIDI: Final = "".join(f"\\u{ord(char):04x}" for char in sorted(BIDI_CONTROLS))


def text_pattern(
    *, blank: bool = False, newlines: bool = False, refuse_bidi: bool = False, also: str = ""
) -> str:
    """A ``Meta(pattern=…)`` for text without control characters.

    ``blank`` lets "" and white space through (otherwise something visible is needed);
    ``newlines`` lets new lines through; ``refuse_bidi`` refuses the direction controls too;
    ``also`` is more characters to refuse, as part of a regex character class.
    ``\\A…\\Z``, not ``^…$``: msgspec searches with ``re``, whose ``$`` would also accept a
    newline at the end.
    """
    refused = (_CONTROLS_BUT_NEWLINE if newlines else _CONTROLS) + (_BIDI if refuse_bidi else "")
    refused += also
    visible = "" if blank else rf"(?=[\s\S]*[^\s{_INVISIBLE}])"
    return rf"\A{visible}[^{refused}]*\Z"


# tomllib turns TOML's date and time values into these; msgspec must not also accept text
# that looks like one, or a date written in quotes would pass for a date.
_TOML_NATIVE: Final = (dt.datetime, dt.date, dt.time)


class FileProblem(Exception):
    """What is wrong with a file: where in the document (``path``, empty for the file as a whole)
    and a message in plain words, starting in lower case."""

    def __init__(
        self,
        message: str,
        path: Sequence[Step] = (),
        *,
        expected: str = "",
        got: str = "",
        value: object = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = tuple(path)
        self.expected = expected
        """For a value of the wrong type, msgspec's name for the type wanted (``str``), else ""."""
        self.got = got
        """For a value of the wrong type, what it is in words ("a whole number"), else ""."""
        self.value = value
        """The refused value as the file gave it, or None when there is none (a missing key)."""


# Reading -----------------------------------------------------------------------------------


class NotARegularFile(OSError):
    """A FIFO, device or folder where a regular file was expected (errno ``EINVAL``);
    ``folder`` says whether it was a folder."""

    def __init__(self, *, folder: bool = False) -> None:
        super().__init__(errno.EINVAL, "not a regular file")
        self.folder = folder


def read_file(
    path: Path,
    most: int,
    *,
    follow_links: bool = True,
    check: Callable[[os.stat_result], None] | None = None,
) -> bytes:
    """At most ``most`` bytes of the regular file ``path``, or ``NotARegularFile``. Opened
    without waiting and checked by what was opened, not by a look at the name first: a FIFO
    put in its place between the two would hold the reader for ever. ``follow_links``: off,
    a symbolic link is refused (``OSError`` with ``ELOOP``); a centre may keep a helpline file
    shared by several kiosks as a link. ``check``: more to ask of what was opened, before a
    byte is read (kiosk.vault.fsutil, ``read_regular``)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_links else os.O_NOFOLLOW)
    descriptor = os.open(path, flags)
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFile(folder=stat.S_ISDIR(info.st_mode))
        if check is not None:
            check(info)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            return handle.read(most)
    finally:
        os.close(descriptor)


def read_toml(path: Path, *, what: str, limit: int) -> dict[str, Any]:
    """The TOML document in ``path``, a regular UTF-8 file of at most ``limit`` bytes.

    ``what`` names the kind of file in messages ("config file"). Raises ``FileProblem``, with
    an empty path, for every problem; a refused permission's message starts "permission denied",
    so that a caller can add its own advice.
    """
    try:
        raw = read_file(path, limit + 1)
    except FileNotFoundError:
        raise FileProblem("no such file") from None
    except PermissionError:
        raise FileProblem("permission denied (cannot read the file)") from None
    except NotARegularFile as error:
        if error.folder:
            raise FileProblem(f"is a folder, not a {what}") from None
        raise FileProblem("is not a regular file") from None
    except (OSError, ValueError) as error:
        raise FileProblem(f"cannot read the file ({os_reason(error)})") from None
    if len(raw) > limit:
        raise FileProblem(f"too large for a {what} (over {limit} bytes)")
    try:
        # utf-8-sig drops the byte-order mark some Windows editors add, which TOML rejects.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise FileProblem(
            f"not UTF-8 text (bad byte on line {line}); save the file as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        # tomllib ends its message with "(at line L, column C)", which is what an editor needs.
        raise FileProblem(f"TOML syntax error: {lower_first(str(error))}") from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively.
        raise FileProblem("TOML syntax error: values nested too deeply") from None
    except ValueError:
        # Python turns at most this many decimal digits into a number (a guard against slow
        # conversions); tomllib wraps every other fault in TOMLDecodeError.
        most = sys.get_int_max_str_digits()
        raise FileProblem(f"a number in the file has more than {most} digits") from None


def os_reason(error: OSError | ValueError) -> str:
    """Why the system refused, in lower case: "no such device", not "[Errno 19] …"."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return lower_first(str(error))


# Checking ----------------------------------------------------------------------------------


def decode(document: Mapping[str, Any], kind: type[T], *, noun: str = "key") -> T:
    """``document`` as ``kind``, or ``FileProblem`` for its first fault in file order.

    ``noun`` is what the file's keys are called in messages ("setting" in the config).
    """
    try:
        return msgspec.convert(document, kind, builtin_types=_TOML_NATIVE)
    except msgspec.ValidationError as error:
        raise _explain(str(error), document, kind, noun) from None


def dotted(path: Iterable[Step]) -> str:
    """``("quick_exit", "keys", 1)`` → ``quick_exit.keys[1]``; a key of more than 40
    characters (a paragraph pasted as a key) is cut short, so that it cannot flood the line."""
    text = ""
    for step in path:
        if isinstance(step, str) and len(step) > 40:
            step = step[:40] + "…"
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def _choices(values: Iterable[object]) -> str:
    """``"a", "b" or "c"``."""
    quoted = [f'"{value}"' for value in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


_PATH_RE: Final = re.compile(r"\$((?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*)")
_STEP_RE: Final = re.compile(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")
_EXPECTED_RE: Final = re.compile(r"Expected `(?P<expected>[^`]*)`, got `(?P<got>[^`]*)`")
_CONSTRAINT_RE: Final = re.compile(r"Expected `[^`]*` (?:>|<|of length|matching|that is)")
_MISSING_RE: Final = re.compile(r"Object missing required field `(?P<field>.*)`", re.DOTALL)

_TYPE_WORDS: Final[Mapping[str, str]] = {
    "int": "a whole number",
    "float": "a decimal number",
    "str": "text",
    "bool": "true or false",
    "array": "a list",
    "object": "a table",
    "null": "nothing",
    "datetime": "a date and time",
    "date": "a date",
    "time": "a time",
}


def _explain(text: str, document: Mapping[str, Any], kind: type[Any], noun: str) -> FileProblem:
    message, path = _split(text)
    value = _value_at(document, path)
    if message.startswith("Object contains unknown field"):
        return _unknown_key(text, document, kind, noun)
    if match := _MISSING_RE.fullmatch(message):
        return FileProblem(f"required {noun} missing", (*path, match["field"]))
    if match := _EXPECTED_RE.fullmatch(message):
        expected, got = _type_words(match["expected"]), _type_words(match["got"])
        words = f"expected {expected}, got {got}"
        if match["expected"] == "date" and isinstance(value, dt.datetime):
            words = "expected a date without a time, e.g. 2025-06-01"
        elif "date" in match["expected"] and isinstance(value, str):
            words += " (write it without quotes, e.g. 2025-06-01)"
        return FileProblem(words, path, expected=match["expected"], got=got, value=value)
    if message.startswith("Invalid enum value"):
        literal = _expected_at(kind, path, value).kind
        allowed = get_args(literal) if get_origin(literal) is Literal else ()
        return FileProblem(_not_a_choice(value, allowed), path, value=value)
    if _CONSTRAINT_RE.match(message):
        return FileProblem(_constraint(_expected_at(kind, path, value), value), path, value=value)
    return FileProblem(lower_first(message), path, value=value)


def _split(text: str) -> tuple[str, tuple[Step, ...]]:
    """msgspec's ``<message> - at `$.a[0].b``` → the message and ``("a", 0, "b")``."""
    return _splits(text)[0]


def _splits(text: str) -> list[tuple[str, tuple[Step, ...]]]:
    """Every way of reading ``text`` as a message and a path, the last " - at" first."""
    readings: list[tuple[str, tuple[Step, ...]]] = []
    marker = " - at `"
    start = len(text)
    while (start := text.rfind(marker, 0, start)) != -1:
        match = _PATH_RE.fullmatch(text[start + len(marker) :].removesuffix("`"))
        if match is not None and text.endswith("`"):
            readings.append((text[:start], _steps(match[1])))
    readings.append((text, ()))
    return readings


def _steps(path: str) -> tuple[Step, ...]:
    return tuple(int(index) if index else name for name, index in _STEP_RE.findall(path))


def _value_at(document: object, path: Sequence[Step]) -> object:
    for step in path:
        inside_list = isinstance(step, int) and isinstance(document, list) and step < len(document)
        inside_table = isinstance(document, dict) and step in document
        if not (inside_list or inside_table):
            return None
        document = document[step]  # type: ignore[index]
    return document


def _unknown_key(text: str, document: Mapping[str, Any], kind: type[Any], noun: str) -> FileProblem:
    """The key msgspec did not know, named exactly as the file has it, with a suggestion.

    The key is found in the document: a quoted TOML key may hold anything, even text that reads
    like the end of msgspec's message, so the table is the one whose unknown key, put back into
    the message, gives exactly ``text``.
    """
    for message, path in _splits(text):
        known = _field_names(_expected_at(kind, path, {}).kind)
        table = _value_at(document, path)
        for name in table if isinstance(table, dict) else ():
            if name not in known and message == f"Object contains unknown field `{name}`":
                close = get_close_matches(name, list(known), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                listed = ", ".join(known)
                return FileProblem(f"unknown {noun}{hint}; known {noun}s: {listed}", (*path, name))
    return FileProblem(f"unknown {noun}")


def _type_words(name: str) -> str:
    # TOML has no null: an optional value is simply left out, so "or nothing" would mislead.
    parts = [part for part in name.split(" | ") if part != "null"] or ["null"]
    return " or ".join(_TYPE_WORDS.get(part, part) for part in parts)


def _not_a_choice(value: object, allowed: Sequence[object]) -> str:
    close = (
        get_close_matches(value, [str(a) for a in allowed], n=1) if isinstance(value, str) else []
    )
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    shown = show(value) if isinstance(value, str) else _number(value)
    return f"must be one of {_choices(allowed)}, got {shown}{hint}"


def _number(value: object) -> str:
    """A refused value that is not text, cut short like ``show``: hexadecimal in TOML can hold
    a number with more digits than Python will even write out."""
    try:
        shown = repr(value)
    except ValueError:
        return "a number with thousands of digits"
    return shown if len(shown) <= 42 else shown[:40] + "…"


def _constraint(expected: _Expected, value: object) -> str:
    """The words for a value that has the right type but breaks the limits its type states."""
    limits: dict[str, Any] = {}
    for meta in expected.metas:
        limits.update(
            {name: getattr(meta, name) for name in _LIMITS if getattr(meta, name) is not None}
        )
        limits.update(meta.extra or {})
    description = str(limits.get("description", ""))
    unit = f" {limits['unit']}" if "unit" in limits else ""
    if isinstance(value, (int, float)):
        low, high, got = limits.get("ge"), limits.get("le"), _number(value)
        if low is not None and high is not None:
            return f"must be between {low} and {high}{unit}, got {got}"
        if low is not None:
            return f"must be at least {low}{unit}, got {got}"
        return f"must be at most {high}{unit}, got {got}"
    shortest, longest = limits.get("min_length", 0), limits.get("max_length")
    if isinstance(value, str):
        if not value and shortest:
            return "must not be empty"
        if len(value) < shortest:
            return f"must be at least {shortest} characters, got {len(value)}"
        if longest is not None and len(value) > longest:
            return f"must be at most {longest} characters, got {len(value)}"
        return f"{description or 'is not in the expected form'}, got {show(value)}"
    if description:
        return description
    if isinstance(value, list) and len(value) < shortest:
        return f"must list at least {shortest} items, got {len(value)}"
    return f"must list at most {longest} items, got {len(value) if isinstance(value, list) else 0}"


# The structure's side ----------------------------------------------------------------------

# ``Meta`` attributes that state a limit; ``description`` words a refused pattern.
_LIMITS: Final = ("ge", "le", "min_length", "max_length", "pattern", "description")


class _Expected:
    """What the structure expects at one place: the bare type, and the ``Meta``s around it."""

    def __init__(self, annotation: object) -> None:
        metas: list[msgspec.Meta] = []
        while get_origin(annotation) is Annotated:
            metas += [meta for meta in get_args(annotation)[1:] if isinstance(meta, msgspec.Meta)]
            annotation = get_args(annotation)[0]
        self.kind = annotation
        self.metas = tuple(metas)

    def alternatives(self) -> tuple[_Expected, ...]:
        if get_origin(self.kind) in (Union, types.UnionType):
            return tuple(_Expected(member) for member in get_args(self.kind))
        return (self,)


def _expected_at(kind: type[Any], path: Sequence[Step], value: object) -> _Expected:
    """What the structure ``kind`` expects at ``path``: in a union, the alternative that fits
    the next step, or at the end, ``value``."""
    expected = _Expected(kind)
    for step in path:
        expected = _choose(expected, {} if isinstance(step, str) else [])
        bare = expected.kind
        fields = _field_names(bare)
        if isinstance(step, str) and step in fields:
            expected = _Expected(get_type_hints(bare, include_extras=True)[step])
        elif isinstance(step, int) and get_origin(bare) in (tuple, list):
            items = get_args(bare)
            fixed = len(items) != 2 or items[1] is not Ellipsis
            expected = _Expected(items[step] if fixed else items[0])
        else:
            return _Expected(Any)
    return _choose(expected, value)


def _choose(expected: _Expected, value: object) -> _Expected:
    """In a union, the alternative for ``value``'s kind (a table, a list, text)."""
    for alternative in expected.alternatives():
        bare = alternative.kind
        origin = get_origin(bare)
        if isinstance(value, dict) and isinstance(bare, type) and issubclass(bare, msgspec.Struct):
            return alternative
        if isinstance(value, list) and origin in (tuple, list):
            return alternative
        if isinstance(value, str) and (bare is str or origin is Literal):
            return alternative
    return expected


def _field_names(kind: object) -> tuple[str, ...]:
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        return kind.__struct_fields__
    return ()
