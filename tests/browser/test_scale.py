"""A reader at scale, in Chromium: a site of bench briefs with every listing set small
(tests/scale_fixture.py), so month pages, numbered pages and paged search results all appear.

Checked on every page type at 375 px and 1280 px: the phone header, the TL;DR within the first
screen, the menu and search buttons with the keyboard and without layout shift, no holes in card
rows, search as you type with results a page at a time, and axe on the page types this adds.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect
from scale_fixture import SMALL, STORY_TITLE, build_scale_site

from conftest import ROOT

from .support import DESKTOP, SCREENSHOTS, screenshots_taken, served
from .test_accessibility import axe_violations, report

PHONE_SCREEN = (375, 667)  # an iPhone SE: the smallest phone in common use
HEADER_MOST = 100


@pytest.fixture(scope="session")
def scale_site(tmp_path_factory):
    return build_scale_site(tmp_path_factory.mktemp("browser-scale-site"))


@pytest.fixture(scope="session")
def scale_url(scale_site) -> Iterator[str]:
    with served(scale_site.output) as url:
        yield url


@pytest.fixture(scope="session")
def scale_pages(scale_site) -> dict[str, str]:
    """One page of each type, including the ones this site adds: month pages and numbered pages."""
    longest = max(scale_site.briefs, key=lambda b: len(b.front["title"]) + len(b.front["hook"]))
    month = scale_site.page("archives/").select_one("main .term-list a")["href"]
    tag = scale_site.page("tags/").select_one("main .term-list a")["href"]
    category = scale_site.page("categories/").select_one("main .term-list a")["href"]
    recap = scale_site.page("recaps/").select_one("main .term-list a")["href"]
    return {
        "home": "/",
        "home-page-3": "/page/3/",
        "brief": f"/briefs/{longest.slug}/",
        "archives": "/archives/",
        "month": month,
        "month-page-2": f"{month}page/2/",
        "tag": tag,
        "category": category,
        "tags": "/tags/",
        "categories": "/categories/",
        "recap": recap,
        "recaps": "/recaps/",
        "story": f"/stories/{scale_site.story}/",
        "stories-page-2": "/stories/page/2/",
        "about": "/about/",
        "search": "/search/",
    }


@pytest.fixture
def visit(browser, scale_url) -> Iterator:
    opened = []

    def open_(path: str, width: int = DESKTOP, height: int = 800, scheme: str = "light") -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme, reduced_motion="reduce"
        )
        opened.append(context)
        page = context.new_page()
        response = page.goto(scale_url + path)
        assert response and response.status == 200, path
        return page

    yield open_
    for context in opened:
        context.close()


def bottom_of(page: Page, selector: str) -> float:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().bottom")


def test_every_page_type_at_phone_and_desktop_in_both_schemes(visit, scale_pages):
    """Screenshots to look at; and no page scrolls sideways at either width."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in scale_pages.items():
        for width, height in (PHONE_SCREEN, (DESKTOP, 800)):
            for scheme in ("light", "dark"):
                page = visit(path, width, height, scheme)
                scroll, client = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                assert scroll <= client, f"{name} at {width}px scrolls sideways"
                file = SCREENSHOTS / f"scale-{name}-{width}-{scheme}.png"
                page.screenshot(path=file, full_page=True)
                screenshots_taken.append(file)


def test_the_phone_header_is_at_most_100px_on_every_page_type(visit, scale_pages):
    tall = {}
    for name, path in scale_pages.items():
        page = visit(path, *PHONE_SCREEN)
        height = bottom_of(page, ".site-header")
        if height > HEADER_MOST:
            tall[name] = height
    assert not tall, f"headers over {HEADER_MOST}px at 375px: {tall}"


def test_the_tldr_starts_within_the_first_screen_of_a_brief(visit, scale_pages):
    """On the brief with the longest title and hook of the site."""
    page = visit(scale_pages["brief"], *PHONE_SCREEN)
    top = page.locator(".tldr").evaluate("e => e.getBoundingClientRect().top")
    first_answer = page.locator(".tldr dd").first.evaluate("e => e.getBoundingClientRect().top")
    assert first_answer < PHONE_SCREEN[1], (
        f"the TL;DR starts at {top}px, its first answer at {first_answer}px"
    )


