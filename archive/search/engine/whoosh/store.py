"""The index's files: opening them while other processes commit, mapped reads, rebuilding
beside the live index and swapping it in, and removing what no index lists any more.

Whoosh's private internals this needs, named here and nowhere else in the archive:
- `whoosh.filedb.compound.BufferFile`, replaced by `MappedFile` (see there);
- `TOC._pattern(name)` and `TOC._segment_pattern(name)`, the file names of an index's tables
  of contents and segments (in `remove_index_files`);
- `Index._segments()`, the segments the live table of contents lists (in `live_segments`);
- the `dumps` the W3 postings writer pickles its blocks with (`_block_dumps`).
"""

import copy
import io
import os
import pickle
import re
import time
from collections import Counter
from collections.abc import Iterable
from contextlib import suppress
from itertools import chain, islice

from whoosh.codec import whoosh3
from whoosh.codec.whoosh3 import W3PerDocReader
from whoosh.filedb import compound as whoosh_compound
from whoosh.filedb.structfile import BufferFile
from whoosh.index import TOC, EmptyIndexError, clean_files
from whoosh.multiproc import MpWriter
from whoosh.util.filelock import try_for
from whoosh.writing import NO_MERGE, PostingPool

from archive.search.engine.whoosh.analysis import (
    PersianCharacters,
    PersianFrequency,
    PersianPairs,
    pairs_field,
    positions_field,
    warm_analyzer,
)
from archive.search.errors import IndexUnavailable
from archive.text import persian

# Opening the index reads the newest table of contents and its segments; a writer in another
# process may commit and delete those files between the listing and the open. Try again.
OPEN_ATTEMPTS = 20
# Seconds a writer waits for another writer (an import, an admin save) to finish.
LOCK_TIMEOUT = 120.0
# A rebuild writes its index beside the live one under a name of its own (letters and digits
# only: Whoosh puts names in its file patterns), unlike haystack's "MAIN".
REBUILD_PREFIX = "REBUILD"
_REBUILD_TOC = re.compile(rf"^_({REBUILD_PREFIX}[0-9a-z]+)_[0-9]+\.toc$")
_REBUILD_SEGMENT = re.compile(rf"^(({REBUILD_PREFIX}[0-9a-z]+)_[0-9a-z]+)\.")

# A rebuild: memory (MB) each writer process sorts postings in before spilling them to
# disk. Postings take about 22 bytes of that memory per character of text (measured).
REBUILD_LIMIT_MB = 512
# A rebuild's common terms (store.common_terms): those in this share of the texts of its
# first COMMON_SAMPLE documents, once there are COMMON_MIN_DOCUMENTS of them.
COMMON_SAMPLE = 3000
COMMON_MIN_DOCUMENTS = 500
COMMON_SHARE = 0.05
WRITER_PROCESSES = min(2, os.cpu_count() or 1)

INDEX_LOCKED = "The search index stayed locked by another writer for {seconds:.0f} s."


def reopened(open_index):
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


def _cached_reader(self, fieldname, column):
    """Whoosh's W3PerDocReader._cached_reader, remembering a column that is not there too.

    Writing a segment looks up every posting's field length; for a field that stores none
    (positions, pairs, keywords) Whoosh asked the file system each time whether the column
    had appeared since: 3.2 million stat calls in a 2,000-article rebuild (9 % of its CPU).
    """
    if fieldname not in self._readers:
        found = self.has_column(fieldname)
        self._readers[fieldname] = self.column_reader(fieldname, column) if found else None
    return self._readers[fieldname]


W3PerDocReader._cached_reader = _cached_reader

# Postings a writer spills to its temporary run files, pickled this many at a time.
RUN_CHUNK = 10_000


