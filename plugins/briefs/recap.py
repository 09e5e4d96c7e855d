"""Weekly recaps: one page per ISO week that has briefs and a recap index (feeds.py writes their feed).

A brief belongs to the ISO week of its date in the site's TIMEZONE, so a brief dated 2027-01-01
belongs to 2026-W53. Editors may add an intro to a week as Markdown in `content/recaps/YYYY-Www.md`.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .content_files import files_in
from .frontmatter import MAX_FILE_BYTES, decode
from .markdown_limits import check_blocks, check_markup_limits, check_printable
from .markup import BriefMarkdown
from .problems import ContentError, Problem, outside_content, unexpected_error
from .report import settle
from .words import date_words

logger = logging.getLogger(__name__)

_WEEK_NAME = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, order=True)
class Week:
    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def name(self) -> str:
        """'Week of 4 August 2025': how readers are shown the week (the label is for URLs)."""
        return f"Week of {date_words(self.monday)}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 7)

    @classmethod
    def parse(cls, label: str) -> Week | None:
        """The week a name like '2026-W04' means, or None if there is no such ISO week."""
        match = _WEEK_NAME.match(label)
        if not match:
            return None
        try:
            date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            return None
        return cls(int(match.group(1)), int(match.group(2)))


def week_of(moment: datetime, timezone: str) -> Week:
    """The ISO week of `moment` as the site's readers count days, in TIMEZONE."""
    year, number, _ = moment.astimezone(ZoneInfo(timezone)).isocalendar()
    return Week(year, number)


@dataclass(frozen=True)
class WeekLink:
    """A neighbouring week as a recap links to it."""

    week: Week
    url: str


@dataclass(frozen=True)
class Recap:
    week: Week
    articles: tuple  # the week's briefs, oldest first
    url: str
    save_as: str
    groups: tuple[tuple[str, tuple], ...]  # (category, its briefs), categories in name order
    intro: Markup | None = None
    previous: WeekLink | None = None
    next: WeekLink | None = None

    @property
    def title(self) -> str:
        return f"Weekly AI Recap: {self.week.name}"

    @property
    def categories(self) -> int:
        return len(self.groups)

    @property
    def ordered(self) -> list:
        """The week's briefs in category order, as its pages list them."""
        return [article for _, articles in self.groups for article in articles]

    def grouped(self, articles: list) -> list[tuple[str, int, list]]:
        """Some of the week's briefs (a page of `ordered`) by category, with each category's count
        in the whole week."""
        totals = {category: len(members) for category, members in self.groups}
        return [(c, totals[c], list(g)) for c, g in groupby(articles, key=lambda a: a.category.name)]


def read_intros(folder: str, weeks: set[Week], content_root: str) -> tuple[dict[Week, str], list[Problem]]:
    """The intro text of each week in `folder`, and a problem for each file that is not an intro
    of one of `weeks` (a name that is no ISO week, or a week with no briefs) or breaks the rules
    every brief's text is held to (inside the content folder, printable, within Markdown's limits)."""
    intros: dict[Week, str] = {}
    problems: list[Problem] = []
    for path, shown, stem, extension in files_in(folder):
        name = stem + extension
        week = Week.parse(stem)
        if extension != ".md" or week is None:
            message = (
                f"'{name}' is not a recap intro name (expected YYYY-Www.md, an ISO week such as 2026-W04.md)"
            )
        elif week not in weeks:
            message = (
                f"week {week.label} has no published briefs, so it has no recap "
                "(expected the week of at least one brief)"
            )
        else:
            try:
                intros[week] = _read_intro(path, shown, content_root)
            except ContentError as error:
                problems.extend(error.problems)
            continue
        problems.append(Problem(shown, 1, "", message))
    return intros, problems


def _read_intro(path: str, shown: str, content_root: str) -> str:
    outside = outside_content(path, content_root)
    if outside:
        raise ContentError([outside])
    with open(path, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 1_000_000
        message = f"the file is over the {limit} MB limit (expected an intro of a few paragraphs)"
        raise ContentError([Problem(shown, 1, "", message)])
    text = decode(raw, shown)
    check_printable(text, shown)
    check_markup_limits(text, shown)
    check_blocks(text, shown)
    return text


def recaps_of(briefs: tuple, generator) -> tuple[Recap, ...]:
    """A recap for every ISO week with published briefs, oldest first, with its editor intro."""
    settings = generator.settings
    timezone = settings["TIMEZONE"]
    by_week = sorted(briefs, key=lambda a: (week_of(a.date, timezone), a.date, a.slug))
    weeks = [
        (week, tuple(members)) for week, members in groupby(by_week, key=lambda a: week_of(a.date, timezone))
    ]
    links = [WeekLink(week, settings["BRIEFS_RECAP_URL"].format(week=week.label)) for week, _ in weeks]
    intros = _intros({week for week, _ in weeks}, generator)
    recaps = []
    for n, (week, members) in enumerate(weeks):
        by_category = sorted(members, key=lambda a: (a.category.name.lower(), a.date, a.slug))
        recaps.append(
            Recap(
                week,
                members,
                links[n].url,
                settings["BRIEFS_RECAP_SAVE_AS"].format(week=week.label),
                tuple((c, tuple(g)) for c, g in groupby(by_category, key=lambda a: a.category.name)),
                intro=intros.get(week),
                previous=links[n - 1] if n else None,
                next=links[n + 1] if n + 1 < len(links) else None,
            )
        )
    return tuple(recaps)


def _intros(weeks: set[Week], generator) -> dict[Week, Markup]:
    """Each week's editor intro as HTML; every intro file with no week to go to is a problem."""
    folder = os.path.join(generator.path, generator.settings["BRIEFS_RECAPS_PATH"])
    intros, problems = read_intros(folder, weeks, generator.path)
    markdown = BriefMarkdown()
    rendered = {}
    for week, text in intros.items():
        try:
            rendered[week] = markdown.block(text)
        except Exception as error:  # a failure no check foresaw stays this file's problem
            problems.append(unexpected_error(os.path.join(folder, f"{week.label}.md"), error))
            markdown = BriefMarkdown()
    for problem in problems:
        logger.error("%s", problem)
    settle(generator.context, generator.settings, problems)
    return rendered


class RecapGenerator(Generator):
    """Writes the recap pages and their index, from the site model's recaps."""

    def generate_output(self, writer) -> None:
        recaps = self.context["site"].recaps
        for recap in recaps:
            # Paged through Pelican's paginator when PAGINATED_TEMPLATES lists "recap": a busy week
            # must not make a page of hundreds of cards.
            writer.write_file(
                recap.save_as,
                self.get_template("recap"),
                self.context,
                paginated={"briefs": recap.ordered},
                template_name="recap",
                recap=recap,
                url=recap.url,
            )
        if recaps:
            index = self.settings["BRIEFS_RECAPS_SAVE_AS"]
            writer.write_file(
                index, self.get_template("recaps"), self.context, url=self.settings["BRIEFS_RECAPS_URL"]
            )


def get_generators(_pelican):
    return RecapGenerator


def register() -> None:
    # A generator of its own writes the pages, into the staging folder with the rest of the site.
    signals.get_generators.connect(get_generators)
