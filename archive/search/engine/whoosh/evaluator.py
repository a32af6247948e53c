"""A Whoosh searcher's segments as the evaluator's arrays (`archive.search.engine.evaluator`).

Postings, lengths and field values are read from the segments' files with NumPy; phrases
read positions, and adjacent words with a common one are looked up as pairs. No Whoosh
query is built.
Per state of an index (its segments and their deletions), filters and phrase checks are
shared by the threads of a process whose searchers see that state (`IndexCaches`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from itertools import pairwise

import numpy as np

from archive.search.engine.evaluator import (
    PHRASES_KEPT,
    Arrays,
    FieldValues,
    IndexCaches,
    caches_for,
)
from archive.search.engine.whoosh import postings
from archive.search.engine.whoosh.analysis import pair_term, pairs_field, positions_field
from archive.search.engine.whoosh.postings import Postings, segment_key


class IndexArrays(Arrays):
    """Evaluate queries over one Whoosh searcher's segments with NumPy.

    Threads searching the same state of the same index (`scope`, say its directory) share
    filters, phrase checks, lengths and field values: a state is its segments and their
    deletions, which fix every document's number.
    """

    def __init__(self, searcher, *, scope: Hashable = None):
        self.searcher = searcher
        self.schema = searcher.schema
        self.size = searcher.doc_count_all()
        self.documents = self.size  # what a word's rarity is weighed against
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
        self._caches = caches_for((scope, state)) if scope is not None else IndexCaches()

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

    def phrase(
        self, fieldname: str, words: Sequence[str], slop: int, within: np.ndarray | None
    ) -> np.ndarray:
        """Return where the words occur in order, each within `slop` positions of the last.

        Adjacent words of which one is common are looked up as pairs (see
        analysis.PersianPairs): two such words need no positions at all, and longer phrases
        read positions only where every pair occurs. A word in a pair is not looked up on
        its own: the pair's documents hold it, and a common word's postings are long.
        """
        candidates = self.live.copy() if within is None else within & self.live
        paired: set[int] = set()
        if slop <= 1 and len(words) > 1:
            pairs = self._pairs(fieldname, words)
            for i, pair in pairs:
                candidates &= self.term_mask(pairs_field(fieldname), pair)
                paired.update((i, i + 1))
            if len(pairs) == len(words) - 1 == 1:
                return candidates
        for i, word in enumerate(words):
            if i not in paired:
                candidates &= self.term_mask(fieldname, word)
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

    def _pairs(self, fieldname: str, words: Sequence[str]) -> list[tuple[int, str]]:
        """Return (where, pair term) for the phrase's adjacent words that the index pairs."""
        name = pairs_field(fieldname)
        if name not in self.schema:
            return []
        paired = self.schema[name].format
        return [
            (i, pair_term(first, second))
            for i, (first, second) in enumerate(pairwise(words))
            if paired.pairs(first, second)
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
            # The text field's postings (read to match) tell where the positions' blocks end.
            ids = self._leaf_postings(reader, fieldname, text).ids if where != fieldname else None
            owner, leaf_triples = postings.read_occurrences(
                reader, where, text, docs[lo:hi] - offset, self._segment_keys[id(reader)], ids
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

    def average_length(self, fieldname: str) -> float:
        if fieldname not in self._caches.avg_length:
            self._caches.avg_length[fieldname] = self.searcher.avg_field_length(fieldname) or 1
        return self._caches.avg_length[fieldname]
