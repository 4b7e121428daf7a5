"""Reusable widgets that know nothing of vaults: PIN pad, on-screen keyboard, top bar."""
