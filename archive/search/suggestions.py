"""Spelling suggestions from the index's own words, aware of how Persian is mistyped.

Persian writes one sound with several letters (ح/ه, ز/ذ/ض/ظ, س/ص/ث, ت/ط, غ/ق): a reader who
types حفت means هفت far more often than حق, which a plain edit distance ranks closer. So a
swap within one of these groups costs a fraction of another edit. The word list is built once
per index version (`Vocabulary`), keyed so that a zero-hit query looks candidates up instead
of scanning every word: its letters are mapped to their group, and words one deletion apart
meet under a shared key (the symmetric-delete scheme of SymSpell).
"""

from collections.abc import Iterable

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


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


class Vocabulary:
    """The words of an index with their document counts, for finding near spellings."""

    def __init__(self, words: Iterable[tuple[str, int]]) -> None:
        self._frequency: dict[str, int] = {}
        self._by_key: dict[str, list[str]] = {}
        for word, frequency in words:
            if len(word) < MIN_LENGTH or not word.isalpha():
                continue
            self._frequency[word] = frequency
            key = skeleton(word)
            self._by_key.setdefault(key, []).append(word)
            for deleted in _deletions(key):
                self._by_key.setdefault(deleted, []).append(word)

    def __len__(self) -> int:
        return len(self._frequency)

    def frequency(self, word: str) -> int:
        return self._frequency.get(word, 0)

    def candidates(self, word: str, *, limit: int = 5) -> list[str]:
        """Return up to `limit` indexed words near `word`, the nearest and commonest first."""
        if len(word) < MIN_LENGTH:
            return []
        key = skeleton(word)
        found: set[str] = set()
        for probe in (key, *_deletions(key)):
            found.update(self._by_key.get(probe, ()))
        found.discard(word)
        rated = []
        for candidate in found:
            cost = distance(word, candidate)
            if cost <= MAX_COST:
                rated.append((cost, -self._frequency[candidate], candidate))
        return [candidate for _, _, candidate in sorted(rated)[:limit]]
