"""Search as a reader meets it: in Chromium, the time from the last keystroke to drawn results, and
the bytes the search page fetched, on a built site (e.g. one of 5,000 bench briefs).

    .venv/bin/python bench/search.py output/ --queries "compliance,benchmark pipeline,gpu"

Each query is typed into a freshly loaded search page (cold: the index parts and their chunks are
fetched as the words need them), then the next query of the list on the same page (warm). The time
includes the typing pause before search starts (search.js waits for it), as a reader waits it too.
"""

from __future__ import annotations

import argparse
import http.server
import json
import statistics
import sys
import threading
import time
from functools import partial
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser.support import CHROMIUM, CHROMIUM_ARGS

# In the page: when the last key went down, and when results (or "No briefs found") were drawn.
WATCH_JS = """
() => {
  window.__lastKey = 0;
  window.__drawn = 0;
  document.querySelector("#search-query").addEventListener("keydown", () => {
    window.__lastKey = performance.now();
    window.__drawn = 0;
  });
  const status = document.querySelector("[data-search-status]");
  new MutationObserver(() => {
    if (/found/.test(status.textContent) && window.__lastKey) window.__drawn = performance.now();
  }).observe(status, {childList: true, characterData: true, subtree: true});
}
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def wait_until(page, expression: str, timeout_s: float = 30.0) -> None:
    """Poll `expression` in the page (the site's CSP forbids the eval that wait_for_function uses);
    the times themselves are taken in the page, so the polling interval does not change them."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still false after {timeout_s} s: {expression}")
        time.sleep(0.01)


def type_and_time(page, query: str) -> float:
    """Milliseconds from the last keystroke of `query` to its drawn results."""
    field = page.locator("#search-query")
    field.fill("")
    page.evaluate("window.__lastKey = 0; window.__drawn = 0")
    field.press_sequentially(query, delay=80)
    wait_until(page, "window.__drawn > window.__lastKey && window.__lastKey > 0")
    return page.evaluate("window.__drawn - window.__lastKey")


def measure(folder: Path, queries: list[str], browser=None) -> dict:
    """Time each query in `browser` (a Playwright Chromium; by default one started here)."""
    if browser is None:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                return measure(folder, queries, chromium)
            finally:
                chromium.close()
    server, url = serve(folder)
    rows = []
    try:
        for number, query in enumerate(queries):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            fetched: list[int] = []  # body bytes of each finished request, as it finishes
            context.on(
                # Cached responses (the favicon, asked again when search.js updates the address)
                # report negative sizes: nothing was fetched.
                "requestfinished",
                lambda request, into=fetched: into.append(max(0, request.sizes()["responseBodySize"])),
            )
            page = context.new_page()
            page.goto(f"{url}/search/")
            wait_until(page, "document.querySelector('#search-week').options.length > 1")
            page.evaluate(WATCH_JS)
            loaded = sum(fetched)
            cold = type_and_time(page, query)
            status = page.locator("[data-search-status]").inner_text()
            after_cold = sum(fetched)
            warm = type_and_time(page, queries[(number + 1) % len(queries)])
            total = sum(fetched)
            rows.append(
                {
                    "query": query,
                    "cold_ms": round(cold),
                    "warm_ms": round(warm),
                    "page_load_bytes": loaded,
                    "first_search_bytes": after_cold - loaded,
                    "total_bytes": total,
                    "requests": len(fetched),
                    "status": status,
                }
            )
            context.close()
    finally:
        server.shutdown()
    return {
        "rows": rows,
        "median_cold_ms": statistics.median(r["cold_ms"] for r in rows),
        "median_warm_ms": statistics.median(r["warm_ms"] for r in rows),
        "median_total_bytes": statistics.median(r["total_bytes"] for r in rows),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="a built site (its output folder)")
    parser.add_argument(
        "--queries", default="compliance,benchmark pipeline,gpu cluster,licence threshold,agent"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    figures = measure(args.output, [q.strip() for q in args.queries.split(",") if q.strip()])
    for row in figures["rows"]:
        print(
            f"{row['query']!r:24} cold {row['cold_ms']:5d} ms  warm {row['warm_ms']:5d} ms  "
            f"page {row['page_load_bytes'] / 1024:7.1f} KB  "
            f"first search {row['first_search_bytes'] / 1024:7.1f} KB  "
            f"all {row['total_bytes'] / 1024:7.1f} KB in {row['requests']} requests  ({row['status']})"
        )
    print(
        f"median: cold {figures['median_cold_ms']} ms, warm {figures['median_warm_ms']} ms, "
        f"{figures['median_total_bytes'] / 1024:.1f} KB fetched"
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
