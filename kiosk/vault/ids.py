"""Vault ids: the only names vault folders have, checked before any file is touched.

An id is exactly 32 lowercase hexadecimal digits (``secrets.token_hex(16)``). Anything else
that arrives as an id, from the command line, a state file or a folder listing, is refused
before it is joined to a path: a relative path such as ``../gatekeeper/./././…`` has the right
length but is not an id.
"""

from __future__ import annotations

import re
import secrets

from kiosk.vault.errors import UnknownVault

VAULT_ID_PATTERN = "[0-9a-f]{32}"
_VAULT_ID = re.compile(VAULT_ID_PATTERN)


class InvalidVaultId(UnknownVault):
    """Something given as a vault id that cannot be one; no file was looked at."""

    code = "invalid-vault-id"


def new_vault_id() -> str:
    return secrets.token_hex(16)


def is_vault_id(text: object) -> bool:
    # fullmatch, not match with $: "$" would also accept a trailing newline.
    return isinstance(text, str) and _VAULT_ID.fullmatch(text) is not None


def checked_vault_id(text: object) -> str:
    """``text`` if it is a vault id; otherwise ``InvalidVaultId``, before any file operation."""
    if not is_vault_id(text):
        raise InvalidVaultId()
    assert isinstance(text, str)
    return text
