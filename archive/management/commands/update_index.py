"""haystack's update_index through the archive's engine, reporting progress as it goes."""

import time

from haystack import connections
from haystack.management.commands.update_index import Command as HaystackUpdateIndex

from archive.management.base import ArchiveCommand


class Progress:
    """Print a line per index write: documents so far and the rate."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.started = time.perf_counter()
        self.documents = 0

    def __call__(self, documents: int) -> None:
        self.documents += documents
        elapsed = time.perf_counter() - self.started
        rate = self.documents / elapsed if elapsed else 0
        self.stdout.write(f"  {self.documents} documents indexed ({rate:,.0f}/s)")


class Command(ArchiveCommand, HaystackUpdateIndex):
    def update_backend(self, label, using):
        backend = connections[using].get_backend()
        # Worker processes have their own backends; haystack's -v 2 reports their batches.
        if self.verbosity >= 1 and not self.workers:
            backend.progress = Progress(self.stdout)
        try:
            super().update_backend(label, using)
        finally:
            backend.progress = None
