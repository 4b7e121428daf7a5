"""Opening a vault, its home, changing the PIN and recovering with the recovery code."""
