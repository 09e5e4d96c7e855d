"""The Pelican reader: Markdown under BRIEFS_PATH becomes a validated, rendered brief article.

Other Markdown files (pages) are read exactly as Pelican's own Markdown reader reads them.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path

from pelican import signals
from pelican.readers import MarkdownReader

from .collector import long_lived
from .feeds import feed_summary
from .load import LoadedBrief, load_brief
from .markup import BriefMarkdown
from .problems import ContentError, Problem, display_path
from .related import terms

logger = logging.getLogger(__name__)


class BriefReader(MarkdownReader):
    """Reads briefs, and remembers the errors of those it could not read for the end-of-read report.

    Pelican reads files one by one; when a whole folder of briefs is to be read (no content cache
    in use), they are loaded first on every core, and Pelican's reads are served from the results.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.briefs_root = os.path.join(self.settings["PATH"], self.settings["BRIEFS_PATH"])
        self.problems: list[Problem] = []
        self._loaded: dict[str, Outcome] | None = None

    def is_brief(self, source_path: str) -> bool:
        root = os.path.abspath(self.briefs_root)
        return os.path.commonpath([root, os.path.abspath(source_path)]) == root

    def read(self, source_path):
        if not self.is_brief(source_path):
            return super().read(source_path)
        if self._loaded is None:
            self._loaded = self._load_all() if self._reads_everything() else {}
        loaded, problems, brief_terms = self._loaded.pop(source_path, None) or load_outcome(source_path)
        if loaded is None:
            for problem in problems:
                logger.error("%s", problem)
            self.problems.extend(problems)
            raise ContentError(problems)
        # Warnings travel with the article, so a brief served from Pelican's cache keeps them.
        return loaded.brief.body, self._metadata(loaded, brief_terms)

    def _reads_everything(self) -> bool:
        """Without a content cache, Pelican reads every brief; with one, only the changed ones."""
        return not (self.settings.get("CACHE_CONTENT") and self.settings.get("LOAD_CONTENT_CACHE"))

    def _load_all(self) -> dict[str, Outcome]:
        paths = sorted(str(p) for p in Path(self.briefs_root).rglob("*.md"))
        workers = self.settings["BRIEFS_WORKERS"] or os.cpu_count() or 1
        if workers < 2 or len(paths) < PARALLEL_FROM:
            return {}
        context = multiprocessing.get_context("fork")
        with long_lived(), ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            outcomes = pool.map(load_outcome, paths, chunksize=max(1, len(paths) // (workers * 8)))
            return dict(zip(paths, outcomes, strict=True))

    def _metadata(self, loaded: LoadedBrief, brief_terms: Counter) -> dict:
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
            "brief_warnings": loaded.warnings,
            "brief_terms": brief_terms,
        }
        if brief.updated:
            metadata["modified"] = as_datetime(brief.updated)
        return metadata


# Below this many briefs, starting worker processes costs more than it saves.
PARALLEL_FROM = 64
# A brief, or None and why; and the words it is compared by for related updates.
Outcome = tuple[LoadedBrief | None, list[Problem], Counter | None]
_markdown: BriefMarkdown | None = None


def load_outcome(source_path: str) -> Outcome:
    """A brief, its warnings and its words, or None and its problems; picklable, to come back from
    a worker, which so counts the words too."""
    global _markdown  # one converter per process: setting one up is slow
    if _markdown is None:
        _markdown = BriefMarkdown()
    try:
        loaded = load_brief(source_path, display_path(source_path), _markdown)
    except ContentError as error:
        return None, error.problems, None
    brief = loaded.brief.data
    return loaded, list(loaded.warnings), terms(" ".join([brief.title, brief.hook, *brief.takeaways]))


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
