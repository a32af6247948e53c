"""The Django side of the benchmark: each stage runs in a process of its own.

    python -m benchmarks.stages STAGE --data DIR --corpus DIR [--seed S]

`benchmarks.run` starts these with DJANGO_SETTINGS_MODULE=config.settings.bench and the data
directory in the environment, times them from outside, reads their peak memory from the
kernel, and reads the one JSON object each prints as its last line.
"""

import argparse
import cProfile
import importlib.util
import json
import pstats
import random
import sqlite3
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import django

from archive.corpus import QUERY_MIX, TEXTS, BenchQuery, generate
from benchmarks.measure import dir_size, flatten, summarise, timed_rounds

PAGE_SAMPLE = 40  # article and person pages measured
RESULTS_PER_PAGE = 20
SEARCH_ROUNDS = 5
SEARCH_BUDGET_S = 45.0
PROFILE_ARTICLES = 200
FTS_FILE = "fts5.sqlite3"
MAPPING_FILE = "articles.json"  # article URL -> corpus file name, written by the import stage


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _words(text: str) -> int:
    return len(text.split())


# --- setup and import -------------------------------------------------------------------------


def stage_setup(data: Path, corpus: Path, seed: int) -> dict:
    """Create the schema, collect static files and load the corpus cast."""
    from django.core.management import call_command
    from django.db import transaction

    from archive.management.commands.load_demo import load_cast

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    start = time.perf_counter()
    with transaction.atomic():
        people, organisations = load_cast(corpus / "cast.json")
    return {
        "people": people,
        "organisations": organisations,
        "seconds": time.perf_counter() - start,
    }


def _linking_quality(manifest: dict, files: dict[int, str]) -> dict:
    """Compare the links the importer made with the people and organisations each text names.

    The publication line is scored apart: the importer records it as the article's
    publication, not as a link to the organisation of that name.
    """
    from archive.models import Article, ArticleOrganisation, ArticlePerson
    from archive.text.letters import normalize

    linked: dict[str, set[str]] = defaultdict(set)
    for article_id, name in ArticlePerson.objects.values_list("article_id", "person__name"):
        linked[files.get(article_id, "")].add(name)
    for article_id, name in ArticleOrganisation.objects.values_list(
        "article_id", "organisation__name"
    ):
        linked[files.get(article_id, "")].add(name)
    true_pos = expected = found = 0
    for name in files.values():
        truth = set(manifest[name]["people"]) | set(manifest[name]["organisations"])
        got = linked.get(name, set())
        true_pos += len(truth & got)
        expected += len(truth)
        found += len(got)
    publications = dict(Article.objects.filter(pk__in=files).values_list("pk", "publication__name"))
    with_line = [pk for pk, name in files.items() if manifest[name].get("publication")]
    recognised = sum(
        1
        for pk in with_line
        if publications.get(pk)
        and normalize(publications[pk]) in normalize(manifest[files[pk]]["publication"])
    )
    return {
        "precision": true_pos / found if found else 0.0,
        "recall": true_pos / expected if expected else 0.0,
        "links": found,
        "publication_lines": len(with_line),
        "publications_recognised": recognised,
    }


def stage_import(data: Path, corpus: Path, seed: int) -> dict:
    """Import every corpus text with linking against the cast, without indexing."""
    from archive import importer
    from archive.models import Article, Organisation, Person

    per_article: list[float] = []
    last = time.perf_counter()

    def progress(done: int, result) -> None:
        nonlocal last
        now = time.perf_counter()
        per_article.append((now - last) * 1000)
        last = now

    start = last = time.perf_counter()
    report = importer.import_many(
        importer.iter_sources([corpus / TEXTS]), progress=progress, index=False, relink=False
    )
    seconds = time.perf_counter() - start

    files = {r.article.pk: Path(r.source_name).name for r in report.imported}
    urls = {a.get_absolute_url(): files[a.pk] for a in Article.objects.filter(pk__in=files)}
    (data / MAPPING_FILE).write_text(json.dumps(urls, ensure_ascii=False), encoding="utf-8")
    manifest = _json(corpus / "manifest.json")
    words = sum(manifest[name]["words"] for name in files.values())
    cast = _json(corpus / "cast.json")
    return {
        "seconds": seconds,
        "imported": len(report.imported),
        "duplicates": len(report.duplicates),
        "refused": len(report.refused),
        "refused_examples": [f"{r.source_name}: {r.message}" for r in report.refused[:3]],
        "needs_review": sum(1 for r in report.imported if r.article.needs_review),
        "words": words,
        "per_article_ms": summarise(per_article),
        "known_entities": len(cast["people"]) + len(cast["organisations"]),
        "people_after": Person.objects.count(),
        "organisations_after": Organisation.objects.count(),
        "linking": _linking_quality(manifest, files),
    }


