"""Queries of the archive's query tree evaluated over a Whoosh searcher's postings with NumPy.

Matching, counting, facets, date order and BM25 scores are vector operations over the whole
index; only phrases read positions, and only for documents that have every word. The tree
(`archive.search.query`) is walked directly: no Whoosh query is built.

Per state of an index (its segments and their deletions), filters and phrase checks are
shared by the threads of a process whose searchers see that state (`IndexCaches`).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from archive.search import query as q
from archive.search.engine.whoosh import postings
from archive.search.engine.whoosh.analysis import pair_term, pairs_field, positions_field
from archive.search.engine.whoosh.postings import Postings, segment_key

# Whoosh's BM25F defaults (what its searcher scores with unless told otherwise).
BM25_B = 0.75
BM25_K1 = 1.2
# Filters and phrases kept per index state (each costs about one byte per document).
FILTERS_KEPT = 64
PHRASES_KEPT = 64


class FieldValues:
    """A field's values over the whole index: `values[codes[i]]` is a value of `docs[i]`."""

    def __init__(self, values: list, docs: np.ndarray, codes: np.ndarray):
        self.values = values
        self.docs = docs
        self.codes = codes

    def counts(self, mask: np.ndarray) -> dict:
        """Count the documents of `mask` having each value."""
        found = np.bincount(self.codes[mask[self.docs]], minlength=len(self.values))
        return {self.values[i]: int(found[i]) for i in np.flatnonzero(found).tolist()}


