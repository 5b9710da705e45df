"""Indonesian name normalisation and phonetic keys (pure; search and linkage build on it).

`normalise_name` drops honorifics and academic titles, folds the usual spelling variants
(Muhammad/Muhamad/Mohammad/M., Siti/Sity/St., Abdul/Abd., Nur/Noor) and the pre-1972
spelling (dj→j, tj→c, oe→u, sj→sy, nj→ny, ch→kh). `word_key` reduces a word further to a
consonant skeleton that survives vowel slips, doubled letters and y/i, z/s, f/p, kh/h swaps,
so "Nurhaiyati", "Nurhayati" and "Noerhajati" share one key.
"""

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_NOT_LETTER = re.compile(r"[^a-z ]+")

# Titles written before or after a name in Indonesian records; dropped before comparing.
TITLES = frozenset(
    [
        "h",
        "hj",
        "haji",
        "hajah",
        "hajjah",
        "drs",
        "dra",
        "dr",
        "ir",
        "prof",
        "kh",
        "ust",
        "ustadz",
        "ustazah",
        "tgk",
        "teuku",
        "tengku",
        "alm",
        "almh",
        "almarhum",
        "almarhumah",
        "ny",
        "nn",
        "tn",
        "sdr",
        "sdri",
        "bpk",
        "bapak",
        "ibu",
        "spd",
        "spdi",
        "sag",
        "shi",
        "sh",
        "se",
        "st",
        "ssos",
        "skm",
        "skep",
        "sked",
        "ssi",
        "skom",
        "sip",
        "sp",
        "mm",
        "mpd",
        "msi",
        "mh",
        "mt",
        "mkes",
        "ma",
        "amd",
        "amdkeb",
        "amdkep",
        "ners",
        "apt",
        "bsc",
        "ba",
    ]
)
# Words that may stand before a name but are titles only there, not inside it.
LEADING_ONLY = frozenset({"st"})
# Connectives of patronymics and clan names that carry no identity of their own.
PARTICLES = frozenset({"bin", "binti", "bt", "bte", "br", "boru", "van", "de"})
CANONICAL = {
    **dict.fromkeys(
        (
            "muhammad",
            "muhamad",
            "mohammad",
            "mohamad",
            "mohammed",
            "muhammed",
            "muhammat",
            "muhamat",
            "mohamed",
            "muhamed",
            "mochammad",
            "mochamad",
            "mukhammad",
            "mohd",
            "moh",
            "muh",
            "mhd",
            "mhmd",
            "md",
            "m",
        ),
        "muhammad",
    ),
    **dict.fromkeys(("siti", "sity", "sitti", "sti"), "siti"),
    **dict.fromkeys(("abdul", "abd", "abdoel", "abdol"), "abdul"),
    **dict.fromkeys(("nur", "noor", "nurul", "noer"), "nur"),
    **dict.fromkeys(("ahmad", "achmad", "akhmad", "ahmat", "achmat", "amad"), "ahmad"),
}
_OLD_SPELLING = (("dj", "j"), ("tj", "c"), ("oe", "u"), ("sj", "sy"), ("nj", "ny"), ("ch", "kh"))
_KEY_SUBST = (
    ("kh", "h"),
    ("sy", "s"),
    ("j", "y"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("v", "f"),
    ("p", "f"),
    ("c", "k"),
    ("y", "i"),
    ("w", "u"),
)
_VOWELS = frozenset("aeiou")


def ascii_letters(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return _SPACES.sub(" ", _NOT_LETTER.sub(" ", text)).strip()


def name_search_key(name: str) -> str:
    """The form stored in `Person.name_key`: the normalised name (ranking and ordering)."""
    return normalise_name(name)


@lru_cache(maxsize=65536)
def modern_spelling(word: str) -> str:
    for old, new in _OLD_SPELLING:
        word = word.replace(old, new)
    return word


def normalise_name(name: str) -> str:
    """Comparable form of a name: titles and particles dropped, variants folded."""
    raw = (name or "").split(",")[0]  # ", S.Pd." and the like follow a comma
    words = ascii_letters(raw.replace(".", " ")).split()
    result: list[str] = []
    for i, word in enumerate(words):
        if word in LEADING_ONLY and i == 0 and len(words) > 1:
            result.append("siti")
            continue
        if word in TITLES or word in PARTICLES:
            continue
        word = modern_spelling(word)
        result.append(CANONICAL.get(word, word))
    return " ".join(result)


@lru_cache(maxsize=262144)
def word_key(word: str) -> str:
    """Consonant skeleton of a normalised word: first letter, then consonants, no repeats."""
    if not word:
        return ""
    for old, new in _KEY_SUBST:
        word = word.replace(old, new)
    first = word[0]
    out = [first]
    for ch in word[1:]:
        if ch in _VOWELS or ch == "h":
            continue
        if ch != out[-1]:
            out.append(ch)
    return "".join(out)


KEY_LETTERS = "abdefgiklmnorstu"  # what a key can hold after the substitutions above


@lru_cache(maxsize=65536)
def key_neighbours(key: str) -> frozenset[str]:
    """Keys one edit away (a consonant dropped, added or replaced): one slip of a key letter."""
    found: set[str] = set()
    for i in range(len(key) + 1):
        for letter in KEY_LETTERS:
            found.add(key[:i] + letter + key[i:])
            if i < len(key):
                found.add(key[:i] + letter + key[i + 1 :])
        if i < len(key):
            found.add(key[:i] + key[i + 1 :])
    return frozenset(k for k in map(_collapse, found) if k and k != key)


def _collapse(key: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(key):
        if i > 0 and (ch == out[-1] or ch in _VOWELS):
            continue
        out.append(ch)
    return "".join(out)


def name_keys(name: str) -> list[str]:
    """The distinct word keys of a name, in order."""
    seen: dict[str, None] = {}
    for word in normalise_name(name).split():
        key = word_key(word)
        if key:
            seen.setdefault(key, None)
    return list(seen)


def name_similarity(a: str, b: str) -> float:
    """0..1 similarity of two names after normalisation, tolerant of word order and typos."""
    from rapidfuzz import fuzz

    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return 0.0
    return max(fuzz.token_sort_ratio(na, nb), fuzz.ratio(na, nb)) / 100.0
