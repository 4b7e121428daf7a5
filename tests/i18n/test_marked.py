"""Every sentence the kiosk's screens show goes through gettext.

An AST scan of kiosk/ui (and the session's visitor-facing messages): a string literal or an
f-string in a place that shows text (a widget's label, a title, a message line, a dialog, a
notification) must be inside ``_()``, ``ngettext()`` or ``N_()``; and anywhere else, a literal
that reads as words must be marked too, unless it is a docstring, CSS, or on the short list of
non-text below. A new screen that writes English straight onto the screen fails here.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [
    *sorted((ROOT / "kiosk" / "ui").rglob("*.py")),
    ROOT / "kiosk" / "session" / "supervisor.py",
]

MARKERS = frozenset({"_", "ngettext", "N_"})
# Calls whose positional arguments are shown to the visitor.
SHOWING_CALLS = frozenset(
    {
        "Static", "Label", "Button", "Option", "TabPane", "Text", "assemble", "notify",
        "update", "say", "_say", "_finished", "_not_saved", "ConfirmDialog",
        "ExitControl", "TopBar", "append", "Content",
    }
)  # fmt: skip
# Calls that show only their first argument (the second is an id).
SHOWING_FIRST = frozenset({"pointer_key"})
# Keyword arguments that are shown (an id, a CSS class or a variant is not).
SHOWING_KEYWORDS = frozenset({"placeholder", "label", "title", "tooltip", "message", "prompt"})
# Attributes that, assigned text, show it.
SHOWING_ATTRIBUTES = frozenset({"label", "title", "sub_title", "tooltip", "placeholder"})
# Class attributes that hold CSS, not words.
CSS_NAMES = frozenset({"DEFAULT_CSS", "CSS"})
# Literals that read as words but are not shown: Textual selectors and key names.
NOT_TEXT = frozenset({"Input, Button"})
# Two words in a row: what a sentence or a label has, and an id, a selector or a path has not.
WORDS = re.compile(r"[^\W\d_]{2,}[,.:;!?'’…]? [^\W\d_]+")
# Keyword arguments that are never shown, and calls whose arguments are code, not words.
NOT_TEXT_KEYWORDS = frozenset({"id", "classes", "variant", "group", "name", "initial"})
NOT_TEXT_CALLS = frozenset({"execute", "query", "query_one"})


def _has_letters(text: str) -> bool:
    return any(char.isalpha() for char in text)


def _literal_text(node: ast.expr) -> str | None:
    """The text of a str literal, or the constant parts of an f-string; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return (
            "".join(
                part.value
                for part in node.values
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
            )
            or "{}"
        )
    return None


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


class _Scan(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []
        self._marked = 0
        self._skip: set[int] = set()

    def _where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(ROOT)}:{getattr(node, 'lineno', '?')}"

    def visit_Module(self, node: ast.Module) -> None:
        self._docstrings(node)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._docstrings(node)
        for statement in node.body:
            if isinstance(statement, ast.Assign | ast.AnnAssign):
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                if any(isinstance(t, ast.Name) and t.id in CSS_NAMES for t in targets):
                    self._skip.add(id(statement.value))
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._docstrings(node)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def _docstrings(
        self, node: ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
    ) -> None:
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self._skip.add(id(body[0].value))

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node)
        if name in MARKERS:
            self._marked += 1
            self.generic_visit(node)
            self._marked -= 1
            return
        if name in NOT_TEXT_CALLS:
            self._skip.update(id(argument) for argument in node.args)
        for keyword in node.keywords:
            if keyword.arg in NOT_TEXT_KEYWORDS:
                self._skip.add(id(keyword.value))
        if not self._marked:
            shown = (
                node.args
                if name in SHOWING_CALLS
                else node.args[:1]
                if name in SHOWING_FIRST
                else []
            )
            for argument in shown:
                self._shown(argument)
        if not self._marked:
            for keyword in node.keywords:
                if keyword.arg in SHOWING_KEYWORDS:
                    self._shown(keyword.value)
        self.generic_visit(node)

    def visit_Raise(self, node: ast.Raise) -> None:
        """A programming error's message is for developers, not for the visitor."""

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Attribute) and target.attr in SHOWING_ATTRIBUTES:
                self._shown(node.value)
        self.generic_visit(node)

    def _shown(self, node: ast.expr) -> None:
        """An expression in a place that shows text: no unmarked literal with letters."""
        for branch in (node.body, node.orelse) if isinstance(node, ast.IfExp) else (node,):
            text = _literal_text(branch)
            if text is not None and _has_letters(text) and text not in NOT_TEXT:
                self.problems.append(f"{self._where(branch)}: shown unmarked: {text!r}")
                self._skip.add(id(branch))

    def visit_Constant(self, node: ast.Constant) -> None:
        self._words(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._words(node)
        self.generic_visit(node)

    def _words(self, node: ast.Constant | ast.JoinedStr) -> None:
        if self._marked or id(node) in self._skip:
            return
        text = _literal_text(node)
        if text is not None and text not in NOT_TEXT and WORDS.search(text):
            self.problems.append(f"{self._where(node)}: words outside _(): {text!r}")


def unmarked(paths: list[Path]) -> Iterator[str]:
    for path in paths:
        scan = _Scan(path)
        scan.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        yield from scan.problems


def test_every_shown_sentence_is_marked_for_translation() -> None:
    problems = list(unmarked(SCANNED))
    assert not problems, "\n".join(problems)


def test_the_scan_finds_what_it_must(tmp_path: Path) -> None:
    """The scan itself can fail: each of these is caught, and the marked forms are not."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from kiosk.i18n import _, ngettext\n"
        "def compose(n):\n"
        "    yield Static('Welcome', classes='title')\n"
        "    yield Button(f'Exit {n}', id='exit')\n"
        "    yield Input(placeholder='Vault name')\n"
        "    button.label = 'Show' if n else _('Hide')\n"
        "    WAIT = 'You can try again now.'\n"
        "    yield Static(_('Fine'), classes='title')\n"
        "    yield Label(ngettext('{n} try', '{n} tries', n).format(n=n))\n"
        "    self.query_one('#message', Static)\n",
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        problems = list(unmarked([sample]))
    finally:
        ROOT = saved
    assert [p.split(": ", 1)[1] for p in problems] == [
        "shown unmarked: 'Welcome'",
        "shown unmarked: 'Exit '",
        "shown unmarked: 'Vault name'",
        "shown unmarked: 'Show'",
        "words outside _(): 'You can try again now.'",
    ]


# "s" if n != 1, and "attempt(s)" in a message.
HAND_MADE_PLURAL = re.compile(r"""["']s["'] if """)
HAND_MADE_PLURAL_TEXT = re.compile(r"[^\W\d_]\(s\)")


def test_no_hand_made_plurals() -> None:
    """Counted words go through ngettext, so each language's CLDR rule picks the form."""
    found = []
    for path in SCANNED:
        source = path.read_text(encoding="utf-8")
        found += [
            f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
            for number, line in enumerate(source.splitlines(), 1)
            if HAND_MADE_PLURAL.search(line)
        ]
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}"
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and HAND_MADE_PLURAL_TEXT.search(node.value)
        ]
    assert not found, "\n".join(found)