def stage_profile_import(data: Path, corpus: Path, seed: int) -> dict:
    """Profile the import of fresh texts and say where the time goes (run last: it adds texts)."""
    from archive import importer

    extra = data / "profile-corpus"
    if not extra.exists():
        generate(extra, articles=PROFILE_ARTICLES, seed=seed + 1, cast_seed=seed)
    sources = list(importer.iter_sources([extra / TEXTS]))
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    report = importer.import_many(sources, index=False, relink=False)
    profile.disable()
    seconds = time.perf_counter() - start
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return {
        "articles": len(report.imported),
        "seconds": seconds,
        "shares": _shares(stats, seconds),
    }


def _shares(stats: dict, seconds: float, top: int = 8) -> dict[str, float]:
    """Return the archive functions with the most inclusive time, and SQLite's own time.

    Wrappers that hold (nearly) the whole run say nothing and are left out; the rest overlap
    where one calls another.
    """
    if not seconds:
        return {}
    ours = sorted(
        (
            (row[3] / seconds, f"{Path(path).stem}.{name}")
            for (path, _line, name), row in stats.items()
            if "/archive/" in path and not name.startswith("<")
        ),
        reverse=True,
    )
    shares = {label: share for share, label in ours if share < 0.9}
    shares = dict(list(shares.items())[:top])
    sqlite_time = sum(row[2] for (_path, _line, name), row in stats.items() if "sqlite3." in name)
    shares["SQLite (queries and commits)"] = sqlite_time / seconds
    return shares


# --- index ------------------------------------------------------------------------------------


def stage_index(data: Path, corpus: Path, seed: int) -> dict:
    """Build the search index from scratch and measure its speed and size."""
    from django.conf import settings
    from django.core.management import call_command

    from archive.models import Article, Turn

    index_dir = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    articles = Article.objects.count()
    words = sum(_words(t) + _words(b) for t, b in Article.objects.values_list("title", "body"))
    turns = Turn.objects.count()
    from haystack.exceptions import SearchBackendError

    start = time.perf_counter()
    try:
        call_command("rebuild_index", interactive=False, batchsize=10000, verbosity=0)
    except SearchBackendError as exc:
        return {
            "unavailable": str(exc),
            "seconds": 0.0,
            "articles": articles,
            "turns": turns,
            "words": words,
            "bytes": 0,
            "documents": 0,
        }
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "articles": articles,
        "turns": turns,
        "words": words,
        "turn_words": sum(_words(t) for t in Turn.objects.values_list("text", flat=True)),
        "bytes": dir_size(index_dir) if index_dir.exists() else 0,
        "documents": _indexed_documents(),
        "analyzer_words_per_s": _analyzer_speed(),
    }


def _analyzer_speed(sample: int = 300) -> float | None:
    """Return the words per second `archive.text.persian.tokens` alone gets through, on one core."""
    from archive.models import Article

    try:
        from archive.text.persian import tokens
    except ImportError:
        return None
    bodies = list(Article.objects.order_by("pk").values_list("body", flat=True)[:sample])
    tokens(bodies[0] if bodies else "")  # build the lexicon before timing
    start = time.perf_counter()
    for body in bodies:
        tokens(body)
    seconds = time.perf_counter() - start
    return sum(map(_words, bodies)) / seconds if seconds else None


def _indexed_documents() -> int:
    try:
        from haystack.query import SearchQuerySet

        return SearchQuerySet().count()
    except Exception:  # an unwired search reads as "0 documents", not a traceback
        return 0


# --- search: ours and the naive alternatives in one process ----------------------------------


def _words_of(query: BenchQuery) -> list[str]:
    return query.q.strip('"').split()


def _fts_match(query: BenchQuery) -> str:
    words = [w.replace('"', "") for w in _words_of(query)]
    if query.kind == "phrase":
        return '"' + " ".join(words) + '"'
    return " ".join(f'"{w}"' for w in words)


