"""Render the harness's raw results as docs/benchmarks.md (no Django)."""

import math
from pathlib import Path

ANALYSIS = Path(__file__).with_name("analysis.md")
TARGET_SIZE = 20000
KIND_LABELS = {
    "one_word": "one word",
    "two_word": "two words",
    "phrase": "phrase",
    "person": "person-filtered",
    "variant": "variant spelling",
}


def _ms(value) -> str:
    return (
        "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1f}"
    )


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _mib(kib_or_bytes: float, *, kib: bool = False) -> str:
    return f"{kib_or_bytes / (1024 if kib else 1024 * 1024):,.0f} MiB"


def _ratio(a, b) -> str:
    if not a or not b or math.isnan(a) or math.isnan(b):
        return "–"
    return f"{a / b:.1f}×"


def _pct(x: float, digits: int = 0) -> str:
    return f"{100 * x:.{digits}f} %"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]


def _verdict(ok: bool | None, size: int) -> str:
    if ok is None:
        return "not measured"
    word = "met" if ok else "**not met**"
    return (
        word if size == TARGET_SIZE else f"{word} (at {size:,}; the target is for {TARGET_SIZE:,})"
    )


def targets(results: dict) -> list[str]:
    size = results["size"]
    imp, idx, http = results["import"], results["index"], results.get("http", {})
    rate = imp["imported"] / imp["seconds"] if imp["seconds"] else 0
    words_rate = idx["words"] / idx["seconds"] if idx["seconds"] and idx["documents"] else None
    api = http.get("api", {}).get("all", {})
    api_ok = None
    if api.get("n"):
        api_ok = api["median"] <= 50 and api["p95"] <= 150
    pages = http.get("pages", {})
    page_medians = {k: pages[k]["median"] for k in ("home", "article", "person") if k in pages}
    pages_ok = all(m <= 100 for m in page_medians.values()) if page_medians else None
    rows = [
        [
            "Import, with linking against ~1,000 names, no indexing",
            "≥ 100 articles/s",
            f"{rate:,.0f} articles/s",
            _verdict(rate >= 100, size)
            + ("" if rate >= 100 else "; see where the time goes under Import"),
        ],
        [
            "Index build",
            "≥ 100,000 words/s",
            f"{words_rate:,.0f} words/s" if words_rate else "–",
            _verdict(None if words_rate is None else words_rate >= 100_000, size),
        ],
        [
            "Search API (HTTP, warm, gunicorn)",
            "median ≤ 50 ms, p95 ≤ 150 ms",
            f"{_ms(api.get('median'))} / {_ms(api.get('p95'))} ms" if api.get("n") else "–",
            _verdict(api_ok, size),
        ],
        [
            "Home, article and person pages",
            "median ≤ 100 ms",
            ", ".join(f"{k} {_ms(m)} ms" for k, m in page_medians.items()) or "–",
            _verdict(pages_ok, size),
        ],
    ]
    return _table(["What", "Target", "Measured", "Verdict"], rows)


