"""Find mentions of known people and organisations in a text, for linking them to articles.

Names are matched as whole word sequences on the folded surface words of persian.surface_words()
(the analyzer's word boundaries and spelling folds, without its inflection stripping):

- folding catches the spelling variants that matter for names: "فواد كيخسروي" is "فواد کیخسروی",
  هفت‌تپه is هفت تپه is هفتتپه (words are compared with their separators removed), ۀ is ه;
- stemmed search terms would be wrong here: they map ایرانی to ایران, کارگران to کارگر and the
  surname کیخسروی to کیخسرو, so a mention of one name would link another entity.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping

from archive.text.persian import surface_words

# A name of one or two letters (a bare initial, "و", "ما") matches too much to mean anything.
MIN_NAME_LENGTH = 3


def name_key(name: str) -> str:
    """Return the form under which a name is matched: its folded words, separators removed."""
    return "".join(word for word, _, _ in surface_words(name))


class EntityMatcher:
    """Match a fixed set of entity names against texts; build once, reuse for many texts."""

    def __init__(self, names: Mapping[Hashable, Iterable[str]]) -> None:
        self._keys: dict[str, list[Hashable]] = {}
        for key, aliases in names.items():
            for alias in aliases:
                folded = name_key(alias)
                if len(folded) < MIN_NAME_LENGTH:
                    continue
                keys = self._keys.setdefault(folded, [])
                if key not in keys:
                    keys.append(key)
        # Every prefix of every name: a scan stops extending a candidate as soon as it leaves
        # this set, so most words cost one set lookup.
        self._prefixes = frozenset(k[:i] for k in self._keys for i in range(1, len(k) + 1))

    def find_spans(self, text: str) -> list[tuple[Hashable, int, int]]:
        """Return (key, start, end) for each mention, longest name first where names overlap."""
        words = surface_words(text)
        spans: list[tuple[Hashable, int, int]] = []
        prefixes, keys = self._prefixes, self._keys
        n = len(words)
        resume = 0  # where the scan goes on after a match
        # Most words begin no name: the scan starts only from those that do.
        for i in [i for i, (word, _, _) in enumerate(words) if word in prefixes]:
            if i < resume:
                continue
            candidate, last, found = "", None, ""
            for j in range(i, n):
                candidate += words[j][0]
                if candidate not in prefixes:
                    break
                if candidate in keys:
                    last, found = j, candidate
            if last is None:
                continue
            spans.extend((key, words[i][1], words[last][2]) for key in keys[found])
            resume = last + 1
        return spans

    def find(self, text: str) -> dict[Hashable, int]:
        """Count the mentions of each entity in text."""
        return dict(Counter(key for key, _, _ in self.find_spans(text)))
