"""Delete uploaded files no article came from, once older than --days (7 by default).

An upload's file is kept as soon as it is previewed; a preview never saved leaves it behind.
Files that an article's provenance names, as its file or as its page image, are never deleted.
A preview saved after its file was pruned still saves its text, without the file.
"""

import datetime

from django.utils import timezone

from archive.management.base import ArchiveCommand
from archive.models import Original, Provenance


class Command(ArchiveCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=7, help="keep unused files younger than this (days)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be deleted, delete nothing"
        )

    def handle(self, *args, days: int, dry_run: bool, **options):
        cutoff = timezone.now() - datetime.timedelta(days=max(days, 0))
        unused = (
            Original.objects.filter(created_at__lt=cutoff)
            .exclude(pk__in=Provenance.objects.values("original_id"))
            .exclude(pk__in=Provenance.objects.exclude(page_image=None).values("page_image_id"))
        )
        count = size = 0
        for original in unused.iterator():
            count, size = count + 1, size + original.size
            if not dry_run:
                storage, name = original.file.storage, original.file.name
                original.delete()
                if name and storage.exists(name):
                    storage.delete(name)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} unused files ({size:,} bytes).")