def render(results: dict) -> str:
    """Return the whole Markdown page for one run's results."""
    m, c, size = results["machine"], results["corpus"], results["size"]
    imp, idx, srch = results["import"], results["index"], results["search"]
    http = results.get("http", {})
    out = [
        "# Benchmarks",
        "",
        f"Figures from one run of `make bench SIZE={size}` on {m['date']} (commit `{m['commit']}`),"
        f" {results['total_seconds'] / 60:.1f} minutes in all. Rerun with `make bench` "
        "(`SIZE=2000` by default, `SIZE=20000` for the full run); the raw figures land in "
        f"`docs/_bench/results-{size}.json`. Timings never fail a test.",
        "",
        "Method: `archive/corpus/` generates the corpus (deterministic for a seed) from our "
        "demo texts and hazm's word list; `benchmarks/run.py` builds a fresh SQLite database and "
        "Whoosh index under `data/bench-<SIZE>/`, runs each Django stage in its own process "
        "(`benchmarks/stages.py`, peak memory from the kernel), and measures pages and the JSON "
        f"API through gunicorn (`gunicorn.conf.py`, {http.get('workers', '?')} workers, "
        "production settings, `config/settings/bench.py`) on 127.0.0.1 with a sequential Python "
        "client, after warming every URL. Medians and 95th percentiles (nearest rank) are over "
        "every request of a kind.",
        "",
        "## Machine",
        "",
    ]
    out += _table(
        ["CPU", "cores", "RAM", "OS", "Python", "Django", "SQLite", "gunicorn"],
        [
            [
                m["cpu"],
                str(m["nproc"]),
                f"{m['ram_gib']} GiB",
                m["os"],
                m["python"],
                m["django"],
                m["sqlite"],
                m["gunicorn"],
            ]
        ],
    )
    if results.get("load"):
        load = results["load"]
        out += [
            f"Load average (1 min) between stages: {min(load):.1f} to {max(load):.1f} on "
            f"{m['nproc']} cores; above {m['nproc']} other work was competing for the CPU "
            "and the figures are pessimistic.",
            "",
        ]
    out += ["## Targets", "", *targets(results)]

    kinds = ", ".join(f"{k} {n:,}" for k, n in c["kinds"].items())
    noise = ", ".join(f"{k} {_pct(n / c['articles'])}" for k, n in c["noise"].items())
    out += [
        "## Corpus",
        "",
        f"{c['articles']:,} articles ({kinds}), {c['words']:,} words "
        f"({c['words'] / c['articles']:,.0f} per article on average), a cast of "
        f"{c['people']:,} people and {c['organisations']:,} organisations; noise by share of "
        f"articles: {noise}. Generated in {c['seconds']:.1f} s.",
        "",
        "## Import",
        "",
        "`archive.importer.batch.import_many(index=False)` over the corpus folder (reading, "
        "decoding, parsing, duplicate check, saving, linking against the cast), in one "
        "process.",
        "",
    ]
    rate = imp["imported"] / imp["seconds"] if imp["seconds"] else 0
    link = imp["linking"]
    out += _table(
        ["Figure", "Value"],
        [
            [
                "Articles imported / duplicates / refused",
                f"{imp['imported']:,} / {imp['duplicates']:,} / {imp['refused']:,}",
            ],
            ["Flagged for review", f"{imp['needs_review']:,}"],
            ["Throughput", f"{rate:,.0f} articles/s, {imp['words'] / imp['seconds']:,.0f} words/s"],
            [
                "Per article, median / p95",
                f"{_ms(imp['per_article_ms']['median'])} / {_ms(imp['per_article_ms']['p95'])} ms",
            ],
            ["Wall time of the process (start-up included)", f"{imp['wall_seconds']:.1f} s"],
            ["Peak memory of the import process", _mib(imp["peak_rss_kib"], kib=True)],
            [
                "Known people + organisations before / after",
                f"{imp['known_entities']:,} / {imp['people_after'] + imp['organisations_after']:,}",
            ],
            [
                "Linking against the corpus truth: precision / recall",
                f"{_pct(link['precision'], 1)} / {_pct(link['recall'], 1)}",
            ],
            [
                "Publication lines read as the article's publication",
                f"{link.get('publications_recognised', 0):,} of "
                f"{link.get('publication_lines', 0):,}",
            ],
        ],
    )
    prof = results.get("profile_import", {})
    if prof.get("shares"):
        out += [
            f"Where an import's time goes (cProfile, {prof['articles']} further articles, "
            "inclusive time as a share of the whole; the shares overlap where one calls another):",
            "",
        ]
        out += _table(
            ["Part", "Share"],
            [[k, _pct(v)] for k, v in sorted(prof["shares"].items(), key=lambda kv: -kv[1])],
        )

    words_rate = idx["words"] / idx["seconds"] if idx["seconds"] else 0
    fts = srch.get("fts5_build", {})
    out += ["## Index build", ""]
    if not idx["documents"]:
        out += [
            f"Not measured: {idx.get('unavailable', 'the index holds no documents')}",
            "",
        ]
    out += _table(
        ["", "Ours (`rebuild_index`, Whoosh)", "SQLite FTS5 (unicode61)"],
        [
            ["Time", f"{idx['seconds']:.1f} s", f"{fts.get('seconds', 0):.1f} s"],
            [
                "Throughput",
                f"{words_rate:,.0f} words/s, {idx['articles'] / idx['seconds']:,.0f} articles/s"
                if idx["seconds"]
                else "–",
                f"{idx['words'] / fts['seconds']:,.0f} words/s" if fts.get("seconds") else "–",
            ],
            ["Size on disk", _mib(idx["bytes"]), _mib(fts.get("bytes", 0))],
            [
                "Documents",
                f"{idx['documents']:,} ({idx['articles']:,} articles, {idx['turns']:,} turns)",
                f"{idx['articles']:,}",
            ],
            ["Peak memory of the process", _mib(idx["peak_rss_kib"], kib=True), "–"],
        ],
    )
    if idx.get("documents"):
        out += [
            f"Words are those of the articles' titles and bodies ({idx['words']:,}); interview "
            f"turns are indexed again as documents of their own ({idx.get('turn_words', 0):,} "
            "more words). The Persian analyzer alone (`archive.text.persian.tokens`, one core) "
            "gets "
            f"through {idx.get('analyzer_words_per_s') or 0:,.0f} words/s.",
            "",
        ]

    out += ["## Search API latency (HTTP, warm)", ""]
    api = http.get("api", {})
    rows = [
        [KIND_LABELS.get(k, k), _ms(v["median"]), _ms(v["p95"]), str(v["n"])]
        for k, v in api.items()
        if k != "all"
    ]
    if "all" in api:
        rows.append(
            ["**all**", _ms(api["all"]["median"]), _ms(api["all"]["p95"]), str(api["all"]["n"])]
        )
    out += _table(["Query kind", "median ms", "p95 ms", "requests"], rows)
    if http.get("errors"):
        failures = "; ".join(
            f"`{path}` " + ", ".join(f"{status} for {n} URL(s)" for status, n in statuses.items())
            for path, statuses in http["errors"].items()
        )
        out += [f"Left out because they did not answer 200: {failures}.", ""]
    out += ["## Pages (HTTP, warm)", ""]
    out += _table(
        ["Page", "median ms", "p95 ms", "requests"],
        [
            [k, _ms(v["median"]), _ms(v["p95"]), str(v["n"])]
            for k, v in http.get("pages", {}).items()
        ],
    )

    systems = srch["systems"]
    ours = systems.get("ours")
    out += [
        "## Ours beside the naive alternatives (in-process, same data)",
        "",
        "The same query mix, called in one process without HTTP: our `archive.search.search` "
        "(one page of 20 hits with snippets and facets), Django `icontains` over `Article.body` "
        "(count + first 20 by date), and SQLite FTS5 with the unicode61 tokenizer over titles "
        "and bodies (count + first 20 by bm25). Ratio = their median / ours: below 1× the "
        "alternative answers faster than ours.",
        "",
    ]
    if srch.get("unavailable"):
        out += [f"Not measured: {k}: {v}." for k, v in srch["unavailable"].items()] + [""]
    header = ["Query kind"]
    for name in systems:
        header += [f"{name} median", f"{name} p95"]
    if ours:
        header += ["icontains / ours", "FTS5 / ours"]
    rows = []
    for kind in [*KIND_LABELS, "all"]:
        row = [KIND_LABELS.get(kind, "**all**")]
        for s in systems.values():
            figures = s["all"] if kind == "all" else s["by_kind"].get(kind, {})
            row += [_ms(figures.get("median")), _ms(figures.get("p95"))]
        if ours:
            base = ours["all"] if kind == "all" else ours["by_kind"][kind]
            for other in ("icontains", "fts5"):
                o = systems[other]["all"] if kind == "all" else systems[other]["by_kind"][kind]
                row.append(_ratio(o["median"], base["median"]))
        rows.append(row)
    out += _table(header, rows)

    out += [
        "## Recall on variant spellings",
        "",
        "Each query is typed in a variant spelling; the right answers are the files whose text "
        "holds the concept in any spelling (`truth.json`). Recall (precision in brackets). "
        "Only the word itself counts as right, so a search that also finds its other forms "
        "(plurals, a stem shared with other words) loses precision here by design.",
        "",
    ]
    truth_counts = next(iter(systems.values()))["recall"]
    rows = []
    for q, base in truth_counts.items():
        row = [f"`{q}`", f"{base['truth']:,}"]
        for s in systems.values():
            r = s["recall"][q]
            row.append(f"{_pct(r['recall'])} ({_pct(r['precision'])})")
        rows.append(row)
    out += _table(["Query", "right answers", *systems], rows)

    workers = http.get("worker_peak_rss_kib") or [0]
    out += ["## Memory", ""]
    out += _table(
        ["Process", "Peak resident memory"],
        [
            ["Web worker (largest of the gunicorn workers)", _mib(max(workers), kib=True)],
            ["Import", _mib(imp["peak_rss_kib"], kib=True)],
            ["Index build", _mib(idx["peak_rss_kib"], kib=True)],
        ],
    )
    out += first_seen_section()
    if ANALYSIS.exists():
        out += [ANALYSIS.read_text(encoding="utf-8").rstrip(), ""]
    return "\n".join(out)


