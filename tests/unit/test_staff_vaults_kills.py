"""Kill tests for setting up a vault at the kiosk (issue 11, item 2): die at every durable step
of a provision that keeps the code pending, and of confirming it. After each kill, with a fresh
gatekeeper: no vault, or a vault that opens with her PIN and still shows a recovery code, and
a last-used file that reads (or falls back calmly)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from kiosk.vault.errors import NotRecognised
from kiosk.vault.service import VaultService
from tests.unit.test_vault_kills import NAME, PIN, Template, make_template, walk_every_step

CODE = re.compile(r"\A[0-9A-Z]{4}(?:-[0-9A-Z]{4}){4}\Z")


def pending_or_none(copy: Template) -> str | bool | None:
    """Her vault's pending code (None: none pending), or False if no vault opens."""
    try:
        with VaultService(copy.gatekeeper()).open(NAME, PIN) as vault:
            return vault.pending_recovery_code
    except NotRecognised:
        return False


def test_killed_provision_never_leaves_a_vault_without_its_code(tmp_path: Path) -> None:
    template = make_template(tmp_path / "template", with_vault=False)

    def provision(copy: Template) -> None:
        copy.gatekeeper().provision(NAME, PIN, PIN, keep_code_pending=True)

    def check(copy: Template) -> None:
        found = pending_or_none(copy)
        if found is False:
            return  # never named: nothing she could open, nothing lost
        assert isinstance(found, str) and CODE.fullmatch(found), found
        # The code pending in the vault is the one its recovery slot takes.
        key, _ = copy.gatekeeper().recover(NAME, found, "604918", "604918")
        key.data_key[:] = bytes(len(key.data_key))
        assert copy.gatekeeper().unused_vaults(1, dt.date(2030, 1, 1))

    assert walk_every_step(tmp_path, template, provision, check) >= 8


def test_killed_confirmation_keeps_the_code_or_finishes(tmp_path: Path) -> None:
    template = make_template(tmp_path / "template", with_vault=False)
    code = template.gatekeeper().provision(NAME, PIN, PIN, keep_code_pending=True).recovery_code

    def confirm(copy: Template) -> None:
        copy.gatekeeper().confirm_code_kept(NAME, code)

    def check(copy: Template) -> None:
        assert pending_or_none(copy) in (code, None)
        key, _ = copy.gatekeeper().recover(NAME, code, "604918", "604918")  # still hers
        key.data_key[:] = bytes(len(key.data_key))

    assert walk_every_step(tmp_path, template, confirm, check) >= 2
