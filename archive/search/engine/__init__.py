"""The search engines behind archive.search: nothing outside archive.search imports this package.

An engine is a haystack engine named in HAYSTACK_CONNECTIONS (config/settings/base.py); its
backend does what `Engine` says, over the archive's query tree (`archive.search.query`).
haystack's own commands (update_index, clear_index) reach the same backend through haystack.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from archive.search.query import Query


@dataclass(frozen=True)
class IndexWrite:
    """One commit: delete the documents holding any of `delete_terms`, then add documents.

    `prepare`, if given, builds more documents once the index lock is held: they then show
    the database as of this write, and a save committed meanwhile is written after it, by
    its own write (never overwritten by older data). `size` is how many documents `prepare`
    will roughly give. `replace=False` when `delete_terms` already remove every older
    version of the documents (replacing looks each document's id up in the index).
    """

    documents: Sequence[dict] = ()
    delete_terms: Sequence[tuple[str, object]] = ()
    prepare: Callable[[], Sequence[dict]] | None = None
    size: int = 0
    replace: bool = True


@dataclass(frozen=True)
class SearchRequest:
    """One page of a search: what matches, how it ranks or sorts, what is counted."""

    match: Query  # which documents match
    boosts: Sequence[Query] = ()  # only lift the score of documents that also match them
    proximity: Sequence[Query] = ()  # likewise, weighed for the best documents only
    filter: Query | None = None
    sort_by: str | None = None  # a date or numeric field; None: by score
    reverse: bool = False
    page: int = 1
    per_page: int = 20
    facets: Mapping[str, str] = field(default_factory=dict)  # facet name -> field
    highlight_terms: Sequence[str] = ()  # terms whose offsets each hit reports


@dataclass
class RawHit:
    docnum: int
    score: float | None
    fields: dict  # the stored fields
    spans: list[tuple[int, int]]  # char offsets of the highlighted terms in the text field


@dataclass
class RawPage:
    total: int
    page: int
    hits: list[RawHit]
    facets: dict[str, dict] = field(default_factory=dict)
    # Kept while the index stays in the state this page was read from, shared by a process's
    # threads: for what callers work out from that state and need not work out again.
    derived: dict = field(default_factory=dict)


@runtime_checkable
class Engine(Protocol):
    """What archive.search needs of an engine.

    Method names follow haystack's backend where haystack calls them too (`clear`, and
    `update`/`remove` with haystack's signatures, which update_index uses); `write` and `run`
    are the archive's own, since haystack's `update` and `search` take other arguments.
    """

    def prepare(self, index, objects: Iterable) -> list[dict]:
        """Turn model instances into documents, through their haystack SearchIndex."""

    def write(self, change: IndexWrite) -> None:
        """Make the change in one commit; raise IndexUnavailable if it cannot be made."""

    def rebuild(self, documents: Iterable[dict]) -> int:
        """Replace the whole index with these documents; return their number."""

    def clear(self, models=None, commit: bool = True) -> None:
        """Empty the index (or remove the documents of these models)."""

    def run(self, request: SearchRequest) -> RawPage:
        """Return one page of what matches, its total, facet counts and highlight spans."""

    def doc_frequency(self, term: str) -> int:
        """Return how many documents hold `term` in their text."""

    def preload(self) -> int:
        """Read what a process's first searches need before it serves them; return bytes read."""

    def suggestions(self, term: str, *, limit: int = 5) -> list[str]:
        """Return indexed terms spelt close to `term`, the likeliest first."""

    def stored_documents(self) -> Iterable[dict]:
        """Yield the stored fields of every document (to compare with the database)."""


def engine(using: str = "default") -> Engine:
    """Return this thread's engine for a HAYSTACK_CONNECTIONS alias."""
    from haystack import connections

    return connections[using].get_backend()
