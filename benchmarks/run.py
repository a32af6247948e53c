"""Measure import, index, search and page speed on a generated corpus; write docs/benchmarks.md.

    python -m benchmarks.run --size 2000      # what `make bench SIZE=2000` runs

Everything happens in a fresh data directory, data/bench-<SIZE>/ (its own SQLite file, Whoosh
index, static files and corpus). Each Django stage runs in a process of its own
(`benchmarks.stages`) so that its peak memory can be read from the kernel; the web pages and
the JSON API are measured through gunicorn on 127.0.0.1 with a plain sequential HTTP client.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from archive.corpus import generate
from benchmarks import engines, report
from benchmarks.measure import children, flatten, peak_rss_kib, summarise, timed_rounds

ROOT = Path(__file__).resolve().parents[1]
API_ROUNDS = 10
API_BUDGET_S = 60.0
PAGE_ROUNDS = 3
PAGE_BUDGET_S = 60.0
WARM_ROUNDS = 2
START_TIMEOUT_S = 60.0


class StageFailed(RuntimeError):
    pass


def bench_env(data: Path) -> dict[str, str]:
    """Return the environment that points Django at the benchmark's own data directory."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.bench",
        ARCHIVE_DATA_DIR=str(data),
        ARCHIVE_INDEX_DIR=str(data / "whoosh_index"),
        PYTHONPATH=str(ROOT),
    )
    return env


