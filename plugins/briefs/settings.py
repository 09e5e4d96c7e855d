"""The plugin's settings: defaults laid under the user's, each checked once with a clear message."""

from __future__ import annotations

import logging

from pelican import signals
from pelican.settings import DEFAULT_CONFIG

from .words import FILTERS

logger = logging.getLogger(__name__)

PELICAN_FEEDS = (
    "FEED_ATOM",
    "FEED_RSS",
    "FEED_ALL_ATOM",
    "FEED_ALL_RSS",
    "CATEGORY_FEED_ATOM",
    "CATEGORY_FEED_RSS",
    "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS",
    "TAG_FEED_ATOM",
    "TAG_FEED_RSS",
    "TRANSLATION_FEED_ATOM",
    "TRANSLATION_FEED_RSS",
)

DEFAULTS = {
    # Folder of briefs inside PATH; every Markdown file below it must be a valid brief.
    "BRIEFS_PATH": "briefs",
    # Invalid briefs stop the build (exit 1) when true; when false they are left out and listed.
    "BRIEFS_STRICT": True,
    # With WITH_FUTURE_DATES off, briefs dated after this moment are held back (ISO datetime with
    # offset; empty: the machine's clock). See schedule.py.
    "BRIEFS_NOW": "",
    # Set by the live preview (`make serve`) to the name of its current build; empty in a build.
    "BRIEFS_PREVIEW": "",
    # Processes that read briefs, render pages and draw cards in parallel (0: one per core), for
    # jobs of at least BRIEFS_PARALLEL_FROM items: below that, starting them costs more than it saves.
    "BRIEFS_WORKERS": 0,
    "BRIEFS_PARALLEL_FROM": 50,
    # How many related updates a brief shows, pins included (more pins than this are all shown).
    "BRIEFS_RELATED_MAX": 4,
    # How related updates are ranked (related.py): what each shared signal adds to a pair's score,
    "BRIEFS_RELATED_TAGS": 2.0,  # x the cosine of their tags, rare tags weighing more
    "BRIEFS_RELATED_STORY": 3.0,  # if they follow the same story
    "BRIEFS_RELATED_CATEGORY": 0.5,  # if they share a category
    "BRIEFS_RELATED_TEXT": 6.0,  # x the TF-IDF cosine of title, hook and takeaways
    "BRIEFS_RELATED_TIME": 0.5,  # x 2 ** (-days apart / BRIEFS_RELATED_TIME_HALF_LIFE_DAYS)
    "BRIEFS_RELATED_TIME_HALF_LIFE_DAYS": 30.0,
    "BRIEFS_RELATED_CONSENSUS": 1.0,  # x how well a candidate agrees with the brief's other best
    # ...and how widely it looks: a brief's strongest terms that find candidates, and that the text
    # cosine compares; neighbours in time on each side within each shared tag, story and term;
    # candidates scored exactly, and how many of those are checked against each other.
    "BRIEFS_RELATED_TERMS_PER_BRIEF": 8,
    "BRIEFS_RELATED_FULL_TERMS": 32,
    "BRIEFS_RELATED_WINDOW": 4,
    "BRIEFS_RELATED_SHORTLIST": 12,
    "BRIEFS_RELATED_CONSENSUS_SIZE": 6,
    # From this text cosine (0 to 1) on, a reason names the shared words ("same topic: ...").
    "BRIEFS_RELATED_MENTION_TEXT_SCORE": 0.15,
    # Weekly recaps: one page per ISO week with briefs; editor intros in PATH/BRIEFS_RECAPS_PATH.
    "BRIEFS_RECAPS_PATH": "recaps",
    "BRIEFS_RECAP_URL": "recaps/{week}/",
    "BRIEFS_RECAP_SAVE_AS": "recaps/{week}/index.html",
    "BRIEFS_RECAPS_URL": "recaps/",
    "BRIEFS_RECAPS_SAVE_AS": "recaps/index.html",
    "BRIEFS_RECAP_FEED_ATOM": "feeds/recaps.atom.xml",
    # Story threads: one page per `story`, and an index of stories.
    # Archives: the index (ARCHIVES_SAVE_AS) lists years and months; a page per month, paged.
    "BRIEFS_MONTH_URL": "archives/{year}/{month:02d}/",
    "BRIEFS_MONTH_SAVE_AS": "archives/{year}/{month:02d}/index.html",
    # An editor's name and intro for a story: PATH/BRIEFS_STORIES_PATH/<story>.md (plugins/briefs/story.py).
    "BRIEFS_STORIES_PATH": "stories",
    "BRIEFS_STORY_URL": "stories/{slug}/",
    "BRIEFS_STORY_SAVE_AS": "stories/{slug}/index.html",
    "BRIEFS_STORIES_URL": "stories/",
    "BRIEFS_STORIES_SAVE_AS": "stories/index.html",
    # A custom domain for GitHub Pages, written to CNAME (empty: none).
    "BRIEFS_CNAME": "",
    # "Edit this brief" links to the brief's file here when set, e.g. https://github.com/owner/repo.
    "BRIEFS_REPO_URL": "",
    "BRIEFS_REPO_BRANCH": "main",
    # The content folder's path inside the repository, for edit links.
    "BRIEFS_REPO_CONTENT_PATH": "content",
    # Feeds of all briefs, per category and per tag, each entry the whole card (feeds.py writes
    # them all; Pelican's own FEED_* settings are switched off). Empty: no such feed.
    "BRIEFS_FEED_ALL_ATOM": "feeds/all.atom.xml",
    "BRIEFS_FEED_ALL_RSS": "feeds/all.rss.xml",
    "BRIEFS_JSON_FEED": "feeds/all.json",
    "BRIEFS_CATEGORY_FEED_ATOM": "feeds/category/{slug}.atom.xml",
    "BRIEFS_CATEGORY_FEED_RSS": "feeds/category/{slug}.rss.xml",
    "BRIEFS_CATEGORY_JSON_FEED": "feeds/category/{slug}.json",
    "BRIEFS_TAG_FEED_ATOM": "feeds/tag/{slug}.atom.xml",
    "BRIEFS_TAG_FEED_RSS": "feeds/tag/{slug}.rss.xml",
    # The newest briefs a category's or tag's feed holds (at most FEED_MAX_ITEMS; 0: as many).
    # Every entry is a whole card (about 15 KB), and a site has a feed per term in each format.
    "BRIEFS_TERM_FEED_MAX_ITEMS": 10,
    # Who mints feed entry ids: the host (and folder) the site was first published at, such as
    # "owner.github.io/briefs"; empty: the current SITEURL's. Changing it makes every entry new.
    "BRIEFS_FEED_ID_AUTHORITY": "",
    # og:locale of every page (language_TERRITORY); empty: DEFAULT_LANG.
    "BRIEFS_OG_LOCALE": "",
    "BRIEFS_SITEMAP_SAVE_AS": "sitemap.xml",
    # Social cards (og:image): a 1200x630 PNG per brief, drawn at build time; empty SAVE_AS: none.
    "BRIEFS_SOCIAL_CARD_URL": "social/{slug}.png",
    "BRIEFS_SOCIAL_CARD_SAVE_AS": "social/{slug}.png",
    # Where drawn cards are kept between builds, inside CACHE_PATH (or an absolute path).
    "BRIEFS_SOCIAL_CACHE": "social",
    # Full-text search with Pagefind, indexed at every build into this folder of the output.
    "BRIEFS_SEARCH": True,
    "BRIEFS_SEARCH_BUNDLE": "pagefind",
    # Briefs per search index part (oldest first): a rebuild indexes again only the parts whose
    # pages changed, and Pagefind's memory stays bounded; the browser merges the parts.
    "BRIEFS_SEARCH_PART_SIZE": 1000,
    # Search results drawn at a time; "Show more results" draws the next ones.
    "BRIEFS_SEARCH_PAGE_SIZE": 10,
    # The Content-Security-Policy of every page: this site only, no inline script or style
    # (Pagefind's search runs WebAssembly, which needs 'wasm-unsafe-eval').
    "BRIEFS_CSP": "; ".join(
        [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            "img-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    ),
}


def apply_defaults(pelican) -> None:
    with_defaults(pelican.settings)


def with_defaults(settings: dict) -> dict:
    """Fill in missing BRIEFS_* settings, replace wrongly typed ones, and turn autoescape on."""
    for key, default in DEFAULTS.items():
        value = settings.setdefault(key, default)
        if not _fits(value, default):
            expected = (
                f"a {type(default).__name__} of 0 or more" if _number(default) else type(default).__name__
            )
            logger.warning(
                "Setting %s should be %s, not %r; using the default %r", key, expected, value, default
            )
            settings[key] = default
    # Content is Markdown only: Pelican's HTML and reStructuredText readers would pass raw HTML through.
    readers = settings.setdefault("READERS", {})
    for extension in ("html", "htm", "rst"):
        readers.setdefault(extension, None)
    # Brief text is untrusted: templates escape everything not marked safe by our Markdown step.
    jinja = settings.setdefault("JINJA_ENVIRONMENT", {})
    if jinja.get("autoescape") is False:
        logger.warning("JINJA_ENVIRONMENT autoescape=False is ignored: briefs need escaping")
    jinja["autoescape"] = True
    # Dates and counts in words for every template (words.py). Set here, as Pelican's own
    # JINJA_FILTERS setting, rather than on each generator's environment at `generator_init`:
    # every generator, a third party's too, reads this setting when it makes its environment, and
    # a site may still override a filter by name in its settings.
    settings["JINJA_FILTERS"] = {**FILTERS, **settings.get("JINJA_FILTERS", {})}
    # Feeds need absolute links: the site's address unless FEED_DOMAIN names another.
    settings["FEED_DOMAIN"] = settings.get("FEED_DOMAIN") or settings.get("SITEURL", "")
    # The plugin writes the feeds (feeds.py says why); Pelican's would be second, lesser copies.
    for key in PELICAN_FEEDS:
        value = settings.get(key)
        if value and value != DEFAULT_CONFIG.get(key):
            logger.warning(
                "Setting %s is ignored: the briefs plugin writes the feeds; use the BRIEFS_*FEED* settings",
                key,
            )
        settings[key] = None
    return settings


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _fits(value, default) -> bool:
    """A setting's value is of its default's type; a number (an int where a float is expected too)
    is never negative: every number here is a count, a size or a weight."""
    if _number(default):
        return _number(value) and (isinstance(default, float) or isinstance(value, int)) and value >= 0
    return isinstance(value, type(default))


def register() -> None:
    # `initialized` runs once settings are read and before any generator copies them.
    signals.initialized.connect(apply_defaults)