class IcontainsSearch:
    """Django's `icontains` over Article.body: a LIKE scan, the archive's naive alternative."""

    name = "icontains"

    def __init__(self, people: dict[str, int]):
        self.people = people

    def _queryset(self, query: BenchQuery):
        from archive.models import Article

        qs = Article.objects.all()
        words = _words_of(query)
        for term in [" ".join(words)] if query.kind == "phrase" else words:
            qs = qs.filter(body__icontains=term)
        if query.person:
            qs = qs.filter(person_roles__person_id=self.people[query.person]).distinct()
        return qs

    def page(self, query: BenchQuery) -> int:
        qs = self._queryset(query)
        count = qs.count()
        list(qs.order_by("-published_on").values_list("pk", "title")[:RESULTS_PER_PAGE])
        return count

    def all_ids(self, query: BenchQuery) -> set[int]:
        return set(self._queryset(query).values_list("pk", flat=True))


def build_fts5(path: Path, fold: Callable[[str], str] | None = None) -> dict:
    """Build an FTS5 (unicode61) table of every article's title and body, `fold`ed if given."""
    from archive.models import Article

    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    start = time.perf_counter()
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='unicode61')")
    rows = Article.objects.values_list("pk", "title", "body").iterator(chunk_size=2000)
    if fold is not None:
        rows = ((pk, fold(title), fold(body)) for pk, title, body in rows)
    with con:
        con.executemany("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", rows)
    con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.commit()
    seconds = time.perf_counter() - start
    con.close()
    return {"seconds": seconds, "bytes": path.stat().st_size}


class Fts5Search:
    """SQLite FTS5 with the unicode61 tokenizer over the same titles and bodies."""

    name = "fts5"

    def __init__(self, path: Path, main_db: str, people: dict[str, int]):
        self.path, self.people = path, people
        self.build_seconds = 0.0
        self.con = None
        self.main_db = main_db

    def build(self) -> dict:
        built = build_fts5(self.path)
        self.build_seconds = built["seconds"]
        self.con = sqlite3.connect(self.path)
        self.con.execute("ATTACH DATABASE ? AS archive", (self.main_db,))
        return built

    def _where(self, query: BenchQuery) -> tuple[str, list]:
        sql, args = "docs MATCH ?", [_fts_match(query)]
        if query.person:
            sql += (
                " AND rowid IN (SELECT article_id FROM archive.archive_articleperson"
                " WHERE person_id = ?)"
            )
            args.append(self.people[query.person])
        return sql, args

    def page(self, query: BenchQuery) -> int:
        where, args = self._where(query)
        (count,) = self.con.execute(f"SELECT count(*) FROM docs WHERE {where}", args).fetchone()  # noqa: S608 - our own fixed SQL
        self.con.execute(
            f"SELECT rowid, title FROM docs WHERE {where} ORDER BY rank LIMIT ?",  # noqa: S608
            [*args, RESULTS_PER_PAGE],
        ).fetchall()
        return count

    def all_ids(self, query: BenchQuery) -> set[int]:
        where, args = self._where(query)
        rows = self.con.execute(f"SELECT rowid FROM docs WHERE {where}", args)  # noqa: S608
        return {r[0] for r in rows}


class OurSearch:
    """The archive's own search function, as the JSON API calls it."""

    name = "ours"

    def __init__(self, slugs: dict[str, str]):
        from archive import search

        self.search, self.slugs = search, slugs

    def _query(self, query: BenchQuery, **extra):
        person = self.slugs[query.person] if query.person else ""
        return self.search.SearchQuery(q=query.q, person=person, **extra)

    def page(self, query: BenchQuery) -> int:
        return self.search.search(self._query(query)).count

    def all_urls(self, query: BenchQuery) -> set[str]:
        urls, page = set(), 1
        while True:
            result = self.search.search(self._query(query, page=page, per_page=500))
            urls.update(hit.url.split("#", 1)[0] for hit in result.hits)
            if not result.has_next:
                return urls
            page += 1


def _recall(found: set[str], truth: set[str]) -> dict:
    hits = len(found & truth)
    return {
        "recall": hits / len(truth) if truth else 0.0,
        "precision": hits / len(found) if found else 0.0,
        "found": len(found),
        "truth": len(truth),
    }


