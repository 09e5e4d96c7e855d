"""The Pelican reader: Markdown under BRIEFS_PATH becomes a validated, rendered brief article.

Other Markdown files (pages) are read exactly as Pelican's own Markdown reader reads them.
"""

from __future__ import annotations

import logging
import os
from datetime import date, datetime

from pelican import signals
from pelican.readers import MarkdownReader

from .feeds import feed_summary
from .load import LoadedBrief, load_brief
from .markup import BriefMarkdown
from .problems import ContentError, Problem, display_path
from .related import terms

logger = logging.getLogger(__name__)


class BriefReader(MarkdownReader):
    """Reads briefs, and remembers what was wrong with them for the end-of-read report."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.briefs_root = os.path.join(self.settings["PATH"], self.settings["BRIEFS_PATH"])
        self.problems: list[Problem] = []
        self._markdown: BriefMarkdown | None = None

    def is_brief(self, source_path: str) -> bool:
        root = os.path.abspath(self.briefs_root)
        return os.path.commonpath([root, os.path.abspath(source_path)]) == root

    def read(self, source_path):
        if not self.is_brief(source_path):
            return super().read(source_path)
        if self._markdown is None:
            self._markdown = BriefMarkdown()
        try:
            loaded = load_brief(source_path, display_path(source_path), self._markdown)
        except ContentError as error:
            for problem in error.problems:
                logger.error("%s", problem)
            self.problems.extend(error.problems)
            raise
        for warning in loaded.warnings:
            logger.warning("%s", warning)
        self.problems.extend(loaded.warnings)
        return loaded.brief.body, self._metadata(loaded)

    def _metadata(self, loaded: LoadedBrief) -> dict:
        brief = loaded.brief.data
        metadata = {
            "title": brief.title,
            "date": as_datetime(brief.date),
            "slug": loaded.slug,
            "category": self.process_metadata("category", brief.category),
            "tags": self.process_metadata("tags", brief.tags),
            "status": brief.status,
            "summary": feed_summary(loaded.brief),
            "brief": loaded.brief,
            "brief_path": loaded.path,
            "brief_lines": loaded.lines,
            "brief_terms": terms(" ".join([brief.title, brief.hook, *brief.takeaways])),
        }
        if brief.updated:
            metadata["modified"] = as_datetime(brief.updated)
        return metadata


def as_datetime(value: date) -> datetime:
    """A bare date means midnight in the site's TIMEZONE, which Pelican applies to naive times."""
    if isinstance(value, datetime):
        return value
    return datetime(value.year, value.month, value.day)


def use_brief_reader(readers) -> None:
    for extension in BriefReader.file_extensions:
        readers.reader_classes[extension] = BriefReader


def register() -> None:
    # `readers_init` is the one moment a plugin may replace the reader for an extension.
    signals.readers_init.connect(use_brief_reader)
