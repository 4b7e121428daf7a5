"""The incident diary: list, entry, form, summary, print, verification and copies."""
