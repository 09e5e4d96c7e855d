"""The site model: what spans briefs, made in one step once every brief is read, then only read.

    brief file -> Brief (schema.py; reader.py checks it) -> Pelican article, `article.brief`
               -> SiteModel (here): the published briefs, their weeks, stories, related updates
                  and the social card of every page
               -> pages: Pelican's generators, ours and the templates read it as `site`

Features never set attributes on articles or keys in the context for one another to find: each
reads what it needs from this model, so the order they are registered in does not matter (a test
registers them in another order and compares the sites). The model is made at
`article_generator_finalized`: every brief is read, drafts and future briefs are set aside, and no
page is written yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pelican import signals

from .articles import briefs_in
from .recap import Recap, recaps_of
from .related import RelatedUpdate, related_updates
from .social import CardPlan, planned_cards
from .story import Story, StoryPart, stories_of

KEY = "site"  # the model's name in Pelican's context, and so in every template


@dataclass(frozen=True)
class SiteModel:
    briefs: tuple  # the published briefs, newest first (Pelican's order)
    recaps: tuple[Recap, ...]  # one per ISO week with briefs, oldest first
    stories: tuple[Story, ...]  # the most recently continued first
    parts: Mapping[str, StoryPart]  # by brief slug
    related: Mapping[str, tuple[RelatedUpdate, ...]]  # by brief slug
    weeks: Mapping[str, Recap]  # each brief's recap, by brief slug
    cards: CardPlan  # each page's social card, by page URL ("" for the home page)

    @property
    def latest_recap(self) -> Recap | None:
        return self.recaps[-1] if self.recaps else None

    def recap_of(self, article) -> Recap | None:
        return self.weeks.get(article.slug)

    def story_part(self, article) -> StoryPart | None:
        return self.parts.get(article.slug)

    def related_to(self, article) -> tuple[RelatedUpdate, ...]:
        return self.related.get(article.slug, ())

    def card_url(self, page_url: str) -> str | None:
        """The address of the card of the page at `page_url`, if it has one of its own."""
        planned = self.cards.by_page.get(page_url)
        return planned.url if planned else None


def site_model(generator) -> SiteModel:
    """The model of the briefs `generator` (Pelican's article generator) has published."""
    briefs = tuple(briefs_in(generator.articles))
    stories, parts = stories_of(briefs, generator)
    recaps = recaps_of(briefs, generator)
    related = related_updates(briefs, generator.settings, {story.slug: story.title for story in stories})
    terms = (("Category", generator.categories), ("Tag", list(generator.tags.items())))
    cards = planned_cards(briefs, recaps, stories, terms, generator.settings)
    return SiteModel(
        briefs,
        recaps,
        stories,
        MappingProxyType(parts),
        MappingProxyType(related),
        MappingProxyType({article.slug: recap for recap in recaps for article in recap.articles}),
        cards,
    )


def make_site_model(generator) -> None:
    generator.context[KEY] = site_model(generator)


def register() -> None:
    # `article_generator_finalized`: every brief is read and sorted, and no page is written yet.
    signals.article_generator_finalized.connect(make_site_model)
