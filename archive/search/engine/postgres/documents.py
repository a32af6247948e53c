"""Index documents as rows: our analyzer's terms written pre-analysed into PostgreSQL tsvectors.

PostgreSQL never analyses the archive's text (its `simple` configuration would split and fold
it otherwise than `archive.text.persian`): each tsvector is written as a literal of our terms
at our positions, `'کارگر':1,9 'شرکت':2`, and queries are literal tsqueries of the same terms.

Its limits, and how they are kept: a tsvector holds positions up to 16,383 and at most 256 of
them per term (more are silently dropped), so a text is cut into chunks within both, each
starting OVERLAP positions before the last one ended (a phrase across the cut is in one of
them); a lexeme may take 2,047 bytes at most, so longer terms (a pasted URL) are not indexed.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from whoosh.util.numeric import byte_to_length, length_to_byte

from archive.text import persian

MAX_POSITION = 16_383
MAX_POSITIONS_PER_TERM = 256
MAX_LEXEME_BYTES = 2_046
# Positions a chunk repeats of the one before: phrases up to this long are found across a cut.
OVERLAP = 32
# Title words kept in the title's tsvector (a title is a line, not a text).
TITLE_POSITIONS = 1_000


def scored_length(length: int) -> int:
    """Return a field's length as Whoosh's BM25 reads it (rounded to one of 256 steps).

    The Whoosh engine keeps lengths in a byte; the same rounding here ranks documents the same.
    A length of 0 (no such field) reads as 1, as Whoosh scores it.
    """
    return byte_to_length(length_to_byte(length)) or 1


def indexable(term: str) -> bool:
    """Say whether PostgreSQL can hold the term as a lexeme."""
    return "\x00" not in term and len(term.encode()) <= MAX_LEXEME_BYTES


def lexeme(term: str) -> str:
    """Quote a term as a tsvector/tsquery lexeme, taken literally (no configuration applies)."""
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def vector_literal(positions: dict[str, list[int]]) -> str:
    """Write terms and their (1-based, ascending) positions as a tsvector literal."""
    return " ".join(f"{lexeme(term)}:{','.join(map(str, at))}" for term, at in positions.items())


@dataclass
class Chunk:
    number: int
    first_position: int  # the analyzer position written as position 1
    vector: str
    offsets: bytes


@dataclass
class Analysed:
    """A text field analysed once: term counts, length and (for the text) its chunks."""

    counts: Counter = field(default_factory=Counter)
    length: int = 0
    chunks: list[Chunk] = field(default_factory=list)
    vector: str = ""  # the title's: one tsvector of its first TITLE_POSITIONS words


def chunk_bounds(terms: Sequence[str]) -> list[tuple[int, int]]:
    """Cut a run of terms (one per position) into [start, end) stretches PostgreSQL can hold."""
    bounds: list[tuple[int, int]] = []
    start, total = 0, len(terms)
    while start < total:
        counts: Counter = Counter()
        end = start
        while (
            end < total
            and end - start < MAX_POSITION
            and counts[terms[end]] < MAX_POSITIONS_PER_TERM
        ):
            counts[terms[end]] += 1
            end += 1
        bounds.append((start, end))
        if end >= total:
            break
        # A chunk cut short holds at least 256 positions, so this always moves on.
        start = max(end - OVERLAP, start + 1)
    return bounds


def analyse_text(text: str) -> Analysed:
    """Analyse the content field: counts and length for ranking, chunks for matching."""
    tokens = persian.tokens(text)
    found = Analysed(counts=Counter(t.term for t in tokens), length=len(tokens))
    terms = [t.term for t in tokens]
    for number, (start, end) in enumerate(chunk_bounds(terms)):
        positions: dict[str, list[int]] = {}
        offsets = array("I")
        for token in tokens[start:end]:
            if indexable(token.term):
                positions.setdefault(token.term, []).append(token.position - start + 1)
            offsets.extend((token.start, token.end))
        found.chunks.append(
            Chunk(number, start, vector_literal(positions), _little_endian(offsets))
        )
    return found


def analyse_title(text: str) -> Analysed:
    """Analyse a short text field: counts, length, and one tsvector of its first words."""
    tokens = persian.tokens(text)
    positions: dict[str, list[int]] = {}
    for token in tokens[:TITLE_POSITIONS]:
        at = positions.setdefault(token.term, [])
        if indexable(token.term) and len(at) < MAX_POSITIONS_PER_TERM:
            at.append(token.position + 1)
    positions = {term: at for term, at in positions.items() if at}
    return Analysed(
        counts=Counter(t.term for t in tokens), length=len(tokens), vector=vector_literal(positions)
    )


def _little_endian(values: array) -> bytes:
    if sys.byteorder != "little":
        values = array("I", values)
        values.byteswap()
    return values.tobytes()
