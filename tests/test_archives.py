"""Listings that stay usable at any size: month archives, numbered pagination and paged story lists,
checked on a real build of bench briefs with every page size set small (tests/scale_fixture.py)."""

from __future__ import annotations

import re
import sys
from collections import Counter

import pytest
from scale_fixture import BRIEFS, SMALL, STORY_TITLE, build_scale_site

from conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def scale_site(tmp_path_factory):
    return build_scale_site(tmp_path_factory.mktemp("scale-site"))


def brief_links(page) -> list[str]:
    return [a["href"] for a in page.select("main a[href^='/briefs/']")]


def walk(site, first: str) -> list:
    """A paged listing from its first page to its last, following rel=next of its page numbers."""
    pages, path = [], first
    while path:
        page = site.page(path.lstrip("/"))
        pages.append(page)
        following = page.select_one('nav[aria-label$=" pages"] a[rel="next"]')
        path = following["href"] if following else None
        assert len(pages) < 100, "the rel=next chain does not end"
    return pages


# Written out, as the site writes them: strftime's month names follow the machine's locale.
ENGLISH_MONTHS = "January February March April May June July August September October November December"


def test_the_archive_index_lists_each_month_with_its_count_newest_first(scale_site):
    index = scale_site.page("archives/")
    months = [(a.get_text(), a["href"]) for a in index.select("main .term-list a")]
    expected = Counter((b.front["date"].year, b.front["date"].month) for b in scale_site.briefs)
    assert [name for name, _ in months] == [
        f"{ENGLISH_MONTHS.split()[m - 1]} {y}" for y, m in sorted(expected, reverse=True)
    ]
    counts = [li.find(class_="count").get_text() for li in index.select("main .term-list li")]
    assert counts == [
        f"{n} brief" + ("" if n == 1 else "s") for _, n in sorted(expected.items(), reverse=True)
    ]
    assert not brief_links(index), "the archive index must not list briefs"


def test_every_brief_is_on_exactly_one_month_page_in_its_month(scale_site):
    seen = Counter()
    index = scale_site.page("archives/")
    for link in index.select("main .term-list a"):
        year, month = map(int, re.fullmatch(r"/archives/(\d{4})/(\d{2})/", link["href"]).groups())
        pages = walk(scale_site, link["href"])
        for page in pages:
            assert len(page.select("main .archive-list li")) <= SMALL["PAGINATED_TEMPLATES"]["month"]
            for item in page.select("main .archive-list li"):
                assert item.time["datetime"].startswith(f"{year}-{month:02d}")
                seen[item.a["href"]] += 1
    assert len(seen) == BRIEFS and set(seen.values()) == {1}


def test_month_pages_link_the_months_before_and_after(scale_site):
    links = [a["href"] for a in scale_site.page("archives/").select("main .term-list a")]
    newest, older = links[0], links[1]
    nav = scale_site.page(newest.lstrip("/")).find("nav", attrs={"aria-label": "Other months"})
    assert [a["href"] for a in nav.find_all("a")] == [older, "/archives/"]


