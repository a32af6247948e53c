"""What the PostgreSQL engine's SQL names, and the pieces of it that queries need.

`archive_search_document` holds a row per document, `archive_search_posting` a row per word
of a document's text with its count, `archive_search_chunk` the text in chunks as tsvectors
of our analyzer's terms, and `archive_search_write` the transactions that wrote to the index
(`arrays`). A phrase is a literal tsquery of our terms, tested against the chunks (a chunk
overlaps the one before, so a phrase across a cut is still in one).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from archive.search import query as q
from archive.search.engine.postgres.documents import indexable, lexeme

# Beyond this many alternatives, a phrase with slop checks each pair of neighbours instead.
SLOP_ALTERNATIVES = 243

DOCUMENTS = "archive_search_document"
CHUNKS = "archive_search_chunk"
POSTINGS = "archive_search_posting"
WRITES = "archive_search_write"  # the transactions that wrote to the index
# The text field, the analysed title and the date column.
TEXT_FIELD = "text"
TITLE_FIELD = "title"
DATE_FIELD = "date"


def phrase_tsquery(words: tuple[str, ...], slop: int) -> str | None:
    """Write a phrase as a tsquery: each word `1..slop` positions after the one before.

    PostgreSQL's `<N>` means exactly N positions on; a slop is spelt out as alternatives.
    """
    if not all(indexable(w) for w in words):
        return None
    slop = max(slop, 1)
    if slop ** (len(words) - 1) > SLOP_ALTERNATIVES:
        pairs = [phrase_tsquery(pair, slop) for pair in pairwise(words)]
        return " & ".join(f"({pair})" for pair in pairs)
    found = lexeme(words[0])
    for word in words[1:]:
        found = " | ".join(f"({found}) <{step}> {lexeme(word)}" for step in range(1, slop + 1))
    return found


def needs_words(query: q.Query) -> bool:
    """Say whether only documents holding one of the query's text words or phrases match."""
    if isinstance(query, (q.Term, q.Phrase)):
        return query.field == TEXT_FIELD
    if isinstance(query, q.And):
        return any(needs_words(sub) for sub in query.subqueries)
    if isinstance(query, q.Or):
        return bool(query.subqueries) and all(needs_words(sub) for sub in query.subqueries)
    if isinstance(query, q.AndNot):
        return needs_words(query.positive)
    return False


def key(fieldname: str, value) -> str:
    """Write a keyword value as the documents' keys hold it."""
    return f"{fieldname}={value}"


@dataclass
class Stats:
    """What BM25 needs besides a document's own counts, and which state of the index it is."""

    documents: int
    average_length: dict[str, float]
    boosts: dict[str, float]  # field -> weight of one occurrence (haystack's field boost)
    # Which database and which incarnation of its document table (its file), and what this
    # process has seen of the index's writes (`arrays.seen_writes`): None inside a
    # transaction that wrote to it, whose postings no other search may reuse.
    generation: tuple = ()
    version: int | None = None