# --- first-seen queries (benchmarks/firstseen.py), at every size measured -------------------

FIRST_SEEN_HEADING = "## First-seen queries beside SQLite FTS5 with letter folding"
FIRST_SEEN_KINDS = {
    "one_word": "one word",
    "two_words": "two words",
    "phrase": "phrase",
    "variant": "variant spelling",
}
# Issue #18's targets, first-seen and in-process, at 20,000 and 60,000 articles.
FIRST_SEEN_P50_RATIO = 1.5
FIRST_SEEN_P95_RATIO = 2.0
PHRASE_P95_MS = 60.0
FIRST_SEARCH_MS = 50.0


def _first_seen_runs() -> list[dict]:
    import json

    folder = Path(__file__).resolve().parents[1] / "docs" / "_bench"
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("firstseen-*.json")]
    return sorted(runs, key=lambda r: r["size"])


def _first_seen_targets(run: dict) -> list[str]:
    first = run["rounds"]["first"]
    ours, fts = first["ours"]["all"], first["fts5"]["all"]
    phrase = first["ours"]["by_kind"].get("phrase", {}).get("p95", math.nan)
    start = run["first_search"]["after_warm"]["first_ms"]
    checks = [
        (
            f"p50 ≤ {FIRST_SEEN_P50_RATIO}× FTS5",
            ours["median"] / fts["median"],
            FIRST_SEEN_P50_RATIO,
        ),
        (f"p95 ≤ {FIRST_SEEN_P95_RATIO}× FTS5", ours["p95"] / fts["p95"], FIRST_SEEN_P95_RATIO),
    ]
    rows = [
        [name, f"{value:.1f}×", "met" if value <= limit else "**not met**"]
        for name, value, limit in checks
    ]
    rows.append(
        [
            f"phrases p95 ≤ {PHRASE_P95_MS:.0f} ms",
            f"{_ms(phrase)} ms",
            "met" if phrase <= PHRASE_P95_MS else "**not met**",
        ]
    )
    rows.append(
        [
            f"a worker's first search ≤ {FIRST_SEARCH_MS:.0f} ms",
            f"{_ms(start)} ms",
            "met" if start <= FIRST_SEARCH_MS else "**not met**",
        ]
    )
    return rows


