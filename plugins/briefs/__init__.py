"""AI Briefs: Pelican plugins that read, validate and render news briefs."""

from . import (
    archives,
    collector,
    feeds,
    output,
    pages,
    reader,
    recap,
    related,
    report,
    schedule,
    search,
    seo,
    settings,
    social,
    story,
    writer,
)


def register() -> None:
    settings.register()
    collector.register()
    reader.register()
    schedule.register()
    report.register()
    output.register()
    related.register()
    recap.register()
    story.register()
    archives.register()
    pages.register()
    social.register()  # before feeds and seo, which name each brief's card
    feeds.register()
    seo.register()
    writer.register()  # after every generator that writes pages: it writes them
    search.register()  # last: it indexes what the others wrote
