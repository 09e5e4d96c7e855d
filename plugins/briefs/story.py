"""Story threads: briefs with the same `story` read as parts of one developing story.

Each story gets a page listing its briefs in order with one merged timeline: the timeline entries of
every part and the parts themselves. Each brief of a story knows its part number and neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from pelican import signals
from pelican.generators import Generator

from .rendering import timeline_label


@dataclass(frozen=True)
class StoryEvent:
    """One line of a story's merged timeline."""

    iso: str
    label: str
    event: object  # Markup of a timeline entry, or None for a part of the story itself
    article: object  # the brief the line comes from, or is


@dataclass
class Story:
    slug: str
    articles: list
    url: str
    save_as: str
    timeline: list[StoryEvent] = field(default_factory=list)

    @property
    def title(self) -> str:
        """The story's name: the title of its latest part, the best summary of where it stands."""
        return self.articles[-1].title


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


class StoryGenerator(Generator):
    def generate_context(self) -> None:
        articles = [a for a in self.context.get("articles", []) if hasattr(a, "brief") and a.brief.data.story]
        ordered = sorted(articles, key=lambda a: (a.brief.data.story, a.date, a.slug))
        self.stories = []
        for slug, parts in groupby(ordered, key=lambda a: a.brief.data.story):
            parts = list(parts)
            story = Story(
                slug,
                parts,
                self.settings["BRIEFS_STORY_URL"].format(slug=slug),
                self.settings["BRIEFS_STORY_SAVE_AS"].format(slug=slug),
                merged_timeline(parts),
            )
            for number, article in enumerate(parts, start=1):
                article.story_part = StoryPart(
                    story,
                    number,
                    parts[number - 2] if number > 1 else None,
                    parts[number] if number < len(parts) else None,
                )
            self.stories.append(story)
        self.context["STORIES"] = sorted(self.stories, key=lambda s: s.articles[-1].date, reverse=True)

    def generate_output(self, writer) -> None:
        for story in self.stories:
            writer.write_file(
                story.save_as, self.get_template("story"), self.context, story=story, url=story.url
            )
        if self.stories:
            writer.write_file(
                self.settings["BRIEFS_STORIES_SAVE_AS"],
                self.get_template("stories"),
                self.context,
                url=self.settings["BRIEFS_STORIES_URL"],
            )


def merged_timeline(parts: list) -> list[StoryEvent]:
    """Every part's timeline entries and the parts themselves, oldest first; a part after its
    own events of the same day, since it reports on them."""
    events = []
    for article in parts:
        for entry in article.brief.timeline:
            events.append((entry.iso, 0, StoryEvent(entry.iso, entry.label, entry.event_card, article)))
        day = article.date.date().isoformat()
        events.append((day, 1, StoryEvent(day, timeline_label(day), None, article)))
    return [event for _, _, event in sorted(events, key=lambda e: (e[0], e[1]))]


def get_generators(_pelican):
    return StoryGenerator


def register() -> None:
    # A generator of its own runs after Pelican's article generator has read every brief.
    signals.get_generators.connect(get_generators)
