"""Benchmark of the live preview: start-up, memory, and the time from saving a brief to seeing it.

For each size N it writes N synthetic briefs (corpus.py), starts `python -m briefs_tools serve` on them
as `make serve` does, and measures:

- ready: from starting the process to its first page being served;
- memory: the peak PSS of the preview's processes while it starts and serves (memory.py);
- edit-to-preview: after one brief's first takeaway is rewritten on disk, the time until the
  served brief page contains the new text (polled every 10 ms), EDITS times, median reported.

    .venv/bin/python bench/preview.py --sizes 1000,5000,20000 --edits 5
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from builds import REPO
from corpus import make_corpus, write_corpus
from memory import TreeMemorySampler

POLL_S = 0.01
SETTINGS = """\
import sys
sys.path.insert(0, {repo!r})
from pelicanconf import *  # noqa: F403
PATH = {content!r}
CACHE_PATH = {cache!r}
THEME = {theme!r}
PLUGIN_PATHS = [{plugins!r}]
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, started: float, timeout: float = 900) -> float:
    """Seconds from `started` until the page at `url` contains `text`."""
    while time.monotonic() - started < timeout:
        page = fetch(url)
        if page is not None and text in page:
            return time.monotonic() - started
        time.sleep(POLL_S)
    raise TimeoutError(f"{url} never showed {text!r}")


def bench_size(work: Path, n: int, edits: int, seed: int) -> dict:
    briefs = make_corpus(n, seed)
    content = work / f"content-{n}"
    write_corpus(briefs, content, work / f"plain-{n}")
    (content / "pages").mkdir(exist_ok=True)
    settings = work / f"preview-{n}.py"
    settings.write_text(
        SETTINGS.format(
            repo=str(REPO),
            content=str(content),
            cache=str(work / f"cache-{n}"),
            theme=str(REPO / "theme"),
            plugins=str(REPO / "plugins"),
        ),
        encoding="utf-8",
    )
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO / "plugins")}
    command = [sys.executable, "-m", "briefs_tools", "-s", str(settings), "serve", "--port", str(port)]
    log = (work / f"preview-{n}.log").open("w")
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    target = briefs[len(briefs) // 2]
    url = f"http://127.0.0.1:{port}/briefs/{target.slug}/"
    try:
        with TreeMemorySampler(process.pid) as memory:
            ready = wait_for(url, "</html>", started)
            path = content / "briefs" / target.relpath
            text = path.read_text(encoding="utf-8")
            latencies = []
            for edit in range(1, edits + 1):
                marker = f"Edited takeaway number {edit}"
                old = target.first_takeaway if edit == 1 else f"Edited takeaway number {edit - 1}"
                text = text.replace(old, marker, 1)
                saved = time.monotonic()
                path.write_text(text, encoding="utf-8")
                latencies.append(wait_for(url, marker, saved))
                time.sleep(0.5)  # an editor's next save comes later than the page
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    return {
        "n": n,
        "ready_s": round(ready, 2),
        "peak_pss_mib": round(memory.peak_kib / 1024),
        "edit_to_preview_s": [round(s, 3) for s in latencies],
        "edit_to_preview_median_s": round(statistics.median(latencies), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="brief counts (default: %(default)s)")
    parser.add_argument("--edits", type=int, default=5, help="saves timed per size (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the results to PATH as JSON")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-preview-") as work:
        for n in (int(size) for size in args.sizes.split(",")):
            print(f"preview, N = {n:,}: writing briefs and starting...", file=sys.stderr, flush=True)
            results.append(bench_size(Path(work), n, args.edits, args.seed))
            row = results[-1]
            print(
                f"N = {n:,}: ready in {row['ready_s']} s, peak {row['peak_pss_mib']} MiB, "
                f"edit-to-preview median {row['edit_to_preview_median_s']} s {row['edit_to_preview_s']}",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
