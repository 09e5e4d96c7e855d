"""Development settings: `make html` and `make serve` build with these; publishconf.py extends them."""

AUTHOR = "AI Briefs editors"
SITENAME = "AI Briefs"
SITE_DESCRIPTION = "Curated AI news briefs: what changed, why it matters, and what to do next."
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
BRIEFS_OG_LOCALE = "en_US"

PATH = "content"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["briefs"]

# Briefs are the articles; pages are ordinary Pelican pages; recaps are read by their own plugin.
ARTICLE_PATHS = ["briefs"]
PAGE_PATHS = ["pages"]
# Add folders here (e.g. "images") once content has static files; Pelican warns about missing ones.
STATIC_PATHS = []
BRIEFS_PATH = "briefs"
BRIEFS_STRICT = True

# Clean URLs: every page is a folder with an index.html.
INDEX_URL = ""
ARTICLE_URL = "briefs/{slug}/"
ARTICLE_SAVE_AS = "briefs/{slug}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "categories", "tags", "archives", "search", "404"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"

DEFAULT_PAGINATION = 20  # cards per home, category and tag page: fewer pages, less repeated chrome
# Month pages list titles only, so they take more per page; every listing is paged, none unbounded.
PAGINATED_TEMPLATES = {
    "index": None,
    "tag": None,
    "category": None,
    "month": 100,
    "stories": 60,
    "recap": 24,
}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Feeds: Atom, RSS and JSON Feed of all briefs and per category, Atom and RSS per tag, and an Atom
# feed of the weekly recaps; every entry is the whole card. The plugin writes them (BRIEFS_FEED_*
# and BRIEFS_*_FEED_* settings, see README) and switches Pelican's own FEED_* settings off.
# Feed readers need absolute links: a preview's point at `make serve` (publishconf uses SITEURL).
FEED_DOMAIN = "http://localhost:8000"
FEED_MAX_ITEMS = 50  # the newest briefs (or recaps) of each feed

CACHE_CONTENT = False
# When the content cache is on (make bench turns it on), it is read and written faster uncompressed.
GZIP_CACHE = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
RELATIVE_URLS = False
