"""Load test: readers on gunicorn while an import runs. `make loadtest` runs it.

    python benchmarks/loadtest.py [--readers 20] [--duration 60] [--articles 1000]
                                  [--report docs/loadtest.md]

In a throwaway folder (never the project's data), with production settings:
1. imports `--articles` synthetic articles (benchmarks/import_quick.py's texts) and builds the
   index, collects static files;
2. starts gunicorn as `make serve` does (gunicorn.conf.py: 2 workers x 4 threads) on a free
   port of 127.0.0.1;
3. for `--duration` seconds, `--readers` threads request search, article and person pages
   (keep-alive, as a browser does) while `import_articles` imports `--articles` new texts;
4. reports requests, errors (any status but 200, any failed connection) and p50/p95/p99 per
   kind of page, checks the index against the database afterwards, and writes the figures to
   the report file. Exits with 1 if any request failed or the index drifted.

Loopback only; nothing is downloaded.
"""

import argparse
import datetime
import http.client
import os
import platform
import random
import secrets
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_quick import entity_names, make_text, vocabulary

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORDS_PER_ARTICLE = 800
READY_TIMEOUT = 120
WARM_UP_SECONDS = 30
SECTION = "## Readers during an import (`make loadtest`)"


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(work: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on loopback: in production the TLS proxy in front redirects.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "ARCHIVE_DATA_DIR": str(work),
        "ARCHIVE_INDEX_DIR": str(work / "index"),
        "DATABASE_URL": f"sqlite:///{work / 'archive.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "PORT": str(port),
    }


def manage(env: dict, *args: str) -> None:
    started = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)
    print(f"  manage.py {args[0]}: {time.perf_counter() - started:.0f} s", flush=True)


def write_texts(folder: Path, numbers: range, words: list[str], people, orgs) -> None:
    folder.mkdir(parents=True)
    for i in numbers:
        text = make_text(i, words, people, orgs, WORDS_PER_ARTICLE)
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")


def slugs(work: Path) -> tuple[list[str], list[str]]:
    with sqlite3.connect(work / "archive.sqlite3") as db:
        articles = [row[0] for row in db.execute("SELECT slug FROM archive_article")]
        people = [
            row[0]
            for row in db.execute(
                "SELECT DISTINCT p.slug FROM archive_person p JOIN archive_turn t "
                "ON t.speaker_id = p.id"
            )
        ]
    return articles, people


