"""The helpline directory and its printed sheets, open to anyone without a vault."""
