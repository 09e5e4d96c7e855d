"""What a page costs to load, in bytes and hosts: a brief page is small, nothing comes from another host,
and no script in <head> blocks rendering."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request

from .support import BRIEF, PAGES

BRIEF_BUDGET = 60_000  # bytes, uncompressed: HTML + CSS + JavaScript + anything else the page loads

# Scripts in <head> that the parser must stop for: classic scripts without async or defer.
# (Modules are deferred; data blocks such as JSON-LD never run.)
BLOCKING_SCRIPTS_JS = """
() => [...document.head.querySelectorAll("script")]
  .filter((s) => {
    const type = s.type.trim().toLowerCase();
    const classic = type === "" || /^(text|application)\\/(x-)?(java|ecma)script$/.test(type);
    return classic && !s.async && !s.defer;
  })
  .map((s) => s.outerHTML.slice(0, 120))
"""


def load_and_record(open_page, path: str) -> tuple[Page, list[Request]]:
    """Open `path` and wait until the network is quiet; return the page and every request it made."""
    requests: list[Request] = []
    page = open_page(path, requests=requests)
    page.wait_for_load_state("networkidle")
    return page, requests


def test_brief_page_weighs_at_most_60_kb(open_page, site_url):
    _, requests = load_and_record(open_page, BRIEF)
    sizes = {}
    for request in requests:
        response = request.response()
        assert response is not None and response.ok, f"{request.url} failed"
        sizes[request.url.removeprefix(site_url)] = len(response.body())
    assert BRIEF in sizes and "/theme/css/site.css" in sizes, sizes
    total = sum(sizes.values())
    assert total <= BRIEF_BUDGET, f"a brief page loads {total} bytes (budget {BRIEF_BUDGET}): {sizes}"


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_only_from_this_site(open_page, site_url, name):
    page, requests = load_and_record(open_page, PAGES[name])
    assert requests, "no request was recorded"
    elsewhere = [r.url for r in requests if urlsplit(r.url).hostname != "127.0.0.1"]
    assert not elsewhere, f"{name} asks other hosts for: {elsewhere}"
    failed = []
    for request in requests:
        response = request.response()
        if request.url != page.url and not (response and response.ok):
            failed.append(f"{request.url}: {response.status if response else request.failure}")
    assert not failed, f"{name} has requests that fail: {failed}"


@pytest.mark.parametrize("name", PAGES)
def test_no_script_blocks_rendering(open_page, name):
    blocking = open_page(PAGES[name]).evaluate(BLOCKING_SCRIPTS_JS)
    assert not blocking, f"{name} has render-blocking scripts in <head>: {blocking}"
