"""Story threads: briefs with the same `story` read as parts of one developing story.

Each story gets a page listing its briefs in order with one merged timeline: the timeline entries of
every part and the parts themselves. Each brief of a story knows its part number and neighbours.

A story is named by its first part's title, which stays put as parts are added. Editors may name it
themselves, and give it an intro, in `content/stories/<story>.md`: front matter with `title`, then
Markdown. Such a file is checked like a brief: its YAML, its fields, and that a brief has its story.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .content_files import files_in
from .frontmatter import read_brief_file
from .markdown_limits import check_body
from .markup import BriefMarkdown
from .problems import ContentError, Problem, outside_content, unexpected_error
from .report import settle
from .schema import StoryFile
from .validate import validate
from .words import date_words

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoryEvent:
    """One line of a story's merged timeline."""

    iso: str
    label: str
    event: object  # Markup of a timeline entry, or None for a part of the story itself
    article: object  # the brief the line comes from, or is


@dataclass(frozen=True)
class Story:
    slug: str
    articles: tuple  # its parts, oldest first
    url: str
    save_as: str
    timeline: tuple[StoryEvent, ...]
    title: str  # the editor's name for it, else its first part's title
    intro: Markup | None = None


@dataclass(frozen=True)
class StoryPart:
    """What a brief shows of its story: 'Part k of n' and the parts before and after."""

    story: Story
    number: int
    previous: object
    next: object

    @property
    def total(self) -> int:
        return len(self.story.articles)


def stories_of(briefs: tuple, generator) -> tuple[tuple[Story, ...], dict[str, StoryPart]]:
    """The stories of the published briefs, the most recently continued first, named and
    introduced by their story files; and each part's StoryPart, by the brief's slug."""
    settings = generator.settings
    ordered = sorted(
        (a for a in briefs if a.brief.data.story), key=lambda a: (a.brief.data.story, a.date, a.slug)
    )
    threads = [(slug, tuple(parts)) for slug, parts in groupby(ordered, key=lambda a: a.brief.data.story)]
    files = _story_files({slug for slug, _ in threads}, generator)
    stories, parts_of = [], {}
    for slug, parts in threads:
        title, intro = files.get(slug, (parts[0].title, None))
        story = Story(
            slug,
            parts,
            settings["BRIEFS_STORY_URL"].format(slug=slug),
            settings["BRIEFS_STORY_SAVE_AS"].format(slug=slug),
            merged_timeline(parts),
            title,
            intro,
        )
        for number, article in enumerate(parts, start=1):
            previous = parts[number - 2] if number > 1 else None
            parts_of[article.slug] = StoryPart(
                story, number, previous, parts[number] if number < len(parts) else None
            )
        stories.append(story)
    return tuple(sorted(stories, key=lambda s: s.articles[-1].date, reverse=True)), parts_of


def _story_files(slugs: set[str], generator) -> dict[str, tuple[str, Markup | None]]:
    """Each story file's title and intro (as HTML), by story; the problems of the others reported."""
    folder = os.path.join(generator.path, generator.settings["BRIEFS_STORIES_PATH"])
    files, problems = read_story_files(folder, slugs, generator.path)
    markdown = BriefMarkdown()
    named = {
        slug: (story_file.title, markdown.block(body) if body.strip() else None)
        for slug, (story_file, body) in files.items()
    }
    for problem in problems:
        logger.error("%s", problem)
    settle(generator.context, generator.settings, problems)
    return named


def read_story_files(
    folder: str, slugs: set[str], content_root: str
) -> tuple[dict[str, tuple[StoryFile, str]], list[Problem]]:
    """Each story file in `folder` (its front matter and body) by story, and the problems of those
    that are invalid, name no story of a published brief, or break the rules a brief's text is held
    to (inside the content folder, printable, within Markdown's limits)."""
    found: dict[str, tuple[StoryFile, str]] = {}
    problems: list[Problem] = []
    for path, shown, slug, extension in files_in(folder):
        name = slug + extension
        if extension != ".md":
            problems.append(Problem(shown, 1, "", f"'{name}' is not a story file (expected <story>.md)"))
            continue
        if slug not in slugs:
            message = (
                f"no published brief has `story: {slug}` (expected the file name to be the story "
                "of at least one brief)"
            )
            problems.append(Problem(shown, 1, "", message))
            continue
        outside = outside_content(path, content_root)
        if outside:
            problems.append(outside)
            continue
        try:
            source = read_brief_file(path, shown)
            found[slug] = (validate(source, StoryFile), source.body)
            check_body(source, shown, "intro")
        except ContentError as error:
            problems.extend(error.problems)
            found.pop(slug, None)
        except Exception as error:  # as for briefs: a failure no check foresaw is the file's problem
            problems.append(unexpected_error(path, error))
            found.pop(slug, None)
    return found, problems


class StoryGenerator(Generator):
    """Writes a page per story and the index of stories, from the site model's stories."""

    def generate_output(self, writer) -> None:
        stories = self.context["site"].stories
        for story in stories:
            writer.write_file(
                story.save_as, self.get_template("story"), self.context, story=story, url=story.url
            )
        if stories:
            # Paged through Pelican's paginator when PAGINATED_TEMPLATES lists "stories".
            writer.write_file(
                self.settings["BRIEFS_STORIES_SAVE_AS"],
                self.get_template("stories"),
                self.context,
                paginated={"stories": stories},
                template_name="stories",
                url=self.settings["BRIEFS_STORIES_URL"],
                stories=stories,
            )


def merged_timeline(parts: tuple) -> tuple[StoryEvent, ...]:
    """Every part's timeline entries and the parts themselves, oldest first; a part after its
    own events of the same day, since it reports on them."""
    events = []
    for article in parts:
        for entry in article.brief.timeline:
            events.append((entry.iso, 0, StoryEvent(entry.iso, entry.label, entry.event_card, article)))
        day = article.date.date().isoformat()
        events.append((day, 1, StoryEvent(day, date_words(day), None, article)))
    return tuple(event for _, _, event in sorted(events, key=lambda e: (e[0], e[1])))


def get_generators(_pelican):
    return StoryGenerator


def register() -> None:
    # A generator of its own writes the pages, into the staging folder with the rest of the site.
    signals.get_generators.connect(get_generators)
