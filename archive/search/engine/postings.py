"""Whoosh postings read a block at a time into NumPy arrays, and queries evaluated on them.

Whoosh matches, counts and scores a query one document at a time in Python: at 20,000
articles a common word cost over 100 ms before a page could be shown. Its postings are
stored in blocks of up to 128 documents; read a block at once, they become arrays, and
matching, counting, facets, date order and BM25 scores become vector operations over the
whole index. Only phrases read positions, and only for documents that have every word.

What is kept, and for how long:
- a term's document numbers and weights, per segment, in a module-wide cache bounded in
  bytes (segments never change once written; deletions are applied from the searcher);
- per segment, field lengths and the values of facet and date fields;
- per state of an index (its segments and their deletions), filters and phrase checks,
  shared by the threads of a process whose searchers see that state (`IndexCaches`).

`IndexArrays` evaluates the queries `archive.search` builds (Term, Phrase, And, Or, AndNot,
AndMaybe, Every, DateRange); any other query is matched by Whoosh itself.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

# Whoosh's BM25F defaults (what its searcher scores with unless told otherwise).
BM25_B = 0.75
BM25_K1 = 1.2
# Bytes of term postings kept across searches, shared by the threads of a process.
TERM_CACHE_BYTES = 96 * 1024 * 1024
# Filters and phrases kept per index state (each costs about one byte per document).
FILTERS_KEPT = 64
PHRASES_KEPT = 64

# Positions and offsets as our text format writes them (whoosh_backend.PersianCharacters): a
# 4-byte tag, then the positions, the start offsets and the end offsets, as little-endian uint16
# when every offset fits (most texts), else uint32. Whoosh's own format starts with a
# big-endian count, whose first byte is 0.
TAG_16 = b"\xffPC2"
TAG_32 = b"\xffPC1"
TAGS = {TAG_16: np.dtype("<u2"), TAG_32: np.dtype("<u4")}

_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
_LENGTH_OF_BYTE[0] = 1.0  # Whoosh scores a missing length as 1


# --- reading postings -----------------------------------------------------------------------


def _leaf_matcher(reader, fieldname: str, text: str):
    """Return the raw postings matcher of a term in one segment, or None if absent."""
    if (fieldname, text) not in reader:
        return None
    matcher = reader.postings(fieldname, text)
    # Deleted documents are taken out by the caller's live mask, for every term at once.
    while isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    return matcher


def _blocks(matcher):
    """Yield the matcher at each of its blocks (W3 postings), block data loaded lazily."""
    while True:
        yield matcher
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)


def _block_ids(matcher) -> np.ndarray:
    if matcher._data is None:
        matcher._read_data()
    ids = np.asarray(matcher._data[0], dtype=np.int64)
    return ids if matcher._byteids else np.cumsum(ids)


def _block_weights(matcher) -> np.ndarray:
    weights = matcher._data[1]
    if weights is None:
        return np.ones(matcher._blocklength, dtype=np.float32)
    if isinstance(weights, float):
        return np.full(matcher._blocklength, weights, dtype=np.float32)
    return np.asarray(weights, dtype=np.float32)


class Postings(NamedTuple):
    """A term's postings in one segment, deleted documents included."""

    ids: np.ndarray  # document numbers, ascending
    weights: np.ndarray
    # Where each block starts, in `ids` and in the postings file (W3 postings only).
    block_starts: np.ndarray
    block_offsets: np.ndarray


_NO_BLOCKS = np.empty(0, dtype=np.int64)


def read_postings(reader, fieldname: str, text) -> Postings:
    """Read a term's postings in one segment, a block at a time."""
    matcher = _leaf_matcher(reader, fieldname, text)
    if matcher is None:
        return Postings(np.empty(0, np.int32), np.empty(0, np.float32), _NO_BLOCKS, _NO_BLOCKS)
    if not isinstance(matcher, W3LeafMatcher):  # inlined postings of a rare term
        ids, weights = [], []
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
        return Postings(
            np.array(ids, dtype=np.int32), np.array(weights, np.float32), _NO_BLOCKS, _NO_BLOCKS
        )
    id_parts, weight_parts, offsets = [], [], [matcher._baseoffset]
    for block in _blocks(matcher):
        id_parts.append(_block_ids(block))
        weight_parts.append(_block_weights(block))
        offsets.append(block._nextoffset)
    sizes = np.array([len(part) for part in id_parts], dtype=np.int64)
    return Postings(
        np.concatenate(id_parts).astype(np.int32),
        np.concatenate(weight_parts),
        np.cumsum(sizes) - sizes,
        np.array(offsets[:-1], dtype=np.int64),
    )