def first_seen_section(runs: list[dict] | None = None) -> list[str]:
    """Return the section on first-seen queries for every size measured, or nothing."""
    runs = _first_seen_runs() if runs is None else runs
    if not runs:
        return []
    out = [
        FIRST_SEEN_HEADING,
        "",
        "Written by `make bench-firstseen` (`benchmarks/firstseen.py`; raw figures in "
        "`docs/_bench/firstseen-<SIZE>.json`). A few hundred queries drawn from the archive's own "
        "texts, none seen before by the process, run once each on ours (a page of 20 hits with "
        "snippets, facets and the spelling suggestion) and, right after each, on SQLite FTS5 "
        "(unicode61) over the same titles and bodies folded by `archive.text.letters.normalize` "
        "(count + first 20 by bm25, no snippets); then the same queries again (*repeated*). "
        "In-process, milliseconds.",
        "",
    ]
    for run in runs:
        m = run["machine"]
        out += [
            f"### {run['size']:,} articles",
            "",
            f"{run['queries']} queries, run on {m['date']} (commit `{m['commit']}`).",
            "",
        ]
        rows = []
        for rnd, label in (("first", "first-seen"), ("repeated", "repeated")):
            systems = run["rounds"][rnd]
            for kind, kind_label in [*FIRST_SEEN_KINDS.items(), ("all", "**all**")]:
                ours = systems["ours"]["all"] if kind == "all" else systems["ours"]["by_kind"][kind]
                fts = systems["fts5"]["all"] if kind == "all" else systems["fts5"]["by_kind"][kind]
                rows.append(
                    [
                        label,
                        kind_label,
                        _ms(ours["median"]),
                        _ms(ours["p95"]),
                        _ms(fts["median"]),
                        _ms(fts["p95"]),
                        _ratio(ours["median"], fts["median"]),
                        _ratio(ours["p95"], fts["p95"]),
                    ]
                )
        out += _table(
            [
                "round",
                "query kind",
                "ours p50",
                "ours p95",
                "FTS5 p50",
                "FTS5 p95",
                "p50 ours/FTS5",
                "p95 ours/FTS5",
            ],
            rows,
        )
        start = run["first_search"]
        out += _table(
            ["A fresh process", "warm-up", "first search", "second search"],
            [
                [
                    "without warm-up",
                    "–",
                    _ms(start["without_warm"]["first_ms"]),
                    _ms(start["without_warm"]["second_ms"]),
                ],
                [
                    "after `archive.search.warm()` (gunicorn's post_worker_init)",
                    _ms(start["after_warm"]["warm_ms"]),
                    _ms(start["after_warm"]["first_ms"]),
                    _ms(start["after_warm"]["second_ms"]),
                ],
            ],
        )
        if run["size"] >= TARGET_SIZE:
            out += _table(["Target (issue #18)", "Measured", "Verdict"], _first_seen_targets(run))
    return out


def rewrite_first_seen(page: Path) -> None:
    """Replace (or add) the first-seen section of an existing benchmarks page."""
    text = page.read_text(encoding="utf-8") if page.exists() else "# Benchmarks\n"
    head, found, rest = text.partition(FIRST_SEEN_HEADING)
    # The section ends where the next top-level section starts; without one, it goes last.
    tail = "## " + rest.split("\n## ", 1)[1] if found and "\n## " in rest else ""
    page.write_text(
        head.rstrip() + "\n\n" + "\n".join(first_seen_section()) + "\n" + tail, encoding="utf-8"
    )