def test_the_menu_opens_and_closes_with_the_keyboard_and_moves_nothing(visit, scale_pages):
    page = visit(scale_pages["brief"], *PHONE_SCREEN)
    nav = page.locator("#site-nav")
    button = page.get_by_role("button", name="Menu")
    title_top = page.locator("h1").evaluate("e => e.getBoundingClientRect().top")
    expect(nav).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    # Skip link, site name, Search, then the Menu button.
    for _ in range(4):
        page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    assert page.locator("h1").evaluate("e => e.getBoundingClientRect().top") == title_top, (
        "the open menu pushed the page"
    )
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Recaps")).to_be_focused()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(button).to_be_focused()
    # Search sits behind a link to the search page, whose field takes the focus.
    page.get_by_role("link", name="Search").click()
    expect(page.get_by_label("Words to find")).to_be_focused()


LAYOUT_SHIFT_JS = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => done(total), 300);
})"""


def test_loading_a_page_shifts_no_layout(visit, scale_pages):
    """Nothing moves as a page loads: not the menu on a phone, not the results search.js draws."""
    for width, height in (PHONE_SCREEN, (DESKTOP, 800)):
        page = visit(scale_pages["brief"], width, height)
        shift = page.evaluate(LAYOUT_SHIFT_JS)
        assert shift == 0, f"cumulative layout shift {shift} on a brief at {width}px"
        for query in ("", "?q=the"):
            page = visit(scale_pages["search"] + query, width, height)
            expect(page.locator("[data-search-status]")).not_to_be_empty()
            if query:
                expect(page.locator(".search-result").first).to_be_visible()
            shift = page.evaluate(LAYOUT_SHIFT_JS)
            assert shift < 0.01, f"cumulative layout shift {shift} on /search/{query} at {width}px"


def test_card_rows_have_no_holes(visit, scale_pages):
    """At 1280px, in every grid of cards, each row is filled edge to edge."""
    for name in ("home", "home-page-3", "tag", "category", "recap"):
        page = visit(scale_pages[name])
        rows = page.evaluate(
            """() => [...document.querySelectorAll(".cards")].map((grid) => {
              const box = grid.getBoundingClientRect();
              const rows = {};
              for (const card of grid.children) {
                const r = card.getBoundingClientRect();
                (rows[Math.round(r.top)] ||= []).push([r.left, r.right]);
              }
              return Object.values(rows).map((cards) => [
                Math.min(...cards.map((c) => c[0])) - box.left,
                box.right - Math.max(...cards.map((c) => c[1])),
              ]);
            })"""
        )
        assert rows, f"{name} has no cards"
        holes = [gap for grid in rows for gap in grid if max(gap) > 1]
        assert not holes, f"{name}: rows that do not reach both edges: {holes}"


def test_the_home_page_leads_with_one_brief_across_the_row(visit, scale_pages):
    page = visit(scale_pages["home"])
    cards = page.locator(".cards > .card")
    lead, second = (cards.nth(n).evaluate("e => e.getBoundingClientRect().width") for n in (0, 1))
    assert lead > 1.8 * second
    assert page.locator(".card--lead").count() == 1
    assert visit(scale_pages["home-page-3"]).locator(".card--lead").count() == 0


def results(page: Page) -> list[str]:
    return page.locator(".search-result__title a").all_inner_texts()


def test_search_as_you_type_shows_results_a_page_at_a_time(visit, scale_site, scale_pages):
    page = visit(scale_pages["search"])
    field = page.get_by_label("Words to find")
    expect(field).to_be_focused()
    word = scale_site.briefs[0].front["category"]  # a word in many briefs: several pages of results
    page.keyboard.type(word.lower(), delay=40)  # no Enter
    expect(page.locator(".search-result")).to_have_count(SMALL["BRIEFS_SEARCH_PAGE_SIZE"])
    status = page.locator("[data-search-status]")
    expect(status).to_contain_text(" found, 3 shown.")
    total = int(status.inner_text().split()[0])
    assert total > 2 * SMALL["BRIEFS_SEARCH_PAGE_SIZE"]
    assert parse_qs(urlparse(page.url).query) == {"q": [word.lower()]}  # kept in the address
    first_page = results(page)

    more = page.get_by_role("button", name="Show more results")
    more.click()
    expect(page.locator(".search-result")).to_have_count(2 * SMALL["BRIEFS_SEARCH_PAGE_SIZE"])
    # Focus moves to the first new result, so a keyboard user reads on from there.
    expect(page.locator(".search-result__title a").nth(SMALL["BRIEFS_SEARCH_PAGE_SIZE"])).to_be_focused()
    assert results(page)[: len(first_page)] == first_page
    size = SMALL["BRIEFS_SEARCH_PAGE_SIZE"]
    for drawn in range(2 * size, total, size):  # each click draws the next page of results
        more.click()
        expect(page.locator(".search-result")).to_have_count(min(drawn + size, total))
    expect(more).to_be_hidden()
    expect(page.locator(".search-result")).to_have_count(total)
    expect(status).to_have_text(f"{total} briefs found.")

    # Results show the date in words and an excerpt of the brief's own text, without page chrome.
    for excerpt in page.locator(".search-result__excerpt").all_inner_texts():
        assert "min read" not in excerpt and "TL;DR" not in excerpt and "Key takeaways" not in excerpt
    for date in page.locator(".search-result time").all_inner_texts():
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", date), date


def test_search_filters_are_named_in_words_and_kept(visit, scale_pages):
    page = visit(scale_pages["search"])
    week = page.locator("#search-week option").nth(1)
    expect(week).to_have_text(re.compile(r"^Week of \d{1,2} [A-Z][a-z]+ \d{4}$"))
    value = week.get_attribute("value")
    page.locator("#search-week").select_option(value)
    expect(page.locator(".search-result").first).to_be_visible()
    assert f"week={value}" in page.url
    page.reload()
    expect(page.locator("#search-week")).to_have_value(value)


def test_axe_finds_nothing_on_the_new_page_types_and_states(visit, scale_pages):
    checked = {
        name: scale_pages[name]
        for name in ("home-page-3", "archives", "month", "month-page-2", "stories-page-2", "story", "search")
    }
    problems = []
    for scheme in ("light", "dark"):
        for name, path in checked.items():
            page = visit(path, scheme=scheme)
            problems += [(name, scheme, v) for v in axe_violations(page)]
        phone = visit(scale_pages["brief"], *PHONE_SCREEN, scheme=scheme)
        phone.get_by_role("button", name="Menu").click()
        problems += [("brief with the menu open", scheme, v) for v in axe_violations(phone)]
        search = visit(scale_pages["search"] + "?q=the", scheme=scheme)
        search.get_by_role("button", name="Show more results").click()
        expect(search.locator(".search-result")).to_have_count(2 * SMALL["BRIEFS_SEARCH_PAGE_SIZE"])
        problems += [("search results", scheme, v) for v in axe_violations(search)]
    assert not problems, "\n".join(f"{name} ({scheme}): {report([v])}" for name, scheme, v in problems)


def test_a_story_page_has_its_own_title(visit, scale_pages):
    page = visit(scale_pages["story"])
    expect(page.locator("h1")).to_have_text(STORY_TITLE)


def test_the_search_bench_times_typed_queries_and_counts_the_bytes(browser, scale_site):
    sys.path.insert(0, str(ROOT / "bench"))
    from search import measure

    word = scale_site.briefs[0].front["title"].split()[0].lower()
    figures = measure(scale_site.output, [word, "zzzzqqq"], browser)
    found, nothing = figures["rows"]
    assert found["status"].endswith("found, 3 shown.") or found["status"].endswith("found.")
    assert nothing["status"].startswith("No briefs found")
    for row in figures["rows"]:
        assert 0 < row["cold_ms"] < 30_000 and 0 < row["warm_ms"] < 30_000
        assert row["total_bytes"] >= row["page_load_bytes"] + row["first_search_bytes"] > 0
    assert found["first_search_bytes"] > 0  # the words' index chunks and the results' fragments
