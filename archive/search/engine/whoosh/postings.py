"""Whoosh postings read a block at a time into NumPy arrays, and what segments hold, cached.

Whoosh matches, counts and scores a query one document at a time in Python: at 20,000
articles a common word cost over 100 ms before a page could be shown. Its postings are
stored in blocks of up to 128 documents; read a block at once, they become arrays (the
evaluator, `archive.search.engine.whoosh.evaluator`, then works on whole-index vectors).

What is kept, and for how long: a term's document numbers and weights, per segment, in a
module-wide cache bounded in bytes (segments never change once written; deletions are
applied from the searcher); per segment, field lengths and the values of facet and date
fields.

Whoosh's private internals this needs, named here and nowhere else in the archive:
- W3LeafMatcher's block fields: `_data` (ids, weights, values of the loaded block),
  `_read_data()`, `_goto(offset)`, `_nextoffset`, `_baseoffset`, `_lastblock`, `_byteids`,
  `_blocklength` (in `_blocks`, `_block_ids`, `_block_weights`, `read_postings`,
  `_unpack_block`): Whoosh offers no public way to read a block whole;
- a segment reader's per-document column of field lengths, `reader._perdoc._cached_reader`
  and the column's `_dbfile`, `_basepos`, `_count` (in `_segment_lengths`): one byte per
  document, read at once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

from archive.search.engine.evaluator import ranks

# Bytes of term postings kept across searches, shared by the threads of a process.
TERM_CACHE_BYTES = 96 * 1024 * 1024
# Bytes of decoded word positions kept likewise: the blocks of common words, which phrases,
# proximity and snippets read query after query.
POSITION_CACHE_BYTES = 64 * 1024 * 1024

# Positions and offsets as our text format writes them (analysis.PersianCharacters): a 4-byte
# tag, then the positions, the start offsets and the end offsets, as little-endian uint16
# when every offset fits (most texts), else uint32.
TAG_16 = b"\xffPC2"
TAG_32 = b"\xffPC1"
TAGS = {TAG_16: np.dtype("<u2"), TAG_32: np.dtype("<u4")}

# Postings per block, as Whoosh's W3 codec writes them (its default, which the index uses).
BLOCK_LIMIT = 128

LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float32)
LENGTH_OF_BYTE[0] = 1.0  # Whoosh scores a missing length as 1

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


class BlockValues(NamedTuple):
    """The values of one postings block, unpacked, not decoded: posting i's value is
    data[starts[i] : starts[i + 1]]."""

    ids: np.ndarray  # the block's document numbers, ascending
    starts: np.ndarray  # int64, one more than the block's postings
    data: np.ndarray  # uint8: the values one after the other


class BlockIndex(NamedTuple):
    """Where a term's postings blocks are, and the last document of each."""

    offsets: np.ndarray
    last_ids: np.ndarray


