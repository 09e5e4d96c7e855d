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
import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as midnight
from html import escape, unescape
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed, Rss201rev2Feed
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .words import counted, few_of

logger = logging.getLogger(__name__)

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
AI_ASSISTED_NOTE = "AI-assisted analysis: drafted with AI tools and checked by an editor against the sources."


def feed_summary(brief) -> Markup:
    """The hook and what changed, as HTML without citation markers (they point into the page)."""
    return Markup("<p>{}</p><p><strong>What changed:</strong> {}</p>").format(
        brief.hook_card, brief.what_changed_card
    )


def summary_text(brief) -> str:
    return f"{brief.hook_text} What changed: {brief.what_changed_card.striptags()}"


# Addresses and ids


def site_base(settings: dict) -> str:
    """The address feed readers reach the site at: SITEURL when absolute, else FEED_DOMAIN."""
    site = settings.get("SITEURL", "")
    return (site if urlsplit(site).scheme else settings.get("FEED_DOMAIN", "")).rstrip("/")


def feed_url(settings: dict, path: str) -> str:
    return f"{site_base(settings)}/{path}"


@dataclass(frozen=True)
class IdAuthority:
    """Who mints the ids of entries (RFC 4151 `tag:` URIs): a host, and a path below it when the
    site lives in a folder. It comes from BRIEFS_FEED_ID_AUTHORITY, not from where the site is
    served, so ids survive a move; when that setting is empty, from the site's address."""

    host: str
    path: str

    @classmethod
    def of(cls, settings: dict) -> IdAuthority:
        value = settings.get("BRIEFS_FEED_ID_AUTHORITY", "").strip() or site_base(settings)
        parts = urlsplit(value if "//" in value else f"//{value}")
        try:
            host = (parts.hostname or "").lower()
        except ValueError:
            host = ""
        if not host or any(ch.isspace() for ch in value):
            if settings.get("BRIEFS_FEED_ID_AUTHORITY"):
                logger.warning(
                    "Setting BRIEFS_FEED_ID_AUTHORITY should be a host with an optional path, such as "
                    "'owner.github.io/briefs', not %r; using 'localhost'",
                    settings["BRIEFS_FEED_ID_AUTHORITY"],
                )
            host = "localhost"
        return cls(host, parts.path.strip("/"))

    def id(self, day: date, *names: str) -> str:
        """The `tag:` URI of one thing the site published on `day`, named by `names`."""
        specific = "/".join(part for part in (self.path, *names) if part)
        return f"tag:{self.host},{day.isoformat()}:{specific}"


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


# Entry content


# A start tag of HTML that Python-Markdown or Markup.format wrote: attribute values are quoted with
# '"' and have '<', '>', '"' and '&' escaped, and text has '<' escaped, so every '<' that is
# followed by a letter opens a tag that ends at the next '>'.
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)((?:\s[^>]*)?)>")
_ATTRIBUTE = re.compile(r'\s([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?')


def absolute_links(html: str, base: str) -> Markup:
    """`html` (ours: rendered from briefs) with every href and src made absolute, resolved as on the
    page at `base`, and without `id` and `data-*` attributes, which would clash between entries
    that a reader shows on one page. A regular expression, not a parser, because the HTML is ours
    (see _START_TAG) and a parser costs ten times as long, which at 5,000 briefs is seconds."""

    def tag(match: re.Match) -> str:
        attributes = []
        for name, value in _ATTRIBUTE.findall(match.group(2)):
            if name == "id" or name.startswith("data-"):
                continue
            if name in ("href", "src"):
                value = escape(urljoin(base, unescape(value)), quote=True)
            attributes.append(f' {name}="{value}"')
        return f"<{match.group(1)}{''.join(attributes)}>"

    return Markup(_START_TAG.sub(tag, html))


