"""Sketch the articles saved without one (before re-post detection, or by import_archive).

Re-posts are found among sketched articles only; imports sketch what they save.
"""

from archive.importer.reposts import sketch_missing
from archive.management.base import ArchiveCommand


class Command(ArchiveCommand):
    help = __doc__

    def handle(self, *args, **options):
        done = sketch_missing()
        self.stdout.write(self.style.SUCCESS(f"Sketched {done} articles."))
