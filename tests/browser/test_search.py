"""Search in the browser, against the Pagefind index the build wrote."""

from __future__ import annotations

from playwright.sync_api import expect


def result_titles(page) -> list[str]:
    return page.locator(".search-result__title a").all_inner_texts()


def test_search_finds_a_brief_by_a_word_from_its_takeaways(open_page):
    # "customer" stands only in a takeaway of the complete fixture brief ("know-your-customer"). Not
    # the hyphenated word itself: an index part that lacks it matches its pieces ("know") instead.
    page = open_page("/search/?q=customer")
    expect(page.locator("[data-search-status]")).to_have_text("1 brief found.")
    assert result_titles(page) == ["Chip export rules tighten for frontier training clusters"]
    result = page.locator(".search-result").first
    expect(result.locator("mark").first).to_be_visible()
    expect(result.locator("time")).to_have_attribute("datetime", "2026-01-19")
    result.locator("a").click()
    expect(page.locator("h1")).to_have_text("Chip export rules tighten for frontier training clusters")


def test_search_filters_by_category(open_page):
    everything = open_page("/search/?q=AI")
    everywhere = len(result_titles(everything))
    page = open_page("/search/?q=AI&category=Safety")
    titles = result_titles(page)
    assert 0 < len(titles) < everywhere
    for title in titles:
        brief = open_page(page.locator(".search-result__title a", has_text=title).first.get_attribute("href"))
        expect(brief.locator(".brief__category")).to_have_text("Safety")


def test_the_header_search_box_leads_to_results(open_page):
    page = open_page("/")
    page.get_by_label("Search briefs").fill("Geneva")
    page.get_by_label("Search briefs").press("Enter")
    page.locator(".search-result").first.wait_for()
    assert any(title.endswith("a thin channel that is worth keeping open") for title in result_titles(page))
