"""A brief page as a reader uses it: every section shows, citations and backlinks jump both ways, and
the related updates and the weekly recap lead to pages that exist."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from conftest import CARD_SECTIONS

from .support import BRIEF


def test_brief_page_shows_every_section(open_page):
    page = open_page(BRIEF)
    article = page.locator("article.brief")
    sources = article.locator("ol.sources > li")
    expected = [*CARD_SECTIONS, f"Sources ({sources.count()})", "Related updates"]
    headings = article.locator("h2")
    expect(headings).to_have_text(expected)
    for heading in headings.all():
        expect(heading).to_be_visible()
    for term in ("What changed", "Why it matters", "What to do next"):
        expect(article.locator(".tldr dt", has_text=term)).to_be_visible()
    assert sources.count() == 3
    expect(sources.first).to_be_visible()
    expect(article.locator("#related .related__item")).not_to_have_count(0)
    expect(
        page.get_by_role("link", name=re.compile(r"^Weekly AI Recap: Week of \d{1,2} [A-Z][a-z]+ \d{4}$"))
    ).to_be_visible()


def test_citation_lands_on_its_source_and_the_backlink_returns(open_page):
    page = open_page(BRIEF, height=700)
    citation = page.locator("#tldr-title ~ dl sup.cite a").nth(1)  # the TL;DR's first cite of source 2
    expect(citation).to_have_attribute("href", "#source-2")
    citation_id = citation.get_attribute("id")
    source = page.locator("#source-2")
    expect(source).not_to_be_in_viewport()

    citation.click()
    assert page.url.endswith("#source-2")
    assert page.evaluate("document.querySelector(':target').id") == "source-2"
    expect(source).to_be_in_viewport()

    backlink = source.locator(f'a[href="#{citation_id}"]')
    expect(backlink).to_have_text("TL;DR")
    backlink.click()
    assert page.url.endswith(f"#{citation_id}")
    assert page.evaluate("document.querySelector(':target').id") == citation_id
    expect(citation).to_be_in_viewport()
    expect(source).not_to_be_in_viewport()


def test_every_related_update_link_opens_that_brief(open_page, site_url):
    page = open_page(BRIEF)
    links = [
        (link.inner_text(), link.get_attribute("href"))
        for link in page.locator("#related .related__title a").all()
    ]
    assert len(links) >= 2
    for title, href in links:
        assert href.startswith("/briefs/") and href != BRIEF
        with page.expect_response(site_url + href) as response:
            page.get_by_role("link", name=title, exact=True).click()
        assert response.value.status == 200, href
        page.wait_for_url(site_url + href)
        expect(page.locator("h1")).to_have_text(title)
        page.go_back()
        page.wait_for_url(site_url + BRIEF)


def test_weekly_recap_link_opens_a_recap_that_lists_the_brief(open_page, site_url):
    page = open_page(BRIEF)
    link = page.get_by_role("link", name=re.compile("^Weekly AI Recap"))
    week = link.inner_text().removeprefix("Weekly AI Recap: ")
    href = link.get_attribute("href")
    with page.expect_response(site_url + href) as response:
        link.click()
    assert response.value.status == 200
    page.wait_for_url(site_url + href)
    expect(page.locator("h1")).to_contain_text(week)
    expect(page.locator(f'.card__title a[href="{BRIEF}"]')).to_have_text(
        "Chip export rules tighten for frontier training clusters"
    )
