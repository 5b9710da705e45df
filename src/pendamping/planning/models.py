"""Models of the planning app (none yet)."""
