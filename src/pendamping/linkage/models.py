"""Models of the linkage app (none yet)."""
