"""Feeds: Pelican writes Atom and RSS (all briefs, per category, per tag); this module writes JSON
Feed 1.1 for all briefs and per category, and gives every brief the summary that feeds show:
its hook and what changed."""

from __future__ import annotations

import json
import os

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .seo import absolute

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def feed_summary(brief) -> Markup:
    """The hook and what changed, as HTML without citation markers (they point into the page)."""
    return Markup("<p>{}</p><p><strong>What changed:</strong> {}</p>").format(
        brief.hook_card, brief.what_changed_card
    )


class JsonFeedGenerator(Generator):
    def generate_context(self) -> None:
        """Nothing to read: the feeds are made from the briefs the article generator read."""

    def generate_output(self, writer) -> None:
        briefs = [a for a in self.context.get("articles", []) if hasattr(a, "brief")]
        all_path = self.settings["BRIEFS_JSON_FEED"]
        if all_path:
            self._write(all_path, self.settings["SITENAME"], "", briefs)
        category_path = self.settings["BRIEFS_CATEGORY_JSON_FEED"]
        if category_path:
            for category, articles in self.context.get("categories", []):
                title = f"{self.settings['SITENAME']}: {category.name}"
                self._write(category_path.format(slug=category.slug), title, category.url, articles)

    def _write(self, path: str, title: str, home: str, articles: list) -> None:
        settings = self.settings
        newest = sorted(articles, key=lambda a: a.date, reverse=True)
        feed = {
            "version": JSON_FEED_VERSION,
            "title": title,
            "home_page_url": absolute(settings, home),
            "feed_url": absolute(settings, path),
            "description": settings.get("SITE_DESCRIPTION", ""),
            "language": settings["DEFAULT_LANG"],
            # The newest FEED_MAX_ITEMS, as in Pelican's Atom and RSS feeds (None: every brief).
            "items": [self._item(a) for a in newest[: settings.get("FEED_MAX_ITEMS")]],
        }
        target = os.path.join(self.output_path, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(feed, handle, ensure_ascii=False, indent=1)

    def _item(self, article) -> dict:
        brief = article.brief
        url = absolute(self.settings, article.url)
        item = {
            "id": url,
            "url": url,
            "title": article.title,
            "content_html": str(feed_summary(brief)),
            "summary": f"{brief.hook_text} What changed: {brief.what_changed_card.striptags()}",
            "date_published": article.date.isoformat(),
            "tags": [tag.name for tag in getattr(article, "tags", [])],
        }
        if hasattr(article, "modified"):
            item["date_modified"] = article.modified.isoformat()
        card = getattr(article, "social_card_url", None)
        if card:
            item["image"] = absolute(self.settings, card)
        return item


def get_generators(_pelican):
    return JsonFeedGenerator


def register() -> None:
    # A generator of its own, run once Pelican's article generator has the briefs and categories.
    signals.get_generators.connect(get_generators)
