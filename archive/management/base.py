"""What every archive command shares: failures a user can meet end in one line, not a traceback."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import translation

from archive.search import INDEX_NOT_UPDATED, IndexUnavailable

DATABASE_FAILED = "The database could not be read or written: {error}"
# After INDEX_NOT_UPDATED, for commands whose re-linking waits for the index.
RELINK_TOO = " Then run `manage.py relink`."


def one_line(error: object) -> str:
    """Return an error's message on one line."""
    return " ".join(str(error).split())


def not_indexed(error: object, *, relink: bool = False) -> CommandError:
    """Return the error of a command whose saves reached the database but not the index."""
    with translation.override(None):  # commands speak English, as their other messages do
        message = str(INDEX_NOT_UPDATED).format(error=one_line(error))
    return CommandError(message + (RELINK_TOO if relink else ""))


class ArchiveCommand(BaseCommand):
    """A command whose expected failures (the index, the database) end in one line.

    `saves` says whether the command writes to the database before the index: its index
    failures then say that what it saved is not indexed yet (INDEX_NOT_UPDATED), and
    `relinks` adds that re-linking waits too.
    """

    saves = False
    relinks = False

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except IndexUnavailable as error:
            if self.saves:
                raise not_indexed(error, relink=self.relinks) from error
            raise CommandError(one_line(error)) from error
        except DatabaseError as error:
            raise CommandError(DATABASE_FAILED.format(error=one_line(error))) from error
