"""Full builds with real Pelican: the HTML a reader gets, parsed."""

from __future__ import annotations

import re

import pytest

from briefs.report import BriefsInvalid
from conftest import CARD_SECTIONS, FIXTURES

COMPLETE = "briefs/chip-export-rules-tighten/"


def section(page, section_id):
    return page.find("section", id=section_id)


def texts(elements):
    return [" ".join(e.get_text(" ", strip=True).split()) for e in elements]


@pytest.fixture
def complete(site):
    site.add_brief("brief_complete.md", folder="2026")
    site.build()
    return site.page(COMPLETE)


def test_brief_page_header_shows_title_date_category_tags_and_reading_time(complete):
    header = complete.find("article", class_="brief").header
    assert header.h1.get_text() == "Chip export rules tighten for frontier training clusters"
    times = header.find_all("time")
    assert [t["datetime"] for t in times] == ["2026-01-19T00:00:00+00:00", "2026-01-21T09:30:00+00:00"]
    assert header.find("a", class_="brief__category")["href"] == "/category/policy/"
    # The tags follow the TL;DR, which comes first on a phone.
    tags = complete.select_one("article.brief > section.tldr + ul.tags")
    assert texts(tags.find_all("a")) == ["export-controls", "compute", "us-china"]
    assert re.search(r"\b1 min read\b", header.find("p", class_="brief__meta").get_text())
    hook = header.find("p", class_="brief__hook")
    assert hook.em.get_text() == "lower"
    assert hook.find("a", href="#source-1")
    assert "AI-assisted" in header.find("p", class_="label--ai").get_text()
    assert complete.title.get_text().startswith("Chip export rules tighten")
    assert complete.find("meta", attrs={"name": "description"})["content"] == (
        "New thresholds decide which clusters need a licence, and they are lower than many labs expected."
    )


def test_brief_page_tldr_card_has_the_three_parts(complete):
    tldr = complete.find("section", class_="tldr")
    assert tldr.h2.get_text() == "30-second TL;DR"
    assert texts(tldr.find_all("dt")) == ["What changed", "Why it matters", "What to do next"]
    answers = texts(tldr.find_all("dd"))
    assert answers[0].startswith("The licensing threshold for training compute moved down")
    assert answers[2] == "Inventory cluster sizes against the new threshold before the comment period ends."


def test_brief_page_sections_in_order_with_their_content(complete):
    headings = texts(complete.find("article", class_="brief").find_all("h2"))
    assert headings == [*CARD_SECTIONS, "Sources (3)"]
    takeaways = section(complete, "takeaways").find_all("li")
    assert len(takeaways) == 3
    assert takeaways[2].code.get_text() == "chips"
    dive = section(complete, "deep-dive")
    assert texts(dive.find_all("h3")) == ["How the threshold is computed"]
    assert len(dive.find_all("div", class_="deep-dive__item")) == 2
    implications = section(complete, "implications")
    assert len(implications.find_all("li")) == 2
    timeline = section(complete, "timeline").find_all("li")
    assert [li.time["datetime"] for li in timeline] == ["2025", "2026-01", "2026-01-19"]
    assert texts(li.time for li in timeline) == ["2025", "January 2026", "19 January 2026"]
    insight = section(complete, "insight")
    assert insight.find("h3").get_text() == "What editors should watch"  # body headings sit below h2
    assert insight.find("a", string="reference link")["href"] == "https://example.com/reference"
    assert insight.code.get_text() == "[1]"  # a marker in code stays code
    original = complete.find("p", class_="brief__original")
    assert original.a["href"] == "https://wire.example.com/story"
    assert original.a.get_text() == "Example Wire"


def test_sources_are_numbered_with_publisher_title_and_link(complete):
    items = section(complete, "sources").find("ol").find_all("li", recursive=False)
    assert [li["id"] for li in items] == ["source-1", "source-2", "source-3"]
    publishers = texts(li.find(class_="sources__publisher") for li in items)
    assert publishers == ["example.gov", "Example Analysis", "stats.example.net"]
    links = [li.find("a", rel="noopener") for li in items]
    assert [a["href"] for a in links] == [
        "https://www.example.gov/rules/advanced-computing",
        "https://example.org/analysis/thresholds",
        "http://stats.example.net/queues",
    ]
    assert links[0].get_text() == "Final rule on advanced computing items"


