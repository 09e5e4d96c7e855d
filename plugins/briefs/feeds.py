"""Feeds: Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the briefs (all, per category, per tag) and an Atom
feed of the weekly recaps; each entry carries the whole card, readable where a feed reader shows it.

Why not Pelican's own feeds: its `Writer.write_feed` gives every entry a `tag:` id made from the
host that serves the site (so a move to a custom domain makes every entry new), gives RSS a single
`description` (the summary or the content, never `content:encoded` beside a summary; the feed class
is chosen inside the writer), and takes the channel description from SITESUBTITLE. None of that is a
setting or a public hook, so this module writes the feeds itself with feedgenerator, the library
Pelican's writer uses, through its public extension points (`rss_attributes`, `add_item_elements`),
and the plugin switches Pelican's feed settings off (settings.py).

Every link in an entry is absolute: a citation `[2]` points at `#source-2` of the brief's page,
and the entry lists the sources with their numbers too, so it reads whole without the page.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from html import escape

from feedgenerator import Atom1Feed, Rss201rev2Feed
from pelican import signals
from pelican.generators import Generator

from .articles import briefs_in
from .feed_entries import Entry, IdAuthority, brief_entry, day_of, feed_url, organisation, recap_entry

logger = logging.getLogger(__name__)

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"


# Feed formats


@dataclass(frozen=True)
class Feed:
    path: str
    title: str
    home: str  # a site path
    description: str
    entries: list[Entry]  # newest first, at most FEED_MAX_ITEMS
    id: str


class AtomFeed(Atom1Feed):
    """Atom 1.0 (RFC 4287) with every author of an entry; feedgenerator writes one."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 with the whole entry in the content module's `content:encoded`, beside the summary
    in `description`."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NAMESPACE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


def write_xml(feed: Feed, settings: dict, output_path: str, kind: str) -> None:
    home = feed_url(settings, feed.home)
    writer_class = AtomFeed if kind == "atom" else RssFeed
    xml = writer_class(
        title=feed.title,
        link=home,
        # Atom's subtitle is text; RSS readers render the channel's description as HTML, and it
        # holds editors' category and tag names.
        description=feed.description if kind == "atom" else escape(feed.description),
        language=settings["DEFAULT_LANG"],
        author_name=organisation(settings),
        author_link=feed_url(settings, ""),
        feed_url=feed_url(settings, feed.path),
        feed_guid=feed.id,
    )
    for entry in feed.entries:
        xml.add_item(
            title=entry.title,
            link=entry.url,
            description=entry.summary_html,
            content=entry.content_html,
            unique_id=entry.id,
            unique_id_is_permalink=False,  # a tag: URI, which RSS would otherwise read as the link
            pubdate=entry.published,
            updateddate=entry.updated,
            categories=(entry.category, *entry.tags) if entry.category else entry.tags,
            # RSS names the writers with dc:creator; Atom gets one author element each (AtomFeed).
            author_name=", ".join(entry.authors) if kind == "rss" else None,
            authors=entry.authors,
        )
    with _open(output_path, feed.path) as handle:
        xml.write(handle, "utf-8")


def write_json(feed: Feed, settings: dict, output_path: str) -> None:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed_url(settings, feed.home),
        "feed_url": feed_url(settings, feed.path),
        "description": feed.description,
        "language": settings["DEFAULT_LANG"],
        "authors": [{"name": organisation(settings), "url": feed_url(settings, "")}],
        "items": [_json_item(entry) for entry in feed.entries],
    }
    with _open(output_path, feed.path) as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)


def _json_item(entry: Entry) -> dict:
    item = {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content_html,
        "summary": entry.summary,
        "date_published": entry.published.isoformat(),
        "authors": [{"name": name} for name in entry.authors],
        "tags": list(entry.tags),
    }
    if entry.updated:
        item["date_modified"] = entry.updated.isoformat()
    if entry.image:
        item["image"] = entry.image
    return item


