"""The visitor's incident diary: its list, entry form, entry view, summary and printed record."""
