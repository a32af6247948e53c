"""First-seen and repeated search speed, interleaved with SQLite FTS5 plus letter folding.

    python -m benchmarks.firstseen --sizes 2000 20000 60000    # what `make bench-firstseen` runs

Most readers type a query nobody typed before, so the cache-warm figures of `make bench` flatter
us. For each size this builds (or, with --reuse, reuses) the benchmark archive of
`benchmarks.run` under data/bench-<SIZE>/, then in one fresh process:

1. times the process's first search, right after `archive.search.warm()` (what a gunicorn
   worker runs before it takes requests) and, in another fresh process, without it;
2. draws a few hundred queries from the archive's own texts (one word, two words, phrases,
   variant spellings; deterministic for a seed), none of them seen by the process before;
3. runs each query once on ours (`archive.search.search`: a page of 20 hits with snippets,
   facets and the spelling suggestion) and right after it on SQLite FTS5 over the same titles
   and bodies folded by `archive.text.letters.normalize` (count + first 20 by bm25), so that
   what the machine is doing weighs on both alike: the *first-seen* figures;
4. runs the same queries again on both: the *repeated* figures.

The figures go to docs/_bench/firstseen-<SIZE>.json and into the "First-seen queries" section
of docs/benchmarks.md (benchmarks/report.py renders it from those files). Timings never fail a
test.
"""

import argparse
import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import django

from benchmarks.measure import summarise

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "docs" / "_bench"
FTS_FILE = "fts5-folded.sqlite3"
RESULTS_PER_PAGE = 20
SAMPLE_ARTICLES = 400
KINDS = {"one_word": 100, "two_words": 60, "phrase": 60, "variant": 30}
_WORD = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]{3,}$")
# Arabic letter forms and a dropped half-space, as variant spellings arrive.
_VARIANT = str.maketrans({"ی": "ي", "ک": "ك", "\u200c": ""})


def result_file(size: int) -> Path:
    return RESULTS / f"firstseen-{size}.json"


def draw_queries(texts: list[str], seed: int) -> list[tuple[str, str]]:
    """Return (kind, query) pairs drawn from the texts, each query distinct."""
    rng = random.Random(seed)
    words_of = [[w for w in text.split() if _WORD.match(w)] for text in texts]
    words_of = [ws for ws in words_of if len(ws) >= 10]
    seen: set[str] = set()
    queries: list[tuple[str, str]] = []

    def add(kind: str, q: str) -> bool:
        if q in seen:
            return False
        seen.add(q)
        queries.append((kind, q))
        return True

    for kind, wanted in KINDS.items():
        made, tries = 0, 0
        while made < wanted and tries < wanted * 50:
            tries += 1
            words = rng.choice(words_of)
            i = rng.randrange(len(words) - 3)
            if kind == "one_word":
                q = words[i]
            elif kind == "two_words":
                q = f"{words[i]} {rng.choice(words)}"
            elif kind == "phrase":
                q = '"' + " ".join(words[i : i + rng.choice((2, 3))]) + '"'
            else:
                q = words[i].translate(_VARIANT)
                if q == words[i]:
                    continue
            made += add(kind, q)
    order = list(range(len(queries)))
    rng.shuffle(order)  # kinds interleaved, so a slow spell of the machine hits all of them
    return [queries[i] for i in order]


class FoldedFts5:
    """SQLite FTS5 (unicode61) over titles and bodies folded the way our analyzer folds letters."""

    def __init__(self, path: Path):
        self.path = path
        self.con: sqlite3.Connection | None = None

    def build(self) -> dict:
        from archive.text.letters import normalize
        from benchmarks.stages import build_fts5

        built = build_fts5(self.path, fold=normalize)
        self.con = sqlite3.connect(self.path)
        return built

    @staticmethod
    def match(q: str) -> str:
        from archive.text.letters import normalize

        words = [w.replace('"', "") for w in normalize(q.strip('"')).split()]
        if q.startswith('"'):
            return '"' + " ".join(words) + '"'
        return " ".join(f'"{w}"' for w in words)

    def page(self, q: str) -> int:
        match = self.match(q)
        (count,) = self.con.execute(
            "SELECT count(*) FROM docs WHERE docs MATCH ?", [match]
        ).fetchone()
        self.con.execute(
            "SELECT rowid, title FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?",
            [match, RESULTS_PER_PAGE],
        ).fetchall()
        return count


def _ours(q: str) -> int:
    from archive import search

    return search.search(search.SearchQuery(q=q)).count


