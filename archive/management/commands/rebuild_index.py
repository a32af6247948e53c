"""Rebuild the search index from the database in one write (replaces haystack's command).

haystack's rebuild_index clears the index, then commits it batch by batch, each commit
deleting old documents first and re-merging the growing index. Here every article and
turn goes through one writer in two processes, into a new index beside the live one that
is swapped in at the end; searches and saves keep using the old index meanwhile.
"""

from django.core.management.base import CommandError

from archive.management.base import ArchiveCommand
from archive.management.progress import ProgressBar
from archive.models import Article
from archive.search import REBUILD_BATCH, rebuild_index

CONFIRM = (
    "This replaces the whole search index (searches use the old one until the new one is "
    "ready; it needs as much free disk again). Continue? [y/N] "
)
CANCELLED = "Rebuild cancelled."


class Command(ArchiveCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )
        parser.add_argument(
            "-b",
            "--batch-size",
            dest="batchsize",
            type=int,
            default=REBUILD_BATCH,
            help=f"Articles read from the database at a time (default {REBUILD_BATCH}).",
        )

    def handle(self, *args, interactive: bool = True, batchsize: int = REBUILD_BATCH, **options):
        if interactive and input(CONFIRM).strip().lower() not in ("y", "yes"):
            raise CommandError(CANCELLED)
        bar = None
        if options["verbosity"] >= 1:
            bar = ProgressBar(self.stdout, label="Articles", total=Article.objects.count())
        documents = rebuild_index(batch_size=batchsize, progress=bar and bar.update)
        if bar is not None:
            bar.clear_line()
            self.stdout.write(self.style.SUCCESS(f"Indexed {documents} documents."))
