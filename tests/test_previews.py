"""Link previews and structured data of every page type of a published build: each page's own
OpenGraph and Twitter tags with an image that exists at the size it claims, and schema.org
JSON-LD as Google's Article and breadcrumb documentation asks for it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image
from test_feeds import COMPLETE, EDITED, SITE_URL, make_site

from conftest import Site

DESCRIPTION = "Curated AI news briefs: what changed, why it matters, and what to do next."
# Every page type, by a page of it: (site path, its og:title, a phrase of its og:description).
PAGES = {
    "brief": (
        f"briefs/{COMPLETE}/",
        "Chip export rules tighten for frontier training clusters",
        "New thresholds",
    ),
    "recap": ("recaps/2026-W04/", None, "2 briefs from 19 January 2026 to 25 January 2026"),
    "story": (
        "stories/chip-controls/",
        "Chip export rules tighten for frontier training clusters",
        "1 brief",
    ),
    "category": ("category/policy/", "Policy", "1 brief in Policy"),
    "tag": ("tag/compute/", "Tag: compute", "2 briefs tagged compute"),
    "page": ("about/", "About these briefs", "Who writes the briefs"),
    "home": ("", "AI Briefs", DESCRIPTION),
    "archives": ("archives/", "Archives", "Every brief of AI Briefs"),
    "categories": ("categories/", "Categories", "The categories"),
    "tags": ("tags/", "Tags", "The tags"),
    "recaps": ("recaps/", "Weekly AI Recaps", "Every week"),
    "stories": ("stories/", "Stories", "Developing stories"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    site = make_site(tmp_path_factory.mktemp("previews"))
    site.build("publishconf.py", SITEURL=SITE_URL, BRIEFS_SEARCH=False)
    return site


def meta(site: Site, path: str) -> dict[str, str]:
    head = site.page(path).head
    return {
        m.get("property") or m.get("name"): m["content"] for m in head.find_all("meta") if m.get("content")
    }


def json_ld(site: Site, path: str) -> dict[str, dict]:
    """The page's JSON-LD documents by @type."""
    scripts = site.page(path).head.find_all("script", type="application/ld+json")
    documents = [json.loads(script.string) for script in scripts]
    assert all(d["@context"] == "https://schema.org" for d in documents)
    return {d["@type"]: d for d in documents}


def local(site: Site, url: str) -> Path:
    path = url.removeprefix(SITE_URL + "/")
    assert path != url, url
    return site.output / path / "index.html" if path.endswith("/") or not path else site.output / path


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_type_has_its_own_preview_with_an_image(site, kind):
    path, title, phrase = PAGES[kind]
    tags = meta(site, path)
    canonical = site.page(path).head.find("link", rel="canonical")["href"]
    assert tags["og:url"] == canonical == f"{SITE_URL}/{path}"
    assert tags["og:locale"] == "en_US"
    if title:
        assert tags["og:title"] == title
    assert tags["og:title"] != "AI Briefs" or kind == "home"
    assert phrase in tags["og:description"]
    assert tags["og:description"] != DESCRIPTION or kind == "home"
    assert tags["twitter:card"] == "summary_large_image"
    # X falls back to og:title, og:description and og:image, so those are not said twice.
    assert not {"twitter:title", "twitter:description", "twitter:image"} & set(tags)
    assert tags["og:image:alt"] and tags["og:image:alt"] == tags["twitter:image:alt"]
    with Image.open(local(site, tags["og:image"])) as card:
        assert card.size == (int(tags["og:image:width"]), int(tags["og:image:height"]))


def test_recaps_stories_categories_and_tags_have_cards_of_their_own(site):
    images = {
        kind: meta(site, PAGES[kind][0])["og:image"] for kind in ("recap", "story", "category", "tag", "home")
    }
    assert len(set(images.values())) == len(images)
    assert images["recap"] == f"{SITE_URL}/social/recaps/2026-W04.png"


def test_a_brief_is_a_news_article_with_authors_images_and_its_last_change(site):
    documents = json_ld(site, f"briefs/{EDITED}/")
    article = documents["NewsArticle"]
    assert article["author"][:2] == [
        {"@type": "Person", "name": "Ada Lovelace"},
        {"@type": "Person", "name": "Grace Hopper"},
    ]
    assert article["author"][2]["@type"] == "Organization" and article["author"][2]["name"] == "AI Briefs"
    [image] = article["image"]
    assert image["@type"] == "ImageObject"
    with Image.open(local(site, image["url"])) as card:
        assert card.size == (image["width"], image["height"])
    logo = article["publisher"]["logo"]
    assert logo["@type"] == "ImageObject" and local(site, logo["url"]).exists()
    assert article["dateModified"] == article["datePublished"]  # no `updated`: unchanged since

    updated = json_ld(site, f"briefs/{COMPLETE}/")["NewsArticle"]
    assert datetime.fromisoformat(updated["datePublished"]) == datetime.fromisoformat(
        "2026-01-19T00:00:00+00:00"
    )
    assert datetime.fromisoformat(updated["dateModified"]) == datetime.fromisoformat(
        "2026-01-21T09:30:00+00:00"
    )
    tags = meta(site, f"briefs/{COMPLETE}/")
    assert tags["article:modified_time"] == updated["dateModified"]
    assert tags["article:published_time"] == updated["datePublished"]
    assert [a["@type"] for a in updated["author"]] == ["Organization"]  # no editors named


def test_a_brief_has_breadcrumbs_home_category_brief(site):
    trail = json_ld(site, f"briefs/{COMPLETE}/")["BreadcrumbList"]["itemListElement"]
    assert [(c["position"], c["name"]) for c in trail] == [
        (1, "AI Briefs"),
        (2, "Policy"),
        (3, "Chip export rules tighten for frontier training clusters"),
    ]
    assert all(local(site, crumb["item"]).exists() for crumb in trail)


@pytest.mark.parametrize("kind", ["recap", "story", "category", "tag"])
def test_pages_that_list_briefs_are_collection_pages_with_their_item_list(site, kind):
    path = PAGES[kind][0]
    page = json_ld(site, path)["CollectionPage"]
    assert page["url"] == f"{SITE_URL}/{path}" and page["name"] == meta(site, path)["og:title"]
    items = page["mainEntity"]["itemListElement"]
    assert page["mainEntity"]["@type"] == "ItemList" and page["mainEntity"]["numberOfItems"] == len(items)
    listed = [a["href"] for a in site.page(path).main.select("a[href*='/briefs/']")]
    assert items and all(item["url"] in listed for item in items)
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    assert all(local(site, item["url"]).exists() for item in items)
    assert page["image"][0]["url"] == meta(site, path)["og:image"]