def _ms(call, *args) -> tuple[float, object]:
    start = time.perf_counter()
    value = call(*args)
    return (time.perf_counter() - start) * 1000, value


def stage_first_search(warm: bool) -> dict:
    """In this fresh process: warm up as a worker does (or not), then time one search."""
    from archive import search

    warm_ms = _ms(search.warm)[0] if warm else 0.0
    first_ms, _ = _ms(_ours, "مزد کارگران")
    second_ms, _ = _ms(_ours, "قرارداد موقت")
    return {"warm_ms": warm_ms, "first_ms": first_ms, "second_ms": second_ms}


def stage_first_seen(data: Path, seed: int) -> dict:
    """Time the drawn queries once (first seen) and again (repeated) on ours and FTS5."""
    from archive import search
    from archive.models import Article

    ids = list(Article.objects.values_list("pk", flat=True))
    sample = random.Random(seed).sample(ids, min(SAMPLE_ARTICLES, len(ids)))
    texts = list(Article.objects.filter(pk__in=sample).values_list("body", flat=True))
    queries = draw_queries(texts, seed)
    fts = FoldedFts5(data / FTS_FILE)
    fts_build = fts.build()
    search.warm()
    times: dict[str, dict[str, dict[str, list[float]]]] = {
        rnd: {"ours": defaultdict(list), "fts5": defaultdict(list)} for rnd in ("first", "repeated")
    }
    zero_hits = {"ours": 0, "fts5": 0}
    for rnd in ("first", "repeated"):
        for kind, q in queries:
            ours_ms, ours_count = _ms(_ours, q)
            fts_ms, fts_count = _ms(fts.page, q)
            times[rnd]["ours"][kind].append(ours_ms)
            times[rnd]["fts5"][kind].append(fts_ms)
            if rnd == "first":
                zero_hits["ours"] += ours_count == 0
                zero_hits["fts5"] += fts_count == 0
    summary = {
        rnd: {
            system: {
                "by_kind": {kind: summarise(v) for kind, v in by_kind.items()},
                "all": summarise([t for v in by_kind.values() for t in v]),
            }
            for system, by_kind in systems.items()
        }
        for rnd, systems in times.items()
    }
    return {
        "queries": len(queries),
        "by_kind": {kind: sum(k == kind for k, _ in queries) for kind in KINDS},
        "examples": [q for _, q in queries[:8]],
        "zero_hits": zero_hits,
        "fts5_build": fts_build,
        "rounds": summary,
    }


def _child(stage: str, data: Path, env: dict, *extra: str) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.firstseen", "--stage", stage, "--data", str(data)]
    proc = subprocess.run(
        [*cmd, *extra], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"stage {stage} failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(size: int, seed: int, *, reuse: bool) -> dict:
    """Build (or reuse) the archive of `size` articles and measure it in fresh processes."""
    from archive.corpus import generate
    from benchmarks import run

    data = (ROOT / "data" / f"bench-{size}").resolve()
    corpus = data / "corpus"
    env = run.bench_env(data)
    built = reuse and (data / "whoosh_index").is_dir() and (data / "stage-index.json").exists()
    if not built:
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        print(f"== corpus: {size} articles into {corpus}", flush=True)
        generate(corpus, articles=size, seed=seed)
        for name in ("setup", "import", "index"):
            run.run_stage(name, data=data, corpus=corpus, seed=seed, env=env)
    print(f"== first searches after a start ({size})", flush=True)
    cold = _child("first_search", data, env)
    warmed = _child("first_search", data, env, "--warm")
    print(f"== first-seen and repeated queries ({size})", flush=True)
    result = _child("first_seen", data, env, "--seed", str(seed))
    result.update(
        size=size,
        machine=run.machine(),
        first_search={"without_warm": cold, "after_warm": warmed},
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--reuse", action="store_true", help="keep data/bench-<SIZE> if built")
    parser.add_argument("--stage", choices=("first_search", "first_seen"))
    parser.add_argument("--data", type=Path)
    parser.add_argument("--warm", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    if args.stage:
        django.setup()
        if args.stage == "first_search":
            result = stage_first_search(args.warm)
        else:
            result = stage_first_seen(args.data, args.seed)
        sys.stdout.write("\n" + json.dumps(result, ensure_ascii=False) + "\n")
        return 0

    from benchmarks import report

    RESULTS.mkdir(parents=True, exist_ok=True)
    for size in args.sizes:
        result = measure(size, args.seed, reuse=args.reuse)
        result_file(size).write_text(
            json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    report.rewrite_first_seen(args.out)
    print(f"== done: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
