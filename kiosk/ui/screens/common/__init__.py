"""Screens every visit shares: the neutral backdrop, welcome, idle warning, quick-exit intro."""
