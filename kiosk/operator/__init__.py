"""The ``kiosk`` command for operators and scripts: admin, print, doctor (no UI)."""
