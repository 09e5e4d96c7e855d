"""Time and measure the related-updates ranking on synthetic briefs, apart from the build.

    .venv/bin/python bench/related.py                 # 2,500, 5,000, 10,000 and 20,000 briefs
    .venv/bin/python bench/related.py --sizes 10000 --runs 7

Each size runs in a fresh process, so its peak memory is its own. Word counts (`terms`) are made
when a brief is read, as in the build, and are not timed here; the figure is the ranking itself.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime
from datetime import time as clock
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "plugins")]

from corpus import make_corpus  # noqa: E402

from briefs.related import Item, rank  # noqa: E402
from briefs.terms import terms  # noqa: E402


def items(count: int) -> list[Item]:
    result = []
    for brief in make_corpus(count, seed=7):
        front = brief.front
        when = front["date"]
        moment = when if isinstance(when, datetime) else datetime.combine(when, clock(), tzinfo=UTC)
        text = " ".join([front["title"], front["hook"], *front["takeaways"]])
        result.append(
            Item(
                brief.slug,
                moment.timestamp(),
                front["category"],
                tuple(front.get("tags", [])),
                front.get("story"),
                terms(text),
                tuple(front.get("related", [])),
            )
        )
    return result


def measure(count: int, runs: int) -> dict:
    """Median seconds of `runs` rankings, and the memory the ranking itself allocates at its peak."""
    corpus = items(count)
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        rank(corpus, 4)
        seconds.append(time.perf_counter() - started)
    tracemalloc.start()
    rank(corpus, 4)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "briefs": count,
        "median_s": statistics.median(seconds),
        "runs": runs,
        "ranking_peak_mb": peak / 1e6,
        "process_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2500,5000,10000,20000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process measures one size
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.runs)))
        return
    print(f"{'briefs':>7} {'median s':>9} {'ms/brief':>9} {'ranking peak MB':>16} {'KB/brief':>9}")
    for size in [int(s) for s in args.sizes.split(",")]:
        print(f"measuring {size} briefs...", file=sys.stderr, flush=True)
        child = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--runs", str(args.runs)],
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(child.stdout)
        print(
            f"{size:>7} {row['median_s']:>9.3f} {1000 * row['median_s'] / size:>9.3f} "
            f"{row['ranking_peak_mb']:>16.1f} {1000 * row['ranking_peak_mb'] / size:>9.1f}"
        )


if __name__ == "__main__":
    main()
