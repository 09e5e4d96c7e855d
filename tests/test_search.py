"""The search index is part of every build; a strict build without one fails."""

from __future__ import annotations

import json
import re

import pytest

from briefs.search import SearchIndexFailed
from conftest import FIXTURES, ROOT

UNWRITABLE = "/proc/no-such-place"
COMPLETE = (FIXTURES / "briefs" / "brief_complete.md").read_text()  # Pagefind cannot write its bundle there


def test_every_build_indexes_just_the_briefs(site):
    site.add_brief("brief_minimal.md")
    site.add_brief("brief_complete.md")
    (site.content / "pages" / "about.md").write_text("Title: About\n\nAbout us.\n")
    site.build()
    entry = json.loads((site.output / "pagefind" / "1" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 2
    assert (site.output / "pagefind" / "1" / "pagefind.js").exists()
    search = site.page("search/")
    form = search.find("form", attrs={"data-search-form": True})
    assert form["data-search-parts"] == "pagefind/1"
    assert form["action"] == "/search/" and form.find("input", attrs={"name": "q"})
    assert search.find("script", type="module")["src"] == "/theme/js/search.js"
    header_form = site.page("").find("form", class_="site-search")
    assert header_form["action"] == "/search/" and header_form.find("label").get_text() == "Search briefs"


def test_the_index_names_each_brief_page_even_when_its_path_has_glob_characters(site):
    """Pagefind is told which pages to index by a glob that names each one."""
    site.add_brief("brief_minimal.md")
    site.add_brief("brief_complete.md")
    site.build(ARTICLE_URL="briefs/[{slug}],v1/", ARTICLE_SAVE_AS="briefs/[{slug}],v1/index.html")
    assert len(list(site.output.glob("briefs/*,v1/index.html"))) == 2
    entry = json.loads((site.output / "pagefind" / "1" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 2


def test_the_index_comes_in_parts_and_every_build_indexes_every_part(site):
    for n in range(5):
        text = COMPLETE.replace("slug: chip-export-rules-tighten", f"slug: brief-{n}")
        site.add_brief(
            f"b{n}.md", text.replace("2026-01-19", f"2026-01-{10 + n}").replace("story: chip-controls\n", "")
        )
    site.build(BRIEFS_SEARCH_PART_SIZE=2, BRIEFS_RELATED_MAX=0)
    parts = site.output / "pagefind"
    assert [part_pages(parts / str(n)) for n in (1, 2, 3)] == [2, 2, 1] and not (parts / "4").exists()
    search = site.page("search/").find(attrs={"data-search-form": True})
    assert search["data-search-parts"] == "pagefind/1 pagefind/2 pagefind/3"
    entries = {n: (parts / str(n) / "pagefind-entry.json").stat().st_ino for n in (1, 2, 3)}
    brief = site.content / "briefs" / "b2.md"  # the oldest brief of part 2
    brief.write_text(brief.read_text().replace("takeaways:\n  - ", "takeaways:\n  - Revised. "))
    site.build(BRIEFS_SEARCH_PART_SIZE=2, BRIEFS_RELATED_MAX=0)
    after = {n: (parts / str(n) / "pagefind-entry.json").stat().st_ino for n in (1, 2, 3)}
    assert [after[n] == entries[n] for n in (1, 2, 3)] == [False, False, False]  # nothing kept


def part_pages(folder) -> int:
    return json.loads((folder / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"]


def test_brief_pages_carry_the_filters_and_keep_navigation_out_of_the_index(site):
    site.add_brief("brief_complete.md")
    site.build()
    page = site.page("briefs/chip-export-rules-tighten/")
    body = page.find(attrs={"data-pagefind-body": True})
    assert body is not None and body.name == "article"
    filters = {
        el["data-pagefind-filter"].split(":")[0]: el
        for el in body.find_all(attrs={"data-pagefind-filter": True})
    }
    assert filters["category"].get_text() == "Policy"
    assert filters["week"]["data-pagefind-filter"] == "week:2026-W04"
    assert sorted(el.get_text() for el in body.find_all(attrs={"data-pagefind-filter": "tag"})) == [
        "compute",
        "export-controls",
        "us-china",
    ]
    assert all(sup.has_attr("data-pagefind-ignore") for sup in body.select("sup.cite"))


def test_search_js_reads_only_the_fields_brief_pages_set(site):
    """Every meta field search.js draws and every filter the search form offers is one the brief
    pages give Pagefind, and none they give goes unused."""
    site.add_brief("brief_complete.md")
    site.build()
    body = site.page("briefs/chip-export-rules-tighten/").find(attrs={"data-pagefind-body": True})
    meta_set = {
        el["data-pagefind-meta"].split(":")[0] for el in body.find_all(attrs={"data-pagefind-meta": True})
    }
    filters_set = {
        el["data-pagefind-filter"].split(":")[0] for el in body.find_all(attrs={"data-pagefind-filter": True})
    }
    script = (ROOT / "theme" / "static" / "js" / "search.js").read_text()
    assert set(re.findall(r"\bresult\.meta\.(\w+)", script)) == meta_set == {"title", "date", "date_label"}
    offered = {
        select["data-filter"] for select in site.page("search/").select("form[data-search-form] select")
    }
    assert offered == filters_set == {"category", "tag", "week"}


def test_a_strict_build_without_an_index_fails_with_the_reason(site):
    site.add_brief("brief_minimal.md")
    with pytest.raises(SearchIndexFailed, match=r"the search index could not be made: .*No such file"):
        site.build(BRIEFS_SEARCH_BUNDLE=UNWRITABLE)
    assert not (site.output / "index.html").exists()


def test_a_preview_without_an_index_still_builds(site, caplog):
    site.add_brief("brief_minimal.md")
    site.build(BRIEFS_SEARCH_BUNDLE=UNWRITABLE, BRIEFS_STRICT=False)
    assert (site.output / "index.html").exists()
    assert any("this preview has no search" in r.getMessage() for r in caplog.records)


def test_a_site_with_no_published_briefs_builds_without_an_index(site):
    (site.content / "pages" / "about.md").write_text("Title: About\n\nAbout us.\n")
    site.build()
    assert (site.output / "about" / "index.html").exists()
    assert not (site.output / "pagefind").exists()
