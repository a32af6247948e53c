"""Queries of the archive's query tree evaluated over an index's postings with NumPy.

Both engines read their postings into arrays over dense document numbers (the Whoosh engine
from its segments, `engine.whoosh.evaluator`; the PostgreSQL engine from its tables,
`engine.postgres.arrays`) and share what follows: matching, counting, facets, date order and
BM25F scores are vector operations over the whole index; only phrases read positions, and
only for documents that have every word. The tree (`archive.search.query`) is walked
directly. Per state of an index, filters and phrase checks are shared by the threads of a
process that see that state (`IndexCaches`).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np

from archive.search import query as q
from archive.search.engine import SearchRequest

# Whoosh's BM25F defaults (what its searcher scores with unless told otherwise).
BM25_B = 0.75
BM25_K1 = 1.2
# Filters and phrases kept per index state (each costs about one byte per document).
FILTERS_KEPT = 64
PHRASES_KEPT = 64
# The best documents by their words alone, among which words near each other lift a score.
PROXIMITY_WINDOW = 300
# Facets are counted over the matching documents' own values when fewer than one document
# in this many matches, over those of the documents that do not match when fewer than one
# in this many does not, else over every value of the field.
FEW_DOCUMENTS = 4


def ranks(counts: np.ndarray) -> np.ndarray:
    """Return 0 .. counts[i] - 1 for each i, one run after the other: with
    np.repeat(first, counts), the indexes of runs of `counts` items starting at `first`."""
    return np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)


class FieldValues:
    """A field's values over the whole index: `values[codes[i]]` is a value of `docs[i]`."""

    def __init__(self, values: list, docs: np.ndarray, codes: np.ndarray):
        self.values = values
        self.docs = docs
        self.codes = codes
        # By document, built the first time a few documents are counted (_by_document_of).
        self._by_document: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def counts(self, mask: np.ndarray, docs: np.ndarray | None = None) -> dict:
        """Count the documents of `mask` (whose numbers are `docs`) having each value.

        When few documents match, over their values only; when nearly all do, as every
        value less those of the few that do not; else over every value of the field.
        """
        size, many = len(mask), len(self.values)
        if docs is not None and len(docs) * FEW_DOCUMENTS < size:
            found = np.bincount(self._codes_of(docs, size), minlength=many)
        elif docs is not None and (size - len(docs)) * FEW_DOCUMENTS < size:
            others = self._codes_of(np.flatnonzero(~mask), size)
            found = self._by_document_of(size)[2] - np.bincount(others, minlength=many)
        else:
            found = np.bincount(self.codes[mask[self.docs]], minlength=many)
        return {self.values[i]: int(found[i]) for i in np.flatnonzero(found).tolist()}

    def _by_document_of(self, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (starts, codes, counts): document d's codes are codes[starts[d]:starts[d+1]],
        and counts how many documents have each value, deleted ones included."""
        if self._by_document is None or len(self._by_document[0]) != size + 1:
            order = np.argsort(self.docs, kind="stable")
            starts = np.searchsorted(self.docs[order], np.arange(size + 1))
            every = np.bincount(self.codes, minlength=len(self.values))
            self._by_document = (starts, self.codes[order], every)  # one assignment: shared
        return self._by_document

    def _codes_of(self, docs: np.ndarray, size: int) -> np.ndarray:
        starts, codes, _ = self._by_document_of(size)
        first, last = starts[docs], starts[docs + 1]
        counts = last - first
        return codes[np.repeat(first, counts) + ranks(counts)]


@dataclass
class IndexCaches:
    """What an engine's `Arrays` keep for one state of an index, shared by a process's threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    lengths: dict[str, np.ndarray] = field(default_factory=dict)
    values: dict[str, FieldValues] = field(default_factory=dict)
    sort_keys: dict[str, np.ndarray] = field(default_factory=dict)
    avg_length: dict[str, float] = field(default_factory=dict)
    filters: OrderedDict[q.Query, np.ndarray] = field(default_factory=OrderedDict)
    phrases: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = field(default_factory=OrderedDict)
    derived: dict = field(default_factory=dict)  # RawPage.derived


_states: OrderedDict[Hashable, IndexCaches] = OrderedDict()
_states_lock = threading.Lock()
# The current state of each index and the one before (threads still searching it).
STATES_KEPT = 2


def caches_for(state: Hashable) -> IndexCaches:
    with _states_lock:
        if state not in _states:
            _states[state] = IndexCaches()
            while len(_states) > STATES_KEPT:
                _states.popitem(last=False)
        _states.move_to_end(state)
        return _states[state]


class Arrays:
    """An index as arrays over dense document numbers 0..size-1: what `evaluate` reads.

    An engine's subclass says where postings, lengths, field values and phrases come from;
    matching, filters, date ranges, sort keys and scores are the same for both.
    """

    size: int  # document numbers, deleted ones included
    documents: int  # what a word's rarity is weighed against
    live: np.ndarray  # the documents not deleted
    _caches: IndexCaches

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Return a term's (sorted) document numbers and weights."""
        raise NotImplementedError

    def lengths(self, fieldname: str) -> np.ndarray:
        """Return every document's length in a field, as scored."""
        raise NotImplementedError

    def average_length(self, fieldname: str) -> float:
        raise NotImplementedError

    def field_values(self, fieldname: str) -> FieldValues:
        """Return every value of a keyword, numeric or date field, by document."""
        raise NotImplementedError

    def phrase(
        self, fieldname: str, words: Sequence[str], slop: int, within: np.ndarray | None
    ) -> np.ndarray:
        """Return where the words occur in order, each within `slop` positions of the last.

        With `within`, positions need only be checked there.
        """
        raise NotImplementedError

    @property
    def derived(self) -> dict:
        """What callers work out from this state of the index (`RawPage.derived`)."""
        return self._caches.derived

    def term_mask(self, fieldname: str, text: str) -> np.ndarray:
        mask = np.zeros(self.size, dtype=bool)
        mask[self.postings(fieldname, text)[0]] = True
        return mask

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
        idf = math.log(self.documents / (len(ids) + 1)) + 1
        avg = self.average_length(fieldname)
        tf = weights[at[present]].astype(np.float64)
        length = self.lengths(fieldname)[docs[present]]
        scores[present] = (
            idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * ((1 - BM25_B) + BM25_B * length / avg))
        )
        return scores


