"""The PostgreSQL engine: the index in the archive's own database, shared by every web server.

HAYSTACK_CONNECTIONS names `PostgresEngine` when ARCHIVE_SEARCH_ENGINE=postgres
(config/settings/base.py); `backend` holds what it does. See docs/scaling.md.
"""

from haystack.backends import BaseEngine

from archive.search.engine.postgres.backend import PostgresSearchBackend


class PostgresEngine(BaseEngine):
    # No query class: archive.search builds its own query tree (as for the Whoosh engine).
    backend = PostgresSearchBackend
