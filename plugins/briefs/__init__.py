"""AI Briefs: Pelican plugins that read, validate and render news briefs."""

from . import output, reader, report, settings


def register() -> None:
    settings.register()
    reader.register()
    report.register()
    output.register()
