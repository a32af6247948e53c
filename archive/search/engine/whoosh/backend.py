"""haystack's Whoosh backend, adapted to a Persian archive: the Whoosh engine of archive.search.

What changes against haystack's WhooshSearchBackend, and why:

- Text fields are analysed by `archive.text.persian.tokens` (haystack would stem them as
  English), through the tokenizer and text format of `analysis`.
- Keyword fields (slugs, kinds) are exact IDs; dates and years are sortable columns.
- One searcher is kept and reopened only when the index changes, and a page, its total
  and its facet counts come from one evaluation of the query (haystack opens a searcher
  per query and searches twice), over postings read into NumPy arrays a block at a time
  (`postings`, `evaluator`): Whoosh itself steps through matches one Python call at a time.
  Queries are the archive's own tree (`archive.search.query`), evaluated as they are.
- Positions are stored as arrays, not pickles, so phrases decode thousands at once.
- Every write waits for the index lock and raises if it cannot get it: haystack's remove()
  gives up at once under a concurrent writer and, with SILENTLY_FAIL, only logs it.
- A write that fails (full disk, read-only directory) raises IndexUnavailable with the reason
  in one line and always releases the lock; the index stays at its last commit.
- Clearing the whole index is a write under the lock, not a deleted directory: a rebuild
  never pulls the files from under another process's writer.
- A read-only index directory can still be searched.
- An index written by an older version (see `store.outdated`) is not searched or written
  but rebuilt: searching and writing raise IndexOutdated, with a one-line message.
- A full rebuild streams every document through one writer (see `store.rebuild_beside`), not
  haystack's commit per batch, each of which looks documents up to replace them and merges
  the growing index again.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from itertools import chain

from haystack.backends.whoosh_backend import WhooshSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier, get_model_ct
from whoosh.fields import DATETIME, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, LockError
from whoosh.writing import CLEAR

from archive.search.engine import IndexWrite, RawHit, RawPage, SearchRequest
from archive.search.engine.evaluator import evaluate
from archive.search.engine.whoosh import postings, store
from archive.search.engine.whoosh.analysis import (
    PersianAnalyzer,
    PersianCharacters,
    PersianFrequency,
    PersianPairs,
    pairs_field,
    positions_field,
    warm_analyzer,
)
from archive.search.engine.whoosh.evaluator import IndexArrays
from archive.search.engine.whoosh.store import abandon, reopened
from archive.search.errors import INDEX_OUTDATED, IndexOutdated, IndexUnavailable
from archive.search.suggestions import Vocabulary

# From this many documents on, a write uses two processes: it halves a full rebuild.
PARALLEL_WRITE_FROM = 1000
# {error} comes without its own full stop (haystack ends its messages with one).
INDEX_UNWRITABLE = "The search index in {path} could not be written: {error}."


class PersianWhooshSearchBackend(WhooshSearchBackend):
    """The archive's Whoosh engine (`archive.search.engine.Engine`), and haystack's backend."""

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._searcher = None
        self._searcher_stamp: tuple = ()
        self._searcher_lock = threading.Lock()
        self._arrays: IndexArrays | None = None
        self._vocabulary: tuple[object, Vocabulary] | None = None
        # Set by setup: the index on disk is of an older version and must be rebuilt.
        self.outdated = False
        # Called with the number of documents after each write (update_index's progress).
        self.progress = None

    # Schema

    def build_schema(self, fields):
        schema_fields = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
        }
        content_field_name = ""
        for field_class in fields.values():
            name = field_class.index_fieldname
            if field_class.is_multivalued:
                schema_fields[name] = KEYWORD(stored=field_class.stored, commas=True)
            elif field_class.field_type in ("date", "datetime"):
                schema_fields[name] = DATETIME(stored=field_class.stored, sortable=True)
            elif field_class.field_type == "integer":
                schema_fields[name] = NUMERIC(
                    stored=field_class.stored, numtype=int, bits=64, sortable=True
                )
            elif not field_class.indexed:
                schema_fields[name] = STORED()
            elif field_class.document:
                content_field_name = name
                # Terms and counts match and rank (analysis.PersianFrequency); positions and
                # character offsets, a field of their own, serve phrases and let snippets
                # find the matches without re-analysing whole documents.
                text = TEXT(analyzer=field_class.analyzer or PersianAnalyzer(), phrase=False)
                text.format = PersianFrequency(field_boost=text.format.field_boost)
                schema_fields[name] = text
                at = TEXT(analyzer=text.analyzer, chars=True)
                at.format, at.scorable = PersianCharacters(), False
                schema_fields[positions_field(name)] = at
                # Adjacent common words, for phrases (see analysis.PersianPairs).
                pairs = TEXT(analyzer=text.analyzer, phrase=False)
                pairs.format, pairs.scorable = PersianPairs(), False
                schema_fields[pairs_field(name)] = pairs
            elif field_class.analyzer is not None:
                schema_fields[name] = TEXT(
                    analyzer=field_class.analyzer,
                    stored=field_class.stored,
                    field_boost=field_class.boost,
                )
            else:
                schema_fields[name] = WHOOSH_ID(stored=field_class.stored, sortable=True)
        return content_field_name, Schema(**schema_fields)

    # Searcher

    def setup(self):
        try:
            reopened(super().setup)
        except FileNotFoundError:
            raise
        except OSError as error:
            # haystack refuses an index directory it cannot write; searching needs no writing.
            if not (self.use_file_storage and os.path.isdir(self.path)):
                raise IndexUnavailable(self._unwritable(error)) from error
            if os.access(self.path, os.W_OK):
                reopened(super().setup)  # another process created the directory just now
            else:
                self._open_read_only()
        self._drop_searcher()
        if self.use_file_storage:
            self.outdated = store.outdated(
                self.storage, self.index.indexname, self.content_field_name
            )
        if not self.outdated:
            # Readers and writers take the schema of the generation they open, pickled with
            # it: the common words of its pairs field are those its rebuild chose.
            name = self.index.indexname
            self.index = reopened(lambda: self.storage.open_index(indexname=name))

    def _check_current(self) -> None:
        if self.outdated:
            raise IndexOutdated(INDEX_OUTDATED.format(path=self.path))

    def _open_read_only(self) -> None:
        from haystack import connections

        self.storage = FileStorage(self.path, readonly=True)
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, self.schema = self.build_schema(fields)
        self.index = reopened(lambda: self.storage.open_index(schema=self.schema))
        self.setup_complete = True

    def _unwritable(self, error: OSError) -> str:
        reason = str(error.strerror or error).rstrip().rstrip(".")
        return INDEX_UNWRITABLE.format(path=self.path, error=reason)

    def _drop_searcher(self) -> None:
        with self._searcher_lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._arrays = None
            self._vocabulary = None

    def searcher(self):
        """Return the kept searcher, reopened if the index changed since it was opened."""
        if not self.setup_complete:
            self.setup()
        self._check_current()
        with self._searcher_lock:
            stamp = self._index_stamp()
            if self._searcher is not None and stamp != self._searcher_stamp:
                # Not Searcher.refresh(): in Whoosh-Reloaded 2.7.5 it reuses segment readers
                # with their old deletions (deleted documents stay visible), keeps merged-away
                # segments, and fails on an empty index.
                self._searcher.close()
                self._searcher = None
            if self._searcher is None:
                self.index = reopened(self.index.refresh)
                self._searcher = reopened(self.index.searcher)
                self._searcher_stamp = stamp
                self._arrays = None
            return self._searcher

    def _index_stamp(self) -> tuple:
        # The generation alone can repeat: a rebuild (in any process) starts again from 0.
        generation = self.index.latest_generation()
        if not self.use_file_storage:
            return (generation,)
        toc = os.path.join(self.path, f"_{self.index.indexname}_{generation}.toc")
        try:
            stat = os.stat(toc)
        except FileNotFoundError:
            return (generation,)
        return (generation, stat.st_ino, stat.st_mtime_ns)

    # Writing

    def _writer(self, *, procs: int = 1):
        """Open a writer, waiting for another process's writer to finish first."""
        try:
            self.index = reopened(self.index.refresh)
            if procs > 1:
                warm_analyzer()
                return self.index.writer(
                    procs=procs, timeout=store.LOCK_TIMEOUT, limitmb=256, batchsize=250
                )
            return self.index.writer(timeout=store.LOCK_TIMEOUT)
        except LockError as exc:
            raise IndexUnavailable(store.INDEX_LOCKED.format(seconds=store.LOCK_TIMEOUT)) from exc
        except OSError as exc:  # a read-only directory: the lock file cannot be created
            raise IndexUnavailable(self._unwritable(exc)) from exc

    def prepare(self, index, objects: Iterable) -> list[dict]:
        """Turn model instances into index documents (outside the index lock)."""
        documents = []
        for obj in objects:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            doc.pop("boost", None)
            documents.append({key: self._from_python(value) for key, value in doc.items()})
        return documents

    def _with_pairs(self, doc: dict) -> dict:
        # The positions and pairs fields index the text field's text again, analysed once.
        text = doc.get(self.content_field_name) or ""
        name = self.content_field_name
        return {**doc, positions_field(name): text, pairs_field(name): text}

    def write(self, change: IndexWrite) -> None:
        """Delete by terms, then add or replace documents, in one commit (see IndexWrite).

        Waits for the index lock (another import, an admin save) and raises
        IndexUnavailable if it cannot be had or the index cannot be written: a lost write
        must never pass silently.
        """
        if not self.setup_complete:
            self.setup()
        if not change.documents and not change.delete_terms and change.prepare is None:
            return
        self._check_current()
        size = max(change.size, len(change.documents))
        procs = store.WRITER_PROCESSES if size >= PARALLEL_WRITE_FROM else 1
        writer = self._writer(procs=procs)
        try:
            for fieldname, value in change.delete_terms:
                writer.delete_by_term(fieldname, value)
            # An index without segments has nothing to replace.
            replace = change.replace and writer.segments
            add = writer.update_document if replace else writer.add_document
            prepared = change.prepare() if change.prepare is not None else ()
            for doc in chain(change.documents, prepared):
                add(**self._with_pairs(doc))
            writer.commit()
        except BaseException as exc:
            abandon(writer)
            if isinstance(exc, OSError):  # a full disk, a directory made read-only
                raise IndexUnavailable(self._unwritable(exc)) from exc
            raise
        # The commit may have merged away segments a rebuild wrote.
        store.remove_replaced_segments(self.storage, self.index)

    def rebuild(self, documents: Iterable[dict]) -> int:
        """Replace the whole index with these documents; return their number.

        See `store.rebuild_beside`: searches and saves use the old index until the swap.
        The caller re-indexes what changed meanwhile (`archive.search.rebuild_index` does).
        """
        if not self.setup_complete:
            self.setup()
        try:
            count = store.rebuild_beside(
                self.storage,
                self.index,
                self.schema,
                map(self._with_pairs, documents),
                text_field=self.content_field_name,
            )
        except OSError as exc:
            raise IndexUnavailable(self._unwritable(exc)) from exc
        self.outdated = False
        store.remove_replaced_segments(self.storage, self.index)
        return count

    def update(self, index, iterable, commit=True):
        if not self.setup_complete:
            self.setup()
        # update_index read these rows before waiting for the lock: read them again once it
        # is held, so that an edit saved meanwhile is not overwritten by its older version.
        pks = [obj.pk for obj in iterable]
        prepared: list[dict] = []

        def prepare() -> list[dict]:
            # In slices: a rebuild's batches can outnumber the parameters a query may take.
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
        if not self.setup_complete:
            self.setup()
        if models is None:
            self._clear_all()
            return
        self.write(IndexWrite(delete_terms=[(DJANGO_CT, get_model_ct(model)) for model in models]))

    def _clear_all(self) -> None:
        """Empty the index, with the current schema, in one commit under the lock."""
        if not self.use_file_storage:
            self.delete_index()
            return
        try:
            reopened(self.index.refresh)
        except (EmptyIndexError, OSError):
            self.delete_index()  # nothing readable to keep: start afresh
            return
        writer = self._writer()
        try:
            # A rebuild may follow a change of fields: the new table of contents takes ours.
            writer.schema = self.schema
            writer.commit(mergetype=CLEAR)
            self.outdated = False
        except BaseException as exc:
            abandon(writer)
            if isinstance(exc, OSError):
                raise IndexUnavailable(self._unwritable(exc)) from exc
            raise

    def delete_index(self):
        self._drop_searcher()
        super().delete_index()

    # Reading

    def arrays(self) -> IndexArrays:
        """Return the NumPy view of the current searcher's index (see evaluator.py)."""
        searcher = self.searcher()
        with self._searcher_lock:
            if self._arrays is None or self._arrays.searcher is not searcher:
                scope = self.path if self.use_file_storage else None
                self._arrays = IndexArrays(searcher, scope=scope)
            return self._arrays

    def run(self, request: SearchRequest) -> RawPage:
        """Run one search: a page of hits, the total, and facet counts over every match.

        Matching, facets and order are `evaluator.evaluate`'s; the hits' stored fields and
        spans are read here.
        """
        arrays = self.arrays()
        found = evaluate(arrays, request)
        top = found.top
        searcher = arrays.searcher
        spans = arrays.spans(self.content_field_name, request.highlight_terms, [d for _, d in top])
        hits = [
            RawHit(
                docnum=docnum,
                score=score,
                fields=searcher.stored_fields(docnum),
                spans=spans.get(docnum, []),
            )
            for score, docnum in top
        ]
        return RawPage(
            total=found.total,
            page=found.page,
            hits=hits,
            facets=found.facets,
            derived=arrays.derived,
        )

    def stored_documents(self) -> Iterable[dict]:
        """Yield the stored fields of every document in the index."""
        searcher = self.searcher()
        return searcher.all_stored_fields()

    def suggestions(self, term: str, *, limit: int = 5) -> list[str]:
        """Return indexed terms near `term`, nearest and commonest first (see suggestions)."""
        return self.vocabulary().candidates(term, limit=limit)

    def vocabulary(self) -> Vocabulary:
        """Return the word list of the current index, built once per index version."""
        searcher = self.searcher()
        with self._searcher_lock:
            if self._vocabulary is None or self._vocabulary[0] is not searcher:
                field = self.content_field_name
                words = searcher.reader().field_terms(field)
                vocabulary = Vocabulary(words, lambda word: searcher.doc_frequency(field, word))
                self._vocabulary = (searcher, vocabulary)
            return self._vocabulary[1]

    def doc_frequency(self, term: str) -> int:
        return self.searcher().doc_frequency(self.content_field_name, term)

    def preload(self) -> int:
        """Read the postings of the commonest words into the process's cache, commonest first.

        Most queries hold a common word (و, کارگران, شرکت), whose postings span hundreds of
        blocks in each segment: read once here, before a worker serves, they are not read
        again by its first readers. The words are the index's common terms (those pairs are
        made of, `analysis.PersianPairs`), up to half of the postings cache.
        """
        arrays = self.arrays()
        field, schema = self.content_field_name, arrays.schema  # the index's, as written
        pairs = schema[pairs_field(field)].format if pairs_field(field) in schema else None
        common = getattr(pairs, "common", frozenset())
        searcher = arrays.searcher
        loaded = 0
        for term in sorted(common, key=lambda t: (-searcher.doc_frequency(field, t), t)):
            ids, _ = arrays.postings(field, term)
            loaded += len(ids) * (4 + 4)  # as cached: int32 ids, float32 weights per segment
            if loaded >= postings.TERM_CACHE_BYTES // 2:
                break
        return loaded