def stage_search(data: Path, corpus: Path, seed: int) -> dict:
    """Time the query mix in-process on ours, icontains and FTS5; score the variant queries."""
    from django.conf import settings

    from archive.models import Article, Person

    names = {q.person for q in QUERY_MIX if q.person}
    people = dict(Person.objects.filter(name__in=names).values_list("name", "pk"))
    slugs = dict(Person.objects.filter(name__in=names).values_list("name", "slug"))
    urls_to_file = _json(data / MAPPING_FILE)
    id_to_file = {
        a.pk: urls_to_file.get(a.get_absolute_url()) for a in Article.objects.only("pk", "slug")
    }
    truth = {t["q"]: set(t["files"]) for t in _json(corpus / "truth.json")["variant_queries"]}
    variants = [q for q in QUERY_MIX if q.kind == "variant"]

    fts = Fts5Search(data / FTS_FILE, str(settings.DATABASES["default"]["NAME"]), people)
    fts_build = fts.build()
    systems = [IcontainsSearch(people), fts]
    unavailable = {}
    if importlib.util.find_spec("archive.search") is not None:
        try:
            systems.insert(0, OurSearch(slugs))
        except (ImportError, AttributeError) as exc:
            unavailable["ours"] = f"archive.search is not usable: {exc}"
    else:
        unavailable["ours"] = "archive.search is not on this branch yet"

    results: dict = {"fts5_build": fts_build, "unavailable": unavailable, "systems": {}}
    for system in systems:
        counts = {q.q + "|" + q.person: system.page(q) for q in QUERY_MIX}  # warm-up + counts
        times = timed_rounds(QUERY_MIX, system.page, rounds=SEARCH_ROUNDS, budget_s=SEARCH_BUDGET_S)
        by_kind: dict[str, list[float]] = defaultdict(list)
        for i, query in enumerate(QUERY_MIX):
            by_kind[query.kind] += times[i]
        recall = {}
        for query in variants:
            if isinstance(system, OurSearch):
                found = {urls_to_file.get(u) for u in system.all_urls(query)} - {None}
            else:
                found = {id_to_file.get(pk) for pk in system.all_ids(query)} - {None}
            recall[query.q] = _recall(found, truth[query.q])
        results["systems"][system.name] = {
            "all": summarise(flatten(times.values())),
            "by_kind": {k: summarise(v) for k, v in by_kind.items()},
            "counts": counts,
            "recall": recall,
        }
    return results


# --- page and API URLs for the HTTP measurements ---------------------------------------------


def stage_urls(data: Path, corpus: Path, seed: int) -> dict:
    """Pick the article and person pages and the search URLs the HTTP client will request."""
    from urllib.parse import urlencode

    from django.db.models import Count
    from django.urls import reverse

    from archive.models import Article, Person

    rng = random.Random(seed)
    article_ids = list(Article.objects.values_list("pk", flat=True))
    articles = Article.objects.filter(
        pk__in=rng.sample(article_ids, min(PAGE_SAMPLE, len(article_ids)))
    )
    ranked = list(
        Person.objects.annotate(n=Count("article_roles")).filter(n__gt=0).order_by("-n", "pk")
    )
    # The most written-about people have the longest pages; the rest are a random sample.
    people = ranked[:10] + rng.sample(ranked[10:], min(PAGE_SAMPLE - 10, max(0, len(ranked) - 10)))
    slugs = dict(
        Person.objects.filter(name__in={q.person for q in QUERY_MIX if q.person}).values_list(
            "name", "slug"
        )
    )
    api = []
    for q in QUERY_MIX:
        params = {"q": q.q, **({"person": slugs[q.person]} if q.person else {})}
        api.append({"kind": q.kind, "q": q.q, "url": "/api/search/?" + urlencode(params)})
    search_pages = [
        "/search/?" + urlencode({"q": q.q}) for q in QUERY_MIX if q.kind in ("one_word", "two_word")
    ]
    return {
        "api": api,
        "pages": {
            # One URL, so it is repeated to be measured about as often as the others.
            "home": [reverse("archive:home")] * (PAGE_SAMPLE // 4),
            "article": [a.get_absolute_url() for a in articles],
            "person": [p.get_absolute_url() for p in people],
            "search": search_pages,
        },
    }


STAGES = {
    "setup": stage_setup,
    "import": stage_import,
    "index": stage_index,
    "search": stage_search,
    "urls": stage_urls,
    "profile_import": stage_profile_import,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=STAGES)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    django.setup()
    result = STAGES[args.stage](args.data, args.corpus, args.seed)
    sys.stdout.write("\n" + json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