def run_stage(stage: str, *, data: Path, corpus: Path, seed: int, env: dict) -> dict:
    """Run one stage in a child process; return its JSON plus wall time and peak memory."""
    log = data / f"stage-{stage}.log"
    out = data / f"stage-{stage}.json"
    cmd = [sys.executable, "-m", "benchmarks.stages", stage]
    cmd += ["--data", str(data), "--corpus", str(corpus), "--seed", str(seed)]
    print(f"== {stage}", flush=True)
    start = time.perf_counter()
    with out.open("w") as stdout, log.open("w") as stderr:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        # wait4, not wait: it also returns the child's resource usage, peak memory included.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        raise StageFailed(f"stage {stage} failed ({proc.returncode}):\n{tail}")
    lines = [line for line in out.read_text().splitlines() if line.strip()]
    result = json.loads(lines[-1])
    result["wall_seconds"] = wall
    result["peak_rss_kib"] = usage.ru_maxrss  # kilobytes on Linux
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving the archive on a free loopback port for the length of a `with`."""

    def __init__(self, env: dict, data: Path):
        self.env, self.data = env, data
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        # The production configuration (gunicorn.conf.py: workers, threads, preloading) on
        # our port; its access log goes to a file instead of the terminal.
        cmd = [sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "gunicorn.conf.py"]
        env = {**self.env, "PORT": str(self.port)}
        self.log = (self.data / "gunicorn.log").open("w")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            try:
                self.get("/")
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise StageFailed("gunicorn exited; see gunicorn.log") from None
                time.sleep(0.3)
        raise StageFailed(f"gunicorn did not answer within {START_TIMEOUT_S:.0f} s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=30)
        self.log.close()

    def get(self, url: str) -> tuple[int, bytes]:
        # A new connection per request, like a first visit: no keep-alive advantage.
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", url, headers={"Accept-Language": "fa"})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def worker_peak_rss_kib(self) -> list[int]:
        return [peak_rss_kib(pid) for pid in children(self.proc.pid)] if self.proc else []


def measure_http(server: Server, urls: dict) -> dict:
    """Warm the workers, then time the API query mix and the pages (200 answers only)."""
    failed: dict[str, int] = {}

    def get(url: str) -> bytes:
        status, body = server.get(url)
        if status != 200:
            failed[url] = status
        return body

    api = [(a["kind"], a["url"]) for a in urls["api"]]
    pages = [(kind, u) for kind, group in urls["pages"].items() for u in group]
    counts = {}
    for _ in range(WARM_ROUNDS):
        for a in urls["api"]:
            body = get(a["url"])
            if a["url"] not in failed:
                try:
                    counts[a["url"]] = json.loads(body).get("count")
                except (ValueError, AttributeError):
                    counts[a["url"]] = None
        for _, u in pages:
            get(u)
    # A URL that fails while warming fails when measured too: leave it out, report it once.
    api = [(k, u) for k, u in api if u not in failed]
    pages = [(k, u) for k, u in pages if u not in failed]

    def timed(items: list[tuple[str, str]], rounds: int, budget_s: float) -> dict:
        times = timed_rounds([u for _, u in items], get, rounds=rounds, budget_s=budget_s)
        by_kind: dict[str, list[float]] = {}
        for i, (kind, url) in enumerate(items):
            if url not in failed:
                by_kind.setdefault(kind, []).extend(times[i])
        return {k: summarise(v) for k, v in by_kind.items()} | {
            "all": summarise(flatten(by_kind.values()))
        }

    api_figures = timed(api, API_ROUNDS, API_BUDGET_S) if api else {}
    page_figures = timed(pages, PAGE_ROUNDS, PAGE_BUDGET_S) if pages else {}
    page_figures.pop("all", None)
    errors: dict[str, dict[str, int]] = {}
    for url, status in failed.items():
        path = url.split("?", 1)[0]
        errors.setdefault(path, {}).setdefault(str(status), 0)
        errors[path][str(status)] += 1
    return {
        "api": api_figures,
        "api_counts": counts,
        "pages": page_figures,
        "errors": errors,
        "worker_peak_rss_kib": server.worker_peak_rss_kib(),
        "workers": len(server.worker_peak_rss_kib()),
    }


def machine() -> dict:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kib = int(line.split()[1])
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    import django
    import gunicorn

    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "os": f"{platform.system()} {platform.release()}",
        "commit": commit,
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="articles in the corpus")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, help="default: data/bench-<size>")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)

    data = (args.data or ROOT / "data" / f"bench-{args.size}").resolve()
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    corpus = data / "corpus"
    env = bench_env(data)
    began = time.perf_counter()
    results: dict = {"size": args.size, "seed": args.seed, "machine": machine()}

    print(f"== corpus: {args.size} articles into {corpus}", flush=True)
    start = time.perf_counter()
    summary = generate(corpus, articles=args.size, seed=args.seed)
    results["corpus"] = {
        "seconds": time.perf_counter() - start,
        "articles": summary.articles,
        "words": summary.words,
        "kinds": summary.kinds,
        "noise": summary.noise,
        "people": summary.people,
        "organisations": summary.organisations,
    }

    # Other processes on the machine skew every figure: note how busy it was between stages.
    results["load"] = [os.getloadavg()[0]]

    def stage(name: str) -> dict:
        result = run_stage(name, data=data, corpus=corpus, seed=args.seed, env=env)
        results["load"].append(os.getloadavg()[0])
        return result

    results["setup"] = stage("setup")
    results["import"] = stage("import")
    results["index"] = stage("index")
    results["urls"] = stage("urls")
    results["search"] = stage("search")
    print("== http (gunicorn)", flush=True)
    with Server(env, data) as server:
        results["http"] = measure_http(server, results["urls"])
    results["profile_import"] = stage("profile_import")
    results["total_seconds"] = time.perf_counter() - began

    raw = ROOT / "docs" / "_bench" / f"results-{args.size}.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    for path in (data / "results.json", raw):
        path.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    kept = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    args.out.write_text(report.render(results), encoding="utf-8")
    # The engines section is written by benchmarks.engines (make bench ENGINE=postgres).
    if engines.BEGIN in kept and engines.END in kept:
        section = engines.BEGIN + kept.split(engines.BEGIN, 1)[1].split(engines.END, 1)[0]
        engines.write_section(args.out, section + engines.END + "\n")
    print(f"== done in {results['total_seconds']:.0f} s: {args.out} (raw figures: {raw})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
