"""Spelling suggestions from the index's own words, aware of how Persian is mistyped.

Persian writes one sound with several letters (ح/ه, ز/ذ/ض/ظ, س/ص/ث, ت/ط, غ/ق): a reader who
types حفت means هفت far more often than حق, which a plain edit distance ranks closer. So a
swap within one of these groups costs a fraction of another edit. The word list is built once
per index version (`Vocabulary`), keyed by each word's letters mapped to their groups, so a
zero-hit query looks up the few hundred keys one edit from its own instead of scanning every
word (the scheme of Norvig's corrector; a table of every word's deletions, as SymSpell keeps,
would cost a worker seconds and hundreds of megabytes on a large index).
"""

from collections.abc import Callable, Iterable

# Letters a reader confuses, each group written with its most common letter first.
CONFUSABLE = ("هح", "زذضظ", "سصث", "تط", "قغ")
CONFUSION_COST = 0.3
# One real edit, plus a confused letter or two.
MAX_COST = 1.6
# Shorter words have too many neighbours one edit away to guess from.
MIN_LENGTH = 3

_GROUP = {letter: group[0] for group in CONFUSABLE for letter in group}


def skeleton(word: str) -> str:
    """Return the word with each confusable letter replaced by its group's first letter."""
    return "".join(_GROUP.get(c, c) for c in word)


def _substitution(a: str, b: str) -> float:
    if a == b:
        return 0.0
    return CONFUSION_COST if _GROUP.get(a, a) == _GROUP.get(b, b) else 1.0


def distance(a: str, b: str) -> float:
    """Return the edit distance of two words, confusable letters swapped cheaply.

    Insertions, deletions and other substitutions cost 1, and so does swapping two
    neighbouring letters (a typing slip).
    """
    previous2: list[float] = []
    previous = [float(j) for j in range(len(b) + 1)]
    for i, ca in enumerate(a, start=1):
        current = [float(i)] + [0.0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + _substitution(ca, cb),
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _edits(key: str, alphabet: str) -> set[str]:
    """Return the keys one deletion, swap of neighbours, substitution or insertion away."""
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in alphabet}
    edits |= {a + c + b for a, b in splits for c in alphabet}
    return edits


class Vocabulary:
    """The words of an index with their document counts, for finding near spellings."""

    def __init__(self, words: Iterable[str], frequency: Callable[[str], int]) -> None:
        """Key `words`; `frequency` gives a word's document count, asked of candidates only."""
        self._frequency = frequency
        self._by_key: dict[str, list[str]] = {}
        letters: set[str] = set()
        for word in words:
            if len(word) < MIN_LENGTH or not word.isalpha():
                continue
            key = skeleton(word)
            self._by_key.setdefault(key, []).append(word)
            letters.update(key)
        self._alphabet = "".join(sorted(letters))
        self._size = sum(map(len, self._by_key.values()))

    def __len__(self) -> int:
        return self._size

    def candidates(self, word: str, *, limit: int = 5) -> list[str]:
        """Return up to `limit` indexed words near `word`, the nearest and commonest first."""
        if len(word) < MIN_LENGTH:
            return []
        key = skeleton(word)
        found: set[str] = set()
        for probe in (key, *_edits(key, self._alphabet)):
            found.update(self._by_key.get(probe, ()))
        found.discard(word)
        rated = []
        for candidate in found:
            cost = distance(word, candidate)
            if cost <= MAX_COST:
                rated.append((cost, -self._frequency(candidate), candidate))
        return [candidate for _, _, candidate in sorted(rated)[:limit]]
