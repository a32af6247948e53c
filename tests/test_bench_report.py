"""benchmarks/measure.py and benchmarks/report.py: the figures and verdicts we publish."""

import copy

from benchmarks.measure import summarise, timed_rounds
from benchmarks.report import render


def test_summarise_gives_the_median_and_the_nearest_rank_95th_percentile():
    figures = summarise([float(v) for v in range(1, 101)])
    assert figures == {"n": 100, "median": 50.5, "p95": 95.0}
    assert summarise([3.0])["p95"] == 3.0
    assert summarise([])["n"] == 0


def test_timed_rounds_measures_every_item_each_round_and_stops_at_the_budget():
    calls = []
    times = timed_rounds(["a", "b"], calls.append, rounds=3, budget_s=60)
    assert calls == ["a", "b"] * 3
    assert [len(v) for v in times.values()] == [3, 3]
    calls.clear()
    timed_rounds(["a", "b"], calls.append, rounds=3, budget_s=0)
    assert calls == ["a", "b"]  # a spent budget still finishes the round it is in


def _figures(median: float, p95: float, n: int = 10) -> dict:
    return {"n": n, "median": median, "p95": p95}


RESULTS = {
    "size": 20000,
    "seed": 0,
    "total_seconds": 600,
    "machine": {
        "cpu": "CPU",
        "nproc": 2,
        "ram_gib": 4,
        "os": "Linux",
        "python": "3.11",
        "django": "5.2",
        "sqlite": "3.40",
        "gunicorn": "23",
        "commit": "abc1234",
        "date": "2026-01-01 00:00 UTC",
    },
    "corpus": {
        "seconds": 20,
        "articles": 20000,
        "words": 16_000_000,
        "kinds": {"news": 10000, "statement": 4000, "interview": 6000},
        "noise": {"arabic": 3000},
        "people": 800,
        "organisations": 200,
    },
    "import": {
        "seconds": 400,
        "imported": 20000,
        "duplicates": 0,
        "refused": 0,
        "needs_review": 10,
        "words": 16_000_000,
        "per_article_ms": _figures(18, 40),
        "wall_seconds": 410,
        "peak_rss_kib": 200_000,
        "known_entities": 1000,
        "people_after": 800,
        "organisations_after": 200,
        "linking": {"precision": 0.9, "recall": 1.0, "links": 100},
    },
    "index": {
        "seconds": 80,
        "articles": 20000,
        "turns": 100,
        "words": 16_000_000,
        "bytes": 10**9,
        "documents": 20100,
        "peak_rss_kib": 300_000,
    },
    "search": {
        "fts5_build": {"seconds": 10, "bytes": 10**8},
        "unavailable": {},
        "systems": {
            name: {
                "all": _figures(m, 2 * m),
                "by_kind": {
                    k: _figures(m, 2 * m)
                    for k in ("one_word", "two_word", "phrase", "person", "variant")
                },
                "counts": {},
                "recall": {"كارفرما": {"recall": r, "precision": 1.0, "found": 1, "truth": 1}},
            }
            for name, m, r in (("ours", 30.0, 1.0), ("icontains", 300.0, 0.2), ("fts5", 3.0, 0.2))
        },
    },
    "http": {
        "api": {"all": _figures(40, 120), "one_word": _figures(40, 120)},
        "pages": {
            "home": _figures(60, 90),
            "article": _figures(20, 30),
            "person": _figures(150, 300),
        },
        "errors": {},
        "worker_peak_rss_kib": [100_000, 120_000],
        "workers": 2,
    },
    "profile_import": {"articles": 200, "seconds": 4, "shares": {"entities.find": 0.4}},
}


def _target_row(page: str, what: str) -> str:
    return next(line for line in page.splitlines() if line.startswith(f"| {what}"))


def test_report_states_which_targets_are_met_and_which_are_not():
    page = render(RESULTS)
    assert "**not met**" in _target_row(page, "Import")  # 50 articles/s
    assert "see where the time goes" in _target_row(page, "Import")
    assert "**not met**" not in _target_row(page, "Index build")  # 200,000 words/s
    assert "**not met**" not in _target_row(page, "Search API")  # 40 / 120 ms
    assert "**not met**" in _target_row(page, "Home, article and person")  # person 150 ms
    assert "| `كارفرما` | 1 | 100 % (100 %) | 20 % (100 %) | 20 % (100 %) |" in page


def test_report_says_when_a_run_is_smaller_than_the_targets_size():
    results = copy.deepcopy(RESULTS)
    results["size"] = 500
    assert "(at 500; the target is for 20,000)" in render(results)


def test_report_says_not_measured_when_the_search_is_missing():
    results = copy.deepcopy(RESULTS)
    results["http"]["api"] = {}
    results["http"]["errors"] = {"/api/search/": {"404": 22}}
    del results["search"]["systems"]["ours"]
    results["search"]["unavailable"] = {"ours": "archive.search is not on this branch yet"}
    page = render(results)
    assert "not measured" in _target_row(page, "Search API")
    assert "`/api/search/` 404 for 22 URL(s)" in page
    assert "Not measured: ours: archive.search is not on this branch yet." in page
