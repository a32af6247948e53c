"""The two search engines side by side: one corpus, one PostgreSQL database, the same queries.

    python -m benchmarks.engines --size 2000     # what `make bench ENGINE=postgres` adds

The corpus (archive.corpus, as `make bench` generates it) is imported once into a throwaway
PostgreSQL database of its own on BENCH_POSTGRES_URL's server, then indexed by each engine
(`rebuild_index`): build time and throughput, size on disk (the Whoosh folder; the PostgreSQL
engine's three tables with their indexes and TOAST), the query mix's p50/p95 by kind in
process (warm: each query once before timing), and whether both engines find the same:
the same total, the same first page in the same order, the same set of every match. The
figures replace the engines section of docs/benchmarks.md (the rest of it is `make bench`'s).
"""

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
ROUNDS = 5
BUDGET_S = 60.0
BEGIN = "<!-- engines: benchmarks/engines.py writes from here -->"
END = "<!-- engines: end -->"
ENGINES = ("whoosh", "postgres")


def _database_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin(server_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(statement)


def use_engine(name: str) -> None:
    """Serve search (in this process) from the named engine."""
    from django.conf import settings
    from haystack import connections

    if name == "postgres":
        settings.HAYSTACK_CONNECTIONS["default"] = settings.POSTGRES_SEARCH_ENGINE
    else:
        settings.HAYSTACK_CONNECTIONS["default"] = _whoosh_connection
    settings.ARCHIVE_SEARCH_ENGINE = name
    connections.connections_info = settings.HAYSTACK_CONNECTIONS
    getattr(connections.thread_local, "connections", {}).pop("default", None)


_whoosh_connection: dict = {}


def _postgres_size() -> int:
    from django.db import connection

    from archive.search.engine.postgres import sql

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(pg_total_relation_size(t))::bigint FROM unnest(%s::text[]) AS t",
            [[sql.DOCUMENTS, sql.CHUNKS, sql.POSTINGS]],
        )
        return cursor.fetchone()[0]


def build(name: str, index_dir: Path) -> dict:
    from archive.search import rebuild_index
    from benchmarks.measure import dir_size

    use_engine(name)
    start = time.perf_counter()
    documents = rebuild_index(batch_size=500)
    seconds = time.perf_counter() - start
    size = dir_size(index_dir) if name == "whoosh" else _postgres_size()
    return {"documents": documents, "seconds": seconds, "bytes": size}


def _found(query, slugs: dict, *, page: int = 1, per_page: int = 20):
    from archive import search

    person = slugs[query.person] if query.person else ""
    return search.search(search.SearchQuery(q=query.q, person=person, page=page, per_page=per_page))


def _key(hit) -> str:
    return hit.url


def answers(queries, slugs: dict) -> dict:
    """Return each query's total, first page (in order) and every match, on the current engine."""
    found = {}
    for query in queries:
        first = _found(query, slugs)
        every, page = set(), 1
        while True:
            result = _found(query, slugs, page=page, per_page=500)
            every.update(_key(hit) for hit in result.hits)
            if not result.has_next:
                break
            page += 1
        found[query.q + "|" + query.person] = {
            "total": first.count,
            "first_page": [_key(hit) for hit in first.hits],
            "every": sorted(every),
        }
    return found


def timings(queries, slugs: dict) -> dict:
    from collections import defaultdict

    from benchmarks.measure import flatten, summarise, timed_rounds

    for query in queries:  # warm: every query once
        _found(query, slugs)
    times = timed_rounds(queries, lambda q: _found(q, slugs), rounds=ROUNDS, budget_s=BUDGET_S)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for i, query in enumerate(queries):
        by_kind[query.kind] += times[i]
    return {
        "all": summarise(flatten(times.values())),
        "by_kind": {k: summarise(v) for k, v in by_kind.items()},
    }


def agreement(whoosh: dict, postgres: dict) -> dict:
    keys = sorted(whoosh)
    same_total = [k for k in keys if whoosh[k]["total"] == postgres[k]["total"]]
    same_set = [k for k in keys if whoosh[k]["every"] == postgres[k]["every"]]
    same_page = [k for k in keys if whoosh[k]["first_page"] == postgres[k]["first_page"]]
    same_page_set = [
        k for k in keys if set(whoosh[k]["first_page"]) == set(postgres[k]["first_page"])
    ]
    return {
        "queries": len(keys),
        "same_total": len(same_total),
        "same_set": len(same_set),
        "same_first_page_order": len(same_page),
        "same_first_page_set": len(same_page_set),
        "differing_sets": [k for k in keys if k not in same_set],
        "differing_order": [k for k in keys if k not in same_page],
    }


