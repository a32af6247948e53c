"""Report where the search index and the database disagree; --repair brings them in line.

An index written by an older version of the archive cannot be compared: --repair rebuilds it.
"""

from django.core.management.base import CommandError

from archive.management.base import ArchiveCommand, one_line
from archive.search import IndexOutdated, index_drift, rebuild_index, repair_index

DRIFT_FOUND = "The search index differs from the database: run check_index --repair."
EXAMPLES = 5


class Command(ArchiveCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Re-index or remove what differs."
        )

    def handle(self, *args, repair: bool = False, **options):
        try:
            drift = index_drift()
        except IndexOutdated as error:
            if not repair:
                raise CommandError(one_line(error)) from None
            self.stdout.write("The search index is of an older version: rebuilding it...")
            documents = rebuild_index()
            self.stdout.write(self.style.SUCCESS(f"Rebuilt: {documents} documents indexed."))
            return
        for label, found in (
            ("in the database but not in the index", drift.missing),
            ("in the index but not in the database", drift.orphaned),
            ("changed since they were indexed", drift.stale),
        ):
            self.stdout.write(f"{len(found)} documents {label}")
            for kind, pk, article_id in found[:EXAMPLES]:
                self.stdout.write(f"  {kind} {pk} (article {article_id})")
        if not drift:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        if not repair:
            raise CommandError(DRIFT_FOUND)
        self.stdout.write(f"Re-indexing {len(drift.article_ids())} articles...")
        if repair_index(drift):  # IndexUnavailable ends in one line (ArchiveCommand)
            raise CommandError(DRIFT_FOUND)
        self.stdout.write(self.style.SUCCESS("Repaired: the index matches the database."))