def wait_until_ready(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn stopped before serving; see its log above")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit(f"gunicorn did not answer within {READY_TIMEOUT} s")


class Reader(threading.Thread):
    """One visitor: searches, opens articles and people, on one keep-alive connection."""

    def __init__(self, n, port, stop, stats, articles, people, words, person_slugs):
        super().__init__(name=f"reader-{n}", daemon=True)
        self.rng = random.Random(n)
        self.port, self.stop, self.stats = port, stop, stats
        self.articles, self.people, self.words = articles, people, words
        self.person_slugs = person_slugs
        self.connection = None

    def url(self) -> tuple[str, str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            params = {"q": " ".join(rng.sample(self.words, rng.choice((1, 1, 2, 3))))}
            extra = rng.random()
            if extra < 0.15:
                params["sort"] = "-date"
            elif extra < 0.25:
                params["person"] = rng.choice(self.person_slugs)
            elif extra < 0.35:
                params["page"] = "2"
            return "search", "/search/?" + urlencode(params)
        if roll < 0.8:
            return "article", f"/articles/{quote(rng.choice(self.articles))}/"
        return "person", f"/people/{quote(rng.choice(self.people))}/"

    def get(self, path: str) -> int:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            self.connection.request("GET", path, headers={"Accept-Language": "fa"})
            response = self.connection.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            return response.status
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            # The server closed an idle keep-alive connection: reconnect and ask once more.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.connection.request("GET", path, headers={"Accept-Language": "fa"})
            response = self.connection.getresponse()
            response.read()
            return response.status

    def run(self) -> None:
        while not self.stop.is_set():
            kind, path = self.url()
            started = time.perf_counter()
            error = None
            try:
                status = self.get(path)
                if status != 200:
                    error = f"{status} {path}"
            except Exception as exc:  # every failure counts; the test reports it
                error = f"{type(exc).__name__}: {exc} {path}"
                self.connection = None
            self.stats.record(kind, time.perf_counter() - started, error)


def warm_up(port: int, articles, people, words, readers: int) -> None:
    """Send each kind of page a few times, unmeasured: every worker builds its Persian
    analyser (hazm, ~3 s) and opens the index on its first search, once per process."""
    stop = threading.Event()
    stats = Stats()
    threads = [
        Reader(1000 + n, port, stop, stats, articles, people, words, people) for n in range(readers)
    ]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WARM_UP_SECONDS
    while time.monotonic() < deadline and len(stats.latencies["search"]) < 10 * readers:
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(timeout=150)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report_lines(args, stats: Stats, elapsed: float, imported: dict, drift: str) -> list[str]:
    total = sum(len(v) for v in stats.latencies.values())
    lines = [
        SECTION,
        "",
        f"Run on {datetime.date.today().isoformat()}: {platform.machine()}, "
        f"{os.cpu_count()} CPU cores, Python {platform.python_version()}, SQLite, "
        "`config.settings.prod`, gunicorn as `make serve` starts it "
        "(2 workers x 4 threads) on 127.0.0.1, warmed up by a few unmeasured requests "
        "(each worker builds its Persian analyser on its first search).",
        f"Archive before the run: {args.articles:,} synthetic articles "
        f"({WORDS_PER_ARTICLE} words, a third of them interviews; "
        "`benchmarks/import_quick.py`'s texts). "
        f"During the run, `import_articles` imported {args.articles:,} more.",
        "",
        f"- {args.readers} concurrent readers (keep-alive, no pause between requests) for "
        f"{elapsed:.0f} s: **{total:,} requests, {len(stats.errors)} errors**, "
        f"{total / elapsed:.1f} requests/s.",
        f"- Import meanwhile: {imported['summary']} in {imported['seconds']:.0f} s "
        f"(exit code {imported['code']}); afterwards `check_index`: {drift}.",
        "",
        "| page | requests | p50 | p95 | p99 | max |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    everything: list[float] = []
    for kind in ("search", "article", "person"):
        values = stats.latencies.get(kind, [])
        everything += values
        if values:
            lines.append(_row(kind, values))
    if everything:
        lines.append(_row("all", everything))
    lines += [
        "",
        "Latencies in milliseconds, measured by the client. Search is 50% of the requests "
        "(one to three words; some sorted by date, filtered by a person or on page 2), "
        "article pages 30%, person pages 20%. The readers never pause, so with more readers "
        "than the server's 8 threads the latencies are mostly waiting in line: requests/s is "
        "the server's capacity on this machine, here while an import takes a core.",
    ]
    if stats.errors:
        lines += ["", "First errors:", ""] + [f"- `{e}`" for e in stats.errors[:10]]
    return lines


def _row(kind: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"| {kind} | {len(ms):,} | {statistics.median(ms):.0f} | {percentile(ms, 95):.0f} "
        f"| {percentile(ms, 99):.0f} | {max(ms):.0f} |"
    )


def write_report(path: Path, lines: list[str]) -> None:
    """Replace this test's section of the report (or add it), leaving the rest alone."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Load test\n"
    head, _, rest = old.partition(SECTION)
    tail = rest[rest.find("\n## ") :] if "\n## " in rest else ""
    path.write_text(head.rstrip() + "\n\n" + "\n".join(lines) + "\n" + tail, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--report", type=Path, default=ROOT / "docs" / "loadtest.md")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="archive-loadtest-"))
    port = free_port()
    env = environment(work, port)
    print(f"working in {work}; preparing {args.articles} articles", flush=True)
    words = vocabulary()
    people, orgs = entity_names(1000)
    write_texts(work / "before", range(args.articles), words, people, orgs)
    write_texts(work / "during", range(args.articles, 2 * args.articles), words, people, orgs)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "import_articles", "--no-index", str(work / "before"))
    manage(env, "rebuild_index", "--noinput", "--batch-size", "10000", "-v", "0")
    articles, speakers = slugs(work)
    search_words = [w for w in words if len(w) > 3][:400]

    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,  # the access log: one line per request
        stderr=subprocess.PIPE,
        text=True,
    )
    stats = Stats()
    try:
        wait_until_ready(port, server)
        warm_up(port, articles, speakers, search_words, args.readers)
        print(f"gunicorn on 127.0.0.1:{port}; {args.readers} readers for {args.duration:.0f} s")
        stop = threading.Event()
        readers = [
            Reader(n, port, stop, stats, articles, speakers, search_words, speakers)
            for n in range(args.readers)
        ]
        started = time.perf_counter()
        importer = subprocess.Popen(
            [sys.executable, "manage.py", "import_articles", str(work / "during")],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for reader in readers:
            reader.start()
        time.sleep(args.duration)
        stop.set()
        for reader in readers:
            reader.join(timeout=150)
        elapsed = time.perf_counter() - started
        out, err = importer.communicate(timeout=3600)
        import_seconds = time.perf_counter() - started
        imported = {
            "summary": (out.strip().splitlines() or ["no output"])[0],
            "seconds": import_seconds,
            "code": importer.returncode,
        }
        if importer.returncode:
            print(err[-2000:], file=sys.stderr)
    finally:
        server.terminate()
        _, server_log = server.communicate(timeout=60)
    check = subprocess.run(
        [sys.executable, "manage.py", "check_index"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    drift = "no drift" if check.returncode == 0 else "DRIFT: " + check.stdout.replace("\n", "; ")
    server_errors = [line for line in server_log.splitlines() if "Traceback" in line]

    lines = report_lines(args, stats, elapsed, imported, drift)
    if server_errors:
        lines += ["", f"gunicorn logged {len(server_errors)} tracebacks."]
    print("\n".join(lines))
    write_report(args.report, lines)
    print(f"\nwritten to {args.report}")
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    if stats.errors or server_errors or check.returncode or importer.returncode:
        sys.exit(1)


if __name__ == "__main__":
    main()