def read_block_index(
    reader, fieldname: str, text: str, ids: np.ndarray | None = None
) -> BlockIndex | None:
    """Read where a term's blocks are, none of their data; None for inlined postings.

    `ids`, if given, are the documents the term's postings list (those of the text field
    beside this field of positions): blocks of BLOCK_LIMIT postings then end at known
    documents, and only each block's length is read, not its pickled header.
    """
    matcher = _leaf_matcher(reader, fieldname, text)
    if matcher is None:
        return BlockIndex(_NO_BLOCKS, _NO_BLOCKS)
    if not isinstance(matcher, W3LeafMatcher):
        return None
    if (
        ids is not None
        and matcher._blocklength == min(BLOCK_LIMIT, len(ids))
        and reader.doc_frequency(fieldname, text) == len(ids)
    ):
        count = -(-len(ids) // BLOCK_LIMIT)
        offsets = [matcher._baseoffset]
        for _ in range(count - 1):
            # A block starts with its length, negative for the last.
            offsets.append(offsets[-1] + 4 + abs(matcher._postfile.get_int(offsets[-1])))
        last = np.minimum(np.arange(1, count + 1) * BLOCK_LIMIT, len(ids)) - 1
        return BlockIndex(np.array(offsets, dtype=np.int64), ids[last].astype(np.int64))
    offsets, last_ids = [matcher._baseoffset], []
    for block in _blocks(matcher):
        offsets.append(block._nextoffset)
        last_ids.append(block._maxid)
    return BlockIndex(np.array(offsets[:-1], dtype=np.int64), np.array(last_ids, dtype=np.int64))


def _unpack_block(matcher, block_offset: int) -> BlockValues:
    matcher._goto(block_offset)
    ids = _block_ids(matcher)
    values = matcher._data[2]
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    starts = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    return BlockValues(ids, starts, np.frombuffer(b"".join(values), dtype=np.uint8))


def _inlined_occurrences(matcher, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    # A rare term's postings, stored with its entry in the word list: a few documents.
    where = {int(docnum): i for i, docnum in enumerate(wanted.tolist())}
    found, values = [], []
    while matcher.is_active():
        if matcher.id() in where:
            found.append(where[matcher.id()])
            values.append(matcher.value())
        matcher.next()
    owner, triples = triples_of(values)
    return np.array(found, dtype=np.int64)[owner], triples


def read_occurrences(
    reader,
    fieldname: str,
    text: str,
    wanted: np.ndarray,
    key: Hashable,
    ids: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (index into `wanted`, n x 3 array of position, start, end) of a term's uses.

    `wanted` holds sorted document numbers of the segment. Only the blocks holding them are
    read, found from the blocks' headers, and each is unpacked once per process while it
    stays in the `positions` cache (under `key`, which names the segment): a block holds up
    to 128 documents' positions in one compressed pickle, and unpacking it costs more than
    anything else a phrase does. Of a block, only the wanted documents' values are decoded.
    `ids` are the term's documents, if known (see `read_block_index`).
    """
    none = np.empty(0, np.int64), np.empty((0, 3), np.int32)
    if not len(wanted):
        return none
    index = positions.get(
        (key, fieldname, text, "blocks"), lambda: read_block_index(reader, fieldname, text, ids)
    )
    if index is None:
        return _inlined_occurrences(_leaf_matcher(reader, fieldname, text), wanted)
    if not len(index.last_ids):
        return none
    blocks = np.searchsorted(index.last_ids, wanted)
    matcher = None

    def unpack(block: int) -> BlockValues:
        nonlocal matcher
        matcher = matcher or _leaf_matcher(reader, fieldname, text)
        return _unpack_block(matcher, int(index.offsets[block]))

    needed = np.unique(blocks[blocks < len(index.last_ids)]).tolist()
    if not needed:
        return none
    block = _joined(
        [positions.get((key, fieldname, text, b), lambda b=b: unpack(b)) for b in needed]
    )
    # One lookup for every wanted document, in the needed blocks side by side, and only
    # their values decoded.
    at = np.minimum(np.searchsorted(block.ids, wanted), len(block.ids) - 1)
    chosen = np.flatnonzero(block.ids[at] == wanted)
    local = at[chosen]
    starts = block.starts[local]
    owner, triples = decode_values(block.data, starts, block.starts[local + 1] - starts)
    return chosen[owner], triples


def _joined(blocks: list[BlockValues]) -> BlockValues:
    """Return consecutive blocks of one term as one."""
    if len(blocks) == 1:
        return blocks[0]
    sizes = np.array([len(b.data) for b in blocks], dtype=np.int64)
    shift = np.repeat(np.cumsum(sizes) - sizes, [len(b.ids) for b in blocks])
    starts = np.concatenate([b.starts[:-1] for b in blocks]) + shift
    return BlockValues(
        np.concatenate([b.ids for b in blocks]),
        np.append(starts, sizes.sum()),
        np.concatenate([b.data for b in blocks]),
    )


def decode_triples(value: bytes) -> np.ndarray:
    """Return an n x 3 array of (position, start, end) from one value of our format."""
    flat = np.frombuffer(value, dtype=TAGS[value[:4]], offset=4)
    return flat.reshape(3, -1).T.astype(np.int64)


def _numbers(data: np.ndarray, at: np.ndarray, wide: np.ndarray) -> np.ndarray:
    # Little-endian numbers of 2 bytes (4 where `wide`) starting at the byte offsets `at`.
    found = data[at].astype(np.int32) | data[at + 1].astype(np.int32) << 8
    if wide.any():
        far = at[wide]
        found[wide] |= data[far + 2].astype(np.int32) << 16 | data[far + 3].astype(np.int32) << 24
    return found


def decode_values(
    data: np.ndarray, starts: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return (value index, n x 3 int32 array of position, start, end) for encoded values.

    Value i is data[starts[i] : starts[i] + lengths[i]]; rows come in the order of the
    values. All are decoded at once, whatever their widths, without a Python step per value.
    """
    if not len(starts):
        return np.empty(0, np.int64), np.empty((0, 3), np.int32)
    wide = data[starts + 3] == TAG_32[3]
    width = np.where(wide, 4, 2)
    counts = (lengths - 4) // (3 * width)
    owner = np.repeat(np.arange(len(starts)), counts)
    rank = ranks(counts)
    # Each value is its tag, then n positions, n starts and n ends.
    step, count, wide_at = width[owner], counts[owner], wide[owner]
    first = starts[owner] + 4 + rank * step
    triples = np.stack(
        [_numbers(data, first + k * count * step, wide_at) for k in range(3)], axis=1
    )
    return owner, triples


def triples_of(values: list) -> tuple[np.ndarray, np.ndarray]:
    """Return (value index, n x 3 int32 array of position, start, end) for encoded values."""
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    data = np.frombuffer(b"".join(values), dtype=np.uint8)
    return decode_values(data, np.cumsum(lengths) - lengths, lengths)


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


terms = _BytesLRU(TERM_CACHE_BYTES)
# Decoded positions, a postings block at a time (see read_occurrences).
positions = _BytesLRU(POSITION_CACHE_BYTES)
# Field lengths and field values: a few bytes per document and field, for every segment.
columns = _BytesLRU(TERM_CACHE_BYTES)


def segment_key(reader) -> tuple:
    """Name a segment for the caches: its id, and when and how large its file was written.

    Whoosh draws segment ids from the global `random`: once something reseeds it (Hypothesis
    does before every example, the benchmarks do), an index cleared and written again can
    reuse an id for a segment of other contents, and its cached postings would be read.
    """
    segment = reader.segment()
    name = segment.make_filename(".seg" if segment.is_compound() else ".trm")
    storage = reader.storage()
    try:
        return segment.segment_id(), storage.file_modified(name), storage.file_length(name)
    except (NotImplementedError, OSError):  # a storage that keeps no such record
        return (segment.segment_id(),)


def segment_lengths(reader, fieldname: str) -> np.ndarray:
    def make() -> np.ndarray:
        count = reader.doc_count_all()
        column = reader._perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
        encoded = np.zeros(count, dtype=np.uint8)
        if column is not None:
            # One byte per document, up to the last one that has the field.
            stored = column._dbfile.get(column._basepos, column._count)
            encoded[: len(stored)] = np.frombuffer(stored, dtype=np.uint8)
        return LENGTH_OF_BYTE[encoded]

    return columns.get((segment_key(reader), "length", fieldname), make)


def segment_values(reader, schema, fieldname: str) -> tuple[list, np.ndarray, np.ndarray]:
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

    return columns.get((segment_key(reader), "values", fieldname), make)
