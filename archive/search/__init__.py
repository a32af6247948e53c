"""Full-text search: the one public entry to the index for the rest of the archive.

`searching` runs queries (through the archive's own query tree, `query`), `results` turns
what the engine found into hits and facets, `indexing` is the one route from saves to the
index, `documents` what gets indexed; `engine/` holds the engines (nothing outside this
package imports it).
"""

from archive.search.autocomplete import autocomplete
from archive.search.errors import INDEX_NOT_UPDATED, IndexOutdated, IndexUnavailable
from archive.search.indexing import (
    REBUILD_BATCH,
    IndexDrift,
    index_articles,
    index_drift,
    rebuild_index,
    remove_articles,
    repair_index,
)
from archive.search.results import KIND_ARTICLE, KIND_TURN, KINDS, Hit, SearchPage, url_of
from archive.search.searching import (
    GREGORIAN_FROM,
    SORT_NEWEST,
    SORT_OLDEST,
    SORT_RELEVANCE,
    SORTS,
    SearchQuery,
    effective_kind,
    more_like,
    query_terms,
    search,
)
from archive.search.snippets import highlight, match_spans
from archive.search.warming import warm

__all__ = [
    "GREGORIAN_FROM",
    "INDEX_NOT_UPDATED",
    "KINDS",
    "KIND_ARTICLE",
    "KIND_TURN",
    "REBUILD_BATCH",
    "SORTS",
    "SORT_NEWEST",
    "SORT_OLDEST",
    "SORT_RELEVANCE",
    "Hit",
    "IndexDrift",
    "IndexOutdated",
    "IndexUnavailable",
    "SearchPage",
    "SearchQuery",
    "autocomplete",
    "effective_kind",
    "highlight",
    "index_articles",
    "index_drift",
    "match_spans",
    "more_like",
    "query_terms",
    "rebuild_index",
    "remove_articles",
    "repair_index",
    "search",
    "url_of",
    "warm",
]
