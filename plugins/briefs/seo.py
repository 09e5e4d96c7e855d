"""What search engines and link previews read: each page's preview (title, description, card
image, JSON-LD), sitemap.xml and robots.txt.

The theme's head partial writes the canonical, OpenGraph and Twitter tags from `page_preview()`,
which decides here, once for every page type, what they say.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from xml.sax.saxutils import escape

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .social.layout import HEIGHT as CARD_HEIGHT
from .social.layout import WIDTH as CARD_WIDTH
from .words import counted, date_words, few_of


def absolute(settings: dict, url: str) -> str:
    """`url` (a site path such as 'briefs/x/') as readers outside the site must see it."""
    return f"{settings['SITEURL']}/{url}"


def _script_json(document) -> Markup:
    """JSON safe to place inside <script type="application/ld+json">."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))  # for machines: no spaces
    # '<', '>' and '&' as JSON escapes, so no text can close the script element.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@dataclass(frozen=True)
class PreviewImage:
    url: str
    alt: str
    width: int = CARD_WIDTH
    height: int = CARD_HEIGHT

    def json_ld(self) -> dict:
        return {"@type": "ImageObject", "url": self.url, "width": self.width, "height": self.height}


@dataclass(frozen=True)
class Preview:
    """What a link preview and a search engine read of one page: the head partial writes it out."""

    url: str
    title: str
    description: str
    kind: str = "website"  # og:type
    image: PreviewImage | None = None
    json_ld: tuple[Markup, ...] = ()
    article: object = None  # the brief, for the article:* properties
    locale: str = ""


def publisher(settings) -> dict:
    """The site as the publisher of every brief, with its logo."""
    return {
        "@type": "Organization",
        "name": settings["SITENAME"],
        "url": absolute(settings, ""),
        "logo": {"@type": "ImageObject", "url": absolute(settings, settings["THEME_STATIC_DIR"] + LOGO)},
    }


def news_article(article, settings, image: PreviewImage | None) -> dict:
    """A brief as schema.org NewsArticle: its editors and the site as authors, the site as publisher."""
    brief = article.brief
    url = absolute(settings, article.url)
    document = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": brief.hook_text,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": settings["DEFAULT_LANG"],
        "datePublished": article.date.isoformat(),
        "dateModified": (getattr(article, "modified", None) or article.date).isoformat(),
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in getattr(article, "tags", [])],
        "author": [{"@type": "Person", "name": name} for name in brief.data.editors]
        + [{"@type": "Organization", "name": settings["SITENAME"], "url": absolute(settings, "")}],
        "publisher": publisher(settings),
        "citation": [
            {"@type": "CreativeWork", "name": s.title, "url": s.url, "publisher": s.publisher}
            for s in brief.sources
        ],
    }
    if image:
        document["image"] = [image.json_ld()]
    return document


def breadcrumbs(settings, *crumbs: tuple[str, str]) -> dict:
    """Home, then each (name, site path) of `crumbs`."""
    trail = [(settings["SITENAME"], ""), *crumbs]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(settings, path)}
            for n, (name, path) in enumerate(trail, start=1)
        ],
    }


def collection(settings, preview_url: str, title: str, description: str, items, image) -> dict:
    """A page that lists briefs (or recaps, stories): CollectionPage with its ItemList."""
    document = {
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": title,
        "description": description,
        "url": preview_url,
        "inLanguage": settings["DEFAULT_LANG"],
        "isPartOf": {"@type": "WebSite", "name": settings["SITENAME"], "url": absolute(settings, "")},
        "publisher": publisher(settings),
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(items),
            "itemListElement": [
                {"@type": "ListItem", "position": n, "url": absolute(settings, item.url), "name": item.title}
                for n, item in enumerate(items, start=1)
            ],
        },
    }
    if image:
        document["image"] = [image.json_ld()]
    return document


LOGO = "/favicon.svg"  # in the theme's static folder

# Direct templates by the setting that names their file: their title and what they hold.
LISTING_PAGES = {
    "ARCHIVES_SAVE_AS": ("Archives", "Every brief of {site}, by date."),
    "CATEGORIES_SAVE_AS": ("Categories", "The categories of {site}'s briefs."),
    "TAGS_SAVE_AS": ("Tags", "The tags of {site}'s briefs."),
    "BRIEFS_RECAPS_SAVE_AS": ("Weekly AI Recaps", "Every week of {site}: the briefs published that week."),
    "BRIEFS_STORIES_SAVE_AS": ("Stories", "Developing stories that several briefs of {site} follow."),
    "SEARCH_SAVE_AS": ("Search", "Search every brief of {site}."),
}


