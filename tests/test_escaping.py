"""Hostile text in every field of a brief reaches readers as text, never as markup or script."""

from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, executable_scripts

PAYLOAD = '<script>alert(1)</script><img src=x onerror=alert(2)>"\' onmouseover="alert(3)</a>&amp;'
BAD_LINKS = "[a](javascript:alert(4)) [b](data:text/html,hi) [c](ftp://example.org/) [d](JaVa\tScRiPt:x)"
# Every text field and the body carry PAYLOAD and BAD_LINKS; also a case of the hostile corpus.
HOSTILE = (FIXTURES / "hostile" / "script_in_every_field.md").read_text(encoding="utf-8")


@pytest.fixture
def hostile_site(site):
    site.add_brief("hostile.md", HOSTILE)
    site.build()
    return site


PAGES = [
    "briefs/t-script-alert-1-script-img-src-x-onerror-alert-2-onmouseover-alert-3-a-amp/",
    "",
    "archives/",
    "categories/",
    "tags/",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_script_handler_or_unsafe_link_survives(hostile_site, path):
    page = hostile_site.page(path)
    assert executable_scripts(page) == []
    assert page.find_all("img") == []
    for element in page.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert handlers == [], element
    for element in page.find_all(href=True):
        assert re.match(r"^(https?://|/|#)", element["href"]), element
    for element in page.find_all(src=True):
        assert re.match(r"^(https?://|/)", element["src"]), element


def test_hostile_text_is_shown_literally(hostile_site):
    page = hostile_site.page(PAGES[0])
    assert page.h1.get_text() == f"T {PAYLOAD}"
    assert page.title.get_text().startswith(f"T {PAYLOAD}")
    visible = page.find("main").get_text()
    for label in (
        "Hook",
        "Changed",
        "Matters",
        "Next",
        "Takeaway",
        "Dive",
        "Dive text",
        "Implications",
        "Event",
        "Source",
        "Publisher",
        "Original",
        "Body",
    ):
        assert f"{label} {PAYLOAD}"[:60] in visible, label
    assert '<div onclick="alert(5)">raw block</div>' in visible  # raw HTML is escaped, not dropped
    source_link = page.find(id="source-1").find("a", rel="noopener")
    assert source_link["href"] == 'https://example.org/?q=<script>"x"'


def test_unsafe_link_targets_become_plain_text(hostile_site):
    page = hostile_site.page(PAGES[0])
    takeaway = page.find(id="takeaways").li
    assert [a.get("href") for a in takeaway.find_all("a")] == []
    assert [span.get_text() for span in takeaway.find_all("span")] == ["a", "b", "c", "d"]


def test_external_links_open_without_opener(hostile_site):
    page = hostile_site.page(PAGES[0])
    external = page.find_all("a", href=re.compile("^https?://"))
    assert external
    for link in external:
        assert "noopener" in link.get("rel", []), link
