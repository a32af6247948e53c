"""The PostgreSQL engine's index read into NumPy, for the evaluator both engines share.

A search reads its words' postings in one statement (each word's document ids and counts as
two byte strings) and is evaluated in the process (`archive.search.engine.evaluator`): one
pass finds, counts, facets, scores and orders every match, instead of a join from each
match to its document row.

What that needs beside the postings, each document's lengths, date, keys and title words, is
kept per process (`DocumentTable`) and read incrementally. A document row is never changed
in place (a write deletes it and inserts it anew, with a new id), so the rows past the last
id read are all there is to add; a row committed late, below an id already read (two servers
writing at once), is read when a posting first names it. A deleted document's row stays in
the table but has no postings left, so a search for words never matches it; a search
without words reads the ids of every document in the index instead (kept like postings).

A word's postings are kept per process (`kept_postings`, 128 MB) until another write to the
index commits: every transaction that writes records its id (`sql.WRITES`), and each search
asks in its first statement whether one committed since the snapshot last seen
(`seen_writes`), so a save through any server is searchable through every other at once.

Phrases are checked in SQL (the chunks' tsvectors), only for documents holding every word,
and each document's answer is kept: a document id's text never changes.
"""

from __future__ import annotations

import datetime
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from archive.search import query as q
from archive.search.engine.evaluator import PHRASES_KEPT, Arrays, FieldValues, caches_for
from archive.search.engine.postgres import sql
from archive.search.engine.postgres.documents import indexable

_NO_DATE = -1
_NO_POSTINGS = (np.empty(0, np.int64), np.empty(0, np.float32))
_NO_IDS = np.empty(0, np.int64)
_LIVE = object()  # the key under which the ids of every document are kept, as postings


