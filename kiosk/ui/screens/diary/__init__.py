"""The visitor's incident diary: its list, entry form, entry view, summary, printed record,
verification and copies."""
