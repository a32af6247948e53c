"""The Whoosh engine: haystack's Whoosh backend, made fast and safe for the archive.

HAYSTACK_CONNECTIONS names `PersianWhooshEngine`; `backend` holds what it does.
"""

from haystack.backends import BaseEngine

from archive.search.engine.whoosh.backend import PersianWhooshSearchBackend


class PersianWhooshEngine(BaseEngine):
    # No query class: archive.search builds its own query tree (archive.search.query), and
    # nothing uses haystack's SearchQuerySet, whose default query class BaseEngine keeps.
    backend = PersianWhooshSearchBackend
