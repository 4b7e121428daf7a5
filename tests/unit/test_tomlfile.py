"""Typed TOML files: msgspec's complaints about a document, turned into a place and plain words.

The config and the helpline directory pin their own messages; these tests pin the wording rules
both share, each from a small structure.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Literal

import msgspec
import pytest
from msgspec import Meta

from kiosk.tomlfile import FileProblem, decode, dotted, read_toml, text_pattern


class Inner(msgspec.Struct, forbid_unknown_fields=True):
    kind: Literal["text", "email", "webchat"]
    value: Annotated[str, Meta(min_length=1, max_length=5, pattern=text_pattern())]


class Outer(msgspec.Struct, forbid_unknown_fields=True):
    count: Annotated[int, Meta(ge=3, le=9, extra={"unit": "passes"})] = 3
    floor: Annotated[int, Meta(ge=1)] = 1
    code: Annotated[str, Meta(pattern=r"\A[a-z]+\Z", description="must be a code")] = "a"
    when: dt.date = dt.date(2025, 1, 1)
    items: Annotated[
        tuple[Inner, ...], Meta(min_length=1, description="must list at least one item")
    ] = (Inner("text", "x"),)
    region: Annotated[str, Meta(pattern=r"\A[a-z]+\Z", description="must be a code")] | Inner = "a"


def problem(document: dict[str, object]) -> FileProblem:
    with pytest.raises(FileProblem) as caught:
        decode(document, Outer)
    return caught.value


@pytest.mark.parametrize(
    ("document", "path", "message"),
    [
        ({"count": 10}, ("count",), "must be between 3 and 9 passes, got 10"),
        ({"floor": 0}, ("floor",), "must be at least 1, got 0"),
        ({"count": "3"}, ("count",), "expected a whole number, got text"),
        ({"code": "A1"}, ("code",), "must be a code, got 'A1'"),
        ({"items": []}, ("items",), "must list at least one item"),
        ({"items": [{"kind": "text"}]}, ("items", 0, "value"), "required key missing"),
        ({"items": [{"kind": "text", "value": ""}]}, ("items", 0, "value"), "must not be empty"),
        (
            {"items": [{"kind": "text", "value": "toolong"}]},
            ("items", 0, "value"),
            "must be at most 5 characters, got 7",
        ),
        (
            {"items": [{"kind": "emial", "value": "a"}]},
            ("items", 0, "kind"),
            """must be one of "text", "email" or "webchat", got 'emial' (did you mean 'email'?)""",
        ),
        (
            {"items": [{"kind": "text", "value": "a", "vaule": 1}]},
            ("items", 0, "vaule"),
            "unknown key (did you mean 'value'?); known keys: kind, value",
        ),
        ({"region": "UK"}, ("region",), "must be a code, got 'UK'"),
        ({"region": {"kind": "fax", "value": "a"}}, ("region", "kind"), "must be one of"),
        ({"region": 5}, ("region",), "expected text or a table, got a whole number"),
        ({"when": dt.datetime(2025, 1, 1, 9)}, ("when",), "expected a date without a time"),
    ],
)
def test_each_kind_of_fault_has_its_place_and_words(
    document: dict[str, object], path: tuple[object, ...], message: str
) -> None:
    found = problem(document)
    assert found.path == path
    assert found.message.startswith(message)


def test_a_date_in_quotes_is_text_with_a_hint() -> None:
    # msgspec alone would read "2025-06-01" as a date; a TOML file has real dates.
    found = problem({"when": "2025-06-01"})
    assert found.message == "expected a date, got text (write it without quotes, e.g. 2025-06-01)"


def test_an_unknown_key_is_named_exactly_even_when_it_looks_like_a_path() -> None:
    found = problem({"count": 3, "x` - at `$.count": 1})
    assert found.path == ("x` - at `$.count",)
    assert found.message.startswith("unknown key; known keys: count, floor")


def test_the_first_fault_in_file_order_is_reported() -> None:
    assert problem({"code": "B", "count": 1}).path == ("code",)


def test_a_good_document_decodes() -> None:
    assert decode({"count": 4}, Outer).count == 4


def test_dotted_keys() -> None:
    assert dotted(("quick_exit", "keys", 1)) == "quick_exit.keys[1]"
    assert dotted(("other", 0, "kind")) == "other[0].kind"
    assert dotted(()) == ""
    # A key pasted by mistake (a whole paragraph) is cut short, as a long value is.
    assert dotted(("other", "k" * 5000, 2)) == "other." + "k" * 40 + "…[2]"


@pytest.mark.parametrize(
    ("options", "good", "bad"),
    [
        ({}, ["a", "a b", "é"], ["", "  ", "a\n", "a\x1b", "\x9b", "a\u2028", "a\n\n"]),
        ({"blank": True}, ["", "  "], ["\n", "\x00"]),
        ({"newlines": True}, ["a\nb", "a\n"], ["a\r", "\t"]),
        ({"refuse_bidi": True}, ["عربي"], ["a\u202eb", "\u2066"]),
        ({"also": r"\s"}, ["ab"], ["a b"]),
    ],
)
def test_text_patterns_never_accept_a_trailing_newline(
    options: dict[str, bool | str], good: list[str], bad: list[str]
) -> None:
    # Checked the way msgspec checks: re.search, where "$" would accept "a\n".
    pattern = re.compile(text_pattern(**options))  # type: ignore[arg-type]
    assert [text for text in good if not pattern.search(text)] == []
    assert [text for text in bad if pattern.search(text)] == []


def test_read_toml_says_what_is_wrong_with_the_file(tmp_path: Path) -> None:
    def fault(path: Path) -> str:
        with pytest.raises(FileProblem) as caught:
            read_toml(path, what="test file", limit=100)
        assert caught.value.path == ()
        return caught.value.message

    assert fault(tmp_path / "absent.toml") == "no such file"
    assert fault(tmp_path) == "is a folder, not a test file"
    big = tmp_path / "big.toml"
    big.write_text("#" * 101)
    assert fault(big) == "too large for a test file (over 100 bytes)"
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'a = 1\nb = "caf\xe9"\n')
    assert fault(latin) == "not UTF-8 text (bad byte on line 2); save the file as UTF-8"
    broken = tmp_path / "broken.toml"
    broken.write_text("a = = 1\n")
    assert re.fullmatch(r"TOML syntax error: .*\(at line 1, column \d+\)", fault(broken))
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 5000)
    with pytest.raises(FileProblem):
        read_toml(deep, what="test file", limit=100_000)
    good = tmp_path / "good.toml"
    good.write_bytes(b"\xef\xbb\xbfa = 1\n")
    assert read_toml(good, what="test file", limit=100) == {"a": 1}


def test_a_key_that_reads_like_a_deeper_path_is_still_named() -> None:
    # The key ends like msgspec's own " - at `$.nope`", naming a table that does not exist.
    found = problem({"x` - at `$.nope": 1})
    assert found.path == ("x` - at `$.nope",)


class Limits(msgspec.Struct):
    name: Annotated[str, Meta(min_length=2, max_length=4, pattern=r"\A[a-z]*\Z")] = "ab"
    tags: Annotated[tuple[str, ...], Meta(min_length=2, max_length=3)] = ("a", "b")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"name": ""}, "must not be empty"),
        ({"name": "a"}, "must be at least 2 characters, got 1"),
        ({"name": "abcde"}, "must be at most 4 characters, got 5"),
        ({"name": "AB"}, "is not in the expected form, got 'AB'"),
        ({"tags": ["a"]}, "must list at least 2 items, got 1"),
        ({"tags": ["a"] * 4}, "must list at most 3 items, got 4"),
    ],
)
def test_limits_without_a_description_are_worded_from_the_limits(
    document: dict[str, object], message: str
) -> None:
    with pytest.raises(FileProblem) as caught:
        decode(document, Limits)
    assert caught.value.message == message


def test_a_number_with_thousands_of_digits_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """Python refuses to turn more than 4300 decimal digits into a number, or such a number
    into text: the file is refused in words, wherever the number stands."""
    decimal = tmp_path / "decimal.toml"
    decimal.write_text("count = " + "1" * 5000 + "\n")
    with pytest.raises(FileProblem) as caught:
        read_toml(decimal, what="test file", limit=100_000)
    assert caught.value.message == "a number in the file has more than 4300 digits"
    # In hexadecimal it is read, and refused as out of range without printing all of it.
    hexadecimal = tmp_path / "hex.toml"
    hexadecimal.write_text("count = 0x" + "f" * 5000 + "\nfloor = 0o" + "7" * 9000 + "\n")
    wrong = problem(read_toml(hexadecimal, what="test file", limit=100_000))
    assert wrong.path == ("count",)
    assert wrong.message == "must be between 3 and 9 passes, got a number with thousands of digits"
    # One Python can write out is cut short, as a long text is.
    floor = problem({"floor": -(16**1000)})
    assert re.fullmatch(r"must be at least 1, got -\d{39}…", floor.message)