def _write_run(self, f, items) -> None:
    """Whoosh's PostingPool run writer, pickling postings RUN_CHUNK at a time, not one by one.

    A rebuild spills every posting to a run file and reads it back once (4.4 million of
    them at 2,000 articles): one pickle call each was a sixth of the rebuild's time.
    """
    items = iter(items)
    for chunk in iter(lambda: list(islice(items, RUN_CHUNK)), []):
        pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
    f.close()


def _read_run(self, path):
    f = self._open_run(path)
    try:
        while True:
            yield from pickle.load(f)  # noqa: S301 - our own run file, written just before
    except EOFError:
        return
    finally:
        f.close()
        self._remove_run(path)


PostingPool._write_run = _write_run
PostingPool._read_run = _read_run

# The pickle protocol of the postings blocks a writer writes.
BLOCK_PICKLE_PROTOCOL = 5


def _block_dumps(data, protocol=None) -> bytes:
    """What Whoosh's postings writer pickles a block with: protocol 5, not Whoosh's 2.

    Protocol 2 has no bytes type: it pickles each posting's value (our positions) as a call
    re-encoding a Latin-1 string, which doubles every byte above 127 and costs a Python call
    per value to unpickle. With protocol 5 the positions take 44 % less space before
    compression and a block unpickles three times as fast. Blocks of either protocol read
    alike (`pickle.loads` tells them apart), so an older index needs no rebuild.
    """
    return pickle.dumps(data, BLOCK_PICKLE_PROTOCOL)


whoosh3.dumps = _block_dumps


def outdated(storage, indexname: str, content_field: str) -> bool:
    """Say whether the live index was written by an older version (it must be rebuilt).

    Its schema is pickled with the classes of the version that wrote it: an analyzer or a
    text format since moved or replaced cannot be loaded, or is not ours; an analyzer of
    another ANALYZER_VERSION wrote terms that queries no longer produce.
    """
    try:
        stored = reopened(lambda: TOC.read(storage, indexname)).schema
    except EmptyIndexError:
        return False
    except OSError:
        raise
    except Exception:  # a class it names is gone, or a file of another format
        return True
    if content_field not in stored:
        return False
    version = getattr(stored[content_field].analyzer, "version", None)
    formats = {
        content_field: PersianFrequency,
        positions_field(content_field): PersianCharacters,
        pairs_field(content_field): PersianPairs,
    }
    return version != persian.ANALYZER_VERSION or not all(
        name in stored and isinstance(stored[name].format, kind) for name, kind in formats.items()
    )


def live_segments(index) -> list:
    """Return the segments the index's newest table of contents lists."""
    return reopened(index.refresh)._segments()


def lists_segments_of(index, name: str) -> bool:
    """Say whether the live index lists segments written under `name` (by a rebuild)."""
    with suppress(Exception):
        return any(s.segment_id().startswith(f"{name}_") for s in live_segments(index))
    return False


def swap_in(storage, index, schema, name: str) -> None:
    """Make the index built under `name` the live one, in one commit under the lock."""
    lock = index.lock("WRITELOCK")
    if not try_for(lock.acquire, timeout=LOCK_TIMEOUT, delay=0.1):
        raise IndexUnavailable(INDEX_LOCKED.format(seconds=LOCK_TIMEOUT))
    try:
        live = index.indexname
        built = TOC.read(storage, name)
        generation = index.latest_generation() + 1
        # The live name's table of contents now lists the new segments (their files keep
        # the name they were written under); the old segments' files are removed.
        TOC(schema, built.segments, generation).write(storage, live)
        clean_files(storage, live, generation, built.segments)
        remove_index_files(storage, name, segments=False)
    finally:
        lock.release()


def remove_index_files(storage, name: str, *, segments: bool = True) -> None:
    """Remove the table of contents (and, with `segments`, the segments) of an index."""
    tocs = TOC._pattern(name)
    parts = TOC._segment_pattern(name)
    for filename in list(storage):
        if tocs.match(filename) or (segments and parts.match(filename)):
            with suppress(OSError):
                storage.delete_file(filename)


