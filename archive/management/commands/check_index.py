"""Report where the search index and the database disagree; --repair brings them in line."""

from django.core.management.base import BaseCommand, CommandError

from archive.search import IndexUnavailable, index_articles, index_drift

DRIFT_FOUND = "The search index differs from the database: run check_index --repair."
EXAMPLES = 5


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Re-index or remove what differs."
        )

    def handle(self, *args, repair: bool = False, **options):
        drift = index_drift()
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
        ids = drift.article_ids()
        self.stdout.write(f"Re-indexing {len(ids)} articles...")
        try:
            index_articles(ids)
        except IndexUnavailable as error:
            raise CommandError(str(error)) from None
        if index_drift():
            raise CommandError(DRIFT_FOUND)
        self.stdout.write(self.style.SUCCESS("Repaired: the index matches the database."))
