"""Benchmark: how much our plugins and theme cost over plain Pelican, on the same synthetic text.

For each size N it writes N seeded synthetic briefs twice (our format, and plain Pelican Markdown with
the same text), then times full builds of both, alternating ours and plain so that machine drift hits
both alike, and a rebuild with Pelican's content cache after one takeaway is edited. Each build is a
fresh `python -m pelican` child; see builds.py for how it is measured.

    .venv/bin/python bench/run.py --sizes 1000 --runs 3 --json bench.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from builds import REPO, BuildFailed, Site, build, sites
from corpus import SyntheticBrief, make_corpus, write_corpus

START = time.perf_counter()
BUILDS = ("full", "rebuild")
# The summary table: heading, key of a summary row, and format of its cells.
COLUMNS = (
    ("N", "n", "{}"),
    ("build", "build", "{}"),
    ("median wall s", "wall_s", "{:.2f}"),
    ("ms per brief", "ms_per_brief", "{:.1f}"),
    ("median CPU s", "cpu_s", "{:.2f}"),
    ("peak memory MiB", "tree_pss_mib", "{}"),
    ("Pelican RSS MiB", "pelican_rss_mib", "{}"),
    ("ours/plain wall", "wall_s_ratio", "{:.2f}x"),
    ("ours/plain CPU", "cpu_s_ratio", "{:.2f}x"),
    ("ours/plain memory", "tree_pss_mib_ratio", "{:.2f}x"),
)


@dataclass(frozen=True)
class Record:
    """One measured build; `build` is 'full', 'warm-up' (fills the cache) or 'rebuild'."""

    n: int
    site: str
    build: str
    run: int
    wall_s: float
    cpu_s: float
    tree_pss_mib: float
    pelican_rss_mib: float
    peak_rss_mib: float


def progress(message: str) -> None:
    """Progress goes to stderr, so stdout holds only the table; a full run takes minutes."""
    print(f"[{time.perf_counter() - START:7.1f} s] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="1000,5000", help="comma-separated numbers of briefs (default 1000,5000)"
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="measured builds of each kind per size (default 3)"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run: 200 briefs, 1 run")
    parser.add_argument("--seed", type=int, default=2025, help="seed of the synthetic content (default 2025)")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write every measurement to PATH as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (content, logs)")
    args = parser.parse_args(argv)
    args.sizes = [200] if args.quick else [int(size) for size in args.sizes.split(",")]
    args.runs = 1 if args.quick else args.runs
    if args.runs < 1 or min(args.sizes) < 10:
        parser.error("--runs must be at least 1 and every size at least 10")
    return args


def generate(work: Path, n: int, seed: int, ours: Site, plain: Site) -> tuple[list[SyntheticBrief], dict]:
    started = time.perf_counter()
    briefs = make_corpus(n, seed)
    size = write_corpus(briefs, ours.content, plain.content)
    stats = {
        "seconds": round(time.perf_counter() - started, 2),
        "brief_bytes": size,
        "in_stories": sum("story" in b.front for b in briefs),
        "with_related": sum("related" in b.front for b in briefs),
    }
    progress(f"N={n}: wrote {n} briefs ({size / 1e6:.1f} MB in our format) and their plain twins to {work}")
    return briefs, stats


def measured(site: Site, work: Path, n: int, run: int, kind: str, folder: str | None = None) -> Record:
    """One build of `site` into work/out-FOLDER with its cache in work/cache-FOLDER.

    A full build and a warm-up start cold, each in an output folder and a cache of its own that no
    build used before; only a warm-up and a rebuild use Pelican's content cache, and a rebuild
    keeps what its warm-up left. Folders are deleted only at the end (see bench_size).
    """
    folder = folder or f"{site.name}-{kind}-{run}"
    output, cache = work / f"out-{folder}", work / f"cache-{folder}"
    log = work / "logs" / f"{site.name}-{kind}-{run}.log"
    log.parent.mkdir(exist_ok=True)
    m = build(site, output, cache, log, expected_articles=n, content_cache=kind != "full")
    progress(
        f"N={n} run {run} {site.name} {kind}: {m.wall_s:.1f} s wall, {m.cpu_s:.1f} s CPU, "
        f"{m.tree_pss_mib:.0f} MiB all processes, {m.pelican_rss_mib:.0f} MiB Pelican"
    )
    figures = (m.wall_s, m.cpu_s, m.tree_pss_mib, m.pelican_rss_mib, m.peak_rss_mib)
    return Record(n, site.name, kind, run, *(round(value, 2) for value in figures))


def cached_rebuild(site: Site, work: Path, brief: SyntheticBrief, n: int, run: int) -> list[Record]:
    """Fill a fresh content cache, edit one takeaway, and time the rebuild that follows.

    The edited page is checked, so a rebuild that served stale cached content cannot pass as fast.
    """
    warm = measured(site, work, n, run, "warm-up")
    source = site.content / "briefs" / brief.relpath
    pristine = source.read_text(encoding="utf-8")
    revised = f"{brief.first_takeaway} Revised in run {run}."
    if pristine.count(brief.first_takeaway) != 1:
        raise RuntimeError(f"{source}: the first takeaway is not written verbatim exactly once")
    source.write_text(pristine.replace(brief.first_takeaway, revised), encoding="utf-8")
    folder = f"{site.name}-warm-up-{run}"
    try:
        rebuilt = measured(site, work, n, run, "rebuild", folder)
    finally:
        source.write_text(pristine, encoding="utf-8")
    page = site.page(work / f"out-{folder}", brief.slug)
    if f"Revised in run {run}." not in page.read_text(encoding="utf-8"):
        log = work / "logs" / f"{site.name}-rebuild-{run}.log"
        raise BuildFailed(f"{site.name} rebuild", f"{page} does not show the edited takeaway", log)
    return [warm, rebuilt]


def bench_size(work: Path, n: int, runs: int, seed: int) -> tuple[list[Record], dict]:
    """Full builds, then cached rebuilds, each `runs` times, ours and plain in alternation.

    No build's output is deleted until the whole benchmark is done (about 5 GB at N=5,000): on a
    file system without a journal, ext4 skips over recently deleted inodes while it makes new ones,
    so deleting one build's 25,000 files slows the next build's file creation by seconds; this
    would measure the deletion, and penalise whichever site writes more files.
    """
    work.mkdir(parents=True)
    ours, plain = sites(work)
    briefs, stats = generate(work, n, seed, ours, plain)
    measured(ours, work, n, 0, "first")  # draws every social card into their cache; not in the table
    records = [measured(site, work, n, run, "full") for run in range(1, runs + 1) for site in (ours, plain)]
    edited = briefs[n // 2]
    for run in range(1, runs + 1):
        for site in (ours, plain):
            records += cached_rebuild(site, work, edited, n, run)
    return records, stats


def summarise(records: list[Record]) -> list[dict]:
    """Medians per size, build and site; ratios of ours over plain on the rows of ours.

    CPU seconds sit beside wall seconds because they barely move when other work shares the machine.
    """
    rows = []
    for n in sorted({r.n for r in records}):
        for kind in BUILDS:
            medians = {site: _medians(records, n, kind, site) for site in ("ours", "plain")}
            for site, row in medians.items():
                row |= {"n": n, "build": f"{site} {kind}", "ms_per_brief": round(row["wall_s"] * 1000 / n, 2)}
                for key in ("wall_s", "cpu_s", "tree_pss_mib"):
                    ratio = row[key] / medians["plain"][key]
                    row[f"{key}_ratio"] = round(ratio, 2) if site == "ours" else None
                rows.append(row)
    return rows


def _medians(records: list[Record], n: int, kind: str, site: str) -> dict:
    chosen = [r for r in records if (r.n, r.build, r.site) == (n, kind, site)]
    return {
        "runs": len(chosen),
        "wall_s": round(statistics.median(r.wall_s for r in chosen), 2),
        "cpu_s": round(statistics.median(r.cpu_s for r in chosen), 2),
        "tree_pss_mib": round(statistics.median(r.tree_pss_mib for r in chosen)),
        "pelican_rss_mib": round(statistics.median(r.pelican_rss_mib for r in chosen)),
        "peak_rss_mib": round(statistics.median(r.peak_rss_mib for r in chosen)),
    }


def table(rows: list[dict]) -> str:
    """The summary as a Markdown table, ready to paste into bench/README.md."""
    lines = [
        "| " + " | ".join(heading for heading, _, _ in COLUMNS) + " |",
        "|" + "|".join("---" if key == "build" else "---:" for _, key, _ in COLUMNS) + "|",
    ]
    for row in rows:
        cells = ("" if row[key] is None else shape.format(row[key]) for _, key, shape in COLUMNS)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> dict:
    """Where the figures come from: they mean little without the machine and the code measured."""
    import pelican

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False)
        return done.stdout.strip()

    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "pelican": pelican.__version__,
        "commit": git("rev-parse", "HEAD"),
        "uncommitted_changes": git(
            "status", "--porcelain", "--", "plugins", "theme", "pelicanconf.py"
        ).splitlines(),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A plain `kill` too ends the running build and removes the temporary folder.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    about = machine()  # before the builds: the code may change while they run
    root = Path(tempfile.mkdtemp(prefix="ai-briefs-bench-"))
    records: list[Record] = []
    corpora = {}
    try:
        for n in args.sizes:
            measured_records, corpora[n] = bench_size(root / f"n{n}", n, args.runs, args.seed)
            records += measured_records
    except BuildFailed as failure:
        print(failure.report(), file=sys.stderr)
        return 1
    finally:
        if args.keep:
            progress(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    rows = summarise(records)
    print(table(rows))
    if args.json:
        figures = {
            "machine": about,
            "options": {"sizes": args.sizes, "runs": args.runs, "seed": args.seed},
            "corpus": corpora,
            "summary": rows,
            "measurements": [asdict(r) for r in records],
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        progress(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
