"""Per-visitor encrypted vaults: key slots, lock-out, SQLCipher storage (no UI imports)."""
