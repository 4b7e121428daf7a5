"""Layer rules, checked at run time as a backstop to import-linter.

Everything below kiosk.ui must load without Textual or Rich, and only the
gatekeeper may touch the kiosk secret, the counters, the name map and the slot files.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KIOSK = ROOT / "kiosk"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# Everything below the UI: the domain, the operator's command, the session process.
DOMAIN_MODULES = sorted(
    _module_name(path)
    for path in KIOSK.rglob("*.py")
    if "ui" not in path.relative_to(KIOSK).parts[:1] and path.name != "__main__.py"
)
GATEKEEPER = KIOSK / "vault" / "gatekeeper"
GATEKEEPER_PRIVATE = {
    _module_name(path) for path in GATEKEEPER.glob("*.py") if path.name != "__init__.py"
}


UI_LIBRARIES_PROBE = """
import importlib, json, sys
leaks = {}
for module in json.loads(sys.argv[1]):
    importlib.import_module(module)
    found = sorted({name.split(".")[0] for name in sys.modules} & {"textual", "rich"})
    if found:
        leaks[module] = found
        break
print(json.dumps(leaks))
"""


def test_domain_modules_load_no_ui_library() -> None:
    """Every module below the UI, imported one after another in one process: if all of them
    together load neither Textual nor Rich, none of them does alone, and the first one that
    does is named. (One interpreter per module cost seconds of the suite.)"""
    assert len(DOMAIN_MODULES) > 20
    result = subprocess.run(
        [sys.executable, "-c", UI_LIBRARIES_PROBE, json.dumps(DOMAIN_MODULES)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(result.stdout) == {}


def test_importing_kiosk_creates_nothing(tmp_path: Path) -> None:
    probe = "import kiosk, kiosk.operator.cli, kiosk.ui.app, kiosk.config, kiosk.vault.gatekeeper"
    subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        check=True,
        env={"PYTHONPATH": str(ROOT), "HOME": str(tmp_path)},
    )
    assert list(tmp_path.iterdir()) == []


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_only_the_gatekeeper_touches_secret_counters_names_and_slots() -> None:
    assert {"kiosk.vault.gatekeeper.secret", "kiosk.vault.gatekeeper.slots"} <= GATEKEEPER_PRIVATE
    offenders = []
    for path in KIOSK.rglob("*.py"):
        if GATEKEEPER in path.parents:
            continue
        touched = imported_modules(path) & GATEKEEPER_PRIVATE
        if touched:
            offenders.append(f"{path.relative_to(ROOT)} imports {sorted(touched)}")
    assert offenders == []


def test_no_api_resets_a_lockout_counter() -> None:
    """Staff must never be able to reset counters: no such method may exist anywhere."""
    for path in KIOSK.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lowered = node.name.lower()
                assert not ("reset" in lowered and ("count" in lowered or "lock" in lowered)), (
                    f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
                )


UI = KIOSK / "ui"
SCREEN_AND_WIDGET_MODULES = sorted(
    [*(UI / "screens").rglob("*.py"), *(UI / "widgets").rglob("*.py")]
)
# What a screen may still ask of the App: moving between screens and telling the visitor
# something. Data and services come through its constructor (kiosk.ui.screen_kit.ScreenKit).
APP_NAVIGATION = frozenset(
    {
        "push_screen",
        "switch_screen",
        "pop_screen",
        "screen_stack",  # where this screen is: a save answering under a dialog
        "notify",
        "call_from_thread",
        "post_message",
        # Where the pointer is: Textual keeps it on the App (an on-screen keyboard shades the
        # key under it).
        "mouse_over",
        "mouse_position",
        # Whether Textual holds the App's frames back (a batch): a screen makes none then
        # (screens/common/first_show.py).
        "_batch_count",
    }
)
# The vault's reads and writes, and what opens one: only kiosk/ui/vault_io.py calls them.
VAULT_CALLS = frozenset(
    {
        "NotesRepository",
        "DraftsRepository",
        "FlagsRepository",
        "open_database",
        "VaultDatabase",
        "VaultService",
    }
)


def _app_reaches(path: Path) -> list[str]:
    """Every ``<x>.app.<attribute>`` (and the old ``<x>.kiosk``) in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Attribute):
            continue
        reaches_kiosk = node.attr == "kiosk" and ast.unparse(node.value) == "self"
        if reaches_kiosk or (
            isinstance(node.value, ast.Attribute)
            and node.value.attr == "app"
            and node.attr not in APP_NAVIGATION
        ):
            found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", SCREEN_AND_WIDGET_MODULES, ids=lambda p: p.name)
def test_screens_get_data_and_services_through_their_constructor(path: Path) -> None:
    assert _app_reaches(path) == []


def test_the_app_reach_check_finds_what_it_forbids(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "def f(self):\n"
        "    self.app.services.vaults\n    self.app.config\n    self.kiosk.vault\n"
        "    self.app.push_screen(x)\n"
    )
    assert sorted(line.split(" ", 1)[1] for line in _app_reaches(probe)) == [
        "self.app.config",
        "self.app.services",
        "self.kiosk",
    ]


def test_only_vault_io_reads_or_writes_a_vault() -> None:
    offenders = []
    for path in UI.rglob("*.py"):
        if path == UI / "vault_io.py":
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.Attribute) and node.attr in ("vaults", "gatekeeper"):
                names = [node.attr]
            hits = [n for n in names if n in VAULT_CALLS | {"vaults", "gatekeeper"}]
            # The App may name the type of the handle it hands to tests and the session end.
            if path == UI / "app.py":
                hits = [n for n in hits if n not in ("VaultDatabase", "vaults")]
            if hits:
                offenders.append(f"{path.name}:{node.lineno} {hits}")
    assert offenders == []


def test_screens_use_the_select_that_may_be_taken_down_while_it_mounts() -> None:
    """Textual's own Select raises when its screen goes as it mounts (widgets/select.py)."""
    offenders = []
    for path in UI.rglob("*.py"):
        if path == UI / "widgets" / "select.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module == "textual.widgets"
                and any(alias.name == "Select" for alias in node.names)
            ):
                offenders.append(f"{path.relative_to(UI)}:{node.lineno}")
    assert offenders == []
