"""Printing: PDF documents from Jinja2 templates, made in a renderer process, and printers
behind a small protocol (no UI)."""
