"""SQLCipher storage of one vault: open, create, migrate, re-key, erase; drafts and flags.

The only package that holds a database connection. Repositories (``kiosk.notes.repository``,
``drafts``, ``flags``) write their SQL through the ``Reader`` / ``Transaction`` of ``sql.py``,
which ``VaultDatabase.reading()`` and ``transaction()`` hand out; everything else calls the
repositories. Times are kept as a UTC instant plus the offset the visitor saw (``times.py``).
"""
