import gzip

from django.core.management import call_command
from django.core.management.base import CommandError

from archive.management.base import ArchiveCommand
from archive.transfer import TransferError, import_archive

READ_FAILED = "could not read {path}: {error}"
REFUSED = "import refused, nothing was changed: {error}"
INDEX_FAILED = (
    "the archive was imported and saved, but the search index could not be rebuilt ({error}); "
    "fix that and run `manage.py rebuild_index --noinput`"
)


class Command(ArchiveCommand):
    help = (
        "Load an export written by export_archive (plain or .gz) into this database in one "
        "transaction, then rebuild the search index."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the archive already in this database first (in the same transaction)",
        )
        parser.add_argument(
            "--no-index", action="store_true", help="do not rebuild the search index afterwards"
        )

    def handle(self, *args, path, replace, no_index, **options):
        try:
            with open(path, "rb") as probe:
                compressed = probe.read(2) == b"\x1f\x8b"
            opener = gzip.open if compressed else open
            with opener(path, "rt", encoding="utf-8") as fp:
                counts = import_archive(fp=fp, replace=replace)
        except OSError as error:
            message = READ_FAILED.format(path=path, error=error.strerror or error)
            raise CommandError(message) from None
        except TransferError as error:
            raise CommandError(REFUSED.format(error=error)) from None
        self.stdout.write("imported " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
        if no_index:
            return
        # The database is committed by now: an index failure must not read as a failed import.
        try:
            call_command("rebuild_index", interactive=False, verbosity=0)
        except Exception as error:
            raise CommandError(INDEX_FAILED.format(error=error)) from None
        self.stdout.write("rebuilt the search index")
