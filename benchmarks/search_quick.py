"""Quick search measurements on synthetic articles: index build speed and query latency.

    python benchmarks/search_quick.py [N_ARTICLES]

Builds N (default 2000) articles from words of the seed texts (read from ../shared/seeds
when present, never copied) in a throwaway database and index, then reports words/s for a
full index build and the median/p95 latency of search() over a mix of queries.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
WORK = Path(tempfile.mkdtemp(prefix="search-quick-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'db.sqlite3'}"
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = str(WORK / "index")

from archive import search  # noqa: E402
from archive.models import Article, ArticlePerson, Person, Publication, Turn  # noqa: E402
from archive.whoosh_backend import backend  # noqa: E402

FALLBACK = (
    "کارگران اعتصاب شورا نیشکر هفت تپه دستمزد معیشت اتحادیه سندیکا مبارزه کارخانه "
    "می‌کنند اعلام کردند حقوق معوقه تجمع نماینده مجمع عمومی"
)


def vocabulary() -> list[str]:
    words: list[str] = []
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            words += path.read_text(encoding="utf-8").split()
    return words or FALLBACK.split()


def build(n: int, rng: random.Random) -> int:
    words = vocabulary()
    people = Person.objects.bulk_create(
        Person(name=f"نفر {i}", slug=f"person-{i}") for i in range(200)
    )
    pubs = Publication.objects.bulk_create(
        Publication(name=f"نشریه {i}", slug=f"pub-{i}") for i in range(10)
    )
    total_words = 0
    articles = []
    for i in range(n):
        length = rng.randint(300, 1500)
        start = rng.randrange(max(1, len(words) - length))
        body = " ".join(words[start : start + length] or rng.choices(words, k=length))
        total_words += len(body.split())
        articles.append(
            Article(
                title=" ".join(rng.choices(words, k=8)),
                slug=f"a-{i}",
                body=body,
                content_hash=f"h{i}",
                publication=rng.choice(pubs),
                published_on=f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02}-01",
            )
        )
    articles = Article.objects.bulk_create(articles)
    roles = []
    turns = []
    for article in articles:
        for person in rng.sample(people, 3):
            roles.append(ArticlePerson(article=article, person=person, role="mentioned"))
        if rng.random() < 0.2:
            speaker = rng.choice(people)
            for pos in range(1, 6):
                text = " ".join(rng.choices(words, k=80))
                total_words += 80
                turns.append(Turn(article=article, position=pos, speaker=speaker, text=text))
    ArticlePerson.objects.bulk_create(roles)
    Turn.objects.bulk_create(turns)
    return total_words


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rng = random.Random(1)
    call_command("migrate", verbosity=0)
    total_words = build(n, rng)
    backend().clear()
    started = time.perf_counter()
    search.index_articles(Article.objects.values_list("pk", flat=True))
    took = time.perf_counter() - started
    rate = total_words / took
    print(f"{n} articles, {total_words} words indexed in {took:.1f} s: {rate:,.0f} words/s")

    words = [w for w in vocabulary() if len(w) > 3]
    queries = [search.SearchQuery(q=rng.choice(words)) for _ in range(150)]
    queries += [search.SearchQuery(q=" ".join(rng.choices(words, k=2))) for _ in range(50)]
    queries += [search.SearchQuery(q=f'"{" ".join(rng.choices(words, k=2))}"') for _ in range(20)]
    queries += [search.SearchQuery(q="", publication="pub-3") for _ in range(10)]
    queries += [search.SearchQuery(q=rng.choice(words), person="person-7", year_from=1390)] * 10
    queries += [search.SearchQuery(q=rng.choice(words), speaker="person-9") for _ in range(10)]
    search.search(queries[0])  # warm up: lexicon, searcher
    times = []
    for query in queries:
        started = time.perf_counter()
        search.search(query)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95)]
    print(f"{len(times)} queries: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
