"""Readers see where to subscribe: every listing names its feeds, and every link leads to a feed
the build wrote, in the format the link says."""

from __future__ import annotations

import pytest

from conftest import Site

FORMATS = {"Atom": "application/atom+xml", "RSS": "application/rss+xml", "JSON Feed": "application/feed+json"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = Site.of_fixture_site(tmp_path_factory.mktemp("subscribe"))
    site.build()
    return site


def subscribe_links(site: Site, path: str) -> dict[str, dict[str, str]]:
    """Each subscribe line of the page's main part and footer: its label, then format -> link."""
    lines = {}
    for line in site.page(path).select(".subscribe"):
        label = line.find("span").get_text(strip=True)
        lines[label] = {a.get_text(strip=True): a["href"] for a in line.find_all("a")}
        for a in line.find_all("a"):
            assert a["type"] == FORMATS[a.get_text(strip=True)]
    return lines


@pytest.mark.parametrize(
    ("path", "label", "formats"),
    [
        ("", "Subscribe to all briefs:", {"Atom", "RSS", "JSON Feed"}),
        ("category/policy/", "Subscribe to briefs in Policy:", {"Atom", "RSS", "JSON Feed"}),
        ("recaps/", "Subscribe to the weekly recaps:", {"Atom"}),
    ],
)
def test_listings_link_their_feeds_and_every_link_leads_to_a_written_feed(built, path, label, formats):
    lines = subscribe_links(built, path)
    assert set(lines[label]) == formats, lines
    for line in lines.values():
        for href in line.values():
            assert href.startswith("/feeds/"), href
            written = (built.output / href.lstrip("/")).is_file()
            assert written, f"{path or 'home'} links {href}, which the build never wrote"


def test_a_tag_page_links_its_own_feeds(built):
    tag_page = next(p for p in sorted((built.output / "tag").iterdir()) if p.is_dir())
    lines = subscribe_links(built, f"tag/{tag_page.name}/")
    own = [links for label, links in lines.items() if label != "Subscribe to all briefs:"]
    assert own and set(own[0]) == {"Atom", "RSS"}
    assert all(f"/feeds/tag/{tag_page.name}." in href for href in own[0].values())
    for href in own[0].values():
        assert (built.output / href.lstrip("/")).is_file()
