"""Warm a process before it takes requests, so that its first reader does not wait.

A process's first search opens the index, reads every segment's field lengths, facet tables
and date keys, builds the Persian analyzer (about 1.5 s of word lists) and opens the database
connection; its first spelling suggestion opens the index's word list. Most queries hold a
common word: the engine reads their postings ahead (`Engine.preload`). A gunicorn worker calls
`warm()` after it forks and before it accepts a connection (gunicorn.conf.py), and
`make bench-firstseen` measures a worker's first search after it.
"""

import logging

from archive.search.engine import engine
from archive.search.errors import IndexOutdated, IndexUnavailable
from archive.search.searching import SORT_NEWEST, SearchQuery, search

logger = logging.getLogger(__name__)

# Searches whose answers nobody sees: a common word ranked and by date (scores, sort keys,
# facets, snippets), a phrase (positions) and a word found nowhere (the suggestion's word list).
WARM_QUERIES = (
    SearchQuery(q="کارگران"),
    SearchQuery(q="کارگران", sort=SORT_NEWEST),
    SearchQuery(q='"کارگران شرکت"'),
    SearchQuery(q="کارگرانن"),
)


def warm() -> None:
    """Run the warm-up searches; an index that cannot be read is left to the first request."""
    try:
        for query in WARM_QUERIES:
            search(query)
        engine().preload()
    except (IndexUnavailable, IndexOutdated) as exc:
        logger.warning("search not warmed up: %s", exc)