def test_every_citation_links_to_its_source_and_back(complete):
    ids = {tag["id"] for tag in complete.find_all(id=True)}
    fragment_links = complete.find_all("a", href=re.compile("^#"))
    assert fragment_links, "the brief cites its sources"
    for link in fragment_links:
        assert link["href"][1:] in ids, link
    markers = complete.select("sup.cite a")
    # hook 1, tldr 1+2, takeaways 1+2, dive 2, implications 1, timeline 1, body 1
    assert len(markers) == 12
    for marker in markers:
        number = marker["href"].removeprefix("#source-")
        source = complete.find(id=f"source-{number}")
        backlinks = [a["href"] for a in source.select(".sources__backlinks a")]
        assert f"#{marker['id']}" in backlinks


def test_minimal_brief_leaves_out_every_empty_section(site):
    site.add_brief("brief_minimal.md")
    site.build()
    page = site.page("briefs/a-minimal-brief/")
    for absent in ("deep-dive", "implications", "timeline", "insight"):
        assert section(page, absent) is None, absent
    assert page.find(class_="brief__original") is None
    assert page.find(class_="label--ai") is None
    assert page.find("ul", class_="tags") is None
    for heading in page.find_all(["h2", "h3"]):
        assert heading.find_next_sibling() is not None, f"empty heading {heading}"
    assert texts(page.find("article").find_all("h2")) == ["30-second TL;DR", "Key takeaways", "Sources (1)"]


def test_home_page_cards_show_title_date_category_hook_and_what_changed(site):
    site.add_brief("brief_complete.md", folder="2026")
    site.add_brief("brief_minimal.md")
    site.build()
    home = site.page("")
    cards = home.find_all("article", class_="card")
    assert [c.find(class_="card__title").get_text(strip=True) for c in cards] == [
        "A minimal brief",  # newest first
        "Chip export rules tighten for frontier training clusters",
    ]
    card = cards[1]
    assert card.find(class_="card__title").a["href"] == f"/{COMPLETE}"
    assert card.time["datetime"].startswith("2026-01-19")
    assert card.find("a", href="/category/policy/")
    hook = card.find(class_="card__hook").get_text()
    assert (
        hook
        == "New thresholds decide which clusters need a licence, and they are lower than many labs expected."
    )
    changed = " ".join(card.find(class_="card__changed").get_text().split())
    assert changed.startswith("What changed: The licensing threshold")
    assert card.find("sup") is None  # citation markers only make sense on the brief page


def test_home_page_is_paginated(site):
    for day in range(1, 13):
        site.add_brief(
            f"b{day}.md",
            f"---\ntitle: Brief number {day}\ndate: 2026-03-{day:02d}\ncategory: Research\n"
            f"hook: Hook {day}.\ntldr:\n  what_changed: C [1].\n  why_it_matters: M.\n  what_to_do_next: N.\n"
            "takeaways:\n  - T [1].\nsources:\n  - {title: S, url: 'https://example.org/'}\n---\n",
        )
    site.build(DEFAULT_PAGINATION=10)
    first, second = site.page(""), site.page("page/2/")
    assert len(first.find_all("article", class_="card")) == 10
    assert len(second.find_all("article", class_="card")) == 2
    assert first.find("a", rel="next")["href"] == "/page/2/"
    assert second.find("a", rel="prev")["href"] == "/"


def test_category_tag_archive_about_and_404_pages(site):
    site.add_brief("brief_complete.md", folder="2026")
    site.add_brief("brief_minimal.md")
    (site.content / "pages" / "about.md").write_text("Title: About\n\nWho we are.\n")
    site.build()
    category = site.page("category/policy/")
    assert category.h1.get_text() == "Policy"
    assert len(category.find_all("article", class_="card")) == 1
    tag = site.page("tag/us-china/")
    assert tag.h1.get_text() == "Tag: us-china"
    assert site.page("categories/").find("a", href="/category/research/")
    assert site.page("tags/").find("a", href="/tag/compute/")
    # The archives list months; January 2026's page lists both briefs, newest first.
    assert [a["href"] for a in site.page("archives/").select("main li a")] == ["/archives/2026/01/"]
    month_links = [a["href"] for a in site.page("archives/2026/01/").select("main .archive-list a")]
    assert month_links == ["/briefs/a-minimal-brief/", f"/{COMPLETE}"]
    about = site.page("about/")
    assert about.h1.get_text() == "About"
    assert about.find("nav").find("a", attrs={"aria-current": "page"}).get_text() == "About"
    assert site.page("404.html").h1.get_text() == "Page not found"


