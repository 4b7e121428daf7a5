"""Every word the printed sheets' templates write goes through gettext: a template's own text
(outside {{ }} and {% %}) holds markup, punctuation and CSS, never a word a visitor reads."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import nodes

from kiosk.printing.sheets import environment

TEMPLATES = Path(__file__).resolve().parents[2] / "kiosk" / "printing" / "templates"
STYLE = re.compile(r"<style>.*?</style>", re.DOTALL)
TAG = re.compile(r"<[^>]*>")
WORD = re.compile(r"[^\W\d_]{2,}")
# Blocks whose text is CSS or a class name (base.html's page size, margins and body class).
NOT_WORDS = frozenset({"page_size", "page_margin", "page_extra", "body_class"})


def words_outside_gettext(source: str) -> list[str]:
    tree = environment().parse(source)
    skipped = {
        id(data)
        for block in tree.find_all(nodes.Block)
        if block.name in NOT_WORDS
        for data in block.find_all(nodes.TemplateData)
    }
    text = "".join(
        data.data for data in tree.find_all(nodes.TemplateData) if id(data) not in skipped
    )
    # Block defaults inside <style> (a page size, margins) are CSS too.
    return WORD.findall(TAG.sub(" ", STYLE.sub(" ", text)))


def test_no_template_writes_a_word_outside_gettext() -> None:
    found = {
        path.name: words
        for path in sorted(TEMPLATES.glob("*.html"))
        if (words := words_outside_gettext(path.read_text(encoding="utf-8")))
    }
    assert not found, found


def test_the_scan_finds_a_word() -> None:
    assert words_outside_gettext('<p class="x">Numbers {{ _("Emergency") }}</p>') == ["Numbers"]
    assert words_outside_gettext('<p dir="ltr">{{ _("Emergency") }} 999</p>') == []
    assert words_outside_gettext("<style>@page { size: A4 }</style>") == []
    assert words_outside_gettext("{% block page_size %}85mm 55mm{% endblock %}") == []
    assert isinstance(environment(), jinja2.Environment)
