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


class SocialCardGenerator(Generator):
    """Gives each published brief `social_card_url`, then writes the cards, drawing only new ones."""

    def generate_context(self) -> None:
        self.cards: list[Card] = []
        self.look: Look | None = None
        save_as, url = (
            slug_pattern(self.settings, "BRIEFS_SOCIAL_CARD_SAVE_AS"),
            slug_pattern(self.settings, "BRIEFS_SOCIAL_CARD_URL"),
        )
        briefs = self.context["site"].briefs
        self.context["SOCIAL_CARDS"] = {}  # page path -> card path, for pages other than briefs
        if not save_as or not briefs:
            return
        folder = os.path.join(self.settings["THEME"], FONT_FOLDER)
        try:
            fonts = load_fonts(folder)
        except OSError as error:
            logger.error("Social cards are left out: cannot read the card fonts in %s (%s)", folder, error)
            return
        self.look = Look(fonts, theme_colours(self.settings["THEME"]))
        for article in briefs:
            data = article.brief.data
            text = CardText(self.settings["SITENAME"], data.category, data.title, article.brief.hook_text)
            article.social_card_url = url.format(slug=article.slug)
            self.cards.append(Card(article.brief_path, save_as.format(slug=article.slug), text))
        for page, name, text in page_cards(self.context, self.settings):
            self.context["SOCIAL_CARDS"][page] = url.format(slug=name)
            self.cards.append(Card(page or "the home page", save_as.format(slug=name), text))

    def generate_output(self, writer) -> None:
        if not self.cards:
            return
        cache = os.path.join(self.settings["CACHE_PATH"], self.settings["BRIEFS_SOCIAL_CACHE"])
        stats = write_cards(self.cards, self.look, cache, self.output_path, self.settings)
        timing = f" ({stats.ms_per_card:.1f} ms per drawn card)" if stats.drawn else ""
        logger.info("Social cards: drew %d, reused %d from %s%s", stats.drawn, stats.reused, cache, timing)


def page_cards(context: dict, settings: dict):
    """(page path, card name, text) of the pages that list briefs: the home page (which other
    pages share), each recap, story, category and tag. Names hold a '/', which no brief slug has."""
    site = settings["SITENAME"]
    yield "", "site", CardText("", "", site, settings.get("SITE_DESCRIPTION", ""))
    for recap in context["site"].recaps:
        monday, sunday = (date_words(day) for day in (recap.week.monday, recap.week.sunday))
        week = f"{monday} to {sunday}"
        text = CardText(site, "Weekly recap", recap.title, f"{counted(len(recap.articles), 'brief')}, {week}")
        yield recap.url, f"recaps/{recap.week.label}", text
    for story in context["site"].stories:
        count = counted(len(story.articles), "brief")
        yield story.url, f"stories/{story.slug}", CardText(site, "Story", story.title, f"{count} so far")
    for kind, terms in (("Category", context.get("categories")), ("Tag", context.get("tags"))):
        for term, articles in terms or []:
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
    # A generator of its own: its context step runs after every brief is read and before any page
    # is written (so templates see `social_card_url`), and it writes into the staging folder.
    signals.get_generators.connect(get_generators)
