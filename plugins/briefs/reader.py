"""The Pelican reader: Markdown under BRIEFS_PATH becomes a validated, rendered brief article.

Other Markdown files (pages) are read by Pelican's own Markdown reader, with the site's one policy
for untrusted Markdown (`SafeMarkdown`) added to its MARKDOWN extensions. Every file read must
really be inside the content folder, and every failure becomes that file's problem.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from datetime import date, datetime

from pelican import signals
from pelican.readers import MarkdownReader

from .collector import long_lived
from .content_files import unread_files
from .cores import on_cores, workers_for
from .load import LoadedBrief, load_brief
from .markup import BriefMarkdown, SafeMarkdown
from .problems import ContentError, Problem, display_path, outside_content, unexpected_error
from .rendering import feed_summary
from .terms import ranked_text, terms

logger = logging.getLogger(__name__)


class BriefReader(MarkdownReader):
    """Reads briefs, and remembers the errors of those it could not read for the end-of-read report.

    Pelican reads files one by one. Before it reads the first, the briefs it is going to read
    (every one, or those missing from its content cache) are loaded on every core (see
    `read_ahead`), and its reads are served from the results.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.briefs_root = os.path.join(self.settings["PATH"], self.settings["BRIEFS_PATH"])
        self.problems: list[Problem] = []
        self.read_ahead: dict[str, Outcome] | None = None  # shared by the readers of one generator
        extensions = self.settings["MARKDOWN"]["extensions"]
        if not any(isinstance(extension, SafeMarkdown) for extension in extensions):
            extensions.append(SafeMarkdown())  # last, so it sees what every other extension made

    def is_brief(self, source_path: str) -> bool:
        root = os.path.abspath(self.briefs_root)
        return os.path.commonpath([root, os.path.abspath(source_path)]) == root

    def read(self, source_path):
        try:
            return self._read(source_path)
        except ContentError:
            raise
        except Exception as error:  # Pelican would log it, leave the file out and exit 0
            self._fail([unexpected_error(source_path, error)])

    def _read(self, source_path):
        outside = outside_content(source_path, self.settings["PATH"])
        if outside:
            self._fail([outside])
        if not self.is_brief(source_path):
            return super().read(source_path)
        ahead = self.read_ahead.pop(source_path, None) if self.read_ahead else None
        loaded, problems, brief_terms = ahead or load_outcome(source_path)
        errors = [problem for problem in problems if problem.is_error]
        if loaded is None:
            self._fail(errors)
        self._report(errors)
        # A brief with errors and a version here is the preview's last good one (see KeptReads).
        # Warnings travel with the article, so a brief served from Pelican's cache keeps them.
        metadata = self._metadata(loaded, brief_terms)
        self._check_names(loaded, metadata)
        return loaded.brief.body, metadata

    def _report(self, problems: list[Problem]) -> None:
        for problem in problems:
            logger.error("%s", problem)
        self.problems.extend(problems)

    def _fail(self, problems: list[Problem]):
        self._report(problems)
        raise ContentError(problems)

    def _check_names(self, loaded: LoadedBrief, metadata: dict) -> None:
        """A category or tag whose name has nothing Pelican can make an address of ("🔥") would get
        the page `/tag//` and share it with every other such name."""
        tags = list(enumerate(metadata["tags"])) if loaded.brief.data.tags else []  # else a placeholder
        tags = [(("tags", i), tag) for i, tag in tags]
        named = [(("category",), metadata["category"]), *tags]
        problems = [
            Problem(
                loaded.path,
                loaded.lines.get(loc, loaded.lines.get(loc[:1], 1)),
                ".".join(str(part) for part in loc),
                f"'{name}' has no letters or digits to make its page address from "
                "(expected a name with some)",
            )
            for loc, name in named
            if not name.slug
        ]
        if problems:
            self._fail(problems)

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


# A brief, or None and why; and the words it is compared by for related updates.
Outcome = tuple[LoadedBrief | None, list[Problem], Counter | None]
_markdown: BriefMarkdown | None = None


