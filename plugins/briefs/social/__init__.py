"""Social cards: one 1200x630 PNG per brief, the page's og:image, drawn at build time with Pillow.

This module is the feature: which pages get a card, what each says, and where it goes. The work is
in the modules beside it, one job each, in the order a card goes through them:

    fonts.py   the faces that draw the text, from the theme and a pinned package
    text.py    a line of text cleaned, shaped into runs by face, wrapped, cut with an ellipsis
    layout.py  where each line goes on the card, with the box its ink covers
    colours.py the card's colours, read from the theme's stylesheet
    drawing.py the pixels, encoded as a palette PNG
    cache.py   drawn cards kept between builds under a hash of what they show, copied into the site
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from pelican import signals
from pelican.generators import Generator

from ..settings import DEFAULTS
from ..words import counted, date_words
from .cache import Card, write_cards
from .colours import theme_colours
from .drawing import Look
from .fonts import FONT_FOLDER, load_fonts
from .layout import CardText

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PlannedCard:
    """The card of one page: the file drawn, its address (the page's og:image), and what it says."""

    card: Card
    url: str


@dataclass(frozen=True)
class CardPlan:
    """Every page's card, by the page's URL, and the fonts and colours they are drawn with."""

    look: Look | None = None
    by_page: Mapping[str, PlannedCard] = field(default_factory=dict)


def planned_cards(briefs, recaps, stories, terms, settings: dict) -> CardPlan:
    """The card of every page that gets one, by the page's URL (a brief's, a recap's, ..., or ""
    for the home page, whose card every other page shares). None when BRIEFS_SOCIAL_CARD_SAVE_AS
    is empty (as in the live preview), nothing is published, or the fonts cannot be read: then
    no page names a card that is not there."""
    save_as = slug_pattern(settings, "BRIEFS_SOCIAL_CARD_SAVE_AS")
    url = slug_pattern(settings, "BRIEFS_SOCIAL_CARD_URL")
    if not save_as or not briefs:
        return CardPlan()
    folder = os.path.join(settings["THEME"], FONT_FOLDER)
    try:
        fonts = load_fonts(folder)
    except OSError as error:
        logger.error("Social cards are left out: cannot read the card fonts in %s (%s)", folder, error)
        return CardPlan()
    site = settings["SITENAME"]
    pages = [
        (
            a.url,
            a.slug,
            a.brief_path,
            CardText(site, a.brief.data.category, a.brief.data.title, a.brief.hook_text),
        )
        for a in briefs
    ]
    pages += [
        (page, name, page or "the home page", text)
        for page, name, text in page_cards(recaps, stories, terms, settings)
    ]
    by_page = {
        page: PlannedCard(Card(source, save_as.format(slug=name), text), url.format(slug=name))
        for page, name, source, text in pages
    }
    return CardPlan(Look(fonts, theme_colours(settings["THEME"])), MappingProxyType(by_page))


class SocialCardGenerator(Generator):
    """Writes the cards the site model plans, drawing only those not drawn before."""

    def generate_output(self, writer) -> None:
        plan = self.context["site"].cards
        cards = [planned.card for planned in plan.by_page.values()]
        if not cards:
            return
        cache = os.path.join(self.settings["CACHE_PATH"], self.settings["BRIEFS_SOCIAL_CACHE"])
        stats = write_cards(cards, plan.look, cache, self.output_path, self.settings)
        timing = f" ({stats.ms_per_card:.1f} ms per drawn card)" if stats.drawn else ""
        logger.info("Social cards: drew %d, reused %d from %s%s", stats.drawn, stats.reused, cache, timing)


def page_cards(recaps, stories, terms, settings: dict):
    """(page path, card name, text) of the pages that list briefs: the home page (which other
    pages share), each recap, story, category and tag. Names hold a '/', which no brief slug has."""
    site = settings["SITENAME"]
    yield "", "site", CardText("", "", site, settings.get("SITE_DESCRIPTION", ""))
    for recap in recaps:
        week = f"{date_words(recap.week.monday)} to {date_words(recap.week.sunday)}"
        text = CardText(site, "Weekly recap", recap.title, f"{counted(len(recap.articles), 'brief')}, {week}")
        yield recap.url, f"recaps/{recap.week.label}", text
    for story in stories:
        count = counted(len(story.articles), "brief")
        yield story.url, f"stories/{story.slug}", CardText(site, "Story", story.title, f"{count} so far")
    for kind, listed in terms:
        for term, articles in listed:
            text = CardText(site, kind, term.name, counted(len(articles), "brief"))
            yield term.url, f"{kind.lower()}/{term.slug}", text


def slug_pattern(settings: dict, key: str) -> str:
    """A card path setting, which must name each brief's own file; else the default, with a warning."""
    value = settings[key]
    try:
        if not value or value.format(slug="a") != value.format(slug="b"):
            return value
    except (KeyError, IndexError, ValueError):
        pass
    default = DEFAULTS[key]
    logger.warning(
        "Setting %s should contain {slug} and no other field, not %r; using %r", key, value, default
    )
    settings[key] = default
    return default


def get_generators(_pelican):
    return SocialCardGenerator


def register() -> None:
    # A generator of its own draws the cards the site model planned, into the staging folder.
    signals.get_generators.connect(get_generators)
