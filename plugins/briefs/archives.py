"""Archives that stay small at any size: an index of years and months with counts, and one page
per month.

Pelican writes the month pages itself (MONTH_ARCHIVE_SAVE_AS, the `period_archives` template, paged
by PAGINATED_TEMPLATES); this module hands templates what they show about the months: each month's
name in words, its count, its page and its neighbours, grouped by year for the archive index. So no
page lists every brief: the index grows by one line a month, a month page by its briefs, in pages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from pelican import signals

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArchiveMonth:
    year: int
    month: int
    url: str
    count: int

    @property
    def name(self) -> str:
        """'January 2025': how the month is written on the site."""
        return date(self.year, self.month, 1).strftime("%B %Y")


@dataclass(frozen=True)
class ArchiveYear:
    year: int
    months: tuple[ArchiveMonth, ...]  # newest first

    @property
    def count(self) -> int:
        return sum(month.count for month in self.months)


@dataclass(frozen=True)
class MonthNeighbours:
    """What a month page links to besides its briefs: the months before and after it."""

    month: ArchiveMonth
    older: ArchiveMonth | None
    newer: ArchiveMonth | None


def archive_months(period_archives: dict) -> list[ArchiveMonth]:
    """The months Pelican made pages for, oldest first."""
    months = [
        ArchiveMonth(*archive["period_num"], archive["url"], len(archive["dates"]))
        for archive in period_archives.get("month", [])
    ]
    return sorted(months, key=lambda m: (m.year, m.month))


def attach_archives(generator) -> None:
    """Put ARCHIVE_YEARS (newest first) and ARCHIVE_MONTHS (by (year, month)) in the context."""
    if not generator.settings.get("MONTH_ARCHIVE_SAVE_AS"):
        logger.warning(
            "MONTH_ARCHIVE_SAVE_AS is empty, so there are no month pages and the archives page "
            "lists no briefs (expected e.g. 'archives/{date:%%Y}/{date:%%m}/index.html')"
        )
    months = archive_months(generator.context.get("period_archives", {}))
    newest_first = months[::-1]
    generator.context["ARCHIVE_YEARS"] = [
        ArchiveYear(year, tuple(group)) for year, group in groupby(newest_first, key=lambda m: m.year)
    ]
    generator.context["ARCHIVE_MONTHS"] = {
        (month.year, month.month): MonthNeighbours(
            month,
            months[index - 1] if index > 0 else None,
            months[index + 1] if index + 1 < len(months) else None,
        )
        for index, month in enumerate(months)
    }


def register() -> None:
    # `article_generator_finalized`: Pelican has grouped the briefs by month, no page is written yet.
    signals.article_generator_finalized.connect(attach_archives)
