"""The visitor's notes: model and repository (the only SQL about notes; no UI)."""
