"""System checks of the search settings: a named engine the archive cannot serve is an error.

ARCHIVE_SEARCH_ENGINE names the engine. Only the Whoosh engine is built; the PostgreSQL one
(docs/scaling.md) is planned, so naming it must stop the server rather than silently keep
serving from local Whoosh files that a second web server would not share.
"""

from django.conf import settings
from django.core import checks
from django.db import connections
from django.utils.translation import gettext as _

BUILT_ENGINES = ("whoosh",)
PLANNED_ENGINES = ("postgres",)


@checks.register(checks.Tags.compatibility)
def check_search_engine(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    name = getattr(settings, "ARCHIVE_SEARCH_ENGINE", "whoosh")
    if name in BUILT_ENGINES:
        return []
    if name not in PLANNED_ENGINES:
        return [
            checks.Error(
                _("ARCHIVE_SEARCH_ENGINE is %(name)r, which is not a search engine.")
                % {"name": name},
                hint=_("Use %(names)s.") % {"names": ", ".join(BUILT_ENGINES)},
                id="archive.E101",
            )
        ]
    errors = []
    if connections["default"].vendor != "postgresql":
        errors.append(
            checks.Error(
                _("ARCHIVE_SEARCH_ENGINE=postgres needs the database to be PostgreSQL.")
                + " "
                + _("This database is %(vendor)s.") % {"vendor": connections["default"].vendor},
                hint=_("Point DATABASE_URL at PostgreSQL, or leave ARCHIVE_SEARCH_ENGINE unset."),
                id="archive.E102",
            )
        )
    errors.append(
        checks.Error(
            _("The PostgreSQL search engine is not built yet: search is served by Whoosh only."),
            hint=_("Leave ARCHIVE_SEARCH_ENGINE unset (whoosh); see docs/scaling.md."),
            id="archive.E103",
        )
    )
    return errors
