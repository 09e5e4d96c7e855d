"""Archives that stay small at any size: an index of years and months with counts, and a page per
month, itself paged (PAGINATED_TEMPLATES["month"]). No page lists every brief: the index grows by a
line a month, a month page by its briefs, a page at a time.

A brief belongs to the month of the date it shows. Pelican's own month archives
(MONTH_ARCHIVE_SAVE_AS) cannot serve here: they group briefs sorted by instant with
`itertools.groupby` on the local month, so briefs with different UTC offsets near a month's end split
a month in two and its page is written twice (Pelican stops with FileOverwriteFailedError, seen at
5,000 bench briefs); and each month scans the whole list of briefs again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from pelican import signals
from pelican.generators import Generator

from .words import month_words


@dataclass(eq=False)
class ArchiveMonth:
    year: int
    month: int
    url: str
    save_as: str
    articles: list  # newest first
    older: ArchiveMonth | None = None
    newer: ArchiveMonth | None = None

    @property
    def name(self) -> str:
        """'January 2025': how the month is written on the site."""
        return month_words(self.year, self.month)

    @property
    def count(self) -> int:
        return len(self.articles)


@dataclass(frozen=True)
class ArchiveYear:
    year: int
    months: tuple[ArchiveMonth, ...] = field(default=())  # newest first

    @property
    def count(self) -> int:
        return sum(month.count for month in self.months)


def group_by_month(articles: list, url: str, save_as: str) -> list[ArchiveMonth]:
    """The months that have briefs, oldest first, each with its briefs in the order given."""
    months: dict[tuple[int, int], list] = {}
    for article in articles:
        months.setdefault((article.date.year, article.date.month), []).append(article)
    result = [
        ArchiveMonth(
            year, month, url.format(year=year, month=month), save_as.format(year=year, month=month), members
        )
        for (year, month), members in sorted(months.items())
    ]
    for older, newer in pairwise(result):
        older.newer, newer.older = newer, older
    return result


def by_year(months: list[ArchiveMonth]) -> list[ArchiveYear]:
    """Years newest first, each with its months newest first."""
    years: dict[int, list[ArchiveMonth]] = {}
    for month in reversed(months):
        years.setdefault(month.year, []).append(month)
    return [ArchiveYear(year, tuple(members)) for year, members in years.items()]


class ArchiveGenerator(Generator):
    """Puts ARCHIVE_YEARS in the context (for the archives index) and writes the month pages."""

    def generate_context(self) -> None:
        self.months = group_by_month(
            self.context["site"].briefs,
            self.settings["BRIEFS_MONTH_URL"],
            self.settings["BRIEFS_MONTH_SAVE_AS"],
        )
        self.context["ARCHIVE_YEARS"] = by_year(self.months)

    def generate_output(self, writer) -> None:
        if not self.settings["BRIEFS_MONTH_SAVE_AS"]:
            return
        template = self.get_template("month")
        for month in self.months:
            # Pelican's paginator pages the month when PAGINATED_TEMPLATES lists "month".
            writer.write_file(
                month.save_as,
                template,
                self.context,
                paginated={"briefs": month.articles},
                template_name="month",
                url=month.url,
                month=month,
            )


def get_generators(_pelican):
    return ArchiveGenerator


def register() -> None:
    # A generator of its own: its context step runs after every brief is read and before Pelican
    # writes the archives index (which lists the months), and it writes into the staging folder.
    signals.get_generators.connect(get_generators)
