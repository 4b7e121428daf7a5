"""SQLCipher storage of one vault: open, create, migrate, re-key, erase; and drafts."""
