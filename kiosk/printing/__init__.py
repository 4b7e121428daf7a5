"""Printing: PDF sheets from HTML templates, and printers behind a small protocol (no UI)."""