def remove_replaced_segments(storage, index) -> None:
    """Remove the files of rebuilt segments that the live index no longer lists.

    A rebuild's segments keep its name, which Whoosh's own clean-up (by the live name)
    never matches: once later commits merge them away, their files are ours to remove.
    A rebuild still under way has a table of contents of its own and is left alone.
    """
    try:
        files = list(storage)
        segments = live_segments(index)
    except (OSError, EmptyIndexError):  # a clean-up: it never fails the write before it
        return
    names = {m[1] for f in files if (m := _REBUILD_TOC.match(f))}
    live = {segment.segment_id() for segment in segments}
    for filename in files:
        found = _REBUILD_SEGMENT.match(filename)
        if found and found[2] not in names and found[1] not in live:
            with suppress(OSError):
                storage.delete_file(filename)


def abandon(writer) -> None:
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


def rebuild_beside(storage, index, schema, documents: Iterable[dict], *, text_field: str) -> int:
    """Build a new index from `documents` beside the live one, then swap it in.

    The new index is built in the same directory under a name of its own, then swapped in:
    until the swap, searches see the old index whole, and saves and imports write to it
    without waiting.

    Haystack commits batch by batch, each commit looking every document up to replace
    it and merging the growing index again. Here documents are only added, by
    WRITER_PROCESSES processes each writing one segment, in one commit: a writer holding
    more postings than fit in REBUILD_LIMIT_MB sorts them on disk. Every search reads each
    word's postings once per segment: at 20,000 articles, one commit every 30M characters
    built the index in 8 segments in about the time of 2, but 15 % larger (582 MB, 505 MB)
    and slower to search (first-seen queries 13.1 / 26.5 ms p50/p95, 10.8 / 19.1 in 2).
    Sorting on disk needs room: 5.1 GB at 60,000 articles, for an index of 1.4 GB.
    If anything fails, the new index's files are removed and the live index is as it was.
    """
    warm_analyzer()  # once, before writer processes fork from this one
    name = f"{REBUILD_PREFIX}{os.getpid()}x{time.time_ns():x}"
    documents = iter(documents)
    sample = list(islice(documents, COMMON_SAMPLE))
    schema = with_common_terms(schema, text_field, common_terms(sample, text_field))
    documents = chain(sample, documents)
    count, writer = 0, None
    try:
        beside = storage.create_index(schema, indexname=name)
        for doc in documents:
            if writer is None:
                writer = _rebuild_writer(beside)
            writer.add_document(**doc)
            count += 1
        if writer is not None:
            writer.commit(mergetype=NO_MERGE)
            writer = None
        swap_in(storage, index, schema, name)
    except BaseException:
        if writer is not None:
            abandon(writer)
        # Unless the live index already lists them, the new segments go too.
        if not lists_segments_of(index, name):
            remove_index_files(storage, name)
        raise
    return count


def common_terms(sample: list[dict], text_field: str) -> frozenset[str]:
    """Return the terms in at least COMMON_SHARE of the sampled documents' texts.

    Pairs of them are what phrases of common words look up (see analysis.PersianPairs). A
    small archive has none: its phrases read few positions anyway.
    """
    if len(sample) < COMMON_MIN_DOCUMENTS:
        return frozenset()
    frequency: Counter[str] = Counter()
    for doc in sample:
        frequency.update({t.term for t in persian.tokens(doc.get(text_field) or "")})
    least = COMMON_SHARE * len(sample)
    return frozenset(term for term, n in frequency.items() if n >= least)


def with_common_terms(schema, text_field: str, common: frozenset[str]):
    """Return a copy of `schema` whose pairs field pairs the terms of `common`."""
    schema = copy.deepcopy(schema)
    pairs = schema[pairs_field(text_field)]
    pairs.format = PersianPairs(common, field_boost=pairs.format.field_boost)
    return schema


def _rebuild_writer(index):
    # No other writer knows the new index: it needs no lock.
    index = reopened(index.refresh)
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
