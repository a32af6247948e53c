"""What goes wrong between the archive and its search index, in words every caller shares."""

from django.utils.translation import gettext_lazy as _

# The one wording of "the database has it, the index does not" (commands and the admin).
# {error} is a sentence of its own, with its full stop.
# Translated for the admin; commands print it in English (archive.management.base).
INDEX_NOT_UPDATED = _(
    "Saved, but the search index could not be updated: {error} "
    "Once it can be written, run `manage.py check_index --repair`."
)
INDEX_OUTDATED = (
    "The search index in {path} was written by an older version of the archive and cannot be "
    "read: run `manage.py check_index --repair` (or rebuild_index) to build it again."
)


class IndexUnavailable(RuntimeError):
    """The search index could not be written (or read); the database and the index now differ."""


class IndexOutdated(IndexUnavailable):
    """The index on disk is of a format this version does not read: it must be rebuilt."""
