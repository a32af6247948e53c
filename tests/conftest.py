from pathlib import Path

import pytest

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
