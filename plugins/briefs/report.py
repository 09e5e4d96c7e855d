"""Checks across briefs, the summary of every problem, and the strict-mode verdict.

Runs once every brief has been read and before categories, tags or any page are made, so an invalid
brief can still be left out cleanly, and a strict build that fails writes nothing.
"""

from __future__ import annotations

import difflib
import logging
import sys
from collections import defaultdict

from pelican import signals

from .articles import briefs_in
from .load import intended_slug
from .problems import BuildStopped, ContentError, Problem

logger = logging.getLogger(__name__)

# Pelican's lists of read articles; a same-slug pair may hide among translations.
ARTICLE_GROUPS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
)


class BriefsInvalid(BuildStopped):
    """Ends a strict build whose briefs have errors."""


def briefs_of(generator) -> list:
    return [a for group in ARTICLE_GROUPS for a in briefs_in(getattr(generator, group, []))]


def _line(article, *loc) -> int:
    lines = article.brief_lines
    return lines.get(tuple(loc), lines.get(loc[:1], 1))


def duplicate_slugs(briefs) -> list[Problem]:
    """Two briefs at one URL would overwrite each other: name both files."""
    by_slug = defaultdict(list)
    for article in briefs:
        by_slug[article.slug].append(article)

    def where(article) -> str:
        return f"{article.brief_path}:{slug_line(article)}"

    def slug_line(article) -> int:
        return _line(article, "slug") if article.brief.data.slug else _line(article, "title")

    return [
        Problem(
            article.brief_path,
            slug_line(article),
            "slug",
            f"'{slug}' is also the slug of "
            f"{', '.join(where(other) for other in same if other is not article)} "
            f"(expected each brief to have its own slug)",
        )
        for slug, same in by_slug.items()
        if len(same) > 1
        for article in same
    ]


def unknown_related(briefs, published: set[str], invalid: dict[str, str]) -> list[Problem]:
    """A pinned related slug must name another published brief.

    A pin to a draft or to a brief with errors (`invalid`: slug -> its file) is a warning: the pinning
    brief is fine and still builds, without that pin until the other brief is published or fixed.
    """
    problems = []
    drafts = {a.slug: a.brief_path for a in briefs if a.slug not in published}
    for article in briefs:
        for index, slug in enumerate(article.brief.data.related):
            if slug in published and slug != article.slug:
                continue
            severity = "warning"
            if slug == article.slug:
                why, severity = "is this brief's own slug (expected the slug of another brief)", "error"
            elif slug in drafts:
                why = f"'{slug}' is a draft ({drafts[slug]}); the pin is left out until it is published"
            elif slug in invalid:
                why = (
                    f"'{slug}' is invalid: {invalid[slug]} has errors of its own, so its page is not "
                    "built; the pin is left out until that file is fixed"
                )
            else:
                close = difflib.get_close_matches(slug, sorted(published), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                why = f"no brief has the slug '{slug}': it is missing{hint} (expected another brief's slug)"
                severity = "error"
            problems.append(
                Problem(
                    article.brief_path,
                    _line(article, "related", index),
                    f"related.{index}",
                    why,
                    severity,
                )
            )
    return problems


def check_briefs(generator) -> None:
    """Gather every problem, leave invalid briefs out, and stop a strict build that has errors."""
    briefs = briefs_of(generator)
    published = {a.slug for a in briefs_in(getattr(generator, "articles", []))}
    # Pelican makes a reader per file extension (.md, .markdown, ...): every one's failures count.
    readers = set(generator.readers.readers.values())
    failures = [p for reader in readers for p in getattr(reader, "problems", ())]
    invalid = {intended_slug(path, path): path for path in sorted({p.path for p in failures if p.is_error})}
    across = duplicate_slugs(briefs) + unknown_related(briefs, published, invalid)
    warnings = sorted(w for article in briefs for w in getattr(article, "brief_warnings", ()))
    for problem in [*warnings, *across]:
        (logger.error if problem.is_error else logger.warning)("%s", problem)
    problems = [*failures, *warnings, *across]
    if settle(generator.context, generator.settings, problems):
        invalid = {p.path for p in across if p.is_error}
        for group in ARTICLE_GROUPS:
            kept = [a for a in getattr(generator, group, []) if getattr(a, "brief_path", None) not in invalid]
            setattr(generator, group, kept)


def settle(context: dict, settings: dict, problems: list[Problem]) -> bool:
    """Stop a strict build that has errors; else list `problems` in the preview. True if any errors.

    Every check calls this with what it found, so all problems reach one list and one verdict.
    """
    errors = [p for p in problems if p.is_error]
    strict = settings["BRIEFS_STRICT"]
    if not strict:
        # A preview lists its problems on every page; a strict build's pages never show them.
        context["BRIEF_PROBLEMS"] = sorted([*context.get("BRIEF_PROBLEMS", []), *problems])
    if not errors:
        return False
    summary = f"{len(errors)} error(s) in {len({p.path for p in errors})} file(s)"
    if strict:
        raise BriefsInvalid(f"{summary}; nothing was written (BRIEFS_STRICT is on)")
    if settings.get("BRIEFS_PREVIEW"):
        logger.error("%s; the preview shows the last good version of each brief that had one", summary)
    else:
        logger.error("%s; what they affect was left out of the site", summary)
    return True


class _SkipReportedFailures(logging.Filter):
    """Pelican adds 'Could not process FILE' after each failed read; ours already said why."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not isinstance(sys.exc_info()[1], ContentError)


# One filter for the life of the process: adding the same one again (a second build) is a no-op.
_SKIP_REPORTED_FAILURES = _SkipReportedFailures()


def register() -> None:
    # `article_generator_pretaxonomy`: every brief is read; no category, tag or page exists yet.
    signals.article_generator_pretaxonomy.connect(check_briefs)
    logging.getLogger("pelican.generators").addFilter(_SKIP_REPORTED_FAILURES)
