"""The search tests run on both engines: each test asking for an index runs once per engine.

The PostgreSQL engine's runs are skipped unless the tests' database is PostgreSQL
(`DATABASE_URL=postgres://… pytest`, as `make test` does with TEST_POSTGRES_URL).
"""

import pytest
from django.db import connection
from haystack import connections

ENGINES = ("whoosh", "postgres")
NEEDS_POSTGRES = (
    "the PostgreSQL engine needs the tests' database to be PostgreSQL (set DATABASE_URL)"
)


@pytest.fixture(params=ENGINES)
def search_engine(request, settings):
    """Serve search from the engine named by the parameter, for the length of one test."""
    if request.param == "whoosh":
        yield request.param
        return
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRES)
    saved = connections.connections_info
    settings.ARCHIVE_SEARCH_ENGINE = "postgres"
    settings.HAYSTACK_CONNECTIONS = {"default": settings.POSTGRES_SEARCH_ENGINE}
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    _forget_engine()
    try:
        yield request.param
    finally:
        connections.connections_info = saved
        _forget_engine()  # made again from the settings once they are restored


def _forget_engine() -> None:
    """Drop this thread's engine, so the next search makes the one the settings name."""
    getattr(connections.thread_local, "connections", {}).pop("default", None)


@pytest.fixture
def fresh_index(search_engine):
    """Give the test an empty index of the engine under test."""
    from archive.search.engine import engine

    engine().clear()
    yield engine()
    engine().clear()
