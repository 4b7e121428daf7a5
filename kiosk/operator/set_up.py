"""Whether the data folder is set up (``kiosk admin init``): the one refusal every command that
needs the kiosk secret gives, before it reads or makes anything there."""

from __future__ import annotations

from kiosk.config import Config
from kiosk.operator.errors import CommandError
from kiosk.vault.gatekeeper import Gate


def secret_missing(config: Config) -> str:
    """Why a data folder with vaults but no kiosk secret must not be set up again."""
    return (
        f"the kiosk secret {config.secret_path()} is missing, but {config.data_path()} holds "
        "vaults that only it opens: put back its copy (docs/DEPLOY.md, step 9, 'Restoring'); "
        "'kiosk admin init' would make a new secret that opens none of them"
    )


def require_set_up(config: Config, gatekeeper: Gate) -> None:
    """``CommandError`` unless the data folder has its kiosk secret."""
    if gatekeeper.secret_exists():
        return
    if gatekeeper.holds_any_vault():
        raise CommandError(secret_missing(config))
    raise CommandError(f"{config.data_path()} is not set up yet: run 'kiosk admin init' first")