def test_strict_build_fails_before_writing_and_names_the_problem(site, caplog):
    site.add_brief("brief_minimal.md")
    site.add_brief(
        "broken.md",
        (site.content / "briefs" / "brief_minimal.md").read_text().replace("category: Research\n", ""),
    )
    with pytest.raises(BriefsInvalid) as failure:
        site.build()
    assert failure.value.code != 0
    assert "1 error(s) in 1 file(s)" in str(failure.value)
    assert not (site.output / "index.html").exists()
    messages = [r.getMessage() for r in caplog.records]
    assert any(re.search(r"broken\.md:1: category: is required but missing", m) for m in messages)
    assert not any(m.startswith("Could not process") for m in messages)


def test_non_strict_build_leaves_invalid_brief_out_and_lists_it(site):
    site.add_brief("brief_minimal.md")
    site.add_brief("broken.md", "---\ntitle: Broken\n---\n")
    site.build(BRIEFS_STRICT=False)
    home = site.page("")
    assert len(home.find_all("article", class_="card")) == 1
    problems = texts(home.select(".build-problems li"))
    assert any("broken.md:1: date: is required but missing" in p for p in problems)
    assert not list((site.output / "briefs").glob("broken*"))


def test_drafts_are_previewed_in_development_and_not_published(site):
    site.add_brief("brief_minimal.md")
    draft = (
        (site.content / "briefs" / "brief_minimal.md")
        .read_text()
        .replace("title: A minimal brief", "title: Work in progress\nstatus: draft")
    )
    site.add_brief("draft.md", draft)
    site.build()
    assert site.page("drafts/work-in-progress/").find(class_="label--draft")
    assert "Work in progress" not in site.page("").get_text()
    site.output = site.root / "published"
    site.build("publishconf.py", OUTPUT_PATH=str(site.output))
    assert not (site.output / "drafts").exists()
    assert "Work in progress" not in site.page("archives/").get_text()


def test_two_briefs_with_one_slug_name_both_files(site, caplog):
    site.add_brief("brief_minimal.md")
    site.add_brief("copy.md", (site.content / "briefs" / "brief_minimal.md").read_text())
    with pytest.raises(BriefsInvalid):
        site.build()
    errors = [r.getMessage() for r in caplog.records if "slug" in r.getMessage()]
    assert any(
        re.search(r"copy\.md:2: slug: 'a-minimal-brief' is also the slug of .*brief_minimal\.md", e)
        for e in errors
    )
    assert any(re.search(r"brief_minimal\.md:2: slug: .* is also the slug of .*copy\.md", e) for e in errors)


def test_warnings_are_listed_in_a_preview_and_never_on_a_strict_site(site):
    site.add_brief("uncited.md", UNCITED)
    site.build()
    assert site.page("").find(class_="build-problems") is None
    site.build(BRIEFS_STRICT=False)
    listed = texts(site.page("").select(".build-problems li"))
    assert len(listed) == 1
    assert re.search(r"uncited\.md:\d+: sources\.1: source \[2\] is never cited", listed[0])


@pytest.mark.parametrize(
    ("written", "shown"),
    [("2026-01-19", "2026-01-19T00:00:00+08:00"), ("2026-01-19T23:30:00-05:00", "2026-01-19T23:30:00-05:00")],
)
def test_dates_without_a_time_are_midnight_in_the_site_time_zone(site, written, shown):
    site.add_brief(
        "b.md", (FIXTURES / "briefs" / "brief_minimal.md").read_text().replace("2026-01-20", written)
    )
    site.build(TIMEZONE="Asia/Shanghai")
    assert site.page("briefs/a-minimal-brief/").find("article").time["datetime"] == shown


