"""Measure the Persian analyzer and entity matcher on the seed texts.

Run: .venv/bin/python benchmarks/persian_speed.py [--articles 10000]
Prints import/lexicon cost, resident memory, analyze() words/s and linking articles/s.
"""

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
ARTICLE_WORDS = 800


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--entities", type=int, default=1000)
    args = parser.parse_args()
    if not SEEDS.is_dir():
        sys.exit(f"seed texts not found at {SEEDS}")
    sys.path.insert(0, str(ROOT))

    rss0 = rss_mb()
    started = time.perf_counter()
    from archive.text import persian
    from archive.text.names import EntityMatcher

    imported = time.perf_counter() - started
    started = time.perf_counter()
    persian.analyze("کارگران")
    lexicon = time.perf_counter() - started
    print(f"import {imported * 1000:.0f} ms, lexicon load {lexicon * 1000:.0f} ms")

    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")))
    persian.analyze(text)  # warm the per-word caches on realistic vocabulary
    print(f"RSS {rss0:.0f} MB before import, {rss_mb():.0f} MB with lexicon and warm caches")
    words = text.split()
    rng = random.Random(1)
    articles = []
    for _ in range(args.articles):
        start = rng.randrange(len(words) - ARTICLE_WORDS)
        articles.append(" ".join(words[start : start + ARTICLE_WORDS]))

    sample = articles[:500]
    started = time.perf_counter()
    for article in sample:
        persian.analyze(article)
    elapsed = time.perf_counter() - started
    print(f"analyze: {len(sample) * ARTICLE_WORDS / elapsed:,.0f} words/s warm")

    names = {
        ("entity", i): [" ".join(words[j : j + rng.choice((1, 2, 3))])]
        for i, j in enumerate(rng.sample(range(len(words) - 3), args.entities))
    }
    matcher = EntityMatcher(names)
    started = time.perf_counter()
    links = sum(len(matcher.find(article)) for article in articles)
    elapsed = time.perf_counter() - started
    print(
        f"linking {len(articles)} articles x {ARTICLE_WORDS} words against {len(names)} "
        f"entities: {len(articles) / elapsed:,.0f} articles/s ({links} links)"
    )


if __name__ == "__main__":
    main()
