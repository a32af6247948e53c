"""Persian alphabetical order for names (A–Z lists of people and organisations).

Unicode code-point order puts پ چ ژ گ after every Arabic letter; readers expect the Persian
alphabet instead, with Arabic letter forms (ي ك) filed under their Persian letters.
"""

from archive.text.letters import normalize

PERSIAN_ALPHABET = "اآبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"

# آ is its own letter in dictionaries but shares ا's shelf in most indexes; keep it separate
# in the order (ا before آ, as the brief lists it) but group both under ا for the A–Z index.
_RANK = {letter: rank for rank, letter in enumerate(PERSIAN_ALPHABET)}
_AFTER_PERSIAN = len(PERSIAN_ALPHABET)
_INITIAL_GROUPS = {"آ": "ا"}
OTHER_INITIAL = "#"


def _rank(char: str) -> tuple[int, int]:
    if char in _RANK:
        return (0, _RANK[char])
    if char.isdigit():
        # Digits first, as in printed indexes.
        return (-1, ord(char))
    # Latin and anything else after the Persian letters, in code-point order.
    return (1, _AFTER_PERSIAN + ord(char))


def sort_key(name: str) -> tuple[tuple[int, int], ...]:
    """Return a key that sorts names in Persian alphabetical order."""
    # normalize() drops ZWNJs and folds Arabic letter forms, so "كاظمي" files beside "کاظمی".
    # It also folds آ to ا only when written as ا + madda, so آ keeps its own rank.
    return tuple(_rank(c) for c in normalize(name) if not c.isspace())


def initial(name: str) -> str:
    """Return the index letter a name is filed under (a Persian letter, a Latin capital or #)."""
    for char in normalize(name):
        if char in _RANK:
            return _INITIAL_GROUPS.get(char, char)
        if char.isalpha() and char.isascii():
            return char.upper()
        if not char.isspace():
            return OTHER_INITIAL
    return OTHER_INITIAL


def index_letters(names: list[str]) -> list[str]:
    """Return the index letters that occur among the names, in alphabetical order."""
    present = {initial(n) for n in names}
    persian = [c for c in PERSIAN_ALPHABET if c in present]
    rest = sorted(c for c in present if c not in _RANK)
    return persian + rest
