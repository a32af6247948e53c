"""The search tests run on both engines: each test asking for an index runs once per engine.

The PostgreSQL engine's runs are skipped unless the tests' database is PostgreSQL
(`DATABASE_URL=postgres://… pytest`, as `make test` does with TEST_POSTGRES_URL).
"""

import pytest


@pytest.fixture
def fresh_index(index_on_each_engine):
    return index_on_each_engine
