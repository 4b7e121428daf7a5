"""Screens, one package an area. Each gets what it needs through its constructor."""
