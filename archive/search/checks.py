"""System checks of the search settings: a named engine the archive cannot serve is an error.

ARCHIVE_SEARCH_ENGINE names the engine: "whoosh" (the default) or "postgres", which keeps the
index in the database and so needs the database to be PostgreSQL; on any other database it
must stop the server rather than silently keep serving from local Whoosh files that a second
web server would not share (docs/scaling.md).
"""

from django.conf import settings
from django.core import checks
from django.db import connections
from django.utils.translation import gettext as _

ENGINES = ("whoosh", "postgres")


@checks.register(checks.Tags.compatibility)
def check_search_engine(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    name = getattr(settings, "ARCHIVE_SEARCH_ENGINE", "whoosh")
    if name not in ENGINES:
        return [
            checks.Error(
                _("ARCHIVE_SEARCH_ENGINE is %(name)r, which is not a search engine.")
                % {"name": name},
                hint=_("Use %(names)s.") % {"names": ", ".join(ENGINES)},
                id="archive.E101",
            )
        ]
    vendor = connections["default"].vendor
    if name == "postgres" and vendor != "postgresql":
        return [
            checks.Error(
                _("ARCHIVE_SEARCH_ENGINE=postgres needs the database to be PostgreSQL.")
                + " "
                + _("This database is %(vendor)s.") % {"vendor": vendor},
                hint=_("Point DATABASE_URL at PostgreSQL, or leave ARCHIVE_SEARCH_ENGINE unset."),
                id="archive.E102",
            )
        ]
    return []
