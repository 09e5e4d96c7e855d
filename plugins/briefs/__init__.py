"""AI Briefs: Pelican plugins that read, validate and render news briefs."""

from . import reader, report, settings


def register() -> None:
    settings.register()
    reader.register()
    report.register()