def read_values(
    reader, fieldname: str, text: str, found: Postings, wanted: np.ndarray
) -> tuple[np.ndarray, list]:
    """Return (indexes into `wanted`, encoded values) of a term's postings in those documents.

    `wanted` holds sorted document numbers of the segment; only the blocks holding them are
    read.
    """
    ids = found.ids
    if not len(ids) or not len(wanted):
        return np.empty(0, np.int64), []
    at = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
    hit = np.flatnonzero(ids[at] == wanted)
    if not len(hit):
        return hit, []
    matcher = _leaf_matcher(reader, fieldname, text)
    if not isinstance(matcher, W3LeafMatcher):
        values = []
        for docnum in wanted[hit].tolist():
            matcher.skip_to(docnum)
            values.append(matcher.value())
        return hit, values
    postings = at[hit]
    blocks = np.searchsorted(found.block_starts, postings, side="right") - 1
    values = []
    current = -1
    for block, posting in zip(blocks.tolist(), postings.tolist(), strict=True):
        if block != current:
            matcher._goto(int(found.block_offsets[block]))
            matcher._read_data()
            block_values, first, current = matcher._data[2], found.block_starts[block], block
        values.append(block_values[posting - first])
    return hit, values


def is_ours(value: bytes) -> bool:
    """Say whether a value was written by our text format (not Whoosh's Characters)."""
    return value[:4] in TAGS


def decode_triples(value: bytes) -> np.ndarray:
    """Return an n x 3 array of (position, start, end) from one value of our format."""
    flat = np.frombuffer(value, dtype=TAGS[value[:4]], offset=4)
    return flat.reshape(3, -1).T.astype(np.int64)


def _triples(values: list) -> tuple[np.ndarray, np.ndarray]:
    # Values of one width, decoded all at once.
    width = TAGS[values[0][:4]].itemsize
    words = (np.fromiter(map(len, values), dtype=np.int64, count=len(values)) - 4) // width
    counts = words // 3
    buffer = np.frombuffer(b"".join(values), dtype=TAGS[values[0][:4]])
    owner = np.repeat(np.arange(len(values)), counts)
    rank = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    # Each value is its tag (4 // width words), then n positions, n starts and n ends.
    first = (np.cumsum(words + 4 // width) - words)[owner] + rank
    step = counts[owner]
    triples = np.stack([buffer[first], buffer[first + step], buffer[first + 2 * step]], 1)
    return owner, triples.astype(np.int64)


def triples_of(values: list, decode_characters: Callable[[bytes], list]):
    """Return (value index, n x 3 array of position, start, end) for encoded values.

    Values in our format are decoded all at once, a width at a time; older ones (Whoosh's
    pickled Characters) one by one through `decode_characters`.
    """
    owners, triples = [], []
    for tag in TAGS:
        chosen = [i for i, v in enumerate(values) if v[:4] == tag]
        if chosen:
            owner, found = _triples([values[i] for i in chosen])
            owners.append(np.array(chosen, dtype=np.int64)[owner])
            triples.append(found)
    for i, value in enumerate(values):
        if not is_ours(value):
            found = decode_characters(value)
            owners.append(np.full(len(found), i, dtype=np.int64))
            triples.append(np.array(found, dtype=np.int64).reshape(-1, 3))
    if not owners:
        return np.empty(0, np.int64), np.empty((0, 3), np.int64)
    return np.concatenate(owners), np.concatenate(triples)


# --- caches of what segments hold -----------------------------------------------------------


class _BytesLRU:
    """A thread-safe LRU cache of NumPy arrays (or tuples of them), bounded in bytes."""

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self._items: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], object]):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key][0]
        value = make()  # outside the lock: another thread may read another term meanwhile
        parts = value if isinstance(value, tuple) else (value,)  # a NamedTuple too
        nbytes = sum(getattr(p, "nbytes", 64) for p in parts)
        with self._lock:
            if key not in self._items:
                self._items[key] = (value, nbytes)
                self.size += nbytes
            while self.size > self.limit and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self.size -= dropped
        return value


