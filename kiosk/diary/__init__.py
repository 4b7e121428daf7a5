"""The incident diary: an append-only, tamper-evident record of what happened, kept in the vault."""
