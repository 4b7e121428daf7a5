"""Staff accounts: salted password hashes and their own lock-out (no UI)."""