_terms = _BytesLRU(TERM_CACHE_BYTES)
# Field lengths and field values: a few bytes per document and field, for every segment.
_columns = _BytesLRU(TERM_CACHE_BYTES)


def _segment_key(reader) -> str:
    return reader.segment().segment_id()


def _segment_lengths(reader, fieldname: str) -> np.ndarray:
    def make() -> np.ndarray:
        count = reader.doc_count_all()
        column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        encoded = np.zeros(count, dtype=np.uint8)
        if column is not None:
            # One byte per document, up to the last one that has the field.
            stored = column._dbfile.get(column._basepos, column._count)
            encoded[: len(stored)] = np.frombuffer(stored, dtype=np.uint8)
        return _LENGTH_OF_BYTE[encoded]

    return _columns.get((_segment_key(reader), "length", fieldname), make)


def _segment_values(reader, schema, fieldname: str) -> tuple[list, np.ndarray, np.ndarray]:
    """Return a field's values in one segment: (values, document numbers, value indexes)."""

    def make() -> tuple[list, np.ndarray, np.ndarray]:
        values: list = []
        docs, codes = [], []
        if fieldname in reader.indexed_field_names():
            fieldobj = schema[fieldname]
            for btext in fieldobj.sortable_terms(reader, fieldname):
                ids = read_postings(reader, fieldname, btext).ids
                docs.append(ids)
                codes.append(np.full(len(ids), len(values), dtype=np.int32))
                values.append(fieldobj.from_bytes(btext))
        if not docs:
            return values, np.empty(0, np.int32), np.empty(0, np.int32)
        return values, np.concatenate(docs), np.concatenate(codes)

    return _columns.get((_segment_key(reader), "values", fieldname), make)


