"""The archive's query tree (`archive.search.query`) as SQL over the PostgreSQL engine's tables.

`d` is a row of archive_search_document. A word of the text matches where the document's
postings hold it; a phrase, where one of its chunks holds the words in order (a chunk
overlaps the one before, so a phrase across a cut is still in one). Scores are Whoosh's
BM25F, from the counts and lengths our analyzer gave (`Stats`), so both engines rank alike.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from itertools import pairwise

from archive.search import query as q
from archive.search.engine.evaluator import BM25_B, BM25_K1
from archive.search.engine.postgres.documents import indexable, lexeme

# Beyond this many alternatives, a phrase with slop checks each pair of neighbours instead.
SLOP_ALTERNATIVES = 243

DOCUMENTS = "archive_search_document"
CHUNKS = "archive_search_chunk"
POSTINGS = "archive_search_posting"
WRITES = "archive_search_write"  # the transactions that wrote to the index
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


class Words:
    """The text's words and phrases one statement reads, each once, as columns of `x`.

    `x` has a row per document holding any of them: each word's count there (from the
    postings, read by term) and whether each phrase is there (from the chunks, through their
    index). Rendered after the statement is built: `cte()` opens it, `source(driven)` is its
    FROM, driven by `x` when only documents holding a word or phrase can match.
    """

    def __init__(self, among: list[int] | None = None):
        self._words: dict[str, str] = {}
        self._phrases: dict[str, str] = {}
        self._among = among  # read only these documents' words and phrases

    def word(self, term: str) -> str:
        return "x." + self._words.setdefault(term, f"c{len(self._words)}")

    def phrase(self, tsquery: str) -> str:
        return "x." + self._phrases.setdefault(tsquery, f"p{len(self._phrases)}")

    def cte(self) -> Sql:
        if not self._words and not self._phrases:
            return Sql("")
        columns = [*self._words.values(), *self._phrases.values()]
        among = Sql("") if self._among is None else Sql(" AND document_id = ANY(%s)", [self._among])
        parts = []
        if self._words:
            picks = ", ".join(
                f"CASE WHEN term = %s THEN count END AS {c}" for c in self._words.values()
            )
            nulls = "".join(f", NULL::boolean AS {c}" for c in self._phrases.values())
            parts.append(
                Sql(
                    f"SELECT document_id, {picks}{nulls} FROM {POSTINGS} WHERE term = ANY(%s)"
                    + among.text,
                    [*self._words, list(self._words), *among.params],
                )
            )
        for tsquery, column in self._phrases.items():
            values = [
                "NULL::int" if c in self._words.values() else "TRUE" if c == column else "FALSE"
                for c in columns
            ]
            parts.append(
                Sql(
                    f"SELECT DISTINCT document_id, {', '.join(values)} FROM {CHUNKS}"
                    " WHERE vector @@ %s::tsquery" + among.text,
                    [tsquery, *among.params],
                )
            )
        union = " UNION ALL ".join(p.text for p in parts)
        pick = ", ".join(
            [f"max({c}) AS {c}" for c in self._words.values()]
            + [f"bool_or({c}) AS {c}" for c in self._phrases.values()]
        )
        return Sql(
            f"x AS MATERIALIZED (SELECT document_id, {pick} FROM ({union}) AS u"
            " GROUP BY document_id)",
            [param for p in parts for param in p.params],
        )

    def source(self, driven: bool) -> str:
        if not self._words and not self._phrases:
            return f"{DOCUMENTS} d"
        if driven:
            return f"x JOIN {DOCUMENTS} d ON d.id = x.document_id"
        return f"{DOCUMENTS} d LEFT JOIN x ON x.document_id = d.id"

    def statement(self, body: Sql) -> Sql:
        """Open `body` (which reads FROM `source()`) with the CTE it reads."""
        cte = self.cte()
        if not cte.text:
            return body
        if body.text.startswith("WITH "):
            return Sql(f"WITH {cte.text}, {body.text[5:]}", cte.params + body.params)
        return Sql(f"WITH {cte.text} {body.text}", cte.params + body.params)


def match(query: q.Query, words: Words) -> Sql:
    """Return the SQL condition on `d` of the documents matching `query`."""
    if isinstance(query, q.Term):
        return _term(query.field, query.text, words)
    if isinstance(query, q.Phrase):
        found = phrase_tsquery(query.words, query.slop)
        if found is None:
            return FALSE
        if query.field == TITLE_FIELD:
            return Sql("d.title_vector @@ %s::tsquery", [found])
        return Sql(f"coalesce({words.phrase(found)}, FALSE)")
    if isinstance(query, q.And):
        return _join([match(sub, words) for sub in query.subqueries], "AND", TRUE)
    if isinstance(query, q.Or):
        return _join([match(sub, words) for sub in query.subqueries], "OR", FALSE)
    if isinstance(query, q.AndNot):
        positive, negative = match(query.positive, words), match(query.negative, words)
        return Sql(f"({positive.text} AND NOT {negative.text})", positive.params + negative.params)
    if isinstance(query, q.Every):
        return TRUE
    if isinstance(query, q.DateRange):
        return _date_range(query)
    raise TypeError(f"not a query of archive.search.query: {query!r}")


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


def _term(fieldname: str, text, words: Words) -> Sql:
    if fieldname in (TEXT_FIELD, TITLE_FIELD):
        if not indexable(str(text)):
            return FALSE
        if fieldname == TITLE_FIELD:
            return Sql("d.title_vector @@ %s::tsquery", [lexeme(str(text))])
        return Sql(f"{words.word(str(text))} IS NOT NULL")
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
    # Which database and which incarnation of its document table, and its highest id.
    generation: tuple = ()
    newest: int = 0
    # What this process has seen of the index (`arrays.seen_writes`); None inside a
    # transaction that wrote to it, whose postings no other search may reuse.
    version: int | None = None

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


def _term_score(fieldname: str, term: str, stats: Stats, words: Words) -> Sql:
    if fieldname == TITLE_FIELD:
        count, length = Sql("((d.title_tf ->> %s)::float8)", [term]), "d.title_norm"
    elif not indexable(term):
        return Sql("0")
    else:
        count, length = Sql(f"{words.word(term)}::float8"), "d.text_norm"
    boost = stats.boosts.get(fieldname, 1.0)
    weight = Sql(f"(coalesce({count.text}, 0) * %s)", [*count.params, boost])
    norm = f"({1 - BM25_B} + {BM25_B} * {length} / %s)"
    average = stats.average_length.get(fieldname) or 1.0
    return Sql(
        f"(%s * {weight.text} * {BM25_K1 + 1} / ({weight.text} + {BM25_K1} * {norm}))",
        [stats.idf(fieldname, term), *weight.params, *weight.params, average],
    )


def score(query: q.Query, stats: Stats, words: Words) -> Sql:
    """Return the SQL expression of a document's BM25F score for `query` (as Whoosh's)."""
    if isinstance(query, q.Term):
        if query.field not in (TEXT_FIELD, TITLE_FIELD):
            return Sql("0")
        found = _term_score(query.field, str(query.text), stats, words)
        return Sql(f"({found.text} * %s)", [*found.params, query.boost])
    if isinstance(query, q.Phrase):
        inside = match(query, words)
        total = _join(
            [_term_score(query.field, w, stats, words) for w in query.words], "+", Sql("0")
        )
        return Sql(
            f"(CASE WHEN {inside.text} THEN {total.text} * %s ELSE 0 END)",
            [*inside.params, *total.params, query.boost],
        )
    if isinstance(query, (q.And, q.Or)):
        return _join([score(sub, stats, words) for sub in query.subqueries], "+", Sql("0"))
    if isinstance(query, q.AndNot):
        return score(query.positive, stats, words)
    return Sql("1")
