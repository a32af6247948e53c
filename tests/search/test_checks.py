import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from archive.search.checks import check_search_engine


def ids(settings, value):
    settings.ARCHIVE_SEARCH_ENGINE = value
    return [message.id for message in check_search_engine()]


def test_the_default_whoosh_engine_passes(settings):
    assert ids(settings, "whoosh") == []


def test_an_unknown_engine_name_is_an_error(settings):
    assert ids(settings, "elastic") == ["archive.E101"]


@pytest.mark.django_db
def test_naming_postgres_on_another_database_stops_the_server(settings):
    from django.db import connection

    if connection.vendor == "postgresql":
        assert ids(settings, "postgres") == []
        return
    assert ids(settings, "postgres") == ["archive.E102"]
    with pytest.raises(SystemCheckError):
        call_command("check")
