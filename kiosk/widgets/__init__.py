"""Reusable widgets; they know nothing about vaults and talk to screens by messages."""
