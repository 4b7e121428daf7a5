"""Only the storage layer and the feature repositories write SQL or touch a database connection.

Everything else asks a repository (NotesRepository, DraftsRepository, FlagsRepository) or the
open vault's typed methods. The scan reads every string literal in kiosk/ for SQL keywords
and every call for the DB-API's methods, so a query slipped into a screen fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KIOSK = ROOT / "kiosk"
STORAGE = KIOSK / "vault" / "storage"

SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
    r"|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER)|DROP\s+(TABLE|INDEX|VIEW|TRIGGER)|ALTER\s+TABLE"
    r"|PRAGMA\s|ATTACH\s+DATABASE|BEGIN\s+(IMMEDIATE|EXCLUSIVE|DEFERRED)|ROLLBACK|VACUUM)",
    re.DOTALL,  # Harbour writes SQL keywords in capitals; prose says "rollback" in lower case
)
DB_API_CALLS = frozenset(
    {"execute", "executemany", "executescript", "cursor", "fetchone", "fetchall", "set_key"}
)
DRIVERS = frozenset({"sqlcipher3", "sqlite3"})


def allowed(path: Path) -> bool:
    return STORAGE in path.parents or path.name == "repository.py"


def offences(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if SQL.search(node.value):
                found.append(f"line {node.lineno}: SQL in {node.value[:50]!r}")
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if SQL.search(str(text)):
                found.append(f"line {node.lineno}: SQL in an f-string")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in DB_API_CALLS:
                found.append(f"line {node.lineno}: .{node.func.attr}(")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: imports {a.name}" for a in node.names if a.name in DRIVERS
            ]
        elif isinstance(node, ast.ImportFrom) and (node.module or "") in DRIVERS:
            found.append(f"line {node.lineno}: imports {node.module}")
    return found


OUTSIDE = sorted(p for p in KIOSK.rglob("*.py") if not allowed(p))


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: str(p.relative_to(KIOSK)))
def test_no_sql_and_no_connection_outside_storage_and_repositories(path: Path) -> None:
    assert offences(path.read_text()) == []


# A repository writes SQL, but through the Transaction and Reader storage hands it: it never
# imports a driver or calls what only a raw connection or cursor has.
RAW_ONLY = ("imports", ".cursor(", ".executemany(", ".executescript(", ".fetch", ".set_key(")


def test_repositories_reach_the_database_only_through_the_storage_interface() -> None:
    repositories = [p for p in KIOSK.rglob("repository.py") if STORAGE not in p.parents]
    assert repositories, "kiosk/notes/repository.py at least"
    for path in repositories:
        raw = [o for o in offences(path.read_text()) if any(r in o for r in RAW_ONLY)]
        assert raw == [], f"{path.relative_to(ROOT)}: {raw}"


@pytest.mark.parametrize(
    "source",
    [
        'db.execute("SELECT v FROM meta")',
        "x = \"INSERT OR REPLACE INTO meta (k, v) VALUES ('a', 'b')\"",
        'q = "UPDATE notes SET body = ?"',
        'q = f"DELETE FROM {table} WHERE id = 1"',
        'q = "PRAGMA cipher_version"',
        "import sqlcipher3",
        "connection.cursor()",
    ],
)
def test_the_scan_catches_sql_and_connections(source: str) -> None:
    assert offences(source)


@pytest.mark.parametrize(
    "source",
    ['label = "Select a helpline"', 'text = "Delete this note for good?"', "screen.query('X')"],
)
def test_the_scan_leaves_words_alone(source: str) -> None:
    assert offences(source) == []