def card_html(article, page_url: str, body: str, site: str) -> Markup:
    """The whole card of a brief as feed readers show HTML: headings, paragraphs and lists only."""
    brief = article.brief
    parts = [Markup("<p><strong>{}</strong></p>").format(brief.hook)]
    if brief.ai_assisted:
        parts.append(Markup("<p><em>{}</em></p>").format(AI_ASSISTED_NOTE))
    parts.append(Markup("<h2>30-second TL;DR</h2>"))
    for label, text in (
        ("What changed", brief.what_changed),
        ("Why it matters", brief.why_it_matters),
        ("What to do next", brief.what_to_do_next),
    ):
        parts.append(Markup("<p><strong>{}:</strong> {}</p>").format(label, text))
    parts.append(Markup("<h2>Key takeaways</h2><ul>{}</ul>").format(_items(brief.takeaways)))
    if brief.deep_dive:
        parts.append(Markup("<h2>Technical deep dive</h2>"))
        for item in brief.deep_dive:
            if item.title:
                parts.append(Markup("<h3>{}</h3>").format(item.title))
            parts.append(Markup("<p>{}</p>").format(item.text))
    if brief.implications:
        parts.append(Markup("<h2>Future implications</h2>{}").format(brief.implications))
    if brief.timeline:
        events = [Markup("<strong>{}:</strong> {}").format(e.label, e.event) for e in brief.timeline]
        parts.append(Markup("<h2>Timeline</h2><ul>{}</ul>").format(_items(events)))
    if body.strip():
        parts.append(Markup("<h2>Deep insight</h2>{}").format(Markup(body)))
    sources = [
        Markup('[{}] {}: <a href="{}">{}</a>').format(s.number, s.publisher, s.url, s.title)
        for s in brief.sources
    ]
    # Numbered in the text, as the citations are: a reader may show a list without its numbers.
    parts.append(Markup("<h2>Sources ({})</h2><ul>{}</ul>").format(len(sources), _items(sources)))
    if brief.original:
        original = brief.original
        link = Markup('<p>Original source: <a href="{}">{}</a></p>')
        parts.append(link.format(original.url, original.name))
    parts.append(Markup('<p><a href="{}">Read this brief on {}</a></p>').format(page_url, site))
    return absolute_links(Markup("").join(parts), page_url)


def _items(texts) -> Markup:
    return Markup("").join(Markup("<li>{}</li>").format(text) for text in texts)


@dataclass(frozen=True)
class Entry:
    """One brief or recap as every feed format carries it."""

    id: str
    url: str
    title: str
    published: datetime
    updated: datetime | None
    summary_html: str
    summary: str
    content_html: str
    category: str | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    image: str | None = None


def organisation(settings: dict) -> str:
    """The name the site publishes under: AUTHOR, else SITENAME."""
    return settings.get("AUTHOR") or settings["SITENAME"]


def brief_entry(article, settings: dict, authority: IdAuthority) -> Entry:
    brief = article.brief
    url = feed_url(settings, article.url)
    card = getattr(article, "social_card_url", None)
    return Entry(
        id=authority.id(_day(brief.data.date), "brief", article.slug),
        url=url,
        title=article.title,
        published=article.date,
        updated=getattr(article, "modified", None),
        summary_html=str(feed_summary(brief)),
        summary=summary_text(brief),
        content_html=str(
            card_html(article, url, article.get_content(site_base(settings)), settings["SITENAME"])
        ),
        category=article.category.name,
        tags=tuple(tag.name for tag in getattr(article, "tags", [])),
        authors=tuple(brief.data.editors) or (organisation(settings),),
        image=feed_url(settings, card) if card else None,
    )


def recap_entry(recap, settings: dict, authority: IdAuthority) -> Entry:
    url = feed_url(settings, recap.url)
    monday = datetime.combine(recap.week.monday, midnight(), tzinfo=ZoneInfo(settings["TIMEZONE"]))
    parts = [Markup(recap.intro)] if recap.intro else []
    for category, articles in recap.groups:
        links = [
            Markup('<a href="{}">{}</a>: {}').format(feed_url(settings, a.url), a.title, a.brief.hook_card)
            for a in articles
        ]
        parts.append(Markup("<h2>{}</h2><ul>{}</ul>").format(category, _items(links)))
    parts.append(Markup('<p><a href="{}">Read this recap on {}</a></p>').format(url, settings["SITENAME"]))
    summary = f"{counted(len(recap.articles), 'brief')}: {few_of([a.title for a in recap.articles])}"
    return Entry(
        id=authority.id(recap.week.monday, "recap", recap.week.label),
        url=url,
        title=recap.title,
        published=monday,
        updated=max(getattr(a, "modified", a.date) for a in recap.articles),
        summary_html=str(Markup("<p>{}</p>").format(summary)),
        summary=summary,
        content_html=str(absolute_links(Markup("").join(parts), url)),
        authors=(organisation(settings),),
    )


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
        briefs = [a for a in self.context.get("articles", []) if hasattr(a, "brief")]
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
        self._recap_feed(self.context.get("RECAPS") or [])
        logger.info(
            "Feeds: wrote %d feeds (%d entries, %d briefs made into entries) in %.1f s",
            self.written.feeds,
            self.written.entries,
            len(self._entries),
            time.perf_counter() - start,
        )

    def _brief_feeds(self, keys, title, home, description, articles, slug="") -> None:
        """The feeds named by the settings `keys` (each ends in its format) of these briefs."""
        articles = [a for a in articles if hasattr(a, "brief")]
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
                    [self._brief(a) for a in newest[: self.settings.get("FEED_MAX_ITEMS")]],
                    self.authority.id(_day(newest[-1].brief.data.date), "feed", path),
                )

            self._write(path, feed, key)

    def _brief(self, article) -> Entry:
        """Each brief's entry made once, however many feeds list it."""
        entry = self._entries.get(article.source_path)
        if entry is None:
            entry = self._entries[article.source_path] = brief_entry(article, self.settings, self.authority)
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
