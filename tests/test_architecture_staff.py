"""The staff console reaches no vault content (issue 11, "must show"): the staff screens
(kiosk.ui.screens.staff.*), the staff's face of the gatekeeper (kiosk.staff.care) and her part
of setting up a vault (kiosk.ui.screens.vault.setup) import no content repository and not the
visitor's way into her vault (kiosk.ui.vault_io).

Two checks. The import graph (grimp, as import-linter builds it): no chain of imports leads from
a staff module to a content module. One carve-out, named here: ``kiosk.ui.wording``, which
every screen uses for its words, imports the diary's mirror and the copy checker inside the
functions that word their outcomes (a visitor's screens call them); those lazy edges are taken
out of the graph. The second check proves they are never taken from a staff screen: importing
every staff module in a fresh interpreter loads none of the content modules.

``kiosk.diary.model`` is allowed: value types (what an entry holds), no storage, no vault. The
recovery slip's document module (kiosk.printing.documents) needs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parent.parent
STAFF_PACKAGE = "kiosk.ui.screens.staff"
CARE = "kiosk.staff.care"
# Her part of setting up a vault, which the staff's set-up screen opens.
SETUP = "kiosk.ui.screens.vault.setup"
CONTENT = (
    "kiosk.notes.repository",
    "kiosk.diary",
    "kiosk.plan.repository",
    "kiosk.ui.vault_io",
)
ALLOWED = frozenset({"kiosk.diary", "kiosk.diary.model"})
# Imported inside wording functions only a visitor's screens call (see the module's text).
LAZY_WORDING_EDGES = ("kiosk.diary.", "kiosk.portable.")


def _is_content(module: str) -> bool:
    if module in ALLOWED:
        return False
    return any(module == c or module.startswith(c + ".") for c in CONTENT)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    built = grimp.build_graph("kiosk", exclude_type_checking_imports=True)
    for imported in built.find_modules_directly_imported_by("kiosk.ui.wording"):
        if imported.startswith(LAZY_WORDING_EDGES):
            built.remove_import(importer="kiosk.ui.wording", imported=imported)
    return built


def staff_modules(graph: grimp.ImportGraph) -> list[str]:
    found = sorted(m for m in graph.modules if m.startswith(STAFF_PACKAGE + "."))
    assert {f"{STAFF_PACKAGE}.provision", f"{STAFF_PACKAGE}.vault_care"} <= set(found)
    return [*found, CARE, SETUP]


def test_no_import_chain_from_staff_to_vault_content(graph: grimp.ImportGraph) -> None:
    content = sorted(m for m in graph.modules if _is_content(m))
    assert "kiosk.notes.repository" in content and "kiosk.ui.vault_io" in content
    chains = {
        (staff, target): graph.find_shortest_chain(importer=staff, imported=target)
        for staff in staff_modules(graph)
        for target in content
    }
    assert {pair: chain for pair, chain in chains.items() if chain} == {}


def test_the_check_sees_a_chain_when_there_is_one(graph: grimp.ImportGraph) -> None:
    """The same check on the visitor's side finds her way in: it is not vacuous."""
    assert graph.find_shortest_chain(
        importer="kiosk.ui.screens.vault.home", imported="kiosk.ui.vault_io"
    )


PROBE = """
import importlib, json, sys
for module in json.loads(sys.argv[1]):
    importlib.import_module(module)
print(json.dumps(sorted(sys.modules)))
"""


def test_loading_the_staff_console_loads_no_vault_content(graph: grimp.ImportGraph) -> None:
    modules = staff_modules(graph)
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(modules)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    loaded = json.loads(result.stdout)
    assert [m for m in loaded if _is_content(m)] == []
