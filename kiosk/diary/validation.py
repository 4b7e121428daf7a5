"""The model's rules, checked before anything is stored (the form checks them too, earlier).

Every free-text field may hold up to ``MAX_TEXT_CHARACTERS`` and every list ``MAX_ITEMS``;
longer is refused, never cut short. Required fields may say "unknown" but may not be empty.
"""

from __future__ import annotations

import msgspec

from kiosk.diary.model import (
    MAX_ITEMS,
    MAX_TEXT_CHARACTERS,
    Amendment,
    ContentProblem,
    EntryContent,
    InvalidContent,
    When,
    Withdrawal,
)

# (path of the field, its text) for the fields the model requires.
_ENTRY_REQUIRED = ("where", "what_happened", "who.identity", "effect_on_you")
_AMENDMENT_REQUIRED = ("reason", "text")


def _check_sizes(value: object, path: str) -> None:
    if isinstance(value, str):
        if len(value) > MAX_TEXT_CHARACTERS:
            raise InvalidContent(ContentProblem.TOO_LONG, path)
    elif isinstance(value, tuple):
        if len(value) > MAX_ITEMS:
            raise InvalidContent(ContentProblem.TOO_MANY_ITEMS, path)
        for index, item in enumerate(value):
            _check_sizes(item, f"{path}[{index}]")
    elif isinstance(value, msgspec.Struct):
        for name in value.__struct_fields__:
            _check_sizes(getattr(value, name), f"{path}.{name}" if path else name)


def _field(value: msgspec.Struct, path: str) -> object:
    current: object = value
    for name in path.split("."):
        current = getattr(current, name)
    return current


def _check_required(value: msgspec.Struct, paths: tuple[str, ...]) -> None:
    for path in paths:
        text = _field(value, path)
        if not isinstance(text, str) or not text.strip():
            raise InvalidContent(ContentProblem.REQUIRED_EMPTY, path)


def _check_when(when: When) -> None:
    if when.end_date is None and when.end_time is None:
        return
    end_date = when.end_date or when.date
    if end_date < when.date:
        raise InvalidContent(ContentProblem.END_BEFORE_START, "when.end_date")
    start, end = when.time, when.end_time
    if end_date == when.date and start is not None and end is not None and end < start:
        raise InvalidContent(ContentProblem.END_BEFORE_START, "when.end_time")


def check_entry(content: EntryContent, *, entries_so_far: int) -> None:
    """Raise ``InvalidContent`` for the first rule ``content`` breaks; ``entries_so_far`` is
    how many entries the diary has (related entries must be among them)."""
    _check_required(content, _ENTRY_REQUIRED)
    if not content.behaviours:
        raise InvalidContent(ContentProblem.NO_BEHAVIOUR, "behaviours")
    _check_sizes(content, "")
    _check_when(content.when)
    for index, number in enumerate(content.related):
        if not 1 <= number <= entries_so_far:
            raise InvalidContent(ContentProblem.UNKNOWN_RELATED_ENTRY, f"related[{index}]")


def check_amendment(amendment: Amendment) -> None:
    _check_required(amendment, _AMENDMENT_REQUIRED)
    _check_sizes(amendment, "")


def check_withdrawal(withdrawal: Withdrawal) -> None:
    _check_sizes(withdrawal, "")
