"""The archive's query tree (`archive.search.query`) as SQL over the PostgreSQL engine's tables.

`d` is a row of archive_search_document. A word of the text matches where one of the
document's chunks holds it (so the words of an AND may lie in different chunks); a phrase,
where one chunk holds the words in order. Scores are Whoosh's BM25F, from the counts and
lengths our analyzer gave (`Stats`), so both engines rank alike.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from itertools import pairwise

from archive.search import query as q
from archive.search.engine.postgres.documents import indexable, lexeme

# Whoosh's BM25F defaults, as the Whoosh engine scores (evaluator.py).
BM25_B = 0.75
BM25_K1 = 1.2
# Beyond this many alternatives, a phrase with slop checks each pair of neighbours instead.
SLOP_ALTERNATIVES = 243

DOCUMENTS = "archive_search_document"
CHUNKS = "archive_search_chunk"
# The text field and the analysed short fields (name -> columns of counts and length).
TEXT_FIELD = "text"
TITLE_FIELD = "title"
DATE_FIELD = "date"


@dataclass
class Sql:
    text: str
    params: list = field(default_factory=list)


FALSE = Sql("FALSE")
TRUE = Sql("TRUE")


def _join(parts: list[Sql], operator: str, empty: Sql) -> Sql:
    if not parts:
        return empty
    return Sql(
        "(" + f" {operator} ".join(p.text for p in parts) + ")",
        [param for p in parts for param in p.params],
    )


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


def _in_chunks(tsquery: str) -> Sql:
    return Sql(
        f"d.id IN (SELECT c.document_id FROM {CHUNKS} c WHERE c.vector @@ %s::tsquery)", [tsquery]
    )


def match(query: q.Query) -> Sql:
    """Return the SQL condition on `d` of the documents matching `query`."""
    if isinstance(query, q.Term):
        return _term(query.field, query.text)
    if isinstance(query, q.Phrase):
        found = phrase_tsquery(query.words, query.slop)
        if found is None:
            return FALSE
        if query.field == TITLE_FIELD:
            return Sql("d.title_vector @@ %s::tsquery", [found])
        return _in_chunks(found)
    if isinstance(query, q.And):
        return _join([match(sub) for sub in query.subqueries], "AND", TRUE)
    if isinstance(query, q.Or):
        return _join([match(sub) for sub in query.subqueries], "OR", FALSE)
    if isinstance(query, q.AndNot):
        positive, negative = match(query.positive), match(query.negative)
        return Sql(f"({positive.text} AND NOT {negative.text})", positive.params + negative.params)
    if isinstance(query, q.Every):
        return TRUE
    if isinstance(query, q.DateRange):
        return _date_range(query)
    raise TypeError(f"not a query of archive.search.query: {query!r}")


def _term(fieldname: str, text) -> Sql:
    if fieldname in (TEXT_FIELD, TITLE_FIELD):
        if not indexable(str(text)):
            return FALSE
        if fieldname == TITLE_FIELD:
            return Sql("d.title_vector @@ %s::tsquery", [lexeme(str(text))])
        return _in_chunks(lexeme(str(text)))
    return Sql("d.keys @> %s::jsonb", [json.dumps([key(fieldname, text)], ensure_ascii=False)])


def key(fieldname: str, value) -> str:
    """Write a keyword value as the documents' keys hold it."""
    return f"{fieldname}={value}"


def _date_range(query: q.DateRange) -> Sql:
    if query.field != DATE_FIELD:
        raise ValueError(f"no date column for {query.field!r}")
    parts = []
    if query.start is not None:
        parts.append(Sql("d.date >= %s", [query.start.date()]))
    if query.end is not None:
        parts.append(Sql("d.date <= %s", [query.end.date()]))
    return _join(parts, "AND", Sql("d.date IS NOT NULL"))


@dataclass
class Stats:
    """What BM25 needs besides a document's own counts: the index's size and averages."""

    documents: int
    average_length: dict[str, float]
    frequencies: dict[tuple[str, str], int]  # (field, term) -> documents holding it
    boosts: dict[str, float]  # field -> weight of one occurrence (haystack's field boost)

    def idf(self, fieldname: str, term: str) -> float:
        frequency = self.frequencies.get((fieldname, term), 0)
        return math.log(max(self.documents, 1) / (frequency + 1)) + 1


def scored_terms(query: q.Query) -> set[tuple[str, str]]:
    """Return the (field, term) pairs whose statistics scoring `query` reads."""
    if isinstance(query, q.Term) and query.field in (TEXT_FIELD, TITLE_FIELD):
        return {(query.field, str(query.text))}
    if isinstance(query, q.Phrase):
        return {(query.field, word) for word in query.words}
    if isinstance(query, (q.And, q.Or)):
        return set().union(*(scored_terms(sub) for sub in query.subqueries))
    if isinstance(query, q.AndNot):
        return scored_terms(query.positive)
    return set()


def _term_score(fieldname: str, term: str, stats: Stats) -> Sql:
    counts, length = ("d.text_tf", "d.text_norm")
    if fieldname == TITLE_FIELD:
        counts, length = ("d.title_tf", "d.title_norm")
    weight = f"(coalesce(({counts} ->> %s)::float8, 0) * %s)"
    boost = stats.boosts.get(fieldname, 1.0)
    norm = f"({1 - BM25_B} + {BM25_B} * {length} / %s)"
    average = stats.average_length.get(fieldname) or 1.0
    return Sql(
        f"(%s * {weight} * {BM25_K1 + 1} / ({weight} + {BM25_K1} * {norm}))",
        [stats.idf(fieldname, term), term, boost, term, boost, average],
    )


def score(query: q.Query, stats: Stats) -> Sql:
    """Return the SQL expression of a document's BM25F score for `query` (as Whoosh's)."""
    if isinstance(query, q.Term):
        if query.field not in (TEXT_FIELD, TITLE_FIELD):
            return Sql("0")
        found = _term_score(query.field, str(query.text), stats)
        return Sql(f"({found.text} * %s)", [*found.params, query.boost])
    if isinstance(query, q.Phrase):
        inside = match(query)
        total = _join([_term_score(query.field, w, stats) for w in query.words], "+", Sql("0"))
        return Sql(
            f"(CASE WHEN {inside.text} THEN {total.text} * %s ELSE 0 END)",
            [*inside.params, *total.params, query.boost],
        )
    if isinstance(query, (q.And, q.Or)):
        return _join([score(sub, stats) for sub in query.subqueries], "+", Sql("0"))
    if isinstance(query, q.AndNot):
        return score(query.positive, stats)
    return Sql("1")
