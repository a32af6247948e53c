from archive import importer, linking
from archive.management.base import ArchiveCommand, not_indexed
from archive.management.progress import ProgressBar
from archive.models import RelinkJob
from archive.search import IndexUnavailable


class Command(ArchiveCommand):
    help = (
        "Import texts from files, folders (recursively) and zip archives: plain text, web pages, "
        "Word, PDF, scans and Telegram exports. Exits with 1 when any file was refused; the good "
        "files are saved either way."
    )
    saves = True

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Do not update the search index (rebuild it afterwards with update_index).",
        )
        parser.add_argument(
            "--no-relink",
            action="store_true",
            help="Do not re-link the archive when the texts bring new names (run `relink` later).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Read texts in this many processes (worth it for thousands of files).",
        )

    def handle(self, *args, paths, no_index, no_relink, workers, verbosity, **options):
        bar = ProgressBar(self.stderr, label="importing", total=importer.count_sources(paths))

        def progress(done: int, result: importer.ImportResult) -> None:
            if result.status == "refused" or (result.status == "duplicate" and verbosity > 1):
                bar.clear_line()
                word = "refused" if result.status == "refused" else "already in archive"
                self.stderr.write(f"{word}: {result.source_name}: {result.message}")
            bar.update(done)

        report = importer.import_many(
            importer.iter_sources(paths),
            progress=progress,
            index=not no_index,
            relink=False,
            workers=workers,
        )
        bar.clear_line()

        index_error = report.index_error
        relink = report.created_entities and not no_relink
        if relink and not index_error:
            linking.request_relink(reason=RelinkJob.Reason.COMMAND_IMPORT, start=False)
            relink_bar = ProgressBar(self.stderr, label="re-linking")
            try:
                linking.run_pending_jobs(progress=relink_bar.update)
            except IndexUnavailable as error:
                index_error = str(error)
            relink_bar.clear_line()

        imported, duplicates, refused = (
            len(report.imported),
            len(report.duplicates),
            len(report.refused),
        )
        self.stdout.write(
            f"imported: {imported}, already in archive: {duplicates}, refused: {refused}"
        )
        if report.skipped:
            self.stdout.write(
                f"skipped channel messages (service messages, posts with only media): "
                f"{report.skipped}"
            )
        if duplicates and not imported and not refused:
            self.stdout.write("Nothing changed: every text is already in the archive.")
        flagged = sum(1 for r in report.imported if r.article.needs_review)
        if flagged:
            self.stdout.write(f"flagged for review (no date, no title …): {flagged}")
        if index_error:
            raise not_indexed(index_error, relink=bool(relink))
        if refused:
            raise SystemExit(1)
