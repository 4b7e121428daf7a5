"""The helpline directory: regions, organisations, and how fresh each entry is (no UI)."""
