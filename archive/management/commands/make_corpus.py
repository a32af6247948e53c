from pathlib import Path

from django.core.management.base import CommandError

from archive.corpus import generate
from archive.management.base import ArchiveCommand


class Command(ArchiveCommand):
    help = (
        "Write a deterministic benchmark corpus (N Persian texts, cast.json, truth.json, "
        "manifest.json) built from the demo texts and hazm's lexicon."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="an empty or missing directory")
        parser.add_argument("--articles", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, out: Path, articles: int, seed: int, **options):
        try:
            summary = generate(out, articles=articles, seed=seed)
        except (ValueError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"wrote {summary.articles} articles ({summary.words} words; "
            f"{', '.join(f'{k} {n}' for k, n in summary.kinds.items())}) and a cast of "
            f"{summary.people} people and {summary.organisations} organisations to {out}"
        )
