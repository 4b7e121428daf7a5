"""Printed HTML comes only from the Jinja2 templates, where every value is escaped: no Python
in kiosk/printing builds markup, and no template or module switches the escaping off."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PRINTING = Path(__file__).resolve().parents[2] / "kiosk" / "printing"
TAG = re.compile(
    r"<\s*/?\s*(?:html|head|body|style|title|meta|div|span|p|br|h[1-6]|table|tr|td|th|ul|ol|li"
    r"|img|a|b|i|em|strong|article|section|header|footer|svg)\b",
    re.IGNORECASE,
)
# Ways around the escaping: hand-escaping, string templates, marking text as safe.
BYPASSES = re.compile(r"string\.Template|\bhtml\.escape\b|^import html$|\bMarkup\(|markupsafe")
TEMPLATE_BYPASSES = re.compile(r"\|\s*safe\b|autoescape\s+false|\{%\s*raw\b", re.IGNORECASE)


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the string constants that are module, class or function docstrings."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def markup_in_python(source: str) -> list[str]:
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    found = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and TAG.search(node.value)
    ]
    found += [line for line in source.splitlines() if BYPASSES.search(line.strip())]
    return found


def test_no_python_in_printing_builds_markup() -> None:
    modules = sorted(PRINTING.rglob("*.py"))
    assert len(modules) >= 5
    for module in modules:
        assert markup_in_python(module.read_text()) == [], module.name


def test_no_template_switches_escaping_off() -> None:
    templates = sorted((PRINTING / "templates").glob("*.html"))
    assert templates
    for template in templates:
        assert not TEMPLATE_BYPASSES.search(template.read_text()), template.name


def test_the_check_finds_the_old_ways() -> None:
    """The checks above would have caught what kiosk/printing/sheets.py used to do."""
    assert markup_in_python("x = f'<p class=\"{c}\">{escape(t)}</p>'\n")
    assert markup_in_python('"""A <b>docstring</b> may show markup."""\nimport string\n') == []
    assert markup_in_python("template = string.Template(text)\n")
    assert markup_in_python("import html\n")
    assert markup_in_python("value = Markup(name)\n")
    assert TEMPLATE_BYPASSES.search("{{ helpline.name | safe }}")
