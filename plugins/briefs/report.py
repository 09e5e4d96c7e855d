"""The end-of-read report: checks across briefs, a summary, and the strict-mode verdict.

Runs when every brief has been read and before anything is written, so a strict build that fails
writes nothing.
"""

from __future__ import annotations

import logging
import sys
from collections import defaultdict

from pelican import signals

from .problems import BuildStopped, ContentError, Problem

logger = logging.getLogger(__name__)


class BriefsInvalid(BuildStopped):
    """Ends a strict build whose briefs have errors."""


def duplicate_slugs(articles) -> list[Problem]:
    """Two briefs at one URL would overwrite each other: name both files."""
    by_slug = defaultdict(list)
    for article in articles:
        by_slug[article.slug].append(article.brief_path)
    return [
        Problem(
            path,
            1,
            "slug",
            f"'{slug}' is also the slug of {', '.join(p for p in paths if p != path)} "
            f"(expected each brief to have its own slug)",
        )
        for slug, paths in by_slug.items()
        if len(paths) > 1
        for path in paths
    ]


def briefs_of(generator) -> list:
    """Every brief article read, published or not (a same-slug pair may hide as a translation)."""
    groups = (
        "articles",
        "translations",
        "drafts",
        "drafts_translations",
        "hidden_articles",
        "hidden_translations",
    )
    return [a for group in groups for a in getattr(generator, group, []) if hasattr(a, "brief")]


def report(generator) -> None:
    reader = generator.readers.readers.get("md")
    problems = list(getattr(reader, "problems", []))
    duplicates = duplicate_slugs(briefs_of(generator))
    for problem in duplicates:
        logger.error("%s", problem)
    problems.extend(duplicates)
    errors = [p for p in problems if p.is_error]
    strict = generator.settings["BRIEFS_STRICT"]
    if not strict:
        # A preview lists its problems on every page; a strict build's pages never show them.
        generator.context["BRIEF_PROBLEMS"] = sorted(problems)
    if not errors:
        return
    files = len({p.path for p in errors})
    summary = f"{len(errors)} error(s) in {files} brief file(s)"
    if strict:
        raise BriefsInvalid(f"{summary}; nothing was written (BRIEFS_STRICT is on)")
    logger.error("%s; those briefs were left out of the site", summary)


class _SkipReportedFailures(logging.Filter):
    """Pelican adds 'Could not process FILE' after each failed read; ours already said why."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not isinstance(sys.exc_info()[1], ContentError)


def register() -> None:
    # Every article has been read by `article_generator_finalized`, and nothing written yet.
    signals.article_generator_finalized.connect(report)
    logging.getLogger("pelican.generators").addFilter(_SkipReportedFailures())
