"""Browser tests: the sample site plus the complete fixture brief, built once with real Pelican, served
on 127.0.0.1 and driven in Debian's Chromium with Playwright. No browser is ever downloaded: the tests
use /usr/bin/chromium and fail with an install hint when it is missing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, sync_playwright

from conftest import Site

from .support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    NOT_FOUND,
    PAGES,
    SCREENSHOTS,
    output_file,
    screenshots_taken,
    served,
)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Site:
    site = Site.of_fixture_site(tmp_path_factory.mktemp("browser-site"))
    site.add_brief("brief_complete.md", folder="fixtures")
    site.build(BRIEFS_SEARCH_PART_SIZE=4)  # three index parts, so that searches merge them
    for path in PAGES.values():
        assert output_file(site.output, path).is_file(), f"the build wrote no page for {path}"
    return site


@pytest.fixture(scope="session")
def site_url(built_site) -> Iterator[str]:
    """The built site on 127.0.0.1, on a free port, for the whole test session."""
    with served(built_site.output) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(
            f"Chromium is needed at {CHROMIUM} for the browser tests: run `apt-get install -y chromium`",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


OpenPage = Callable[..., Page]


@pytest.fixture(scope="session")
def shared_contexts(browser) -> Iterator[dict[tuple, BrowserContext]]:
    """Browser contexts kept for the session, one per viewport and colour scheme (the site keeps no
    cookies or storage, and every test gets a page of its own)."""
    contexts: dict[tuple, BrowserContext] = {}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.fixture
def open_page(browser, shared_contexts, site_url) -> Iterator[OpenPage]:
    """Open a site path in a new page: `open_page("/tags/", width=320, scheme="dark")`. Pass a list
    as `requests` to collect every request the page (and its workers) make, in a context of its own.

    Motion is reduced so that screenshots and computed styles never catch a transition halfway.
    """
    opened: list[Page | BrowserContext] = []

    def new_context(width: int, height: int, scheme: str) -> BrowserContext:
        return browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme, reduced_motion="reduce"
        )

    def open_(
        path: str,
        *,
        width: int = DESKTOP,
        height: int = 800,
        scheme: str = "light",
        requests: list[Request] | None = None,
    ) -> Page:
        if requests is None:
            key = (width, height, scheme)
            if key not in shared_contexts:
                shared_contexts[key] = new_context(width, height, scheme)
            context = shared_contexts[key]
        else:
            context = new_context(width, height, scheme)
            opened.append(context)
            context.on("request", lambda request: requests.append(request))
        page = context.new_page()
        opened.append(page)
        response = page.goto(site_url + path)
        expected = 404 if path == NOT_FOUND else 200
        status = response.status if response else None
        assert status == expected, f"{path} answered {status}, expected {expected}"
        if "?q=" in path:  # a search: wait until search.js has drawn its results
            page.locator(".search-result").first.wait_for()
        return page

    yield open_
    for page_or_context in reversed(opened):
        page_or_context.close()


def pytest_terminal_summary(terminalreporter):
    if screenshots_taken:
        terminalreporter.write_line(f"{len(screenshots_taken)} screenshots in {SCREENSHOTS}")


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
