"""Weekly recaps: one page per ISO week that has briefs, a recap index and an Atom feed of recaps.

A brief belongs to the ISO week of its date in the site's TIMEZONE, so a brief dated 2027-01-01
belongs to 2026-W53. Editors may add an intro to a week as Markdown in `content/recaps/YYYY-Www.md`.
"""

from __future__ import annotations

import html
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from itertools import groupby
from zoneinfo import ZoneInfo

from feedgenerator import Atom1Feed
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .frontmatter import MAX_FILE_BYTES, check_blocks, check_markup_limits, check_printable, decode
from .markup import BriefMarkdown
from .problems import ContentError, Problem, display_path, outside_content, unexpected_error
from .report import settle

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


@dataclass
class Recap:
    week: Week
    articles: list
    url: str
    save_as: str
    intro: Markup | None = None
    previous: Recap | None = None
    next: Recap | None = None
    groups: list[tuple[str, list]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Weekly AI Recap: {self.week.label}"

    @property
    def categories(self) -> int:
        return len(self.groups)


def read_intros(folder: str, weeks: set[Week], content_root: str) -> tuple[dict[Week, str], list[Problem]]:
    """The intro text of each week in `folder`, and a problem for each file that is not an intro
    of one of `weeks` (a name that is no ISO week, or a week with no briefs) or breaks the rules
    every brief's text is held to (inside the content folder, printable, within Markdown's limits)."""
    intros: dict[Week, str] = {}
    problems: list[Problem] = []
    if not os.path.isdir(folder):
        return intros, problems
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        shown = display_path(path)
        stem, extension = os.path.splitext(name)
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


class RecapGenerator(Generator):
    """Groups published briefs by week, links each brief to its recap, and writes the recap pages."""

    def generate_context(self) -> None:
        settings = self.settings
        articles = [a for a in self.context.get("articles", []) if hasattr(a, "brief")]
        by_week = sorted(articles, key=lambda a: (week_of(a.date, settings["TIMEZONE"]), a.date, a.slug))
        self.recaps: list[Recap] = []
        for week, members in groupby(by_week, key=lambda a: week_of(a.date, settings["TIMEZONE"])):
            members = list(members)
            recap = Recap(
                week,
                members,
                settings["BRIEFS_RECAP_URL"].format(week=week.label),
                settings["BRIEFS_RECAP_SAVE_AS"].format(week=week.label),
            )
            by_category = sorted(members, key=lambda a: (a.category.name.lower(), a.date, a.slug))
            recap.groups = [(c, list(g)) for c, g in groupby(by_category, key=lambda a: a.category.name)]
            for article in members:
                article.recap = recap
            self.recaps.append(recap)
        for earlier, later in zip(self.recaps, self.recaps[1:], strict=False):
            earlier.next, later.previous = later, earlier
        self._read_intros()
        self.context["RECAPS"] = self.recaps
        self.context["LATEST_RECAP"] = self.recaps[-1] if self.recaps else None

    def _read_intros(self) -> None:
        """Attach each editor intro to its week; name every intro that has no week to go to."""
        folder = os.path.join(self.path, self.settings["BRIEFS_RECAPS_PATH"])
        recaps = {recap.week: recap for recap in self.recaps}
        intros, problems = read_intros(folder, set(recaps), self.path)
        markdown = BriefMarkdown()
        for week, text in intros.items():
            try:
                recaps[week].intro = markdown.block(text)
            except Exception as error:  # a failure no check foresaw stays this file's problem
                problems.append(unexpected_error(os.path.join(folder, f"{week.label}.md"), error))
                markdown = BriefMarkdown()
        for problem in problems:
            logger.error("%s", problem)
        settle(self.context, self.settings, problems)

    def generate_output(self, writer) -> None:
        for recap in self.recaps:
            writer.write_file(
                recap.save_as, self.get_template("recap"), self.context, recap=recap, url=recap.url
            )
        if self.recaps:
            index = self.settings["BRIEFS_RECAPS_SAVE_AS"]
            writer.write_file(
                index, self.get_template("recaps"), self.context, url=self.settings["BRIEFS_RECAPS_URL"]
            )
            self._write_feed()

    def _write_feed(self) -> None:
        """An Atom feed with one entry per week, newest first."""
        feed_path = self.settings["BRIEFS_RECAP_FEED_ATOM"]
        if not feed_path:
            return
        site_url = self.settings["SITEURL"]
        feed = Atom1Feed(
            title=f"{self.settings['SITENAME']}: weekly recaps",
            link=f"{site_url}/{self.settings['BRIEFS_RECAPS_URL']}",
            feed_url=f"{site_url}/{feed_path}",
            description="One entry per week: the AI briefs published that week.",
        )
        for recap in reversed(self.recaps):
            # The description is HTML to feed readers: titles are text, so escaped.
            titles = html.escape("; ".join(a.title for a in recap.articles))
            feed.add_item(
                title=recap.title,
                link=f"{site_url}/{recap.url}",
                unique_id=f"{site_url}/{recap.url}",
                description=f"{len(recap.articles)} briefs: {titles}",
                pubdate=datetime.combine(
                    recap.week.monday, time(), tzinfo=ZoneInfo(self.settings["TIMEZONE"])
                ),
                updateddate=max(getattr(a, "modified", a.date) for a in recap.articles),
            )
        target = os.path.join(self.output_path, feed_path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            feed.write(handle, "utf-8")


def get_generators(_pelican):
    return RecapGenerator


def register() -> None:
    # A generator of its own runs after Pelican's article generator has read every brief.
    signals.get_generators.connect(get_generators)