@dataclass
class IndexCaches:
    """What `IndexArrays` keeps for one state of an index, shared by a process's threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    lengths: dict[str, np.ndarray] = field(default_factory=dict)
    values: dict[str, FieldValues] = field(default_factory=dict)
    sort_keys: dict[str, np.ndarray] = field(default_factory=dict)
    avg_length: dict[str, float] = field(default_factory=dict)
    filters: OrderedDict[q.Query, np.ndarray] = field(default_factory=OrderedDict)
    phrases: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = field(default_factory=OrderedDict)


_states: OrderedDict[Hashable, IndexCaches] = OrderedDict()
_states_lock = threading.Lock()
# The current state of each index and the one before (threads still searching it).
STATES_KEPT = 2


def _caches_for(state: Hashable) -> IndexCaches:
    with _states_lock:
        if state not in _states:
            _states[state] = IndexCaches()
            while len(_states) > STATES_KEPT:
                _states.popitem(last=False)
        _states.move_to_end(state)
        return _states[state]


class IndexArrays:
    """Evaluate queries over one Whoosh searcher's segments with NumPy.

    Threads searching the same state of the same index (`scope`, say its directory) share
    filters, phrase checks, lengths and field values: a state is its segments and their
    deletions, which fix every document's number.
    """

    def __init__(self, searcher, *, scope: Hashable = None):
        self.searcher = searcher
        self.schema = searcher.schema
        self.size = searcher.doc_count_all()
        leaves = [(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()]
        # An empty index has a reader without segments.
        self.leaves = sorted(
            [(r, o) for r, o in leaves if r.doc_count_all() and hasattr(r, "segment")],
            key=lambda leaf: leaf[1],
        )
        self.live = np.zeros(self.size, dtype=bool)
        for reader, offset in self.leaves:
            self.live[offset : offset + reader.doc_count_all()] = True
            if reader.has_deletions():
                deleted = np.fromiter(reader.deleted_docs_set, dtype=np.int64)
                self.live[deleted + offset] = False
        # Once per searcher: the key reads the segment's file record, and every term looks it up.
        self._segment_keys = {id(reader): segment_key(reader) for reader, _ in self.leaves}
        state = tuple(
            (self._segment_keys[id(reader)], reader.segment().deleted_count())
            for reader, _ in self.leaves
        )
        # Without a scope, nothing is shared (two indexes may hold the same segment names).
        self._caches = _caches_for((scope, state)) if scope is not None else IndexCaches()

    # Terms and columns

    def _leaf_postings(self, reader, fieldname: str, text: str) -> Postings:
        key = (self._segment_keys[id(reader)], fieldname, text)
        return postings.terms.get(key, lambda: postings.read_postings(reader, fieldname, text))

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return a term's document numbers and weights over the whole index."""
        ids, weights = [], []
        for reader, offset in self.leaves:
            found = self._leaf_postings(reader, fieldname, text)
            ids.append(found.ids.astype(np.int64) + offset)
            weights.append(found.weights)
        if not ids:
            return np.empty(0, np.int64), np.empty(0, np.float32)
        return np.concatenate(ids), np.concatenate(weights)

    def term_mask(self, fieldname: str, text: str) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[self.postings(fieldname, text)[0]] = True
        return mask

    def lengths(self, fieldname: str) -> np.ndarray:
        if fieldname not in self._caches.lengths:
            table = np.ones(self.size, dtype=np.float32)
            for reader, offset in self.leaves:
                column = postings.segment_lengths(reader, fieldname)
                table[offset : offset + len(column)] = column
            self._caches.lengths[fieldname] = table
        return self._caches.lengths[fieldname]

    def field_values(self, fieldname: str) -> FieldValues:
        """Return every value of a keyword, numeric or date field, by document."""
        if fieldname not in self._caches.values:
            index: dict = {}
            docs, codes = [], []
            for reader, offset in self.leaves:
                values, leaf_docs, leaf_codes = postings.segment_values(
                    reader, self.schema, fieldname
                )
                lookup = np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int32)
                docs.append(leaf_docs.astype(np.int64) + offset)
                codes.append(lookup[leaf_codes] if len(values) else leaf_codes)
            self._caches.values[fieldname] = FieldValues(
                list(index),
                np.concatenate(docs) if docs else np.empty(0, np.int64),
                np.concatenate(codes) if codes else np.empty(0, np.int32),
            )
        return self._caches.values[fieldname]

    def sort_keys(self, fieldname: str) -> np.ndarray:
        """Rank every document by a single-valued field: -1 where it has no value."""
        if fieldname not in self._caches.sort_keys:
            field = self.field_values(fieldname)
            order = sorted(range(len(field.values)), key=field.values.__getitem__)
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            keys = np.full(self.size, -1, dtype=np.int64)
            keys[field.docs] = rank[field.codes]
            self._caches.sort_keys[fieldname] = keys
        return self._caches.sort_keys[fieldname]

    # Matching

    def matches(self, query: q.Query, *, within: np.ndarray | None = None) -> np.ndarray:
        """Return the mask of live documents matching `query`.

        With `within`, phrases check positions only there: outside it, the mask is not exact.
        """
        return self._match(query, within) & self.live

    def filter(self, query: q.Query) -> np.ndarray:
        """Like `matches`, kept for the searcher's life (filters repeat from query to query)."""
        key = query  # frozen: equal queries are equal keys
        with self._caches.lock:
            found = self._caches.filters.get(key)
        if found is None:
            found = self.matches(query)
            with self._caches.lock:
                self._caches.filters[key] = found
                while len(self._caches.filters) > FILTERS_KEPT:
                    self._caches.filters.popitem(last=False)
        return found

    def _match(self, query: q.Query, within: np.ndarray | None) -> np.ndarray:
        # `within`, when given, is where the caller will look: phrases check no positions
        # outside it (the result may still hold documents outside it).
        if isinstance(query, q.Term):
            return self.term_mask(query.field, query.text)
        if isinstance(query, q.Phrase):
            return self.phrase(query.field, query.words, query.slop, within)
        if isinstance(query, q.And):
            found = within
            # Phrases last, so that they check positions only where the rest matched.
            for sub in sorted(query.subqueries, key=lambda sub: isinstance(sub, q.Phrase)):
                part = self._match(sub, found)
                found = part if found is None else found & part
            return found if found is not None else np.zeros(self.size, dtype=bool)
        if isinstance(query, q.Or):
            found = np.zeros(self.size, dtype=bool)
            for sub in query.subqueries:
                found |= self._match(sub, within)
            return found
        if isinstance(query, q.AndNot):
            positive = self._match(query.positive, within)
            return positive & ~self._match(query.negative, positive)
        if isinstance(query, q.Every):
            return self.live.copy()
        if isinstance(query, q.DateRange):
            return self._date_range(query)
        raise TypeError(f"not a query of archive.search.query: {query!r}")

    def _date_range(self, query: q.DateRange) -> np.ndarray:
        field = self.field_values(query.field)
        inside = np.ones(len(field.values), dtype=bool)
        for i, value in enumerate(field.values):
            if query.start is not None and value < query.start:
                inside[i] = False
            if query.end is not None and value > query.end:
                inside[i] = False
        mask = np.zeros(self.size, dtype=bool)
        mask[field.docs[inside[field.codes]]] = True
        return mask

    def phrase(
        self, fieldname: str, words: Sequence[str], slop: int, within: np.ndarray | None
    ) -> np.ndarray:
        """Return where the words occur in order, each within `slop` positions of the last.

        Adjacent common words are looked up as pairs (see analysis.PersianPairs): two of
        them need no positions at all, and longer phrases read positions only where every
        pair occurs.
        """
        candidates = self.live.copy() if within is None else within & self.live
        for word in words:
            candidates &= self.term_mask(fieldname, word)
        if slop <= 1 and len(words) > 1:
            pairs = self._pairs(fieldname, words)
            for pair in pairs:
                candidates &= self.term_mask(pairs_field(fieldname), pair)
            if len(pairs) == len(words) - 1 == 1:
                return candidates
        key = (fieldname, tuple(words), slop)
        with self._caches.lock:
            checked, found = self._caches.phrases.get(key) or (
                np.zeros(self.size, dtype=bool),
                np.zeros(self.size, dtype=bool),
            )
        todo = np.flatnonzero(candidates & ~checked)
        if len(todo):
            checked, found = checked.copy(), found.copy()
            found[self._in_order(fieldname, words, slop, todo)] = True
            checked[todo] = True
            with self._caches.lock:
                self._caches.phrases[key] = (checked, found)
                while len(self._caches.phrases) > PHRASES_KEPT:
                    self._caches.phrases.popitem(last=False)
        return candidates & found

    def _pairs(self, fieldname: str, words: Sequence[str]) -> list[str]:
        """Return the pair terms of the phrase's adjacent words that the index pairs."""
        name = pairs_field(fieldname)
        if name not in self.schema:
            return []
        common = self.schema[name].format.common
        return [
            pair_term(first, second)
            for first, second in pairwise(words)
            if first in common and second in common
        ]

    def occurrences(self, fieldname: str, text: str, docs: np.ndarray):
        """Return (index into `docs`, n x 3 array of position, start, end) of a term in `docs`.

        `docs` must be sorted.
        """
        # The text field's positions are a field of their own (analysis.positions_field).
        where = positions_field(fieldname)
        if where not in self.schema:
            where = fieldname
        owners, triples = [], []
        for reader, offset in self.leaves:
            lo, hi = np.searchsorted(docs, [offset, offset + reader.doc_count_all()])
            if lo == hi:
                continue
            owner, leaf_triples = postings.read_occurrences(
                reader, where, text, docs[lo:hi] - offset, self._segment_keys[id(reader)]
            )
            owners.append(owner + lo)
            triples.append(leaf_triples)
        if not owners:
            return np.empty(0, np.int64), np.empty((0, 3), np.int64)
        return np.concatenate(owners), np.concatenate(triples)

    def spans(self, fieldname: str, terms, docs: list[int]) -> dict[int, list[tuple[int, int]]]:
        """Return the character spans of the terms in each document, in text order."""
        spans: dict[int, list[tuple[int, int]]] = {d: [] for d in docs}
        ordered = np.array(sorted(docs), dtype=np.int64)
        for term in set(terms):
            owner, triples = self.occurrences(fieldname, term, ordered)
            for i, start, end in zip(
                owner.tolist(), triples[:, 1].tolist(), triples[:, 2].tolist(), strict=True
            ):
                spans[int(ordered[i])].append((start, end))
        for found in spans.values():
            found.sort()
        return spans

    def _in_order(self, fieldname: str, words: Sequence[str], slop: int, docs: np.ndarray):
        """Return the documents of `docs` where the words occur in order within `slop`."""
        # A (document, position) pair as one sortable number.
        ends: np.ndarray | None = None
        for word in words:
            owner, triples = self.occurrences(fieldname, word, docs)
            keys = np.unique((owner << 32) | triples[:, 0])
            if ends is None:
                ends = keys
            else:
                steps = [ends + step for step in range(1, max(slop, 1) + 1)]
                reached = np.concatenate(steps)
                ends = np.unique(reached[np.isin(reached, keys, assume_unique=False)])
            if not len(ends):
                return np.empty(0, np.int64)
        return docs[np.unique(ends >> 32)]

    # Scoring

    def scores(self, query: q.Query, docs: np.ndarray) -> np.ndarray:
        """Return BM25F scores of `query` for the (sorted) documents `docs`."""
        if isinstance(query, q.Term):
            return self._term_scores(query.field, query.text, docs) * query.boost
        if isinstance(query, q.Phrase):
            within = np.zeros(self.size, dtype=bool)
            within[docs] = True
            inside = self.phrase(query.field, query.words, query.slop, within)[docs]
            total = np.zeros(len(docs))
            for word in query.words:
                total += self._term_scores(query.field, word, docs)
            return np.where(inside, total * query.boost, 0.0)
        if isinstance(query, (q.And, q.Or)):
            total = np.zeros(len(docs))
            for sub in query.subqueries:
                total += self.scores(sub, docs)
            return total
        if isinstance(query, q.AndNot):
            return self.scores(query.positive, docs)
        return np.ones(len(docs))

    def _term_scores(self, fieldname: str, text: str, docs: np.ndarray) -> np.ndarray:
        ids, weights = self.postings(fieldname, text)
        scores = np.zeros(len(docs))
        if not len(ids) or not len(docs):
            return scores
        at = np.minimum(np.searchsorted(ids, docs), len(ids) - 1)
        present = ids[at] == docs
        idf = math.log(self.size / (len(ids) + 1)) + 1
        if fieldname not in self._caches.avg_length:
            self._caches.avg_length[fieldname] = self.searcher.avg_field_length(fieldname) or 1
        avg = self._caches.avg_length[fieldname]
        tf = weights[at[present]].astype(np.float64)
        length = self.lengths(fieldname)[docs[present]]
        scores[present] = (
            idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * ((1 - BM25_B) + BM25_B * length / avg))
        )
        return scores