@pass_context
def page_preview(context) -> Preview:
    """The preview of the page being rendered, chosen by what its template was given."""
    output = context.get("output_file") or ""
    path = context.get("page_url")
    path = path if isinstance(path, str) else output.removesuffix("index.html")
    base = Preview(
        absolute(context, path),
        context["SITENAME"],
        context.get("SITE_DESCRIPTION", ""),
        locale=context.get("BRIEFS_OG_LOCALE") or context["DEFAULT_LANG"].replace("-", "_"),
    )
    article, recap, story = context.get("article"), context.get("recap"), context.get("story")
    if article is not None and hasattr(article, "brief"):
        return _brief_preview(context, base, article)
    if recap is not None:
        titles = [a.title for a in recap.articles]
        week = f"{date_words(recap.week.monday)} to {date_words(recap.week.sunday)}"
        text = f"{counted(len(titles), 'brief')} from {week}: {few_of(titles)}."
        return _list_preview(context, base, recap.url, recap.title, text, recap.articles)
    if story is not None:
        parts = story.articles
        first, last = date_words(parts[0].date), date_words(parts[-1].date)
        text = f"{counted(len(parts), 'brief')} following one developing story, from {first} to {last}."
        return _list_preview(context, base, story.url, story.title, text, parts)
    page = context.get("page")
    if page is not None and hasattr(page, "title"):
        text = Markup(page.summary).striptags() or base.description
        return replace(base, title=page.title, description=text, image=_card(context, ""))
    listed = context.get("articles_page")
    for key, label, words in (("category", "", "in"), ("tag", "Tag: ", "tagged")):
        term = context.get(key)  # a brief's page has its category too, but returned above
        if term is not None:
            articles = list(context.get("articles") or [])
            title = _numbered(f"{label}{term.name}", listed)
            text = f"{counted(len(articles), 'brief')} {words} {term.name} from {context['SITENAME']}."
            items = listed.object_list if listed else articles
            return _list_preview(context, base, term.url, title, text, items)
    title, text = base.title, base.description
    for key, (name, words) in LISTING_PAGES.items():
        if context.get(key) and output == context[key]:
            title, text = name, words.format(site=context["SITENAME"])
    if output == "404.html":
        title = "Page not found"
    return replace(base, title=_numbered(title, listed), description=text, image=_card(context, ""))


def _brief_preview(settings, base: Preview, article) -> Preview:
    found = settings["site"].card_url(article.url)
    alt = f"{article.category.name}: {article.title}"
    image = PreviewImage(absolute(settings, found), alt) if found else None
    trail = breadcrumbs(settings, (article.category.name, article.category.url), (article.title, article.url))
    documents = (news_article(article, settings, image), trail)
    return replace(
        base,
        title=article.title,
        description=article.brief.hook_text,
        kind="article",
        image=image,
        json_ld=_scripts(documents),
        article=article,
    )


def _list_preview(settings, base: Preview, page_path: str, title: str, text: str, items) -> Preview:
    """A page that lists briefs: its own card and a CollectionPage of them."""
    image = _card(settings, page_path, title)
    document = collection(settings, base.url, title, text, items, image)
    return replace(base, title=title, description=text, image=image, json_ld=_scripts([document]))


def _card(settings, page_path: str, alt: str = "") -> PreviewImage | None:
    """The card drawn for `page_path` (social/), or else the home page's, which shows the site."""
    model = settings["site"]
    if not page_path or not model.card_url(page_path):
        page_path, alt = "", f"{settings['SITENAME']}: {settings.get('SITE_DESCRIPTION', '')}"
    found = model.card_url(page_path)
    return PreviewImage(absolute(settings, found), alt) if found else None


def _numbered(title: str, listed) -> str:
    number = getattr(listed, "number", 1)
    return f"{title}, page {number}" if number > 1 else title


def _scripts(documents) -> tuple[Markup, ...]:
    return tuple(_script_json(document) for document in documents)


def add_preview_function(generator) -> None:
    """Templates call `page_preview()` in the head partial; Pelican's Jinja globals are per generator."""
    generator.env.globals["page_preview"] = page_preview


class SeoGenerator(Generator):
    """Writes sitemap.xml and robots.txt."""

    def generate_context(self) -> None:
        """Nothing to prepare: previews are made as each page is rendered (`page_preview`)."""

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
        model = self.context["site"]
        for article in model.briefs:
            changed = getattr(article, "modified", article.date)
            entries.append((absolute(self.settings, article.url), changed.isoformat()))
        for page in self.context.get("pages", []):
            entries.append((absolute(self.settings, page.url), None))
        for group in ("categories", "tags"):
            entries += [(absolute(self.settings, term.url), None) for term, _ in self.context.get(group, [])]
        for items, index in ((model.recaps, "BRIEFS_RECAPS_URL"), (model.stories, "BRIEFS_STORIES_URL")):
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
    # Every generator's template environment, as it is made, gets the preview function.
    signals.generator_init.connect(add_preview_function)
