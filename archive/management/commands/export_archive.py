import gzip
import os
import sys
from pathlib import Path

from django.core.management.base import CommandError

from archive.management.base import ArchiveCommand
from archive.transfer import export_archive

WRITE_FAILED = "could not write {path}: {error}; an earlier file at that path is untouched"


class Command(ArchiveCommand):
    help = (
        "Write the whole archive to PATH as JSON Lines (docs/export-format.md). "
        "A PATH ending in .gz is compressed; - writes to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        if path == "-":
            counts = export_archive(fp=sys.stdout)
            self.stderr.write(_summary(counts))
            return
        target = Path(path)
        # Write beside the target and rename at the end: a full disk or a crash mid-export
        # never leaves a half-written file where the last good backup was.
        partial = target.with_name(target.name + ".partial")
        try:
            opener = gzip.open if target.suffix == ".gz" else open
            with opener(partial, "wt", encoding="utf-8") as fp:
                counts = export_archive(fp=fp)
            os.replace(partial, target)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(
                WRITE_FAILED.format(path=target, error=error.strerror or error)
            ) from None
        self.stdout.write(f"{_summary(counts)} to {target}")


def _summary(counts: dict[str, int]) -> str:
    return "exported " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
