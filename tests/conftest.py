from pathlib import Path

import pytest
from django.db import connection
from haystack import connections

SEEDS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed texts not found at {SEEDS_DIR}")
    return SEEDS_DIR


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def persian_by_default():
    """Start every test in Persian: a request to /en/ must not leak English into the next test."""
    from django.utils import translation

    with translation.override("fa"):
        yield


@pytest.fixture
def fresh_index():
    """Give the test an empty search index (the test settings make one directory per process)."""
    from archive.search.engine import engine

    engine().clear()
    yield engine()
    engine().clear()


@pytest.fixture(autouse=True)
def no_index_writes_left_from_earlier_tests():
    """Forget articles noted for indexing in an earlier test's rolled-back transaction."""
    from archive.search import indexing

    indexing._pending.__dict__.clear()


@pytest.fixture
def rows_without_slugs():
    """Let SQLite store rows the constraints refuse, as a database before migration 0006 held."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("only SQLite can set its CHECK constraints aside")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = ON")
    yield
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA ignore_check_constraints = OFF")


# The search engines the index tests run on (tests/search/conftest.py runs every one).
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
def index_on_each_engine(search_engine):
    """Give the test an empty index of the engine under test (once per engine)."""
    from archive.search.engine import engine

    engine().clear()
    yield engine()
    engine().clear()
