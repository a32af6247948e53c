"""The Whoosh engine's own tests: its index only (not parametrised over engines)."""

import pytest


@pytest.fixture
def fresh_index():
    from archive.search.engine import engine

    engine().clear()
    yield engine()
    engine().clear()
