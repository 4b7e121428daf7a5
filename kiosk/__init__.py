"""Harbour, a private terminal kiosk for stalking and domestic-abuse support centres.

Importing this package does nothing else: no files, no Textual, no database.
"""

__version__ = "0.1.0"
