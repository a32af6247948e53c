"""The PostgreSQL engine: the search index as tables of the archive's own database.

Every web server reads and writes the same index, and a save's index write is made in the
save's own transaction (`archive.search.indexing` writes before the commit, see
`engine.postgres.database`): what is committed is searchable at once, everywhere, and a
rolled-back save leaves no trace. What each table holds: `archive.models.search`.

A search reads its words' postings and is evaluated in the process by the evaluator both
engines share (`arrays`, `engine.evaluator`): matching, facets, filters, date order,
Whoosh's BM25F from our analyzer's counts and lengths, and words near each other lifting
the best documents. Snippets come from the offsets stored with each chunk.

Writes to one article wait for each other (an advisory lock per article, held until the
transaction ends), so two servers saving it at once cannot leave two copies.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from itertools import chain, islice

import numpy as np
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from haystack.backends import BaseSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier, get_model_ct

from archive.search.engine import IndexWrite, RawHit, RawPage, SearchRequest
from archive.search.engine.evaluator import evaluate
from archive.search.engine.postgres import arrays, sql
from archive.search.engine.postgres.documents import (
    analyse_text,
    analyse_title,
    indexable,
    scored_length,
)
from archive.search.suggestions import Vocabulary

# Rows inserted per statement.
INSERT_BATCH = 200
# The first key of the advisory locks this engine takes (the second is an article's id).
LOCK_NAMESPACE = 0x5EA4C

_DOCUMENT_COLUMNS = (
    "identifier, django_ct, django_id, article_id, keys, date, updated_at, stored,"
    " text_length, text_norm, title_tf, title_length, title_norm, title_vector"
)
_DOCUMENT_VALUES = (
    "(%s, %s, %s, %s, %s::jsonb, %s, %s, %s::jsonb, %s, %s, %s::jsonb, %s, %s, %s::tsvector)"
)


class _Fields:
    """What the haystack fields are, for this engine: which column or key each goes to."""

    def __init__(self, fields: dict):
        self.content = sql.TEXT_FIELD
        self.boosts: dict[str, float] = {}
        self.keywords: list[str] = []
        self.integers: set[str] = set()
        self.stored: list[str] = []
        for field in fields.values():
            name = field.index_fieldname
            if field.document:
                self.content = name
                continue
            if field.stored and name not in ("updated_at",):
                self.stored.append(name)
            if field.field_type == "integer":
                self.integers.add(name)
            if not field.indexed or field.field_type in ("date", "datetime"):
                continue
            if field.analyzer is not None and not field.is_multivalued:
                self.boosts[name] = field.boost
            else:
                self.keywords.append(name)


class PostgresSearchBackend(BaseSearchBackend):
    """The archive's PostgreSQL engine (`archive.search.engine.Engine`), and haystack's backend."""

    # `archive.search.indexing` writes this engine's changes before the transaction commits.
    writes_in_transaction = True

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.database = connection_options.get("DATABASE", DEFAULT_DB_ALIAS)
        self._fields: _Fields | None = None
        self.progress = None

    @property
    def fields(self) -> _Fields:
        if self._fields is None:
            from haystack import connections as haystack_connections

            unified = haystack_connections[self.connection_alias].get_unified_index()
            self._fields = _Fields(unified.all_searchfields())
        return self._fields

    def _cursor(self):
        return connections[self.database].cursor()

    # Writing

    def prepare(self, index, objects: Iterable) -> list[dict]:
        documents = []
        for obj in objects:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            doc.pop("boost", None)
            documents.append(doc)
        return documents

    def write(self, change: IndexWrite) -> None:
        """Delete by terms, then add or replace documents, in the caller's transaction."""
        if not change.documents and not change.delete_terms and change.prepare is None:
            return
        with transaction.atomic(using=self.database), self._cursor() as cursor:
            articles = [value for name, value in change.delete_terms if name == "article_id"]
            articles += [doc["article_id"] for doc in change.documents]
            self._lock(cursor, articles)
            self._delete(cursor, change.delete_terms)
            prepared = change.prepare() if change.prepare is not None else ()
            documents = list(chain(change.documents, prepared))
            if change.replace:
                self._delete(cursor, [(ID, doc[ID]) for doc in documents])
            self._insert(cursor, documents)
            self._bump(cursor)

    def _bump(self, cursor) -> None:
        """Note that this transaction wrote to the index: kept postings go stale at its commit.

        One row per transaction, by its id, so that writers never wait for each other.
        """
        cursor.execute(
            f"INSERT INTO {sql.WRITES} (xid) VALUES (pg_current_xact_id()) ON CONFLICT DO NOTHING"
        )

    def _lock(self, cursor, article_ids: Iterable[int]) -> None:
        ids = sorted({int(pk) for pk in article_ids})
        if ids:
            # In order, so that two writers of overlapping articles never deadlock.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, (pk %% 2147483647)::int)"
                " FROM unnest(%s::bigint[]) AS pk ORDER BY pk",
                [LOCK_NAMESPACE, ids],
            )

    def _delete(self, cursor, terms: Iterable[tuple[str, object]]) -> None:
        columns = {"article_id": "article_id", ID: "identifier", DJANGO_CT: "django_ct"}
        by_column: dict[str, list] = {}
        for name, value in terms:
            if name not in columns:
                raise ValueError(f"cannot delete documents by {name!r}")
            by_column.setdefault(columns[name], []).append(value)
        for column, values in by_column.items():
            kind = "bigint" if column == "article_id" else "text"
            documents = f"SELECT id FROM {sql.DOCUMENTS} WHERE {column} = ANY(%s::{kind}[])"
            # A document's postings are found by its words, which its chunks list.
            cursor.execute(
                f"DELETE FROM {sql.POSTINGS} p USING (SELECT DISTINCT c.document_id, u.lexeme"
                f" FROM {sql.CHUNKS} c CROSS JOIN LATERAL unnest(c.vector) AS u"
                f" WHERE c.document_id IN ({documents})) AS w"
                " WHERE p.term = w.lexeme AND p.document_id = w.document_id",
                [values],
            )
            cursor.execute(f"DELETE FROM {sql.CHUNKS} WHERE document_id IN ({documents})", [values])
            cursor.execute(
                f"DELETE FROM {sql.DOCUMENTS} WHERE {column} = ANY(%s::{kind}[])", [values]
            )

    def _delete_all(self, cursor) -> None:
        # The record of earlier writes goes too: this write is newer than all of them.
        for table in (sql.CHUNKS, sql.POSTINGS, sql.DOCUMENTS, sql.WRITES):
            cursor.execute(f"DELETE FROM {table}")
        self._bump(cursor)

    def _insert(self, cursor, documents: Iterable[dict]) -> int:
        count = 0
        iterator = iter(documents)
        while batch := list(islice(iterator, INSERT_BATCH)):
            rows = [self._row(doc) for doc in batch]
            cursor.execute(
                f"INSERT INTO {sql.DOCUMENTS} ({_DOCUMENT_COLUMNS}) VALUES "
                + ", ".join([_DOCUMENT_VALUES] * len(rows))
                + " RETURNING id, identifier",
                [value for row, _ in rows for value in row],
            )
            ids = {identifier: pk for pk, identifier in cursor.fetchall()}
            with cursor.cursor.copy(
                f"COPY {sql.POSTINGS} (document_id, term, count) FROM STDIN"
            ) as copy:
                for row, text in rows:
                    for term, times in text.counts.items():
                        if indexable(term):
                            copy.write_row((ids[row[0]], term, times))
            chunks = [
                (ids[row[0]], chunk.number, chunk.first_position, chunk.vector, chunk.offsets)
                for row, text in rows
                for chunk in text.chunks
            ]
            if chunks:
                cursor.executemany(
                    f"INSERT INTO {sql.CHUNKS} (document_id, number, first_position, vector,"
                    " offsets) VALUES (%s, %s, %s, %s::tsvector, %s)",
                    chunks,
                )
            count += len(rows)
        return count

    def _row(self, doc: dict):
        fields = self.fields
        text = analyse_text(doc.get(fields.content) or "")
        titles = {name: analyse_title(doc.get(name) or "") for name in fields.boosts}
        title = titles.get(sql.TITLE_FIELD) or analyse_title("")
        keys = []
        for name in fields.keywords:
            value = doc.get(name)
            values = value if isinstance(value, (list, tuple, set)) else [value]
            keys.extend(sql.key(name, v) for v in values if v is not None and v != "")
        stored = {name: doc.get(name) for name in fields.stored if name in doc}
        stored.update({ID: doc[ID], DJANGO_CT: doc[DJANGO_CT], DJANGO_ID: doc[DJANGO_ID]})
        row = (
            doc[ID],
            doc[DJANGO_CT],
            str(doc[DJANGO_ID]),
            doc.get("article_id") or 0,
            json.dumps(keys, ensure_ascii=False),
            doc.get(sql.DATE_FIELD),
            doc.get("updated_at"),
            json.dumps(stored, ensure_ascii=False, default=str),
            text.length,
            scored_length(text.length),
            json.dumps(title.counts, ensure_ascii=False),
            title.length,
            scored_length(title.length),
            title.vector,
        )
        return row, text

    def rebuild(self, documents: Iterable[dict]) -> int:
        """Replace the whole index in one transaction: searches see the old one until it commits."""
        with transaction.atomic(using=self.database), self._cursor() as cursor:
            self._delete_all(cursor)
            count = self._insert(cursor, documents)
            self._bump(cursor)
            # The planner's statistics would describe the old contents until autovacuum ran.
            cursor.execute(f"ANALYZE {sql.DOCUMENTS}, {sql.CHUNKS}, {sql.POSTINGS}")
        if not connections[self.database].in_atomic_block:
            # Mark the new rows visible to all, so that a word's postings are read from the
            # index alone, and reclaim the old rows (autovacuum would, in a while). Then build
            # the indexes again from the rows: filled a row at a time in no order of theirs,
            # they came out half empty and scattered (a word's postings read a third slower),
            # and CONCURRENTLY lets searches and saves go on meanwhile.
            with self._cursor() as cursor:
                cursor.execute(f"VACUUM {sql.DOCUMENTS}, {sql.CHUNKS}, {sql.POSTINGS}")
                for table in (sql.POSTINGS, sql.CHUNKS, sql.DOCUMENTS):
                    cursor.execute(f"REINDEX TABLE CONCURRENTLY {table}")
        return count

    def update(self, index, iterable, commit=True):
        pks = [obj.pk for obj in iterable]
        prepared: list[dict] = []

        def prepare() -> list[dict]:
            for i in range(0, len(pks), 1000):
                rows = index.index_queryset().filter(pk__in=pks[i : i + 1000])
                prepared.extend(self.prepare(index, rows))
            return prepared

        self.write(IndexWrite(prepare=prepare, size=len(pks)))
        if self.progress is not None:
            self.progress(len(prepared))

    def remove(self, obj_or_string, commit=True):
        self.write(IndexWrite(delete_terms=[(ID, get_identifier(obj_or_string))]))

    def clear(self, models=None, commit=True):
        if models is None:
            with transaction.atomic(using=self.database), self._cursor() as cursor:
                self._delete_all(cursor)
            return
        self.write(IndexWrite(delete_terms=[(DJANGO_CT, get_model_ct(m)) for m in models]))

    # Reading

    def _stats(self, cursor) -> sql.Stats:
        """Return the index's size and average lengths, and what this process has seen of it.

        The size is kept per process until a write adds documents (a deletion alone leaves it
        a little stale, which moves scores by a hair, never what matches).
        """
        seen = arrays.seen_writes.last(cursor)
        # With it: how many index writes committed since the snapshot this process last saw
        # (by transactions neither done nor running then), and whether this one wrote.
        cursor.execute(
            f"SELECT max(id), pg_relation_filenode(%s), pg_current_snapshot()::text,"
            f" (SELECT count(*) FROM {sql.WRITES} w"
            "  WHERE w.xid >= pg_snapshot_xmin(%s::pg_snapshot)"
            "  AND NOT pg_visible_in_snapshot(w.xid, %s::pg_snapshot)),"
            f" EXISTS (SELECT 1 FROM {sql.WRITES} WHERE xid = pg_current_xact_id_if_assigned())"
            f" FROM {sql.DOCUMENTS}",
            [sql.DOCUMENTS, seen[0], seen[0]],
        )
        newest, documents_file, snapshot, unseen, writing = cursor.fetchone()
        generation = (cursor.db.alias, cursor.db.settings_dict["NAME"], documents_file)
        version = arrays.seen_writes.version(generation, seen, snapshot, unseen, writing=writing)
        kept = _stats_kept.get((generation, newest))
        if kept.get("size") is None:
            cursor.execute(
                f"SELECT count(*), avg(text_length), avg(title_length) FROM {sql.DOCUMENTS}"
            )
            kept["size"] = cursor.fetchone()
        documents, text_length, title_length = kept["size"]
        return sql.Stats(
            documents=documents,
            average_length={
                sql.TEXT_FIELD: float(text_length or 1),
                sql.TITLE_FIELD: float(title_length or 1),
            },
            boosts=self.fields.boosts,
            generation=generation,
            version=version,
        )

    def run(self, request: SearchRequest) -> RawPage:
        """Run one search: a page of hits, the total, and facet counts over every match.

        The query's words' postings are read in one statement and the request is evaluated
        in the process (`arrays`, `engine.evaluator`); a page past the last shows the last, as
        Django's Paginator.get_page does.
        """
        queries = [request.match, *request.boosts, *request.proximity]
        if request.filter is not None:
            queries.append(request.filter)
        terms = set().union(*(arrays.text_terms(x) for x in queries))
        with transaction.atomic(using=self.database), self._cursor() as cursor:
            # The planner underrates what testing a tsvector costs (decompressing it) and would
            # scan every chunk for a phrase rather than use the index: indexes, always. A scan
            # that cannot use one then looks so costly that JIT compilation would set in, which
            # alone takes longer than any search here.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL jit = off")
            found = arrays.PostgresArrays(
                cursor,
                self._stats(cursor),
                terms,
                integers=self.fields.integers,
                # Only documents holding a word can match a search for words: a deleted
                # document, which has none left, cannot. Any other search reads which are live.
                every=not sql.needs_words(request.match),
            )
            page = evaluate(found, request)
            ids = found.view.ids
            top = [(int(ids[docnum]), score) for score, docnum in page.top]
            hits = self._hits(cursor, top, request.highlight_terms)
        return RawPage(
            total=page.total,
            page=page.page,
            hits=hits,
            facets=page.facets,
            derived=found.derived,
        )

    def _hits(self, cursor, top: list, terms) -> list[RawHit]:
        if not top:
            return []
        ids = [pk for pk, _ in top]
        cursor.execute(
            f"SELECT id, stored, updated_at, article_id FROM {sql.DOCUMENTS} WHERE id = ANY(%s)",
            [ids],
        )
        stored = {
            pk: (fields, updated_at, article_id)
            for pk, fields, updated_at, article_id in cursor.fetchall()
        }
        spans = self._spans(cursor, ids, terms)
        hits = []
        for pk, score in top:
            fields, updated_at, _ = stored[pk]
            fields = {
                **(fields if isinstance(fields, dict) else json.loads(fields)),
                "updated_at": updated_at,
            }
            hits.append(RawHit(docnum=pk, score=score, fields=fields, spans=spans.get(pk, [])))
        return hits

    def _spans(self, cursor, ids: list[int], terms) -> dict[int, list[tuple[int, int]]]:
        """Return the character spans of the terms in each document, in text order."""
        terms = [t for t in set(terms) if indexable(t)]
        if not terms:
            return {}
        cursor.execute(
            "SELECT c.document_id, substring(c.offsets FROM (p - 1) * 8 + 1 FOR 8)"
            f" FROM {sql.CHUNKS} c CROSS JOIN LATERAL unnest(c.vector) AS u"
            " CROSS JOIN LATERAL unnest(u.positions) AS p"
            " WHERE c.document_id = ANY(%s) AND u.lexeme = ANY(%s)",
            [ids, terms],
        )
        found: dict[int, set[tuple[int, int]]] = {}
        for pk, pair in cursor.fetchall():
            start, end = np.frombuffer(bytes(pair), dtype="<u4").tolist()
            found.setdefault(pk, set()).add((start, end))
        return {pk: sorted(spans) for pk, spans in found.items()}

    def stored_documents(self) -> Iterator[dict]:
        """Yield the stored fields of every document in the index."""
        with self._cursor() as cursor:
            cursor.execute(f"SELECT stored, updated_at FROM {sql.DOCUMENTS} ORDER BY id")
            while rows := cursor.fetchmany(2000):
                for found, updated_at in rows:
                    yield _fields(found, updated_at)

    def doc_frequency(self, term: str) -> int:
        if not indexable(term):
            return 0
        with self._cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {sql.POSTINGS} WHERE term = %s", [term])
            return cursor.fetchone()[0]

    def suggestions(self, term: str, *, limit: int = 5) -> list[str]:
        """Return indexed terms near `term`, nearest and commonest first (see suggestions)."""
        return self._vocabulary().candidates(term, limit=limit)

    def preload(self) -> int:
        """Nothing to read ahead: postings stay in PostgreSQL's buffers, shared by every server."""
        return 0

    def _vocabulary(self) -> Vocabulary:
        words = self._words()
        with _words_lock:
            kept = _vocabularies.get(id(words))
            if kept is None or kept[0] is not words:
                counts = dict(words)
                kept = (words, Vocabulary(counts, lambda word: counts.get(word, 0)))
                _vocabularies.clear()
                _vocabularies[id(words)] = kept
        return kept[1]

    def _words(self) -> list[tuple[str, int]]:
        """Return every indexed word with its document count, read again once the index grew."""
        with self._cursor() as cursor:
            cursor.execute(f"SELECT max(id) FROM {sql.DOCUMENTS}")
            stamp = (self.database, cursor.fetchone()[0])
            with _words_lock:
                kept = _words_kept.get(stamp)
            if kept is not None:
                return kept
            cursor.execute(f"SELECT word, ndoc FROM ts_stat('SELECT vector FROM {sql.CHUNKS}')")
            words = cursor.fetchall()
        with _words_lock:
            _words_kept.clear()
            _words_kept[stamp] = words
        return words


def _fields(stored, updated_at) -> dict:
    """Return a document's stored fields as the Whoosh engine gives them."""
    found = stored if isinstance(stored, dict) else json.loads(stored)
    return {**found, "updated_at": updated_at}


class _StatsKept:
    """Index statistics of the latest state seen, shared by a process's threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._found: dict = {}

    def get(self, stamp: tuple) -> dict:
        with self._lock:
            if stamp != self._stamp:
                self._stamp, self._found = stamp, {}
            return self._found


_stats_kept = _StatsKept()
_words_kept: dict[tuple, list[tuple[str, int]]] = {}
_words_lock = threading.Lock()
# The word list of the words last read, keyed by that list's identity.
_vocabularies: dict[int, tuple[list, Vocabulary]] = {}
