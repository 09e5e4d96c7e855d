"""Discovery on the built site: feeds read by a real parser, JSON Feed field by field, JSON-LD,
canonical and social tags, sitemap and robots.txt."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import pytest

from conftest import Site

SITE_URL = "https://briefs.example.org"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    site = Site.of_fixture_site(tmp_path_factory.mktemp("discovery"))
    site.build("publishconf.py", SITEURL=SITE_URL)
    return site


def brief_slugs(site: Site) -> list[str]:
    return sorted(p.parent.name for p in (site.output / "briefs").glob("*/index.html"))


@pytest.mark.parametrize("path", ["feeds/all.atom.xml", "feeds/all.rss.xml"])
def test_atom_and_rss_of_all_briefs_parse_and_summarise_each_brief(site, path):
    feed = feedparser.parse((site.output / path).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == len(brief_slugs(site))
    entry = next(e for e in feed.entries if e.link.endswith("/briefs/us-china-ai-risk-dialogue/"))
    assert entry.link == f"{SITE_URL}/briefs/us-china-ai-risk-dialogue/"
    assert entry.summary.startswith("<p>Washington and Beijing have held one formal AI dialogue")
    assert "<strong>What changed:</strong> Eighteen months after" in entry.summary
    assert "sup" not in entry.summary  # citation markers point into the page: not in feeds
    assert {t.term for t in entry.tags} >= {"Safety", "us-china"}


@pytest.mark.parametrize(
    "path",
    [
        "feeds/category/policy.atom.xml",
        "feeds/category/policy.rss.xml",
        "feeds/tag/eu-ai-act.atom.xml",
        "feeds/tag/eu-ai-act.rss.xml",
    ],
)
def test_category_and_tag_feeds_hold_just_their_briefs(site, path):
    feed = feedparser.parse((site.output / path).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries
    for entry in feed.entries:
        terms = {t.term for t in entry.tags}
        assert ("Policy" if "category" in path else "eu-ai-act") in terms


@pytest.mark.parametrize("path", ["feeds/all.json", "feeds/category/policy.json"])
def test_json_feed_follows_version_1_1_field_by_field(site, path):
    feed = json.loads((site.output / path).read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"].startswith("AI Briefs")
    assert feed["home_page_url"].startswith(SITE_URL + "/")
    assert feed["feed_url"] == f"{SITE_URL}/{path}"
    assert feed["items"]
    dates = [datetime.fromisoformat(i["date_published"]) for i in feed["items"]]
    assert dates == sorted(dates, reverse=True)
    for item in feed["items"]:
        assert set(item) >= {"id", "url", "title", "content_html", "summary", "date_published", "tags"}
        assert item["id"].startswith("tag:") and item["url"].startswith(f"{SITE_URL}/briefs/")
        assert datetime.fromisoformat(item["date_published"]).tzinfo is not None  # RFC 3339 needs an offset
        assert "What changed:" in item["summary"] and "<" not in item["summary"]
        assert item["content_html"].startswith("<p>")
        assert isinstance(item["tags"], list) and all(isinstance(t, str) for t in item["tags"])
    if "category" in path:
        assert len(feed["items"]) < len(brief_slugs(site))


def test_json_feed_holds_the_newest_feed_max_items_like_the_atom_feed(tmp_path):
    site = Site.of_fixture_site(tmp_path)
    site.build("publishconf.py", SITEURL=SITE_URL, FEED_MAX_ITEMS=2)
    feed = json.loads((site.output / "feeds" / "all.json").read_text())
    atom = feedparser.parse((site.output / "feeds" / "all.atom.xml").read_bytes())
    assert [item["url"] for item in feed["items"]] == [entry.link for entry in atom.entries]
    assert len(feed["items"]) == 2


def test_every_page_links_its_feeds(site):
    head = site.page("").head
    types = {link["type"]: link["href"] for link in head.find_all("link", rel="alternate")}
    assert types["application/atom+xml"].startswith(f"{SITE_URL}/feeds/")
    assert types["application/rss+xml"] == f"{SITE_URL}/feeds/all.rss.xml"
    assert types["application/feed+json"] == f"{SITE_URL}/feeds/all.json"
    category = site.page("category/policy/").head
    hrefs = [link["href"] for link in category.find_all("link", rel="alternate")]
    assert f"{SITE_URL}/feeds/category/policy.atom.xml" in hrefs


def test_brief_pages_carry_canonical_description_and_social_tags(site):
    page = site.page("briefs/us-china-ai-risk-dialogue/")
    head = page.head
    url = f"{SITE_URL}/briefs/us-china-ai-risk-dialogue/"
    assert head.find("link", rel="canonical")["href"] == url
    hook = page.find(class_="brief__hook").get_text()
    assert head.find("meta", attrs={"name": "description"})["content"] == hook
    meta = {
        m.get("property") or m.get("name"): m["content"] for m in head.find_all("meta") if m.get("content")
    }
    assert meta["og:type"] == "article"
    assert meta["og:url"] == url
    assert meta["og:title"] == page.h1.get_text()
    assert meta["og:description"] == hook
    assert meta["article:section"] == "Safety"
    assert meta["twitter:card"] in ("summary", "summary_large_image")


def test_json_ld_describes_the_brief_as_a_news_article(site):
    page = site.page("briefs/us-china-ai-risk-dialogue/")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == page.h1.get_text()
    assert data["datePublished"].startswith("2025-11-10")
    assert datetime.fromisoformat(data["dateModified"]) >= datetime.fromisoformat(data["datePublished"])
    assert data["publisher"]["name"] == "AI Briefs" and data["publisher"]["url"] == f"{SITE_URL}/"
    assert data["articleSection"] == "Safety"
    assert "us-china" in data["keywords"]
    sources = page.select("ol.sources > li > a[rel=noopener]")
    assert [c["url"] for c in data["citation"]] == [a["href"] for a in sources]
    assert all(c["@type"] == "CreativeWork" and c["name"] for c in data["citation"])


def test_sitemap_lists_every_brief_with_its_last_change(site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(site.output / "sitemap.xml").getroot()
    urls = {u.find("s:loc", ns).text: u.find("s:lastmod", ns) for u in root.findall("s:url", ns)}
    for slug in brief_slugs(site):
        lastmod = urls[f"{SITE_URL}/briefs/{slug}/"]
        assert lastmod is not None and datetime.fromisoformat(lastmod.text)
    for path in ("", "about/", "archives/", "recaps/", "stories/eu-ai-act/", "category/policy/"):
        assert f"{SITE_URL}/{path}" in urls
    for loc in urls:
        relative = loc.removeprefix(SITE_URL + "/")
        assert (site.output / relative / "index.html").exists() or relative == "", loc


def test_robots_names_the_sitemap(site):
    robots = (site.output / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in robots


def test_each_brief_has_a_social_card_as_its_image(site):
    from PIL import Image

    for slug in brief_slugs(site):
        head = site.page(f"briefs/{slug}/").head
        image = head.find("meta", property="og:image")["content"]
        assert image == f"{SITE_URL}/social/{slug}.png"
        assert head.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
        with Image.open(site.output / image.removeprefix(SITE_URL + "/")) as card:
            assert card.size == (1200, 630)
