"""A feed entry as it stands alone in a reader: the whole card with absolute links, a short
summary beside it, and an id that never changes (feeds.py writes the entries into each feed).

Ids are `tag:` URIs minted by BRIEFS_FEED_ID_AUTHORITY (by default the first published address),
so moving the site to another host keeps every entry the same entry.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as midnight
from html import escape, unescape
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from markupsafe import Markup

from .rendering import feed_summary
from .words import counted, few_of

logger = logging.getLogger(__name__)

AI_ASSISTED_NOTE = "AI-assisted analysis: drafted with AI tools and checked by an editor against the sources."


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


def day_of(value: date) -> date:
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


def brief_entry(article, settings: dict, authority: IdAuthority, card: str | None) -> Entry:
    """A brief's entry; `card` is the address of its social card, the entry's image."""
    brief = article.brief
    url = feed_url(settings, article.url)
    return Entry(
        id=authority.id(day_of(brief.data.date), "brief", article.slug),
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
