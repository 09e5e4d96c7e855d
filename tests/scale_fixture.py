"""A site of bench briefs with every listing set small, so that month pages, numbered pagination,
paged story lists and paged search results all show up in a site of a few dozen briefs."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT, Site

sys.path.insert(0, str(ROOT / "bench"))
from corpus import make_corpus, write_corpus

BRIEFS = 45
SEED = 16
SMALL = {
    "DEFAULT_PAGINATION": 4,
    "PAGINATED_TEMPLATES": {
        "index": None,
        "tag": None,
        "category": None,
        "month": 3,
        "stories": 2,
        "recap": 2,
    },
    "BRIEFS_SEARCH_PART_SIZE": 15,
    "BRIEFS_SEARCH_PAGE_SIZE": 3,
    "BRIEFS_REPO_URL": "https://github.com/example/briefs",
}
STORY_TITLE = "The compliance story"


def build_scale_site(root: Path, **overrides) -> Site:
    site = Site(root)
    briefs = make_corpus(BRIEFS, seed=SEED)
    write_corpus(briefs, site.content, root / "plain")
    (site.content / "pages" / "about.md").write_text("Title: About\n\nWho writes these briefs.\n")
    story = next(b.front["story"] for b in briefs if "story" in b.front)
    (site.content / "stories").mkdir()
    (site.content / "stories" / f"{story}.md").write_text(
        f"---\ntitle: {STORY_TITLE}\n---\nWhy we follow this story, in a few words.\n"
    )
    site.build(**{**SMALL, **overrides})
    site.briefs = briefs
    site.story = story
    return site
