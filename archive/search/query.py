"""The archive's own query tree: what `archive.search` asks the engine to find.

Search builds these from the parsed query and the filters; the engine evaluates them (the
Whoosh engine walks them with NumPy, `archive.search.engine.whoosh.evaluator`). Nodes are
frozen, so equal queries are equal keys (the engine keeps filters by query).
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    field: str
    text: str
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """The words in order, each within `slop` positions of the one before."""

    field: str
    words: tuple[str, ...]
    slop: int = 1
    boost: float = 1.0


@dataclass(frozen=True)
class And:
    subqueries: tuple["Query", ...]


@dataclass(frozen=True)
class Or:
    subqueries: tuple["Query", ...]


@dataclass(frozen=True)
class AndNot:
    """What matches `positive` and not `negative` (scored by `positive` alone)."""

    positive: "Query"
    negative: "Query"


@dataclass(frozen=True)
class Every:
    """Every live document."""


@dataclass(frozen=True)
class DateRange:
    """Documents whose date field lies between start and end, both included (None: open)."""

    field: str
    start: datetime.datetime | None
    end: datetime.datetime | None


Query = Term | Phrase | And | Or | AndNot | Every | DateRange


def all_of(queries: list[Query]) -> Query:
    """Return the query matching what every one of `queries` matches."""
    return queries[0] if len(queries) == 1 else And(tuple(queries))


def any_of(queries: list[Query]) -> Query:
    """Return the query matching what any one of `queries` matches."""
    return queries[0] if len(queries) == 1 else Or(tuple(queries))