def measure(corpus: Path) -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from archive import importer
    from archive.corpus import QUERY_MIX, TEXTS
    from archive.management.commands.load_demo import load_cast
    from archive.models import Person

    _whoosh_connection.update(settings.HAYSTACK_CONNECTIONS["default"])
    call_command("migrate", interactive=False, verbosity=0)
    load_cast(corpus / "cast.json")
    start = time.perf_counter()
    importer.import_many(importer.iter_sources([corpus / TEXTS]), index=False, relink=False)
    imported = time.perf_counter() - start

    names = {q.person for q in QUERY_MIX if q.person}
    slugs = dict(Person.objects.filter(name__in=names).values_list("name", "slug"))
    results: dict = {"import_seconds": imported, "engines": {}}
    with connection.cursor() as cursor:
        cursor.execute("SELECT version(), EXISTS (SELECT 1 FROM pg_extension WHERE extname='rum')")
        results["postgres"], results["rum"] = cursor.fetchone()
    found = {}
    for name in ENGINES:
        print(f"== {name}: build", flush=True)
        built = build(name, Path(_whoosh_connection["PATH"]))
        print(f"== {name}: queries", flush=True)
        results["engines"][name] = {"build": built, "search": timings(QUERY_MIX, slugs)}
        found[name] = answers(QUERY_MIX, slugs)
    results["agreement"] = agreement(found["whoosh"], found["postgres"])
    return results


def _ms(value: float) -> str:
    return f"{value:.1f}"


def render(results: dict) -> str:
    whoosh, postgres = results["engines"]["whoosh"], results["engines"]["postgres"]
    agree = results["agreement"]
    lines = [
        BEGIN,
        "## The two search engines side by side (`make bench ENGINE=postgres`)",
        "",
        f"{results['size']} generated articles ({results['documents']} documents with their"
        f" turns), imported once into PostgreSQL ({results['postgres'].split(' on ')[0]},"
        f" RUM {'installed' if results['rum'] else 'not installed: GIN'}), indexed by each"
        f" engine; queries in process, warm, {ROUNDS} rounds. {results['date']}, commit"
        f" {results['commit']}, load average {results['load']:.1f} on {os.cpu_count()} cores.",
        "",
        "| | Whoosh | PostgreSQL |",
        "|---|---:|---:|",
    ]
    for name in ENGINES:
        built = results["engines"][name]["build"]
        built["rate"] = built["documents"] / built["seconds"] if built["seconds"] else 0
    lines += [
        f"| build (rebuild_index), s | {whoosh['build']['seconds']:.1f}"
        f" | {postgres['build']['seconds']:.1f} |",
        f"| build throughput, documents/s | {whoosh['build']['rate']:.0f}"
        f" | {postgres['build']['rate']:.0f} |",
        f"| size on disk, MB | {whoosh['build']['bytes'] / 1e6:.1f}"
        f" | {postgres['build']['bytes'] / 1e6:.1f} |",
        f"| all queries p50 / p95, ms | {_ms(whoosh['search']['all']['median'])} /"
        f" {_ms(whoosh['search']['all']['p95'])} | {_ms(postgres['search']['all']['median'])} /"
        f" {_ms(postgres['search']['all']['p95'])} |",
    ]
    for kind in sorted(whoosh["search"]["by_kind"]):
        w, p = whoosh["search"]["by_kind"][kind], postgres["search"]["by_kind"][kind]
        lines.append(
            f"| {kind} p50 / p95, ms | {_ms(w['median'])} / {_ms(w['p95'])}"
            f" | {_ms(p['median'])} / {_ms(p['p95'])} |"
        )
    lines += [
        "",
        f"Agreement over {agree['queries']} queries: the same total for {agree['same_total']},"
        f" the same set of every match for {agree['same_set']}, the same first page for"
        f" {agree['same_first_page_set']} (in the same order for"
        f" {agree['same_first_page_order']}).",
    ]
    if agree["differing_sets"]:
        lines.append("Sets differ for: " + ", ".join(f"`{k}`" for k in agree["differing_sets"]))
    if agree["differing_order"]:
        lines.append(
            "First pages ordered differently for: "
            + ", ".join(f"`{k}`" for k in agree["differing_order"])
        )
    lines += [
        "",
        "Raw figures: `docs/_bench/engines-" + str(results["size"]) + ".json`.",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path: Path, section: str) -> None:
    """Replace the engines section of the report (or add it at the end)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="articles in the corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="a PostgreSQL server the benchmark may create a database on",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--keep", action="store_true", help="keep the database and folder")
    args = parser.parse_args(argv)

    data = ROOT / "data" / f"bench-engines-{args.size}"
    shutil.rmtree(data, ignore_errors=True)
    corpus = data / "corpus"
    from archive.corpus import generate

    print(f"== corpus: {args.size} articles", flush=True)
    generate(corpus, articles=args.size, seed=args.seed)

    name = f"archive_bench_engines_{args.size}"
    _admin(args.postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(args.postgres_url, f'CREATE DATABASE "{name}"')
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        ARCHIVE_DATA_DIR=str(data),
        ARCHIVE_INDEX_DIR=str(data / "whoosh_index"),
        DATABASE_URL=_database_url(args.postgres_url, name),
    )
    import django

    django.setup()
    try:
        results = measure(corpus)
        from archive.models import Article, Turn

        results |= {
            "size": args.size,
            "documents": Article.objects.count() + Turn.objects.count(),
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "commit": subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip(),
            "load": os.getloadavg()[0],
        }
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            _admin(args.postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            shutil.rmtree(data, ignore_errors=True)
    raw = ROOT / "docs" / "_bench" / f"engines-{args.size}.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    write_section(args.out, render(results))
    print(f"== done: {args.out} (raw figures: {raw})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
