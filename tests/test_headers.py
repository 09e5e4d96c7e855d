"""Every page carries a Content-Security-Policy and a referrer policy that its own markup obeys."""

from __future__ import annotations

import re

import pytest

from conftest import Site, executable_scripts

PAGE_TYPES = [
    "",
    "briefs/chip-export-rules-tighten/",
    "category/policy/",
    "tag/compute/",
    "archives/",
    "categories/",
    "tags/",
    "about/",
    "404.html",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("headers"))
    site.add_brief("brief_complete.md")
    (site.content / "pages" / "about.md").write_text("Title: About\n\nAbout us.\n")
    site.build()
    return site


def policy(page) -> dict[str, list[str]]:
    meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None
    directives = [d.split() for d in meta["content"].split(";") if d.strip()]
    return {name: sources for name, *sources in directives}


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_policy_allows_only_this_site_and_no_inline_script(built, path):
    page = built.page(path)
    csp = policy(page)
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    for name, sources in csp.items():
        for source in sources:
            assert source in ("'self'", "'none'", "'wasm-unsafe-eval'") or re.fullmatch(
                r"'sha(256|384|512)-[A-Za-z0-9+/=]+'", source
            ), (
                name,
                source,
            )
    assert page.find("meta", attrs={"name": "referrer"})["content"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_pages_obey_their_own_policy(built, path):
    page = built.page(path)
    assert [s for s in executable_scripts(page) if not s.get("src")] == []
    assert page.find_all(style=True) == []
    assert page.find_all("style") == []
    for element in page.find_all(src=True) + page.find_all("link", href=True):
        url = element.get("src") or element["href"]
        assert not re.match(r"^(https?:)?//", url), element
