"""Whoosh glue for Persian text: the tokenizer and the text field's format.

Whoosh pickles the schema with the index, analyzer and format included, so both classes
live at this stable import path; an index whose schema names other classes (or Whoosh's own
Characters format) is of an older version and is rebuilt (see `store.outdated`).
"""

import sys
from array import array
from collections import defaultdict
from itertools import pairwise

from whoosh.analysis import Token, Tokenizer
from whoosh.formats import Characters, Existence, Frequency
from whoosh.system import pack_uint

from archive.search.engine.whoosh import postings
from archive.text import persian


class PersianTokenizer(Tokenizer):
    """Whoosh tokenizer yielding `archive.text.persian.tokens` terms with their original offsets."""

    def __init__(self):
        # Pickled with the schema: says which analyzer wrote the index (see store.outdated).
        self.version = persian.ANALYZER_VERSION

    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__

    def __hash__(self) -> int:
        return hash(self.__class__)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            t.original = t.text = value
            t.boost = 1.0
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar, t.endchar = start_char, start_char + len(value)
            yield t
            return
        for tok in persian.tokens(value):
            t.text = tok.term
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = value[tok.start : tok.end]
            if positions:
                t.pos = start_pos + tok.position
            if chars:
                t.startchar, t.endchar = start_char + tok.start, start_char + tok.end
            yield t


def PersianAnalyzer() -> PersianTokenizer:
    """Return the analyzer for Persian text fields (a tokenizer is a complete analyzer)."""
    return PersianTokenizer()


class PersianFrequency(Frequency):
    """The text field's format: how often each term occurs, for matching and ranking.

    Positions and offsets are a field of their own (`positions_field`, PersianCharacters):
    Whoosh reads a block's postings and values in one compressed pickle, so with them in the
    same field, counting a word's documents unpacked every position it has.
    """

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(analyzer, PersianTokenizer) or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        counts: defaultdict[str, int] = defaultdict(int)
        for token in _tokens(value):
            counts[token.term] += 1
        boost = self.field_boost
        for term, count in counts.items():
            yield term, count, count * boost, pack_uint(count)


class PersianCharacters(Characters):
    """Whoosh's Characters format (positions and offsets), stored as arrays, not pickles.

    A value is a tag, then the positions, start offsets and end offsets as little-endian
    uint16 or uint32 (see `postings.TAGS`): phrases decode thousands of them at once
    (`postings.triples_of`), where Whoosh unpickles each.

    A full text field is indexed from `persian.tokens` in one pass: going through the
    tokenizer costs a Whoosh Token update per word, about a third as much as the analysis.
    """

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(analyzer, PersianTokenizer) or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        seen: defaultdict[str, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
        for term, start, end, position in _tokens(value):
            positions, starts, ends = seen[term]
            positions.append(position)
            starts.append(start)
            ends.append(end)
        boost = self.field_boost
        for term, (positions, starts, ends) in seen.items():
            yield term, len(positions), len(positions) * boost, _encode(positions, starts, ends)

    def encode(self, poslist) -> bytes:
        positions, starts, ends = zip(*poslist, strict=True) if poslist else ((), (), ())
        return _encode(list(positions), list(starts), list(ends))

    def decode_characters(self, valuestring: bytes) -> list[tuple[int, int, int]]:
        return [tuple(row) for row in postings.decode_triples(valuestring).tolist()]

    def decode_positions(self, valuestring: bytes) -> list[int]:
        return postings.decode_triples(valuestring)[:, 0].tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(postings.decode_triples(valuestring))


# Joins the two terms of a pair in the pairs field (no term holds it).
PAIR_JOINER = "\x1f"


def positions_field(text_field: str) -> str:
    """Name the field holding a text field's positions and offsets."""
    return f"{text_field}_at"


def pairs_field(text_field: str) -> str:
    """Name the pairs field of a text field."""
    return f"{text_field}_pairs"


def pair_term(first: str, second: str) -> str:
    return f"{first}{PAIR_JOINER}{second}"


class PersianPairs(Existence):
    """The format of the pairs field: each two adjacent terms of the text, one of them common.

    A phrase with a common word (or a query's two words side by side) would otherwise read
    the positions of thousands of documents: most of a first phrase search's time, since a
    common word's positions fill a block of 128 documents each, and a rarer word's few
    documents are spread over most of them. As Lucene's CommonGrams does, every two adjacent
    terms of which one is common are a pair: a phrase of two such words needs no positions,
    and a longer one reads them only where all its pairs occur. Terms are common when they
    are in `common` (chosen by a rebuild, `store.common_terms`, and pickled with the schema,
    so that every process writes and reads the index with the same set).

    `either` is False in an index written before pairs with one rarer word were indexed:
    its pairs are of two common terms (and queries look no others up there).
    """

    either = False

    def __init__(self, common: frozenset[str] = frozenset(), **options):
        super().__init__(**options)
        self.common = frozenset(common)
        self.either = True

    def pairs(self, first: str, second: str) -> bool:
        """Say whether the index holds the pair of these two adjacent terms."""
        if self.either:
            return first in self.common or second in self.common
        return first in self.common and second in self.common

    def word_values(self, value, analyzer, **kwargs):
        if not self.common:
            return
        terms = [t.term for t in _tokens(value)]
        pairs: defaultdict[str, int] = defaultdict(int)
        for first, second in pairwise(terms):
            if self.pairs(first, second):
                pairs[pair_term(first, second)] += 1
        for pair, count in pairs.items():
            yield pair, count, float(count), b""


# The last text analysed and its tokens: the text field and the pairs field index the same
# text one after the other, and the analysis is most of what indexing costs.
_last_analysed: tuple[str | None, list] = (None, [])


def _tokens(value: str) -> list:
    global _last_analysed
    text, found = _last_analysed
    if text is not value:
        found = persian.tokens(value)
        _last_analysed = (value, found)
    return found


def _encode(positions: list[int], starts: list[int], ends: list[int]) -> bytes:
    # Offsets only grow: the last end is the largest number.
    narrow = not ends or ends[-1] < 1 << 16
    packed = array("H" if narrow else "I", positions + starts + ends)
    if sys.byteorder != "little":
        packed.byteswap()
    return (postings.TAG_16 if narrow else postings.TAG_32) + packed.tobytes()


def warm_analyzer() -> None:
    """Load the analyzer's word lists in this process, before writer processes fork from it.

    Each writer process would otherwise load them itself (about a second), once per write.
    """
    persian.analyze("کارگران")