def with_related(*slugs: str) -> str:
    pins = "".join(f"\n  - {slug}" for slug in slugs)
    return MINIMAL.replace("category: Research", f"category: Research\nrelated:{pins}")


MINIMAL = (FIXTURES / "briefs" / "brief_minimal.md").read_text()
# The minimal brief with a second source that nothing cites: valid, with one warning.
UNCITED = MINIMAL.replace(
    "    url: https://example.org/source\n",
    "    url: https://example.org/source\n  - title: Never cited\n    url: https://example.org/b\n",
)


def test_pinned_related_slugs_must_name_published_briefs(site, caplog):
    site.add_brief("other.md", MINIMAL.replace("A minimal brief", "Other brief"))
    site.add_brief("draft.md", MINIMAL.replace("A minimal brief", "Draft brief\nstatus: draft"))
    site.add_brief("pins.md", with_related("other-brief", "other-brif", "draft-brief", "a-minimal-brief"))
    with pytest.raises(BriefsInvalid, match="2 error"):
        site.build()
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert any(
        re.search(
            r"pins\.md:7: related\.1: no brief has the slug 'other-brif': it is missing; "
            r"did you mean 'other-brief'",
            e,
        )
        for e in errors
    )
    assert any(
        re.search(r"pins\.md:8: related\.2: 'draft-brief' is a draft \(.*draft\.md\)", w) for w in warnings
    )
    assert any(re.search(r"pins\.md:9: related\.3: is this brief's own slug", e) for e in errors)


@pytest.mark.parametrize(
    ("broken", "named"),
    [
        ("slug: broken-brief\ndate: 2026-13-01", "its slug"),
        ("title: Broken brief\ndate: 2026-13-01", "its title"),
        ("title: [unclosed", "its file name"),
    ],
    ids=lambda value: value if value.startswith("its") else "",
)
def test_a_pin_to_an_invalid_brief_is_a_warning_and_the_pinning_brief_builds(site, caplog, broken, named):
    site.add_brief("broken-brief.md", MINIMAL.replace("title: A minimal brief\ndate: 2026-01-20", broken))
    site.add_brief("pins.md", with_related("broken-brief"))
    site.build(BRIEFS_STRICT=False)
    assert (site.output / "briefs" / "a-minimal-brief" / "index.html").is_file()
    assert not (site.output / "briefs" / "broken-brief").exists()
    pin = [r for r in caplog.records if "pins.md:6: related.0" in r.getMessage()]
    assert [r.levelname for r in pin] == ["WARNING"], named
    assert "'broken-brief' is invalid: " in pin[0].getMessage()
    assert "broken-brief.md has errors of its own" in pin[0].getMessage()
    assert "missing" not in pin[0].getMessage()
    listed = texts(site.page("").select(".build-problems li"))
    assert any("broken-brief.md:" in line for line in listed)


def test_a_preview_leaves_out_briefs_that_fail_checks_across_briefs(site):
    site.add_brief("pins.md", with_related("missing"))
    site.add_brief("other.md", MINIMAL.replace("A minimal brief", "Other brief"))
    site.build(BRIEFS_STRICT=False)
    assert not (site.output / "briefs" / "a-minimal-brief").exists()
    assert (site.output / "briefs" / "other-brief" / "index.html").exists()
    assert "A minimal brief" not in site.page("archives/").get_text()
    assert "A minimal brief" not in site.page("tags/").get_text() + site.page("categories/").get_text()


def test_warnings_survive_a_rebuild_from_pelicans_content_cache(site):
    site.add_brief("uncited.md", UNCITED)
    site.add_brief("other.md", MINIMAL.replace("A minimal brief", "Another brief"))
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "BRIEFS_STRICT": False}
    site.build(**cache)
    (site.content / "briefs" / "other.md").write_text(MINIMAL.replace("A minimal brief", "Another, edited"))
    site.build(**cache)  # uncited.md now comes from the cache
    listed = texts(site.page("").select(".build-problems li"))
    assert any("source [2] is never cited" in line for line in listed), listed
