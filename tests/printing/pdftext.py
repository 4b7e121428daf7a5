"""Read a PDF back the way a person would: its text, metadata and fonts, through poppler-utils.

Text comes from ``pdftotext -layout`` and is normalised before any comparison: NFKC (so Arabic
presentation forms become ordinary letters), bidi control characters removed (pdftotext wraps
right-to-left runs in U+202B...U+202C) and runs of whitespace collapsed to one space.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Arabic-script combining marks (harakat, tanwin, superscript alef). pdftotext places a mark as
# its own little word ("مجا ًنا" for "مجانًا"), so comparisons can drop the marks and the gap.
ARABIC_MARKS = re.compile("\\s*[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
WHITESPACE = re.compile(r"\s+")


def require_tool(name: str) -> str:
    """The tool's path; without it skip, except on CI, where a missing tool is a failure."""
    path = shutil.which(name)
    if path is None:
        reason = f"{name} is not installed (Debian package poppler-utils)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason=reason)
    return path


def normalise(text: str, *, drop_arabic_marks: bool = False) -> str:
    text = BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text))
    if drop_arabic_marks:
        text = ARABIC_MARKS.sub("", text)
    return WHITESPACE.sub(" ", text).strip()


def _run(tool: str, pdf: bytes, *args: str) -> str:
    executable = require_tool(tool)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            [executable, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
            capture_output=True,
            check=True,
            timeout=60,
        )
    return result.stdout.decode("utf-8")


def pdf_lines(pdf: bytes) -> list[str]:
    """Every non-empty line of ``pdftotext -layout``, each normalised on its own."""
    raw = _run("pdftotext", pdf, "-layout", "-enc", "UTF-8")
    return [line for line in (normalise(raw_line) for raw_line in raw.splitlines()) if line]


def pdf_text(pdf: bytes, *, drop_arabic_marks: bool = False) -> str:
    """The whole text of ``pdftotext -layout`` as one normalised string."""
    raw = _run("pdftotext", pdf, "-layout", "-enc", "UTF-8")
    return normalise(raw, drop_arabic_marks=drop_arabic_marks)


def pdf_words(pdf: bytes) -> list[tuple[str, float]]:
    """Each word with the height of its box in points (``pdftotext -bbox``)."""
    raw = _run("pdftotext", pdf, "-bbox", "-enc", "UTF-8")
    words = []
    pattern = r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
    for y_min, y_max, word in re.findall(pattern, raw):
        words.append((word, float(y_max) - float(y_min)))
    return words


def pdf_info(pdf: bytes) -> dict[str, str]:
    raw = _run("pdfinfo", pdf)
    info = {}
    for line in raw.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def pdf_fonts(pdf: bytes) -> list[str]:
    """Embedded font names, lower-cased with punctuation removed ("notonaskharabic")."""
    raw = _run("pdffonts", pdf)
    names = []
    for line in raw.splitlines()[2:]:
        name = line.split()[0]
        name = name.split("+", 1)[-1]
        names.append(re.sub(r"[^a-z0-9]", "", name.lower()))
    return names


def page_size_mm(pdf: bytes) -> tuple[float, float]:
    match = re.match(r"([\d.]+) x ([\d.]+) pts", pdf_info(pdf)["Page size"])
    assert match, pdf_info(pdf)["Page size"]
    width, height = (float(value) * 25.4 / 72 for value in match.groups())
    return width, height


def pdf_page_count(pdf: bytes) -> int:
    return int(pdf_info(pdf)["Pages"])


def pdf_page_text(pdf: bytes, page: int) -> str:
    """The normalised text of one page (``pdftotext -f page -l page``), counted from 1."""
    raw = _run("pdftotext", pdf, "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page))
    return normalise(raw)
