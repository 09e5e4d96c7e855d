"""AI Briefs: Pelican plugins that read, validate and render news briefs.

A build, in the order Pelican runs it (README, "How a build flows"):

    settings            the BRIEFS_* defaults, before anything reads them
    reader, report,     each brief file -> checked Brief -> Pelican article (`article.brief`);
    schedule            problems reported, future briefs held back
    site                one SiteModel of everything that spans briefs (site.py)
    FEATURES            each writes its own pages from the model
    writer, search      the pages asked for are rendered on every core, then indexed
    output              the finished site replaces the old one in one step
"""

from . import (
    archives,
    collector,
    content_files,
    feeds,
    output,
    pages,
    reader,
    recap,
    report,
    schedule,
    search,
    seo,
    settings,
    site,
    social,
    story,
    writer,
)

# Settings first: every other receiver of `initialized` reads their defaults. The others in this
# group connect to signals Pelican sends at distinct moments, so their order is free.
FOUNDATIONS = (settings, collector, output, reader, content_files, report, schedule, site)
# Each reads the site model and writes its own pages; none reads what another one made, so they
# may be registered in any order (tests/test_features.py registers them backwards).
FEATURES = (recap, story, archives, pages, social, feeds, seo)
# Pelican runs generators in the order they were registered: the writer's, which renders every
# page asked for, comes after every feature's, and the search index after the pages it reads.
FINISH = (writer, search)


def register() -> None:
    for module in (*FOUNDATIONS, *FEATURES, *FINISH):
        module.register()
