"""The cache of drawn cards, and putting each card into the site.

The build writes into a new output folder each run, so drawn cards are kept in BRIEFS_SOCIAL_CACHE
under a hash of everything that decides how they look: an unchanged brief's card is copied from
there, not drawn again, and the cache keeps only the cards of the last build.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, features

from ..cores import on_cores
from ..output import link_or_copy
from .drawing import Look, render_png
from .layout import HEIGHT, WIDTH, CardText

logger = logging.getLogger(__name__)

# Raise when the look or encoding of a card changes, so that every cached card is drawn again.
LAYOUT_VERSION = 3
CACHE_NAME = re.compile(r"[0-9a-f]{64}\.png")


@dataclass(frozen=True)
class Card:
    path: str  # the brief's file, for messages
    save_as: str
    text: CardText


@dataclass
class Stats:
    drawn: int = 0
    reused: int = 0
    draw_ms: list[float] = field(default_factory=list)

    @property
    def ms_per_card(self) -> float:
        return sum(self.draw_ms) / len(self.draw_ms) if self.draw_ms else 0.0


def card_key(text: CardText, look: Look) -> str:
    """A hash of everything that decides how a card looks."""
    drawn = {
        "version": LAYOUT_VERSION,
        "size": [WIDTH, HEIGHT],
        "text": [text.site, text.category, text.title, text.hook],
        "fonts": look.fonts.identity,
        "colours": look.colours.identity,
        "pillow": Image.__version__,
        "raqm": bool(features.check("raqm")),
    }
    return hashlib.sha256(json.dumps(drawn, sort_keys=True).encode()).hexdigest()


def write_cards(cards: list[Card], look: Look, cache: str, output_path: str, settings: dict) -> Stats:
    """Write each card to its place in the site: copied from `cache` when it was drawn before, else
    drawn into the cache first (on every core when there are many: a first build, a new theme)."""
    os.makedirs(cache, exist_ok=True)
    stats = Stats()
    used, to_draw, to_copy = set(), [], []
    for card in cards:
        name = card_key(card.text, look) + ".png"
        used.add(name)
        cached = os.path.join(cache, name)
        target = os.path.join(output_path, card.save_as)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if os.path.exists(cached):
            stats.reused += 1
            to_copy.append((cached, target))
        else:
            to_draw.append((card, cached, target))
    # Workers are forked: they inherit the loaded fonts instead of pickling them.
    jobs = [(card.text, cached, target) for card, cached, target in to_draw]
    drawn = on_cores(functools.partial(draw_card, look), jobs, settings)
    for (card, _, target), (written, dropped, ms) in zip(to_draw, drawn, strict=True):
        stats.drawn += 1
        stats.draw_ms.append(ms)
        if dropped:
            logger.info("%s: the social card leaves out %s (no card font has them)", card.path, dropped)
        if written == target:
            logger.warning("%s: social card not cached in %s", card.path, cache)
        else:
            to_copy.append((written, target))
    for cached, target in to_copy:
        link_or_copy(cached, target)
    prune(cache, used)
    return stats


def draw_card(look: Look, job: tuple[CardText, str, str]) -> tuple[str, str, float]:
    """Draw one card into the cache (or, when the cache cannot be written, straight to its place in
    the site): where it was written, the characters no font has, and the milliseconds it took."""
    text, cached, target = job
    start = time.perf_counter()
    png, drawn = render_png(text, look)
    ms = (time.perf_counter() - start) * 1000
    dropped = " ".join(sorted(drawn.dropped))
    partial = f"{cached}.{os.getpid()}.tmp"
    try:
        Path(partial).write_bytes(png)
        os.replace(partial, cached)
        return cached, dropped, ms
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(partial)
        Path(target).write_bytes(png)
        return target, dropped, ms


def prune(cache: str, used: set[str]) -> None:
    """Remove the cards of briefs that changed or went away, so the cache holds this build's only."""
    for name in os.listdir(cache):
        if CACHE_NAME.fullmatch(name) and name not in used:
            os.remove(os.path.join(cache, name))
