"""End-to-end tests: the installed ``kiosk`` command, its supervisor and sessions, in tmux."""
