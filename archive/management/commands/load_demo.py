import json
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from archive import importer, linking, slugs
from archive.management.base import ArchiveCommand, not_indexed, one_line
from archive.models import Article, Organisation, Person, RelinkJob
from archive.search import IndexUnavailable

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"

RELINK_FAILED = (
    "The demo texts are saved, but linking the archive to the demo cast failed ({error}). "
    "Run `manage.py relink` once that is fixed."
)


def load_cast(path: Path) -> tuple[int, int]:
    """Create the people and organisations of cast.json that do not exist yet."""
    cast = json.loads(path.read_text(encoding="utf-8"))
    created = [0, 0]
    for index, (model, entries) in enumerate(
        ((Person, cast.get("people", [])), (Organisation, cast.get("organisations", [])))
    ):
        for entry in entries:
            if model.objects.filter(name=entry["name"]).exists():
                continue
            extra = {"kind": entry["kind"]} if model is Organisation and entry.get("kind") else {}
            entity = model.objects.create(
                name=entry["name"],
                slug=slugs.unique_slug(model, entry["name"], fallback=f"{model.__name__}"),
                description=entry.get("description", ""),
                **extra,
            )
            for alias in dict.fromkeys(entry.get("aliases", [])):
                entity.aliases.create(name=alias)
            created[index] += 1
    return created[0], created[1]


class Command(ArchiveCommand):
    help = "Load the demo cast (archive/demo/cast.json) and import the demo texts."
    # The texts are saved before they are indexed, and linked to the cast after.
    saves = relinks = True

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the archive has articles."
        )
        parser.add_argument(
            "--dir", dest="demo_dir", type=Path, default=DEMO_DIR, help="Demo folder to load."
        )

    def handle(self, *args, if_empty, demo_dir, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("The archive is not empty: demo texts not loaded.")
            return
        texts = sorted(p for p in demo_dir.glob("*.txt") if p.is_file())
        if not texts:
            raise CommandError(f"No demo texts in {demo_dir}.")
        cast_path = demo_dir / "cast.json"
        with transaction.atomic():
            people, organisations = load_cast(cast_path) if cast_path.exists() else (0, 0)
        report = importer.import_many(importer.iter_sources(texts), relink=False)
        self.stdout.write(
            f"cast: {people} people, {organisations} organisations; "
            f"texts imported: {len(report.imported)}, already in archive: "
            f"{len(report.duplicates)}, refused: {len(report.refused)}"
        )
        for result in report.refused:
            self.stderr.write(f"refused: {result.source_name}: {result.message}")
        if report.index_error:
            # Re-linking would write the index too: it waits until the index can be written.
            raise not_indexed(report.index_error, relink=True)
        # The cast was created outside the admin: link every article, old and new, to it once.
        # The texts are saved whatever happens here; a failure ends in one line, not a traceback
        # (an unwritable index through ArchiveCommand).
        try:
            linking.request_relink(reason=RelinkJob.Reason.DEMO, start=False)
            linking.run_pending_jobs()
        except IndexUnavailable:
            raise  # ArchiveCommand says what is saved but not indexed
        except linking.EXPECTED_FAILURES as error:
            raise CommandError(RELINK_FAILED.format(error=one_line(error))) from error
