"""The visitor's notes: list, reader and editor."""
