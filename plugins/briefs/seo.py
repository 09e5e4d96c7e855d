"""What search engines and link previews read: JSON-LD for each brief, sitemap.xml and robots.txt.

Canonical, OpenGraph and Twitter tags are in the theme's head partial; the data they need that a
template should not compute (absolute URLs, the JSON-LD document) is prepared here.
"""

from __future__ import annotations

import json
import os
from xml.sax.saxutils import escape

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator


def absolute(settings: dict, url: str) -> str:
    """`url` (a site path such as 'briefs/x/') as readers outside the site must see it."""
    return f"{settings['SITEURL']}/{url}"


def json_ld(article, settings: dict) -> Markup:
    """A schema.org NewsArticle, safe to place inside <script type="application/ld+json">."""
    brief = article.brief
    url = absolute(settings, article.url)
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": brief.hook_text,
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": article.date.isoformat(),
        "dateModified": getattr(article, "modified", article.date).isoformat(),
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in getattr(article, "tags", [])],
        "publisher": {"@type": "Organization", "name": settings["SITENAME"], "url": absolute(settings, "")},
        "citation": [
            {"@type": "CreativeWork", "name": s.title, "url": s.url, "publisher": s.publisher}
            for s in brief.sources
        ],
    }
    card = getattr(article, "social_card_url", None)
    if card:
        document["image"] = absolute(settings, card)
    text = json.dumps(document, ensure_ascii=False, indent=1)
    # '<', '>' and '&' as JSON escapes, so no text can close the script element.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


class JsonLd:
    """A brief's JSON-LD, made when its page is rendered: a page kept from the last build needs none."""

    def __init__(self, article, settings: dict):
        self.article = article
        self.settings = settings

    def __html__(self) -> Markup:
        return json_ld(self.article, self.settings)


class SeoGenerator(Generator):
    """Gives every brief its JSON-LD, and writes sitemap.xml and robots.txt."""

    def generate_context(self) -> None:
        for article in self._briefs():
            article.json_ld = JsonLd(article, self.settings)

    def _briefs(self) -> list:
        return [a for a in self.context.get("articles", []) if hasattr(a, "brief")]

    def generate_output(self, writer) -> None:
        os.makedirs(self.output_path, exist_ok=True)
        sitemap_path = self.settings["BRIEFS_SITEMAP_SAVE_AS"]
        with open(os.path.join(self.output_path, sitemap_path), "w", encoding="utf-8") as handle:
            handle.write(self._sitemap())
        with open(os.path.join(self.output_path, "robots.txt"), "w", encoding="utf-8") as handle:
            handle.write(f"User-agent: *\nAllow: /\nSitemap: {absolute(self.settings, sitemap_path)}\n")

    def _sitemap(self) -> str:
        """Every page a reader may land on, briefs with the date they last changed."""
        entries = [(absolute(self.settings, ""), None)]
        for article in self._briefs():
            changed = getattr(article, "modified", article.date)
            entries.append((absolute(self.settings, article.url), changed.isoformat()))
        for page in self.context.get("pages", []):
            entries.append((absolute(self.settings, page.url), None))
        for group in ("categories", "tags"):
            entries += [(absolute(self.settings, term.url), None) for term, _ in self.context.get(group, [])]
        for key, index in (("RECAPS", "BRIEFS_RECAPS_URL"), ("STORIES", "BRIEFS_STORIES_URL")):
            items = self.context.get(key) or []
            entries += [(absolute(self.settings, item.url), None) for item in items]
            if items:
                entries.append((absolute(self.settings, self.settings[index]), None))
        for url_setting in ("ARCHIVES_URL", "CATEGORIES_URL", "TAGS_URL"):
            entries.append((absolute(self.settings, self.settings[url_setting]), None))
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for loc, lastmod in dict(entries).items():
            modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
            lines.append(f"  <url><loc>{escape(loc)}</loc>{modified}</url>")
        lines.append("</urlset>")
        return "\n".join(lines) + "\n"


def get_generators(_pelican):
    return SeoGenerator


def register() -> None:
    # A generator of its own runs after the briefs, recaps and stories are known.
    signals.get_generators.connect(get_generators)
