"""Measure import speed: synthetic 800-word articles against 1,000 known names, no indexing.

    python benchmarks/import_quick.py [--articles 1000] [--entities 1000] [--words 800]

Runs against a throwaway SQLite file (never the project's database), without search indexing,
and prints articles/s.
"""

import argparse
import itertools
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST = [
    "علی",
    "رضا",
    "مریم",
    "زهرا",
    "حسن",
    "حسین",
    "فاطمه",
    "سارا",
    "کاوه",
    "آرش",
    "لیلا",
    "ناصر",
    "شهلا",
    "کاظم",
    "فرهاد",
    "مینا",
]
MIDDLE = ["الله", "امیر", "محمد", "نور", "گل"]
LAST = [
    "احمدی",
    "رضایی",
    "کریمی",
    "حسینی",
    "موسوی",
    "صادقی",
    "رحیمی",
    "کاظمی",
    "یزدانی",
    "نیک\u200cپور",
    "صدری",
    "بهرامی",
    "مهدوی",
    "قاسمی",
    "جعفری",
    "عسگری",
    "سپهری",
    "فرهمند",
    "شریفی",
    "رنجبر",
    "دانشفر",
    "کیخسروی",
]
ORG_WORDS = ["سندیکای", "کارگران", "شورای", "اتحادیه", "انجمن", "کانون", "کمیته"]
PLACES = [
    "هفت\u200cتپه",
    "پالایشگاه",
    "شرکت\u200cواحد",
    "فولاد",
    "پتروشیمی",
    "معدن",
    "نیشکر",
    "ذوب\u200cآهن",
]
CITIES = ["تهران", "اهواز", "اصفهان", "تبریز", "شیراز", "مشهد", "کرج", "قزوین", "اراک", "رشت"]


def setup_django(db_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    # The target excludes search indexing: import_many(index=False) skips the batch's index
    # write, and this stops the signal processor indexing each article as it commits.
    apps.get_app_config("haystack").signal_processor.teardown()

    call_command("migrate", verbosity=0)


def vocabulary() -> list[str]:
    words = []
    for path in sorted((ROOT / "archive" / "demo").glob("*.txt")):
        words += [w for w in path.read_text(encoding="utf-8").split() if w.isalpha()]
    return words or ["کارگران", "اعتصاب", "دستمزد", "قرارداد", "بیمه", "کارخانه"]


def entity_names(count: int) -> tuple[list[str], list[str]]:
    """Return count // 2 person names and as many organisation names, always the same."""
    # Every person has a name of their own: "first last", then "first middle last".
    two_words = (f"{first} {last}" for first, last in itertools.product(FIRST, LAST))
    three_words = (
        f"{first} {middle} {last}" for first, middle, last in itertools.product(FIRST, MIDDLE, LAST)
    )
    people_names = list(itertools.islice(itertools.chain(two_words, three_words), count // 2))
    org_names = [
        " ".join(parts)
        for parts in itertools.islice(itertools.product(ORG_WORDS, PLACES, CITIES), count // 2)
    ]
    return people_names, org_names


def make_entities(count: int) -> tuple[list[str], list[str]]:
    from archive.models import Organisation, Person

    people_names, org_names = entity_names(count)
    Person.objects.bulk_create(Person(name=n, slug=f"p-{i}") for i, n in enumerate(people_names))
    Organisation.objects.bulk_create(
        Organisation(name=n, slug=f"o-{i}") for i, n in enumerate(org_names)
    )
    return people_names, org_names


def make_text(i: int, words: list[str], people: list[str], orgs: list[str], size: int) -> str:
    rng = random.Random(i)
    body = [rng.choice(words) for _ in range(size)]
    for name in rng.sample(people, 3) + rng.sample(orgs, 2):
        at = rng.randrange(len(body))
        body[at:at] = [name]
    day, month, year = rng.randint(1, 29), rng.randint(1, 12), rng.randint(1390, 1403)
    header = f"گزارش شماره {i} درباره {rng.choice(PLACES)}\n{day}/{month}/{year}\n\n"
    if i % 3:  # two in three are plain articles
        paragraphs = [" ".join(body[j : j + 80]) + "." for j in range(0, len(body), 80)]
        return header + "\n\n".join(paragraphs)
    host, guest = rng.sample(people, 2)
    turns = []
    for j, start in enumerate(range(0, len(body), 80)):
        speaker = host if j % 2 == 0 else guest
        turns.append(f"{speaker}: " + " ".join(body[start : start + 80]) + ".")
    return header + "\n\n".join(turns)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--entities", type=int, default=1000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp) / "bench.sqlite3")
        from archive import importer
        from archive.models import Article, ArticlePerson

        random.seed(1)
        people, orgs = make_entities(args.entities)
        words = vocabulary()
        sources = [
            importer.Source(f"{i}.txt", data=make_text(i, words, people, orgs, args.words).encode())
            for i in range(args.articles)
        ]
        started, cpu_started = time.perf_counter(), time.process_time()
        report = importer.import_many(sources, index=False, relink=False, workers=args.workers)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started

        print(
            f"{len(report.imported)} imported, {len(report.duplicates)} duplicates, "
            f"{len(report.refused)} refused in {elapsed:.1f} s: "
            f"{len(report.imported) / elapsed:.0f} articles/s"
        )
        # CPU time is what a loaded machine does not distort (worker processes not included).
        print(f"main process CPU: {cpu * 1000 / max(1, len(report.results)):.1f} ms/article")
        mentioned = ArticlePerson.objects.filter(role="mentioned").count()
        print(
            f"{Article.objects.filter(kind='interview').count()} interviews, "
            f"{mentioned} person mentions linked"
        )


if __name__ == "__main__":
    main()
