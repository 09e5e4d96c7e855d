"""AI Briefs: Pelican plugins that read, validate and render news briefs."""

from . import output, pages, reader, recap, related, report, settings, story


def register() -> None:
    settings.register()
    reader.register()
    report.register()
    output.register()
    related.register()
    recap.register()
    story.register()
    pages.register()