@dataclass(frozen=True)
class TableView:
    """The document table as one search reads it: dense numbers 0..n-1 in the order read."""

    version: int
    epoch: int  # dense numbers mean the same documents in every view of one epoch
    ids: np.ndarray  # dense number -> document id
    text_norm: np.ndarray
    title_norm: np.ndarray
    dates: np.ndarray  # proleptic ordinal of the date, _NO_DATE where there is none
    key_starts: np.ndarray  # where each document's keys begin in key_values
    key_values: np.ndarray  # the keys, as numbers of key_names
    key_names: tuple[str, ...]
    sorted_ids: np.ndarray  # ids in increasing order ...
    sorted_dense: np.ndarray  # ... and their dense numbers
    titles: dict[str, tuple[list[int], list[int]]]  # title term -> (dense numbers, counts)
    title_sizes: dict[str, int] = field(default_factory=dict)  # how much of `titles` is ours
    # Each keyword field's values, made once for the view by the first search that asks.
    values: dict[str, FieldValues] = field(default_factory=dict)

    def dense(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the dense numbers of `ids` and the mask of those the table holds."""
        if not len(self.sorted_ids):
            return np.zeros(len(ids), np.int64), np.zeros(len(ids), bool)
        at = np.minimum(np.searchsorted(self.sorted_ids, ids), len(self.sorted_ids) - 1)
        known = self.sorted_ids[at] == ids
        return self.sorted_dense[at], known

    def title_postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        docs, counts = self.titles.get(term, ((), ()))
        size = self.title_sizes.get(term, 0)
        return np.asarray(docs[:size], np.int64), np.asarray(counts[:size], np.float32)


class DocumentTable:
    """Every document's lengths, date, keys and title words, kept per process."""

    def __init__(self):
        self._lock = threading.Lock()
        self._generation: tuple | None = None
        self._epoch = 0
        self._forget()

    def _forget(self) -> None:
        """Drop what was read (another table, or mostly deleted rows); the lock stays."""
        self._last = 0
        self._version = 0
        self._ids: list[np.ndarray] = []
        self._text_norm: list[np.ndarray] = []
        self._title_norm: list[np.ndarray] = []
        self._dates: list[np.ndarray] = []
        self._key_lengths: list[np.ndarray] = []
        self._key_values: list[np.ndarray] = []
        self._key_numbers: dict[str, int] = {}
        self._key_names: list[str] = []
        self._titles: dict[str, tuple[list[int], list[int]]] = {}
        self._count = 0
        self._view: TableView | None = None
        self._epoch += 1

    def view(
        self, cursor, generation: tuple, newest: int, live: int, missing: np.ndarray | None = None
    ) -> TableView:
        """Return the table with every row up to id `newest`, and the ids `missing`.

        `generation` names the database and its document table's incarnation (`Stats`);
        `live` is how many documents the index holds: once the table holds more than twice
        as many (rebuilds and edits leave deleted rows behind), it is read anew.
        """
        with self._lock:
            stale = missing is None and self._count > 2 * live + 1000
            if generation != self._generation or stale:
                self._forget()
                self._generation = generation
            if newest > self._last:
                self._read(cursor, "id > %s ORDER BY id", [self._last])
            if missing is not None and len(missing):
                self._read(cursor, "id = ANY(%s) ORDER BY id", [missing.tolist()])
            if self._view is None:
                self._view = self._make_view()
            return self._view

    def _read(self, cursor, where: str, params: list) -> None:
        cursor.execute(
            "SELECT id, text_norm, title_norm, date, keys, title_tf"
            f" FROM {sql.DOCUMENTS} WHERE {where}",
            params,
        )
        rows = cursor.fetchall()
        if not rows:
            return
        ids, text_norm, title_norm, dates, lengths, values = [], [], [], [], [], []
        for pk, text, title, date, raw_keys, raw_title in rows:
            # Django reads jsonb as text (its JSONField decodes it itself).
            keys = json.loads(raw_keys) if isinstance(raw_keys, str) else raw_keys
            title_tf = json.loads(raw_title) if isinstance(raw_title, str) else raw_title
            dense = self._count + len(ids)
            ids.append(pk)
            text_norm.append(text)
            title_norm.append(title)
            dates.append(date.toordinal() if date is not None else _NO_DATE)
            lengths.append(len(keys))
            for key in keys:
                number = self._key_numbers.get(key)
                if number is None:
                    number = self._key_numbers[key] = len(self._key_names)
                    self._key_names.append(key)
                values.append(number)
            for term, times in title_tf.items():
                docs, counts = self._titles.setdefault(term, ([], []))
                docs.append(dense)
                counts.append(times)
        self._ids.append(np.asarray(ids, np.int64))
        self._text_norm.append(np.asarray(text_norm, np.float32))
        self._title_norm.append(np.asarray(title_norm, np.float32))
        self._dates.append(np.asarray(dates, np.int64))
        self._key_lengths.append(np.asarray(lengths, np.int64))
        self._key_values.append(np.asarray(values, np.int32))
        self._count += len(ids)
        self._last = max(self._last, max(ids))
        self._version += 1
        self._view = None

    def _make_view(self) -> TableView:
        def joined(parts: list[np.ndarray], dtype) -> np.ndarray:
            return np.concatenate(parts) if parts else np.empty(0, dtype)

        ids = joined(self._ids, np.int64)
        order = np.argsort(ids, kind="stable")
        lengths = joined(self._key_lengths, np.int64)
        return TableView(
            version=self._version,
            epoch=self._epoch,
            ids=ids,
            text_norm=joined(self._text_norm, np.float32),
            title_norm=joined(self._title_norm, np.float32),
            dates=joined(self._dates, np.int64),
            key_starts=np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
            key_values=joined(self._key_values, np.int32),
            key_names=tuple(self._key_names),
            sorted_ids=ids[order],
            sorted_dense=order.astype(np.int64),
            # The lists only grow: a view reads each up to its length when it was made.
            titles=self._titles,
            title_sizes={term: len(docs) for term, (docs, _) in self._titles.items()},
        )


class PostgresArrays(Arrays):
    """The evaluator's arrays over the PostgreSQL engine's tables, for one search."""

    def __init__(self, cursor, stats: sql.Stats, texts: set[str], *, integers, every=False):
        self.cursor = cursor
        self.stats = stats
        self.integers = frozenset(integers)
        self.documents = stats.documents
        # Postings are kept for the writes this process has seen, not inside a transaction
        # that writes to the index itself (no other search may see what it wrote). A search
        # without words reads the ids of every document in the index as if they were a word's.
        at = (stats.generation, stats.version)
        keep = stats.version is not None
        wanted = texts | {_LIVE} if every else texts
        read = {term: kept for term in wanted if keep and (kept := kept_postings.get((*at, term)))}
        missing = wanted - set(read)
        read |= self._read_postings(missing - {_LIVE})
        if _LIVE in missing:
            read[_LIVE] = self._read_live()
        if keep:
            for term, found in read.items():
                kept_postings.put((*at, term), found)
        newest = max((int(ids[-1]) for ids, _ in read.values() if len(ids)), default=0)
        self.view = table.view(cursor, stats.generation, newest, stats.documents)
        self._text = {term: self._to_dense((*at, term), found) for term, found in read.items()}
        live = self._text.pop(_LIVE, None)
        self.size = len(self.view.ids)
        # Documents not deleted; a search for words needs no list of them, only its postings.
        self.live = np.ones(self.size, dtype=bool)
        if live is not None:
            self.live[:] = False
            self.live[live[0]] = True
        self._caches = caches_for(("postgres", stats.generation, self.view.version))

    # Reading

    def _read_postings(self, terms: set[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Read the postings of the text's `terms`: each one's document ids and weights."""
        terms = sorted(t for t in terms if indexable(t))
        found: dict[str, tuple[np.ndarray, np.ndarray]] = dict.fromkeys(terms, _NO_POSTINGS)
        if not terms:
            return found
        self.cursor.execute(
            "SELECT term, string_agg(int8send(document_id), ''::bytea ORDER BY document_id),"
            " string_agg(int4send(count), ''::bytea ORDER BY document_id)"
            f" FROM {sql.POSTINGS} WHERE term = ANY(%s) GROUP BY term",
            [terms],
        )
        # A posting's weight is its count times the field's boost, as Whoosh stores it.
        boost = self.stats.boosts.get(sql.TEXT_FIELD, 1.0)
        for term, ids, counts in self.cursor.fetchall():
            weights = np.frombuffer(counts, dtype=">i4").astype(np.float32) * boost
            found[term] = (np.frombuffer(ids, dtype=">i8").astype(np.int64), weights)
        return found

    def _read_live(self) -> tuple[np.ndarray, np.ndarray]:
        """Read the ids of every document in the index (as postings of every document)."""
        self.cursor.execute(
            f"SELECT string_agg(int8send(id), ''::bytea ORDER BY id) FROM {sql.DOCUMENTS}"
        )
        (ids,) = self.cursor.fetchone()
        found = np.frombuffer(ids or b"", dtype=">i8").astype(np.int64)
        return found, np.ones(len(found), np.float32)

    def _to_dense(self, key: tuple, found: tuple) -> tuple[np.ndarray, np.ndarray]:
        """Return a term's postings by dense number, sorted, as kept for the table's epoch."""
        kept = kept_postings.dense(key, self.view.epoch)
        if kept is not None:
            return kept
        ids, weights = found
        dense, known = self.view.dense(ids)
        if not known.all():  # committed late, below the ids read before
            self.view = table.view(
                self.cursor, self.stats.generation, 0, self.stats.documents, missing=ids[~known]
            )
            dense, known = self.view.dense(ids)
        order = np.argsort(dense, kind="stable")
        converted = (dense[order], weights[order])
        kept_postings.put_dense(key, self.view.epoch, converted)
        return converted

    # What the evaluator reads

    def postings(self, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        if fieldname == sql.TEXT_FIELD:
            return self._text.get(text, _NO_POSTINGS)
        if fieldname == sql.TITLE_FIELD:
            docs, counts = self.view.title_postings(text)
            return docs, counts * self.stats.boosts.get(fieldname, 1.0)
        values = self.field_values(fieldname)
        number = values.numbers.get(str(text))
        docs = values.docs[values.codes == number] if number is not None else values.docs[:0]
        return docs, np.ones(len(docs), np.float32)

    def lengths(self, fieldname: str) -> np.ndarray:
        return self.view.title_norm if fieldname == sql.TITLE_FIELD else self.view.text_norm

    def average_length(self, fieldname: str) -> float:
        return self.stats.average_length.get(fieldname) or 1.0

    def field_values(self, fieldname: str) -> FieldValues:
        values = self.view.values.get(fieldname)
        if values is None:
            # Two threads may both make it; either result is the same.
            values = self.view.values[fieldname] = _keyword_values(
                self.view, fieldname, self.integers
            )
        return values

    def sort_keys(self, fieldname: str) -> np.ndarray:
        if fieldname != sql.DATE_FIELD:
            raise ValueError(f"cannot sort by {fieldname!r}")
        return self.view.dates

    def _date_range(self, query: q.DateRange) -> np.ndarray:
        if query.field != sql.DATE_FIELD:
            raise ValueError(f"no date column for {query.field!r}")
        dates = self.view.dates
        mask = dates != _NO_DATE
        if query.start is not None:
            mask &= dates >= _ordinal(query.start)
        if query.end is not None:
            mask &= dates <= _ordinal(query.end)
        return mask

    def phrase(self, fieldname: str, words, slop: int, within: np.ndarray | None) -> np.ndarray:
        """Return where the words occur in order, checked in SQL where every word occurs."""
        candidates = self.live.copy() if within is None else within & self.live
        for word in words:
            candidates &= self.term_mask(fieldname, word)
        if len(words) < 2 or not candidates.any():
            return candidates
        tsquery = sql.phrase_tsquery(tuple(words), slop)
        if tsquery is None:
            return np.zeros(self.size, dtype=bool)
        ids = self.view.ids[np.flatnonzero(candidates)]
        found = _phrases.check(self.cursor, (self.stats.generation, fieldname, tsquery), ids)
        mask = np.zeros(self.size, dtype=bool)
        dense, known = self.view.dense(found)
        mask[dense[known]] = True
        return mask


def _ordinal(moment: datetime.datetime | datetime.date) -> int:
    return (moment.date() if isinstance(moment, datetime.datetime) else moment).toordinal()


class _SeenWrites:
    """What this process has seen of the index's writes: a version that moves on with them.

    Each search asks whether a transaction that wrote to the index (`sql.WRITES`) has
    committed since the snapshot last seen; if so, the version moves on and postings kept
    for the old one are never used again. A search that started from an older version than
    the current one keeps what it reads under that old version: it is not reused.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._seen: dict[tuple, tuple[str, int]] = {}  # database -> (snapshot, version)
        self._versions = 0

    def last(self, cursor) -> tuple[str | None, int | None]:
        with self._lock:
            found = self._seen.get((cursor.db.alias, cursor.db.settings_dict["NAME"]))
        return found if found is not None else (None, None)

    def version(self, generation: tuple, seen: tuple, snapshot: str, unseen: int, *, writing):
        """Return the version a search sees, given what it found since `seen`."""
        if writing:
            return None
        database, (_, seen_version) = generation[:2], seen
        with self._lock:
            current = self._seen.get(database)
            if seen_version is None or unseen or current is None:
                self._versions += 1
                self._seen[database] = (snapshot, self._versions)
                return self._versions
            if current[1] == seen_version:
                self._seen[database] = (snapshot, seen_version)  # nothing new: same content
            return seen_version


class _PostingsKept:
    """Terms' postings, kept per process for the index version they were read at.

    A write to the index moves the version on (`seen_writes`), so what is kept for an older
    one is never used again and ages out. Within MAX_BYTES, least recently used first.
    """

    MAX_BYTES = 128 * 1024 * 1024

    def __init__(self):
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple, list] = OrderedDict()  # key -> [raw, epoch, dense, bytes]
        self._bytes = 0

    def get(self, key: tuple) -> tuple[np.ndarray, np.ndarray] | None:
        with self._lock:
            entry = self._kept.get(key)
            if entry is None:
                return None
            self._kept.move_to_end(key)
            return entry[0]

    def dense(self, key: tuple, epoch: int) -> tuple[np.ndarray, np.ndarray] | None:
        with self._lock:
            entry = self._kept.get(key)
            return entry[2] if entry is not None and entry[1] == epoch else None

    def put(self, key: tuple, raw: tuple[np.ndarray, np.ndarray]) -> None:
        with self._lock:
            if key not in self._kept:
                self._add(key, [raw, None, None, raw[0].nbytes + raw[1].nbytes])

    def put_dense(self, key: tuple, epoch: int, dense: tuple[np.ndarray, np.ndarray]) -> None:
        with self._lock:
            entry = self._kept.pop(key, None)
            if entry is not None:
                self._bytes -= entry[3]
                raw = entry[0]
                size = raw[0].nbytes + raw[1].nbytes + dense[0].nbytes + dense[1].nbytes
                self._add(key, [raw, epoch, dense, size])

    def _add(self, key: tuple, entry: list) -> None:
        self._kept[key] = entry
        self._bytes += entry[3]
        while self._bytes > self.MAX_BYTES and len(self._kept) > 1:
            _, dropped = self._kept.popitem(last=False)
            self._bytes -= dropped[3]


class _KeywordValues(FieldValues):
    def __init__(self, values: list, docs: np.ndarray, codes: np.ndarray):
        super().__init__(values, docs, codes)
        self.numbers = {str(value): i for i, value in enumerate(values)}


def _keyword_values(view: TableView, fieldname: str, integers: frozenset[str]) -> _KeywordValues:
    """Return a keyword field's values by document, from the documents' keys."""
    prefix = f"{fieldname}="
    names = [i for i, name in enumerate(view.key_names) if name.startswith(prefix)]
    if not names:
        return _KeywordValues([], np.empty(0, np.int64), np.empty(0, np.int32))
    code = np.full(len(view.key_names), -1, dtype=np.int32)
    code[names] = np.arange(len(names), dtype=np.int32)
    owners = np.repeat(np.arange(len(view.ids), dtype=np.int64), np.diff(view.key_starts))
    codes = code[view.key_values]
    kept = codes >= 0
    values = [view.key_names[i][len(prefix) :] for i in names]
    typed = [int(v) for v in values] if fieldname in integers else values
    return _KeywordValues(typed, owners[kept], codes[kept])


class _PhraseAnswers:
    """Which documents hold a phrase, kept per process: a document id's text never changes.

    Per phrase, the ids checked and the ids found, as sorted arrays (PHRASES_KEPT phrases).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def check(self, cursor, key: tuple, ids: np.ndarray) -> np.ndarray:
        """Return those of `ids` whose text (or title) holds the phrase.

        `key` is (the table's generation, the field, the phrase as a tsquery).
        """
        _, fieldname, tsquery = key
        with self._lock:
            checked, found = self._kept.get(key) or (_NO_IDS, _NO_IDS)
        todo = ids[~np.isin(ids, checked)]
        if len(todo):
            if fieldname == sql.TITLE_FIELD:
                statement = f"SELECT id FROM {sql.DOCUMENTS} WHERE id = ANY(%s)"
                statement += " AND title_vector @@ %s::tsquery"
            else:
                statement = f"SELECT DISTINCT document_id FROM {sql.CHUNKS}"
                statement += " WHERE document_id = ANY(%s) AND vector @@ %s::tsquery"
            cursor.execute(statement, [todo.tolist(), tsquery])
            new = np.fromiter((pk for (pk,) in cursor.fetchall()), dtype=np.int64)
            checked, found = np.union1d(checked, todo), np.union1d(found, new)
            with self._lock:
                self._kept[key] = (checked, found)
                self._kept.move_to_end(key)
                while len(self._kept) > PHRASES_KEPT:
                    self._kept.popitem(last=False)
        return ids[np.isin(ids, found)]


def text_terms(query: q.Query) -> set[str]:
    """Return the text field's words `query` reads (to read their postings at once)."""
    if isinstance(query, q.Term):
        return {str(query.text)} if query.field == sql.TEXT_FIELD else set()
    if isinstance(query, q.Phrase):
        return set(query.words) if query.field == sql.TEXT_FIELD else set()
    if isinstance(query, (q.And, q.Or)):
        return set().union(*(text_terms(sub) for sub in query.subqueries))
    if isinstance(query, q.AndNot):
        return text_terms(query.positive) | text_terms(query.negative)
    return set()


table = DocumentTable()
seen_writes = _SeenWrites()
kept_postings = _PostingsKept()
_phrases = _PhraseAnswers()
