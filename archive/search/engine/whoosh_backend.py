"""haystack's Whoosh backend, adapted to a Persian archive.

What changes against haystack's WhooshSearchBackend, and why:

- Text fields are analysed by `archive.text.persian.tokens` (haystack would stem them as English).
  Whoosh pickles the schema with its analyzer, so the tokenizer lives here, at a stable
  import path, and holds nothing but a reference to that function.
- Keyword fields (slugs, kinds) are exact IDs; dates and years are sortable columns.
- One searcher is kept and reopened only when the index changes, and a page, its total
  and its facet counts come from one evaluation of the query (haystack opens a searcher
  per query and searches twice), over postings read into NumPy arrays a block at a time
  (`archive.search.engine.postings`): Whoosh itself steps through matches one Python call at a time.
- Positions are stored as arrays, not pickles, so phrases decode thousands at once.
- Every write waits for the index lock and raises if it cannot get it: haystack's remove()
  gives up at once under a concurrent writer and, with SILENTLY_FAIL, only logs it.
- A write that fails (full disk, read-only directory) raises IndexUnavailable with the reason
  in one line and always releases the lock; the index stays at its last commit.
- Clearing the whole index is a write under the lock, not a deleted directory: a rebuild
  never pulls the files from under another process's writer.
- A read-only index directory can still be searched.
- A full rebuild streams every document through one writer (see `rebuild`), instead of
  haystack's commit per batch, each of which looks documents up to replace them and merges
  the growing index again.
"""

from __future__ import annotations

import io
import os
import re
import sys
import threading
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier, get_model_ct
from whoosh import query as wq
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import DATETIME, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.fields import ID as WHOOSH_ID
from whoosh.filedb import compound as whoosh_compound
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.formats import Characters
from whoosh.index import TOC, EmptyIndexError, LockError, clean_files
from whoosh.multiproc import MpWriter
from whoosh.util.filelock import try_for
from whoosh.writing import CLEAR, NO_MERGE

from archive.search.engine import postings
from archive.text import persian

# Opening the index reads the newest table of contents and its segments; a writer in another
# process may commit and delete those files between the listing and the open. Try again.
OPEN_ATTEMPTS = 20


def _reopened(open_index):
    """Call `open_index`, retrying while another process's commit swaps the files under it."""
    for attempt in range(OPEN_ATTEMPTS):
        try:
            return open_index()
        except FileNotFoundError:
            if attempt == OPEN_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


class _MappedRaw(io.RawIOBase):
    """A read-only raw file over a memoryview (a part of a memory-mapped segment file)."""

    def __init__(self, view: memoryview):
        self._view = view
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = max(0, min(len(buffer), len(self._view) - self._position))
        buffer[:count] = self._view[self._position : self._position + count]
        self._position += count
        return count

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._view)}
        self._position = base[whence] + offset
        return self._position

    def tell(self) -> int:
        return self._position


class MappedFile(BufferFile):
    """Whoosh's BufferFile, reading a memory-mapped file in place.

    Whoosh wraps each file of a segment in BytesIO, which copies a memoryview: every searcher
    of every thread held its own copy of the whole index (400 MB at 20,000 articles). A
    buffered reader over the view reads only what is asked for, from the shared page cache.
    """

    def __init__(self, buf, name=None, onclose=None):
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = io.BufferedReader(_MappedRaw(buf))


# Segments are opened by Whoosh's codec, deep below the backend: replace the class it uses.
whoosh_compound.BufferFile = MappedFile


# Seconds a writer waits for another writer (an import, an admin save) to finish.
LOCK_TIMEOUT = 120.0
# From this many documents on, a write uses two processes: it halves a full rebuild.
PARALLEL_WRITE_FROM = 1000
WRITER_PROCESSES = min(2, os.cpu_count() or 1)
# A rebuild: memory (MB) each writer process sorts postings in before spilling them to
# disk (which costs a third more time), and the text committed at a time, one segment per
# process. Postings take about 22 bytes of that memory per character of text (measured).
REBUILD_LIMIT_MB = 512
REBUILD_COMMIT_CHARS = 30_000_000
# A rebuild writes its index beside the live one under a name of its own (letters and digits
# only: Whoosh puts names in its file patterns), unlike haystack's "MAIN".
REBUILD_PREFIX = "REBUILD"
_REBUILD_TOC = re.compile(rf"^_({REBUILD_PREFIX}[0-9a-z]+)_[0-9]+\.toc$")
_REBUILD_SEGMENT = re.compile(rf"^(({REBUILD_PREFIX}[0-9a-z]+)_[0-9a-z]+)\.")