@dataclass
class Evaluated:
    """What matched a request: the total, the page shown, its (score, document) and facets."""

    total: int
    page: int
    top: list[tuple[float | None, int]]
    facets: dict[str, dict]


def evaluate(arrays: Arrays, request: SearchRequest) -> Evaluated:
    """Match, count, facet and order a request over `arrays`; return the page asked for.

    Proximity is weighed for the PROXIMITY_WINDOW best documents only, since it reads word
    positions. Every match is counted and faceted exactly.
    """
    match, per_page = request.match, request.per_page
    allowed = arrays.live if request.filter is None else arrays.filter(request.filter)
    matched = arrays.matches(match, within=allowed) & allowed
    docs = np.flatnonzero(matched)
    total = len(docs)
    # Past the last page, show the last page (as Django's Paginator.get_page does).
    page = max(1, min(request.page, -(-total // per_page)))
    start = (page - 1) * per_page

    counts = {
        name: arrays.field_values(fieldname).counts(matched, docs)
        for name, fieldname in request.facets.items()
    }

    scores = None
    if not total:
        order = docs
    elif request.sort_by is not None:
        keys = arrays.sort_keys(request.sort_by)[docs]
        # Undated documents last, whichever the direction; equals in index order.
        primary = (
            np.where(keys < 0, 1, -keys) if request.reverse else np.where(keys < 0, total, keys)
        )
        order = np.lexsort((docs, primary))
    else:
        scores = arrays.scores(match, docs)
        for boost in request.boosts:
            scores += arrays.scores(boost, docs)
        order = np.lexsort((docs, -scores))
        if request.proximity:
            head = order[:PROXIMITY_WINDOW]
            for near in request.proximity:
                scores[head] += arrays.scores(near, docs[head])
            head = head[np.lexsort((docs[head], -scores[head]))]
            order = np.concatenate([head, order[PROXIMITY_WINDOW:]])
    shown = order[start : start + per_page]
    top = [(None if scores is None else float(scores[i]), int(docs[i])) for i in shown.tolist()]
    return Evaluated(total=total, page=page, top=top, facets=counts)