def test_listings_have_numbered_pages_with_first_last_and_nearby(scale_site):
    pages = walk(scale_site, "/")
    total = -(-BRIEFS // SMALL["DEFAULT_PAGINATION"])
    assert len(pages) == total >= 8
    middle = pages[5]  # page 6 of 12: 1 … 4 5 [6] 7 8 … 12
    nav = middle.find("nav", class_="pagination")
    numbers = [a.get_text().removeprefix("Page ") for a in nav.select("a:not([rel])")]
    assert numbers == ["1", "4", "5", "6", "7", "8", str(total)]
    current = nav.select('a[aria-current="page"]')
    assert [a.get_text() for a in current] == ["Page 6"]
    assert [li.get_text() for li in nav.select(".pagination__gap")] == ["…", "…"]
    last = nav.find("a", string=None, href=f"/page/{total}/")
    assert last is not None, "the last page is one click away"
    # Head links for crawlers and assistive tools.
    assert middle.find("link", rel="prev")["href"] == "/page/5/"
    assert middle.find("link", rel="next")["href"] == "/page/7/"
    assert pages[0].find("link", rel="prev") is None
    # Every brief is on one of the pages.
    listed = [link for page in pages for link in page.select("main .card__title a")]
    assert len({a["href"] for a in listed}) == BRIEFS


def test_tag_and_category_pages_are_numbered_too(scale_site):
    tag = max(
        Counter(t for b in scale_site.briefs for t in b.front["tags"]).items(), key=lambda item: item[1]
    )[0]
    pages = walk(scale_site, f"/tag/{tag}/")
    assert len(pages) > 1
    nav = pages[0].find("nav", class_="pagination")
    assert nav.select_one('a[aria-current="page"]').get_text() == "Page 1"


def test_the_stories_index_is_paged_and_stories_keep_their_names(scale_site):
    pages = walk(scale_site, "/stories/")
    names = [a.get_text() for page in pages for a in page.select("main .term-list a")]
    assert len(pages) > 1 and all(len(page.select("main .term-list li")) <= 2 for page in pages)
    assert STORY_TITLE in names
    story = scale_site.page(f"stories/{scale_site.story}/")
    assert story.h1.get_text() == STORY_TITLE
    assert "Why we follow this story" in story.find(class_="story__intro").get_text()


def test_a_busy_weeks_recap_is_paged_and_lists_each_of_its_briefs_once(scale_site):
    recaps = [a["href"] for a in scale_site.page("recaps/").select("main .term-list a")]
    busiest = max(recaps, key=lambda href: len(walk(scale_site, href)))
    pages = walk(scale_site, busiest)
    assert len(pages) > 1
    listed = [a["href"] for page in pages for a in page.select(".recap__group .card__title a")]
    assert all(len(page.select(".recap__group .card")) <= 2 for page in pages)
    total = int(pages[0].find(class_="page-lead").get_text().split(": ")[1].split()[0])
    assert len(listed) == len(set(listed)) == total


def test_a_month_of_briefs_with_different_utc_offsets_is_one_month_page(site):
    """Pelican's own month archives write such a month twice and stop; ours group by the date shown."""
    minimal = (FIXTURES / "briefs" / "brief_minimal.md").read_text()
    for name, when in [
        ("late", "2026-02-28T23:30:00-05:00"),  # 1 March in UTC, 28 February as shown
        ("early", "2026-03-01T01:00:00+05:00"),  # 28 February in UTC, 1 March as shown
        ("middle", "2026-02-15"),
    ]:
        text = minimal.replace("title: A minimal brief", f"title: Brief {name}").replace(
            "date: 2026-01-20", f"date: {when}"
        )
        site.add_brief(f"{name}.md", text)
    site.build()
    february = [a.get_text() for a in site.page("archives/2026/02/").select("main .archive-list a")]
    march = [a.get_text() for a in site.page("archives/2026/03/").select("main .archive-list a")]
    assert sorted(february) == ["Brief late", "Brief middle"]
    assert march == ["Brief early"]


def test_the_size_bench_measures_the_budget_of_a_built_site(scale_site):
    sys.path.insert(0, str(ROOT / "bench"))
    from site_size import PAGE_BUDGET, measure

    figures = measure(scale_site.output, BRIEFS)
    files = [f for f in scale_site.output.rglob("*") if f.is_file()]
    assert figures["bytes"] == sum(f.stat().st_size for f in files)
    # A card per brief, and one per recap, story, category and tag page.
    cards = list((scale_site.output / "social").rglob("*.png"))
    assert figures["social_cards"] == len(cards) > BRIEFS and figures["cards_within_budget"]
    assert figures["briefs_at_1_gb"] == int(1e9 / (figures["bytes"] / BRIEFS))
    assert {"brief", "home", "tag", "category", "month", "archives", "recap", "story"} <= set(
        figures["largest_page_kb"]
    )
    assert all(kb * 1024 <= PAGE_BUDGET for kb, _ in figures["largest_page_kb"].values())