def _open(output_path: str, path: str):
    target = os.path.join(output_path, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    return open(target, "w", encoding="utf-8")


@dataclass
class Written:
    feeds: int = 0
    entries: int = 0


class FeedGenerator(Generator):
    """Writes every feed from the briefs and recaps the other generators made."""

    def generate_context(self) -> None:
        """Nothing to read: the feeds are made from the briefs the article generator read."""

    def generate_output(self, writer) -> None:
        start = time.perf_counter()
        # The live preview's writer writes a file when it is asked for; a build's, at once.
        self._later = getattr(writer, "write_later", None)
        settings = self.settings
        self.written = Written()
        self.authority = IdAuthority.of(settings)
        if settings.get("BRIEFS_CNAME") and not settings.get("BRIEFS_FEED_ID_AUTHORITY"):
            logger.warning(
                "BRIEFS_CNAME is set but BRIEFS_FEED_ID_AUTHORITY is not: feed entry ids use %s, and "
                "change when the site's address does; set it to the address the site was first "
                "published at (see README)",
                self.authority.host,
            )
        self._entries: dict[str, Entry] = {}
        site = settings["SITENAME"]
        description = settings.get("SITE_DESCRIPTION") or f"Briefs from {site}."
        model = self.context["site"]
        briefs = list(model.briefs)
        all_keys = ("BRIEFS_FEED_ALL_ATOM", "BRIEFS_FEED_ALL_RSS", "BRIEFS_JSON_FEED")
        self._brief_feeds(all_keys, site, "", description, briefs)
        for category, articles in self.context.get("categories", []):
            self._brief_feeds(
                ("BRIEFS_CATEGORY_FEED_ATOM", "BRIEFS_CATEGORY_FEED_RSS", "BRIEFS_CATEGORY_JSON_FEED"),
                f"{site}: {category.name}",
                category.url,
                f"Briefs in {category.name} from {site}.",
                articles,
                slug=category.slug,
            )
        for tag, articles in self.context.get("tags", []):
            self._brief_feeds(
                ("BRIEFS_TAG_FEED_ATOM", "BRIEFS_TAG_FEED_RSS"),
                f"{site}: {tag.name}",
                tag.url,
                f"Briefs tagged {tag.name} from {site}.",
                articles,
                slug=tag.slug,
            )
        self._recap_feed(model.recaps)
        logger.info(
            "Feeds: wrote %d feeds (%d entries, %d briefs made into entries) in %.1f s",
            self.written.feeds,
            self.written.entries,
            len(self._entries),
            time.perf_counter() - start,
        )

    def _brief_feeds(self, keys, title, home, description, articles, slug="") -> None:
        """The feeds named by the settings `keys` (each ends in its format) of these briefs."""
        articles = briefs_in(articles)
        if not articles:
            return
        newest = sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)
        for key in keys:
            path = self.settings.get(key)
            if not path:
                continue
            path = path.format(slug=slug)

            def feed(path=path) -> Feed:
                return Feed(
                    path,
                    title,
                    home,
                    description,
                    [self._brief(a) for a in newest[: self._most(slug)]],
                    self.authority.id(day_of(newest[-1].brief.data.date), "feed", path),
                )

            self._write(path, feed, key)

    def _most(self, term: str) -> int | None:
        """How many entries a feed holds (None: every brief); a category's or tag's, fewer."""
        settings = self.settings
        limits = (settings.get("FEED_MAX_ITEMS"), settings["BRIEFS_TERM_FEED_MAX_ITEMS"] if term else 0)
        return min((limit for limit in limits if limit), default=None)

    def _brief(self, article) -> Entry:
        """Each brief's entry made once, however many feeds list it."""
        entry = self._entries.get(article.source_path)
        if entry is None:
            entry = self._entries[article.source_path] = brief_entry(
                article, self.settings, self.authority, self.context["site"].card_url(article.url)
            )
        return entry

    def _recap_feed(self, recaps: list) -> None:
        path = self.settings["BRIEFS_RECAP_FEED_ATOM"]
        if not path or not recaps:
            return
        newest = list(reversed(recaps))[: self.settings.get("FEED_MAX_ITEMS")]

        def feed() -> Feed:
            return Feed(
                path,
                f"{self.settings['SITENAME']}: weekly recaps",
                self.settings["BRIEFS_RECAPS_URL"],
                "One entry per week: the AI briefs published that week.",
                [recap_entry(recap, self.settings, self.authority) for recap in newest],
                self.authority.id(recaps[0].week.monday, "feed", path),
            )

        self._write(path, feed, "BRIEFS_RECAP_FEED_ATOM")

    def _write(self, path: str, make_feed, key: str) -> None:
        """Write the feed `make_feed()` makes at `path`: now, or in the preview when it is asked for."""
        if self._later:
            self._later(path, lambda: self._write_now(make_feed(), key))
        else:
            self._write_now(make_feed(), key)

    def _write_now(self, feed: Feed, key: str) -> None:
        self.written.feeds += 1
        self.written.entries += len(feed.entries)
        if key.endswith("JSON_FEED"):
            write_json(feed, self.settings, self.output_path)
        else:
            write_xml(feed, self.settings, self.output_path, "atom" if key.endswith("ATOM") else "rss")


def get_generators(_pelican):
    return FeedGenerator


def register() -> None:
    # A generator of its own, run once the briefs, categories, tags and recaps are known.
    signals.get_generators.connect(get_generators)
