"""One process per visit: the supervisor, the launcher, process hardening and the terminal."""