# The best documents by their words alone, among which words near each other lift a score.
PROXIMITY_WINDOW = 300

INDEX_LOCKED = "The search index stayed locked by another writer for {seconds:.0f} s."
# {error} comes without its own full stop (haystack ends its messages with one).
INDEX_UNWRITABLE = "The search index in {path} could not be written: {error}."


class IndexUnavailable(RuntimeError):
    """The search index could not be written; the database and the index now differ."""


class PersianTokenizer(Tokenizer):
    """Whoosh tokenizer yielding `archive.text.persian.tokens` terms with their original offsets."""

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


class PersianCharacters(Characters):
    """Whoosh's Characters format (positions and offsets), stored as arrays, not pickles.

    A value is a tag, then the positions, start offsets and end offsets as little-endian
    uint16 or uint32 (see `postings.TAGS`): phrases decode thousands of them at once
    (`postings.triples_of`), where Whoosh unpickles each. Values written by Whoosh's own
    Characters (an index built before this format) are still read.

    A full text field is indexed from `persian.tokens` in one pass: going through the
    tokenizer costs a Whoosh Token update per word, about a third as much as the analysis.
    """

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(analyzer, PersianTokenizer) or not isinstance(value, str):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        seen: defaultdict[str, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
        for term, start, end, position in persian.tokens(value):
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
        if not postings.is_ours(valuestring):
            return super().decode_characters(valuestring)
        return [tuple(row) for row in postings.decode_triples(valuestring).tolist()]

    def decode_positions(self, valuestring: bytes) -> list[int]:
        if not postings.is_ours(valuestring):
            return super().decode_positions(valuestring)
        return postings.decode_triples(valuestring)[:, 0].tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        if not postings.is_ours(valuestring):
            return super().decode_frequency(valuestring)
        return len(postings.decode_triples(valuestring))


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


@dataclass
class RawHit:
    docnum: int
    score: float | None
    fields: dict
    spans: list[tuple[int, int]]  # char offsets of matched terms in the content field


@dataclass
class RawPage:
    total: int
    page: int
    hits: list[RawHit]
    facets: dict[str, dict] = field(default_factory=dict)


class PersianWhooshSearchBackend(WhooshSearchBackend):
    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self._searcher = None
        self._searcher_stamp: tuple = ()
        self._searcher_lock = threading.Lock()
        self._arrays: postings.IndexArrays | None = None
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
                # Character offsets let snippets find the matches without re-analysing
                # whole documents; positions serve phrases.
                text = TEXT(analyzer=field_class.analyzer or PersianAnalyzer(), chars=True)
                text.format = PersianCharacters(field_boost=text.format.field_boost)
                schema_fields[name] = text
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
            _reopened(super().setup)
        except FileNotFoundError:
            raise
        except OSError as error:
            # haystack refuses an index directory it cannot write; searching needs no writing.
            if not (self.use_file_storage and os.path.isdir(self.path)):
                raise IndexUnavailable(self._unwritable(error)) from error
            if os.access(self.path, os.W_OK):
                _reopened(super().setup)  # another process created the directory just now
            else:
                self._open_read_only()
        self._drop_searcher()

    def _open_read_only(self) -> None:
        from haystack import connections

        self.storage = FileStorage(self.path, readonly=True)
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, self.schema = self.build_schema(fields)
        self.index = _reopened(lambda: self.storage.open_index(schema=self.schema))
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

    def searcher(self):
        """Return the kept searcher, reopened if the index changed since it was opened."""
        if not self.setup_complete:
            self.setup()
        with self._searcher_lock:
            stamp = self._index_stamp()
            if self._searcher is not None and stamp != self._searcher_stamp:
                # Not Searcher.refresh(): in Whoosh-Reloaded 2.7.5 it reuses segment readers
                # with their old deletions (deleted documents stay visible), keeps merged-away
                # segments, and fails on an empty index.
                self._searcher.close()
                self._searcher = None
            if self._searcher is None:
                self.index = _reopened(self.index.refresh)
                self._searcher = _reopened(self.index.searcher)
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
            self.index = _reopened(self.index.refresh)
            if procs > 1:
                warm_analyzer()
                return self.index.writer(
                    procs=procs, timeout=LOCK_TIMEOUT, limitmb=256, batchsize=250
                )
            return self.index.writer(timeout=LOCK_TIMEOUT)
        except LockError as exc:
            raise IndexUnavailable(INDEX_LOCKED.format(seconds=LOCK_TIMEOUT)) from exc
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

    def write(
        self,
        documents: Sequence[dict] = (),
        *,
        delete_terms: Sequence[tuple[str, object]] = (),
        prepare: Callable[[], Sequence[dict]] | None = None,
        size: int = 0,
        replace: bool = True,
    ) -> None:
        """Delete by terms, then add or replace documents, in one commit.

        Waits for the index lock (another import, an admin save) and raises
        IndexUnavailable if it cannot be had or the index cannot be written: a lost write
        must never pass silently. `prepare`, if given, builds the documents once the lock
        is held: they then show the database as of this write, and a save committed
        meanwhile is written after it, by its own write (never overwritten by older data).
        `size` is how many documents `prepare` will roughly give. `replace=False` when
        `delete_terms` already remove every older version of the documents: replacing
        looks each document's id up in the index.
        """
        if not self.setup_complete:
            self.setup()
        if not documents and not delete_terms and prepare is None:
            return
        size = max(size, len(documents))
        procs = WRITER_PROCESSES if size >= PARALLEL_WRITE_FROM else 1
        writer = self._writer(procs=procs)
        try:
            for fieldname, value in delete_terms:
                writer.delete_by_term(fieldname, value)
            # An index without segments has nothing to replace.
            add = writer.update_document if replace and writer.segments else writer.add_document
            for doc in chain(documents, prepare() if prepare is not None else ()):
                add(**doc)
            writer.commit()
        except BaseException as exc:
            _abandon(writer)
            if isinstance(exc, OSError):  # a full disk, a directory made read-only
                raise IndexUnavailable(self._unwritable(exc)) from exc
            raise
        # The commit may have merged away segments a rebuild wrote.
        self._remove_replaced_segments()

    def rebuild(self, documents: Iterable[dict]) -> int:
        """Replace the whole index with these documents; return their number.

        The new index is built beside the live one, in the same directory under a name of
        its own, then swapped in: until the swap, searches see the old index whole, and
        saves and imports write to it without waiting. The caller re-indexes what changed
        meanwhile (`archive.search.rebuild_index` does): those writes went to the old index.

        Haystack commits batch by batch, each commit looking every document up to replace
        it and merging the growing index again. Here documents are only added, by
        WRITER_PROCESSES processes each writing segments of its own, committed every
        REBUILD_COMMIT_CHARS of text: a writer holding more postings than fit in
        REBUILD_LIMIT_MB would sort them on disk, which costs more than a few more segments
        cost searches. If anything fails, the new index's files are removed and the live
        index is as it was.
        """
        if not self.setup_complete:
            self.setup()
        warm_analyzer()  # once, before writer processes fork from this one
        name = f"{REBUILD_PREFIX}{os.getpid()}x{time.time_ns():x}"
        count, writer = 0, None
        try:
            beside = self.storage.create_index(self.schema, indexname=name)
            text = 0
            for doc in documents:
                if writer is None:
                    writer = self._rebuild_writer(beside)
                writer.add_document(**doc)
                count += 1
                text += len(doc.get(self.content_field_name) or "")
                if text >= REBUILD_COMMIT_CHARS:
                    writer.commit(mergetype=NO_MERGE)
                    writer, text = None, 0
            if writer is not None:
                writer.commit(mergetype=NO_MERGE)
                writer = None
            self._swap_in(name)
        except BaseException as exc:
            if writer is not None:
                _abandon(writer)
            # Unless the live index already lists them, the new segments go too.
            if not self._lists_segments_of(name):
                self._remove_index_files(name)
            if isinstance(exc, OSError):
                raise IndexUnavailable(self._unwritable(exc)) from exc
            raise
        self._remove_replaced_segments()
        return count

    def _lists_segments_of(self, name: str) -> bool:
        with suppress(Exception):
            segments = _reopened(self.index.refresh)._segments()
            return any(s.segment_id().startswith(f"{name}_") for s in segments)
        return False

    def _swap_in(self, name: str) -> None:
        """Make the index built under `name` the live one, in one commit under the lock."""
        lock = self.index.lock("WRITELOCK")
        if not try_for(lock.acquire, timeout=LOCK_TIMEOUT, delay=0.1):
            raise IndexUnavailable(INDEX_LOCKED.format(seconds=LOCK_TIMEOUT))
        try:
            live = self.index.indexname
            built = TOC.read(self.storage, name)
            generation = self.index.latest_generation() + 1
            # The live name's table of contents now lists the new segments (their files keep
            # the name they were written under); the old segments' files are removed.
            TOC(self.schema, built.segments, generation).write(self.storage, live)
            clean_files(self.storage, live, generation, built.segments)
            self._remove_index_files(name, segments=False)
        finally:
            lock.release()

    def _remove_index_files(self, name: str, *, segments: bool = True) -> None:
        """Remove the table of contents (and, with `segments`, the segments) of an index."""
        tocs = TOC._pattern(name)
        parts = TOC._segment_pattern(name)
        for filename in list(self.storage):
            if tocs.match(filename) or (segments and parts.match(filename)):
                with suppress(OSError):
                    self.storage.delete_file(filename)

    def _remove_replaced_segments(self) -> None:
        """Remove the files of rebuilt segments that the live index no longer lists.

        A rebuild's segments keep its name, which Whoosh's own clean-up (by the live name)
        never matches: once later commits merge them away, their files are ours to remove.
        A rebuild still under way has a table of contents of its own and is left alone.
        """
        try:
            files = list(self.storage)
            segments = _reopened(self.index.refresh)._segments()
        except (OSError, EmptyIndexError):  # a clean-up: it never fails the write before it
            return
        names = {m[1] for f in files if (m := _REBUILD_TOC.match(f))}
        live = {segment.segment_id() for segment in segments}
        for filename in files:
            found = _REBUILD_SEGMENT.match(filename)
            if found and found[2] not in names and found[1] not in live:
                with suppress(OSError):
                    self.storage.delete_file(filename)

    def _rebuild_writer(self, index):
        # No other writer knows the new index: it needs no lock.
        index = _reopened(index.refresh)
        options = {"limitmb": REBUILD_LIMIT_MB}
        if WRITER_PROCESSES == 1:
            return index.writer(_lk=False, **options)
        # Each process finishes segments of its own (multisegment): none merged here.
        return MpWriter(
            index,
            procs=WRITER_PROCESSES,
            batchsize=100,
            multisegment=True,
            subargs=options,
            _lk=False,
            **options,
        )

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

        self.write(prepare=prepare, size=len(pks))
        if self.progress is not None:
            self.progress(len(prepared))

    def remove(self, obj_or_string, commit=True):
        self.write([], delete_terms=[(ID, get_identifier(obj_or_string))])

    def clear(self, models=None, commit=True):
        if not self.setup_complete:
            self.setup()
        if models is None:
            self._clear_all()
            return
        self.write([], delete_terms=[(DJANGO_CT, get_model_ct(model)) for model in models])

    def _clear_all(self) -> None:
        """Empty the index, with the current schema, in one commit under the lock."""
        if not self.use_file_storage:
            self.delete_index()
            return
        try:
            _reopened(self.index.refresh)
        except (EmptyIndexError, OSError):
            self.delete_index()  # nothing readable to keep: start afresh
            return
        writer = self._writer()
        try:
            # A rebuild may follow a change of fields: the new table of contents takes ours.
            writer.schema = self.schema
            writer.commit(mergetype=CLEAR)
        except BaseException as exc:
            _abandon(writer)
            if isinstance(exc, OSError):
                raise IndexUnavailable(self._unwritable(exc)) from exc
            raise

    def delete_index(self):
        self._drop_searcher()
        super().delete_index()

    # Reading

    def arrays(self) -> postings.IndexArrays:
        """Return the NumPy view of the current searcher's index (see postings.py)."""
        searcher = self.searcher()
        with self._searcher_lock:
            if self._arrays is None or self._arrays.searcher is not searcher:
                scope = self.path if self.use_file_storage else None
                self._arrays = postings.IndexArrays(searcher, scope=scope)
            return self._arrays

    def run(
        self,
        match: wq.Query,
        *,
        boosts: Sequence[wq.Query] = (),
        proximity: Sequence[wq.Query] = (),
        filter_query: wq.Query | None = None,
        sortedby: str | None = None,
        reverse: bool = False,
        page: int = 1,
        per_page: int = 20,
        facets: dict[str, str] | None = None,
        highlight_terms: Sequence[str] = (),
    ) -> RawPage:
        """Run one search: a page of hits, the total, and facet counts over every match.

        `match` decides which documents match; `boosts` and `proximity` (optional queries)
        only lift the score of those that also match them; proximity is weighed for the
        PROXIMITY_WINDOW best documents only, since it reads word positions. Every match
        is counted and faceted exactly.
        """
        arrays = self.arrays()
        allowed = arrays.live if filter_query is None else arrays.filter(filter_query)
        matched = arrays.matches(match, within=allowed) & allowed
        docs = np.flatnonzero(matched)
        total = len(docs)
        # Past the last page, show the last page (as Django's Paginator.get_page does).
        page = max(1, min(page, -(-total // per_page)))
        start = (page - 1) * per_page

        counts = {
            name: arrays.field_values(fieldname).counts(matched)
            for name, fieldname in (facets or {}).items()
        }

        scores = None
        if not total:
            order = docs
        elif sortedby is not None:
            keys = arrays.sort_keys(sortedby)[docs]
            # Undated documents last, whichever the direction; equals in index order.
            primary = np.where(keys < 0, 1, -keys) if reverse else np.where(keys < 0, total, keys)
            order = np.lexsort((docs, primary))
        else:
            scores = arrays.scores(match, docs)
            for boost in boosts:
                scores += arrays.scores(boost, docs)
            order = np.lexsort((docs, -scores))
            if proximity:
                head = order[:PROXIMITY_WINDOW]
                for near in proximity:
                    scores[head] += arrays.scores(near, docs[head])
                head = head[np.lexsort((docs[head], -scores[head]))]
                order = np.concatenate([head, order[PROXIMITY_WINDOW:]])
        shown = order[start : start + per_page]
        top = [(None if scores is None else float(scores[i]), int(docs[i])) for i in shown.tolist()]

        searcher = arrays.searcher
        spans = arrays.spans(self.content_field_name, highlight_terms, [d for _, d in top])
        hits = [
            RawHit(
                docnum=docnum,
                score=score,
                fields=searcher.stored_fields(docnum),
                spans=spans.get(docnum, []),
            )
            for score, docnum in top
        ]
        return RawPage(total=total, page=page, hits=hits, facets=counts)

    def stored_documents(self) -> Iterable[dict]:
        """Yield the stored fields of every document in the index."""
        searcher = self.searcher()
        return searcher.all_stored_fields()

    def suggest(self, term: str, *, maxdist: int = 2) -> str | None:
        """Return the index term closest to `term` (the most frequent among equals)."""
        searcher = self.searcher()
        found = searcher.corrector(self.content_field_name).suggest(
            term, limit=1, maxdist=maxdist, prefix=1
        )
        return found[0] if found else None

    def doc_frequency(self, term: str) -> int:
        return self.searcher().doc_frequency(self.content_field_name, term)


def _abandon(writer) -> None:
    """Cancel a failed writer and, whatever else fails, release the index lock."""
    for task in getattr(writer, "tasks", ()):
        # A writer process waits for work until told to stop; this one would wait for it
        # at exit.
        with suppress(Exception):
            task.terminate()
            task.join()
    with suppress(Exception):  # the lock below is what matters
        writer.cancel()
    lock = getattr(writer, "writelock", None)
    if lock is not None and lock.fd is not None:
        # Otherwise a long-running process would hold the lock until it exits.
        lock.release()


class PersianWhooshEngine(BaseEngine):
    backend = PersianWhooshSearchBackend
    query = WhooshSearchQuery


def backend(using: str = "default") -> PersianWhooshSearchBackend:
    """Return this thread's backend for the connection."""
    from haystack import connections

    return connections[using].get_backend()