# --- one searcher's view --------------------------------------------------------------------


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
    filters: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict)
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
        state = tuple(
            (_segment_key(reader), reader.segment().deleted_count()) for reader, _ in self.leaves
        )
        # Without a scope, nothing is shared (two indexes may hold the same segment names).
        self._caches = _caches_for((scope, state)) if scope is not None else IndexCaches()

    # Terms and columns

    def _leaf_postings(self, reader, fieldname: str, text: str) -> Postings:
        key = (_segment_key(reader), fieldname, text)
        return _terms.get(key, lambda: read_postings(reader, fieldname, text))

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
                column = _segment_lengths(reader, fieldname)
                table[offset : offset + len(column)] = column
            self._caches.lengths[fieldname] = table
        return self._caches.lengths[fieldname]

    def field_values(self, fieldname: str) -> FieldValues:
        """Return every value of a keyword, numeric or date field, by document."""
        if fieldname not in self._caches.values:
            index: dict = {}
            docs, codes = [], []
            for reader, offset in self.leaves:
                values, leaf_docs, leaf_codes = _segment_values(reader, self.schema, fieldname)
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

    def matches(self, query: wq.Query, *, within: np.ndarray | None = None) -> np.ndarray:
        """Return the mask of live documents matching `query`.

        With `within`, phrases check positions only there: outside it, the mask is not exact.
        """
        return self._match(query, within) & self.live

    def filter(self, query: wq.Query) -> np.ndarray:
        """Like `matches`, kept for the searcher's life (filters repeat from query to query)."""
        key = repr(query)
        with self._caches.lock:
            found = self._caches.filters.get(key)
        if found is None:
            found = self.matches(query)
            with self._caches.lock:
                self._caches.filters[key] = found
                while len(self._caches.filters) > FILTERS_KEPT:
                    self._caches.filters.popitem(last=False)
        return found

    def _match(self, query: wq.Query, within: np.ndarray | None) -> np.ndarray:
        # `within`, when given, is where the caller will look: phrases check no positions
        # outside it (the result may still hold documents outside it).
        if isinstance(query, wq.Term):
            return self.term_mask(query.fieldname, query.text)
        if isinstance(query, wq.Phrase):
            return self.phrase(query.fieldname, query.words, query.slop, within)
        if isinstance(query, wq.And):
            found = within
            # Phrases last, so that they check positions only where the rest matched.
            for sub in sorted(query.subqueries, key=lambda q: isinstance(q, wq.Phrase)):
                part = self._match(sub, found)
                found = part if found is None else found & part
            return found if found is not None else np.zeros(self.size, dtype=bool)
        if isinstance(query, wq.Or):
            found = np.zeros(self.size, dtype=bool)
            for sub in query.subqueries:
                found |= self._match(sub, within)
            return found
        if isinstance(query, wq.AndNot):
            positive = self._match(query.a, within)
            return positive & ~self._match(query.b, positive)
        if isinstance(query, wq.AndMaybe):
            return self._match(query.a, within)
        if isinstance(query, wq.Every):
            return self.live.copy()
        if isinstance(query, wq.DateRange):
            return self._date_range(query)
        if query is wq.NullQuery:
            return np.zeros(self.size, dtype=bool)
        mask = np.zeros(self.size, dtype=bool)
        mask[list(self.searcher.docs_for_query(query))] = True
        return mask

    def _date_range(self, query: wq.DateRange) -> np.ndarray:
        field = self.field_values(query.fieldname)
        inside = np.ones(len(field.values), dtype=bool)
        for i, value in enumerate(field.values):
            if query.startdate is not None and (
                value < query.startdate or (query.startexcl and value == query.startdate)
            ):
                inside[i] = False
            if query.enddate is not None and (
                value > query.enddate or (query.endexcl and value == query.enddate)
            ):
                inside[i] = False
        mask = np.zeros(self.size, dtype=bool)
        mask[field.docs[inside[field.codes]]] = True
        return mask

    def phrase(
        self, fieldname: str, words: list[str], slop: int, within: np.ndarray | None
    ) -> np.ndarray:
        """Return where the words occur in order, each within `slop` positions of the last."""
        candidates = self.live.copy() if within is None else within & self.live
        for word in words:
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

    def occurrences(self, fieldname: str, text: str, docs: np.ndarray):
        """Return (index into `docs`, n x 3 array of position, start, end) of a term in `docs`.

        `docs` must be sorted.
        """
        decode = self.schema[fieldname].format.decode_characters
        owners, triples = [], []
        for reader, offset in self.leaves:
            lo, hi = np.searchsorted(docs, [offset, offset + reader.doc_count_all()])
            if lo == hi:
                continue
            found = self._leaf_postings(reader, fieldname, text)
            found_at, values = read_values(reader, fieldname, text, found, docs[lo:hi] - offset)
            if not values:
                continue
            owner, leaf_triples = triples_of(values, decode)
            owners.append(found_at[owner] + lo)
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

    def _in_order(self, fieldname: str, words: list[str], slop: int, docs: np.ndarray):
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

    def scores(self, query: wq.Query, docs: np.ndarray) -> np.ndarray:
        """Return BM25F scores of `query` for the (sorted) documents `docs`."""
        if isinstance(query, wq.Term):
            return self._term_scores(query.fieldname, query.text, docs) * query.boost
        if isinstance(query, wq.Phrase):
            within = np.zeros(self.size, dtype=bool)
            within[docs] = True
            inside = self.phrase(query.fieldname, query.words, query.slop, within)[docs]
            total = np.zeros(len(docs))
            for word in query.words:
                total += self._term_scores(query.fieldname, word, docs)
            return np.where(inside, total * query.boost, 0.0)
        if isinstance(query, (wq.And, wq.Or)):
            total = np.zeros(len(docs))
            for sub in query.subqueries:
                total += self.scores(sub, docs)
            return total
        if isinstance(query, wq.AndNot):
            return self.scores(query.a, docs)
        if isinstance(query, wq.AndMaybe):
            return self.scores(query.a, docs) + self.scores(query.b, docs)
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
