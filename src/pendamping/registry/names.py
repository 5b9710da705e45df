"""Name normalisation for storage and search (pure; the linkage app builds on it)."""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_LETTER = re.compile(r"[^a-z ]+")


def name_search_key(name: str) -> str:
    """Lower-case ASCII letters and single spaces, so stored keys and queries compare alike."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return _SPACES.sub(" ", _NOT_LETTER.sub(" ", text)).strip()
