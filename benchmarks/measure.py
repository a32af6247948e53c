"""Small measuring helpers shared by the harness and its stages (no Django)."""

import math
import os
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path


def summarise(values: Sequence[float]) -> dict[str, float]:
    """Return the count, median and 95th percentile (nearest rank) of the values."""
    if not values:
        return {"n": 0, "median": math.nan, "p95": math.nan}
    ordered = sorted(values)
    return {
        "n": len(ordered),
        "median": statistics.median(ordered),
        "p95": ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)],
    }


def timed_rounds(
    items: Sequence, call: Callable, *, rounds: int, budget_s: float
) -> dict[object, list[float]]:
    """Call `call(item)` for every item, round after round, until `rounds` or the time budget.

    Returns milliseconds per item. Rounds go over all items in the same order so that a budget
    cut leaves every item measured about as often as the others.
    """
    times: dict[object, list[float]] = {i: [] for i in range(len(items))}
    deadline = time.monotonic() + budget_s
    for _ in range(rounds):
        for i, item in enumerate(items):
            start = time.perf_counter()
            call(item)
            times[i].append((time.perf_counter() - start) * 1000)
        if time.monotonic() > deadline:
            break
    return times


def dir_size(path: Path) -> int:
    """Return the bytes of every file under path."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def peak_rss_kib(pid: int) -> int:
    """Return a live process's peak resident memory (VmHWM) in KiB, or 0 when unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    """Return the pids whose parent is pid (Linux /proc)."""
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: the ppid follows the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def flatten(groups: Iterable[list[float]]) -> list[float]:
    return [v for group in groups for v in group]