def read_ahead(generator) -> None:
    """Before Pelican reads its first brief, load those it will read on every core.

    Pelican reads a file only when its content cache (at either layer) has no current copy, so
    with the cache on, a first build reads every brief here, and a rebuild the edited ones.
    """
    readers = [r for r in generator.readers.readers.values() if isinstance(r, BriefReader)]
    if not readers or readers[0].read_ahead is not None:
        return  # not our reader, or done already: the signal comes before every file
    paths = [
        path
        for path in brief_files(generator)
        if not outside_content(path, generator.settings["PATH"])  # Pelican's read reports it
        and generator.get_cached_data(os.path.relpath(path, generator.path), None) is None
        and generator.readers.get_cached_data(path, None) is None
    ]
    settings = generator.settings
    if settings.get("BRIEFS_PREVIEW"):
        loaded = KEPT_READS.outcomes_of(paths, settings)
    else:  # few briefs: each is read when Pelican reads it
        loaded = load_all(paths, settings) if workers_for(settings, len(paths)) > 1 else {}
    for reader in readers:
        reader.read_ahead = loaded
    readers[0].problems.extend(unread_files(readers[0].briefs_root, "a brief", generator.settings))


def brief_files(generator) -> list[str]:
    """Every file Pelican reads as a brief, sorted: an article under BRIEFS_PATH, of any extension
    the Markdown reader takes (.md, .markdown, .mkd, .mdown). The build and `check` both use it."""
    root = os.path.abspath(os.path.join(generator.settings["PATH"], generator.settings["BRIEFS_PATH"]))
    files = generator.get_files(
        generator.settings["ARTICLE_PATHS"],
        exclude=generator.settings["ARTICLE_EXCLUDES"],
        extensions=BriefReader.file_extensions,
    )
    paths = (os.path.abspath(os.path.join(generator.path, relative)) for relative in files)
    return sorted(path for path in paths if os.path.commonpath([root, path]) == root)


def load_all(paths: list[str], settings: dict) -> dict[str, Outcome]:
    """The outcome of each path, loaded on every core when there are enough to pay."""
    with long_lived():
        return dict(zip(paths, on_cores(load_outcome, paths, settings), strict=True))


class KeptReads:
    """The live preview's briefs, kept between its builds: a file is read again only when its
    stamp (time, size, inode) changed, and a brief that now has errors keeps its last good
    version, shown with those errors, until it is fixed or deleted."""

    def __init__(self):
        self.kept: dict[str, tuple[tuple | None, Outcome]] = {}
        self.good: dict[str, Outcome] = {}

    def outcomes_of(self, paths: list[str], settings: dict) -> dict[str, Outcome]:
        stamps = {path: _stamp(path) for path in paths}
        stale = [path for path in paths if path not in self.kept or self.kept[path][0] != stamps[path]]
        fresh = load_all(stale, settings)
        for path in stale:
            outcome = fresh.get(path) or load_outcome(path)  # a worker that died returned none
            loaded, problems, _ = outcome
            if loaded is not None:
                self.good[path] = outcome
            elif path in self.good:
                good, _, good_terms = self.good[path]
                outcome = (good, problems, good_terms)
            self.kept[path] = (stamps[path], outcome)
        for gone in set(self.kept) - set(paths):
            del self.kept[gone]
            self.good.pop(gone, None)
        return {path: self.kept[path][1] for path in paths}


def _stamp(path: str) -> tuple | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size, stat.st_ino


# One per process: only the live preview, which builds many times in one process, uses it.
KEPT_READS = KeptReads()


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
    except Exception as error:  # one brief's failure must never reach the others
        _markdown = None  # it may have been left half-way through a document
        return None, [unexpected_error(source_path, error)], None
    brief = loaded.brief.data
    return loaded, list(loaded.warnings), terms(ranked_text(brief))


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
    signals.article_generator_preread.connect(read_ahead)
