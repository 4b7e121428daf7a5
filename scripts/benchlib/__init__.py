"""Helpers for ``scripts/bench.py``: driving apps in a real pseudo-terminal."""
