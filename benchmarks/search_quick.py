"""Quick search measurements on synthetic articles: index build speed and query latency.

    python benchmarks/search_quick.py [N_ARTICLES]

Builds N (default 2000) articles from words of the seed texts (read from ../shared/seeds
when present, never copied) in a throwaway database and index, then reports words/s for a
full index build (rebuild_index), for re-indexing 1,000 articles (index_articles, as after
an import), the index size, and the median/p95 latency of the JSON search API over a mix of
one-word, two-word, phrase and filtered queries.
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
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = str(WORK / "index")

from archive import search  # noqa: E402
from archive.models import Article, ArticlePerson, Person, Publication, Turn  # noqa: E402
from archive.search.engine import engine as backend  # noqa: E402

# Mean article length in words (ARTICLE_WORDS=300 builds a 20,000-article archive faster).
LENGTH = int(os.environ.get("ARTICLE_WORDS", "800"))
REINDEXED = 1000
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
        length = rng.randint(LENGTH // 2, LENGTH * 3 // 2)
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


def _cpu() -> float:
    # Parent and writer processes: a busy machine slows the wall clock, not the CPU time.
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _timed(label: str, words: int, run) -> None:
    started, cpu_started = time.perf_counter(), _cpu()
    run()
    took, cpu = time.perf_counter() - started, _cpu() - cpu_started
    print(
        f"{label}: {words} words in {took:.1f} s: {words / took:,.0f} words/s "
        f"({words / cpu:,.0f} words per CPU second; load {os.getloadavg()[0]:.1f})"
    )


def _words(article_ids) -> int:
    bodies = Article.objects.filter(pk__in=article_ids).values_list("body", flat=True)
    texts = Turn.objects.filter(article_id__in=article_ids).values_list("text", flat=True)
    return sum(len(text.split()) for text in [*bodies, *texts])


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rng = random.Random(1)
    call_command("migrate", verbosity=0)
    total_words = build(n, rng)
    _timed(f"rebuild_index, {n} articles", total_words, search.rebuild_index)
    size = sum(f.stat().st_size for f in (WORK / "index").iterdir()) / 1e6
    index = backend().index.refresh()
    print(f"index: {size:.0f} MB, {index.doc_count()} documents, {len(index._segments())} segments")
    ids = list(Article.objects.order_by("?").values_list("pk", flat=True)[:REINDEXED])
    _timed(f"index_articles, {len(ids)} articles", _words(ids), lambda: search.index_articles(ids))

    words = [w for w in vocabulary() if len(w) > 3]
    queries = [{"q": rng.choice(words)} for _ in range(150)]
    queries += [{"q": " ".join(rng.choices(words, k=2))} for _ in range(50)]
    queries += [{"q": f'"{" ".join(rng.choices(words, k=2))}"'} for _ in range(20)]
    queries += [{"publication": "pub-3"} for _ in range(10)]
    queries += [{"q": rng.choice(words), "person": "person-7", "year_from": 1390}] * 10
    queries += [{"q": rng.choice(words), "speaker": "person-9"} for _ in range(10)]
    client, url = Client(), reverse("archive:api-search")
    client.get(url, queries[0])  # warm up: lexicon, searcher
    times, cpu_times = [], []
    for query in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url, query)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, response.content
    for label, found in (("", times), ("CPU time ", cpu_times)):
        found.sort()
        print(
            f"{len(found)} API queries, {label}median {statistics.median(found):.1f} ms, "
            f"p95 {found[int(len(found) * 0.95)]:.1f} ms"
        )


if __name__ == "__main__":
    main()
