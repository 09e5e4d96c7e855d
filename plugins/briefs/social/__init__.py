"""Social cards: one 1200x630 PNG per brief, the page's og:image, drawn at build time with Pillow.

A card shows the site name, the brief's category, its title and its hook. Text is wrapped by
measuring it with the fonts that draw it: a long title steps down in size and, at the smallest,
ends in an ellipsis, as does a long hook; text without spaces (Chinese, Japanese) breaks between
characters, and a word wider than the card breaks where it must. `layout()` works out every line
and the box its ink covers before anything is drawn, so that tests can check the margins.

Fonts come with the project, never from the machine: DejaVu Sans (theme/fonts) draws Latin,
Greek, Cyrillic, Hebrew and Arabic; Noto Sans SC (the pinned `pylopdf-fonts-zh-cn` package, too big
to keep in the repository) draws each character that DejaVu lacks, such as Chinese and Japanese. A
character neither font has (most emoji) is left out rather than drawn as an empty box.

The build writes into a new output folder each run, so drawn cards are kept in BRIEFS_SOCIAL_CACHE
under a hash of everything drawn: an unchanged brief's card is copied from there, not drawn again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import os
import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pylopdf_fonts_zh_cn
from fontTools.ttLib import TTFont
from pelican import signals
from pelican.generators import Generator
from PIL import Image, ImageDraw, ImageFont, features

from ..cores import on_cores
from ..output import link_or_copy
from ..settings import DEFAULTS
from ..words import counted
from ..words import date_words as timeline_label  # named so until the card code is split

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
MARGIN_X, MARGIN_Y = 80, 64
# Everything drawn as text lies inside this box: (left, top, right, bottom).
CONTENT = (MARGIN_X, MARGIN_Y, WIDTH - MARGIN_X, HEIGHT - MARGIN_Y)
# Raise when the look or encoding of a card changes, so that every cached card is drawn again.
LAYOUT_VERSION = 2
# Cards are saved as palette PNGs: a card has five colours and their anti-aliased blends, which
# this many palette entries keep sharp, at about a third of the bytes of a full-colour PNG
# (18 KB instead of 51 KB for a long title and hook). Every link preview (Facebook, LinkedIn,
# X, Slack, Discord, Mastodon, iMessage) reads indexed PNG.
PALETTE_COLOURS = 16

# The dark scheme of the theme's colour tokens (theme/static/css/site.css).
BACKGROUND = "#111318"
TEXT = "#e7e9ed"
MUTED = "#a9b1bd"
ACCENT = "#8fb8ff"
PILL = "#1e2a44"
BAND = 14  # the accent band along the bottom edge, below the margin

SITE_SIZE = 30
CATEGORY_SIZE = 24
PILL_PAD = (16, 10)  # horizontal, vertical
# Title sizes in px with the most lines each may take; the first whole fit wins, else the last is cut.
TITLE_STEPS = ((72, 2), (64, 3), (56, 3), (48, 4))
HOOK_SIZE, HOOK_LINES = 32, 3
GAP_BELOW_ROW, GAP_BELOW_TITLE = 44, 28
ELLIPSIS = "\u2026"

FONT_FOLDER = "fonts"  # inside THEME, beside static/ so the fonts are not published with the site
FONT_FILES = {"bold": "DejaVuSans-Bold.ttf", "regular": "DejaVuSans.ttf"}
CACHE_NAME = re.compile(r"[0-9a-f]{64}\.png")

# Line breaking, beyond spaces: no line starts with closing punctuation (Unicode categories Pe and
# Pf, the ideographic and fullwidth stops, commas and marks below, and ASCII ones) or ends with
# opening punctuation (Ps and Pi).
_CLOSE = set("\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff1f\uff01\u2026\u2025\u30fb\u30fc\u3005,.:;?!%")
_BREAK_AFTER = set("-/\u2013\u2014")
SPACE, MARK, CLOSE, OPEN, WIDE, AFTER, OTHER = range(7)
# No script stacks more than two combining marks on a letter in running text; a pile of them
# ("Zalgo" text) would draw above the line, out of the card's margins.
MARKS_PER_CHARACTER = 2


@dataclass(frozen=True)
class CardText:
    site: str
    category: str
    title: str
    hook: str


class Face:
    """One font file: its digest at once; what it covers and its sizes when first drawn with."""

    def __init__(self, path: str):
        self.path = path
        with open(path, "rb") as handle:
            self.digest = hashlib.sha256(handle.read()).hexdigest()
        self._chars: frozenset[int] | None = None
        self._sizes: dict[int, ImageFont.FreeTypeFont] = {}

    def covers(self, char: str) -> bool:
        if self._chars is None:
            with TTFont(self.path, lazy=True) as font:
                self._chars = frozenset(font.getBestCmap())
        return ord(char) in self._chars

    def at(self, size: int) -> ImageFont.FreeTypeFont:
        if size not in self._sizes:
            self._sizes[size] = ImageFont.truetype(self.path, size)
        return self._sizes[size]

    def __repr__(self) -> str:
        return f"Face({os.path.basename(self.path)!r})"


@dataclass(frozen=True)
class Fonts:
    """Each weight is a chain of faces: a character is drawn with the first face that has it."""

    bold: tuple[Face, ...]
    regular: tuple[Face, ...]

    @property
    def identity(self) -> str:
        faces = {face.path: face.digest for face in (*self.bold, *self.regular)}
        return ",".join(sorted(faces.values()))


def load_fonts(font_folder: str | os.PathLike) -> Fonts:
    """The card fonts: the theme's DejaVu Sans, then the packaged fallbacks. Raises OSError."""
    fallbacks = (Face(str(pylopdf_fonts_zh_cn.sans_path())),)
    bold = Face(os.path.join(font_folder, FONT_FILES["bold"]))
    regular = Face(os.path.join(font_folder, FONT_FILES["regular"]))
    return Fonts((bold, *fallbacks), (regular, *fallbacks))


# Text: what a line is made of


@dataclass(frozen=True)
class Style:
    chain: tuple[Face, ...]
    size: int
    fill: str
    embolden: bool = False  # thicken the fallback faces, which come in one weight, to match bold

    def stroke(self, face: Face) -> int:
        return max(1, self.size // 48) if self.embolden and face is not self.chain[0] else 0


@dataclass(frozen=True)
class Run:
    """A piece of a line drawn with one face, `x` px after the line's start."""

    text: str
    face: Face
    x: float
    stroke: int


@dataclass(frozen=True)
class Shaped:
    runs: tuple[Run, ...]
    ink: tuple[float, float, float, float]  # left, top, right, bottom from the pen at the baseline

    @property
    def width(self) -> float:
        left, _, right, _ = self.ink
        return right - min(0.0, left)


def clean(text: str, chain: tuple[Face, ...]) -> tuple[str, set[str]]:
    """One line of text, keeping only characters some face of `chain` has; and what was left out."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    kept, dropped = [], set()
    skipping = False  # the marks and joiners after a character left out go with it
    stacked = 0  # combining marks on the character before
    for char in text:
        if _kind(char) == MARK:
            stacked += unicodedata.category(char) in ("Mn", "Me")
            if skipping or stacked > MARKS_PER_CHARACTER:
                continue
        else:
            stacked = 0
        skipping = not (char == " " or any(face.covers(char) for face in chain))
        if skipping:
            dropped.add(char)
        else:
            kept.append(char)
    return " ".join("".join(kept).split()), dropped


def shape(text: str, style: Style) -> Shaped:
    """Split `text` into runs by face, each character in the first face of the chain that has it
    (spaces and punctuation stay with the run they are in), and measure the runs as drawn."""
    pieces: list[list] = []
    for char in text:
        current = pieces[-1][1] if pieces else None
        if current is not None and unicodedata.category(char)[0] in "ZP" and current.covers(char):
            face = current
        else:
            face = next((f for f in style.chain if f.covers(char)), style.chain[0])
        if face is current:
            pieces[-1][0] += char
        else:
            pieces.append([char, face])
    runs, x = [], 0.0
    left = top = right = bottom = 0.0
    for piece, face in pieces:
        font, stroke = face.at(style.size), style.stroke(face)
        box = font.getbbox(piece, anchor="ls", stroke_width=stroke)
        left, top = min(left, x + box[0]), min(top, box[1])
        right, bottom = max(right, x + box[2]), max(bottom, box[3])
        runs.append(Run(piece, face, x, stroke))
        x += font.getlength(piece)
    return Shaped(tuple(runs), (left, top, max(right, x), bottom))


def _kind(char: str) -> int:
    if char == " ":
        return SPACE
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        return MARK
    if char in _CLOSE or category in ("Pe", "Pf"):
        return CLOSE
    if category in ("Ps", "Pi"):
        return OPEN
    if char in _BREAK_AFTER:
        return AFTER
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return WIDE
    return OTHER


def tokens(text: str) -> list[str]:
    """Pieces that stay on one line: a word with the spaces after it, or one wide character (CJK
    text has no spaces), with closing punctuation kept on its line and opening kept off it."""
    found: list[str] = []
    previous = None
    for char in text:
        kind = _kind(char)
        if kind == MARK:
            if found:
                found[-1] += char
            else:
                found.append(char)
            continue
        starts = (
            found
            and kind not in (SPACE, CLOSE)
            and previous != OPEN
            and (previous in (SPACE, WIDE, CLOSE, AFTER) or kind == WIDE)
        )
        if starts or not found:
            found.append(char)
        else:
            found[-1] += char
        previous = kind
    return found


def clusters(token: str) -> list[str]:
    """Characters with the marks that follow them: where a word too wide for a line may break."""
    found: list[str] = []
    for char in token:
        if found and _kind(char) == MARK:
            found[-1] += char
        else:
            found.append(char)
    return found


def wrap(text: str, style: Style, width: float, max_lines: int) -> tuple[list[str], bool]:
    """Lines no wider than `width` px, at most `max_lines` of them; true when some text was cut
    (the last line then ends in an ellipsis)."""

    def fits(line: str) -> bool:
        return shape(line.rstrip(), style).width <= width

    lines: list[str] = []
    line = ""
    for token in tokens(text):
        if len(lines) > max_lines:
            break
        if fits(line + token):
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = ""
        if fits(token):
            line = token
            continue
        pieces = clusters(token)
        while pieces and len(lines) <= max_lines:
            taken = longest_fit(pieces, lambda n, head=line, rest=pieces: fits(head + "".join(rest[:n])))
            if taken:
                line += "".join(pieces[:taken])
                pieces = pieces[taken:]
            elif not line:
                pieces = pieces[1:]  # a single character wider than the card: nothing can show it
            if pieces and line:
                lines.append(line.rstrip())
                line = ""
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) <= max_lines:
        return lines, False
    kept = lines[:max_lines]
    kept[-1] = ellipsize(kept[-1], fits)
    return kept, True


def longest_fit(pieces: list[str], fits) -> int:
    """The most of `pieces` that fit, by bisection: `fits(n)` tells whether the first n do."""
    low, high = 0, len(pieces)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def ellipsize(line: str, fits) -> str:
    """`line` shortened until an ellipsis fits after it, at a space when one is near the end."""
    pieces = clusters(line)
    cut = "".join(pieces[: longest_fit(pieces, lambda n: fits("".join(pieces[:n]).rstrip() + ELLIPSIS))])
    space = cut.rfind(" ")
    mid_word = len(cut) < len(line) and line[len(cut)] != " "
    if mid_word and space > len(cut) * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:-\u2013\u2014") + ELLIPSIS


def right_to_left(text: str) -> bool:
    """True when the first strongly directional character is Hebrew or Arabic."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("L", "R", "AL"):
            return direction != "L"
    return False


# Layout: every line placed, with the box its ink covers


@dataclass(frozen=True)
class Line:
    role: str  # "site", "category", "title" or "hook"
    text: str
    style: Style
    x: float  # where the line's first run starts
    baseline: int
    shaped: Shaped

    @property
    def box(self) -> tuple[float, float, float, float]:
        left, top, right, bottom = self.shaped.ink
        return (self.x + left, self.baseline + top, self.x + right, self.baseline + bottom)


@dataclass(frozen=True)
class Layout:
    lines: tuple[Line, ...]
    pill: tuple[int, int, int, int]  # the category's label
    title_size: int
    cut: tuple[str, ...]  # the roles whose text ends in an ellipsis
    dropped: frozenset[str]  # characters no font has, left out

    def role(self, name: str) -> list[Line]:
        return [line for line in self.lines if line.role == name]


def _place(role, lines, style, top, line_height, right_edge=None) -> list[Line]:
    """Lines one below the other from `top`, each set from the left margin, or against
    `right_edge` when one is given."""
    ascent, descent = style.chain[0].at(style.size).getmetrics()
    placed = []
    for index, text in enumerate(lines):
        shaped = shape(text, style)
        x = CONTENT[0] - min(0.0, shaped.ink[0]) if right_edge is None else right_edge - shaped.ink[2]
        baseline = top + index * line_height + ascent + (line_height - ascent - descent) // 2
        placed.append(Line(role, text, style, x, baseline, shaped))
    return placed


def layout(text: CardText, fonts: Fonts) -> Layout:
    """Place every line of the card; raises nothing for any text."""
    left, top, right, bottom = CONTENT
    width = right - left
    dropped: set[str] = set()
    cut: list[str] = []

    def prepared(value: str, chain) -> str:
        value, lost = clean(value, chain)
        dropped.update(lost)
        return value

    # Top row: the category's label at the right, the site name in what is left of the row.
    category_style = Style(fonts.bold, CATEGORY_SIZE, ACCENT, embolden=True)
    category, category_cut = wrap(prepared(text.category, fonts.bold).upper(), category_style, width // 2, 1)
    ascent, descent = category_style.chain[0].at(CATEGORY_SIZE).getmetrics()
    row_height = ascent + descent + 2 * PILL_PAD[1]
    text_top, text_right = top + PILL_PAD[1], right - PILL_PAD[0]
    lines = _place("category", category, category_style, text_top, ascent + descent, text_right)
    pill_width = (lines[0].shaped.width + 2 * PILL_PAD[0]) if lines else 0
    pill = (int(right - pill_width), top, right, top + row_height) if lines else (right, top, right, top)
    site_style = Style(fonts.bold, SITE_SIZE, MUTED, embolden=True)
    site_width = width - pill_width - (32 if pill_width else 0)
    site, site_cut = wrap(prepared(text.site, fonts.bold), site_style, site_width, 1)
    lines += _place("site", site, site_style, top, row_height)
    cut += ["category"] * category_cut + ["site"] * site_cut

    # The title: the largest size at which it fits whole, else the smallest, cut.
    title_text = prepared(text.title, fonts.bold)
    title_edge = right if right_to_left(title_text) else None
    title_top = top + row_height + GAP_BELOW_ROW
    for size, most in TITLE_STEPS:
        title_style = Style(fonts.bold, size, TEXT, embolden=True)
        title, title_cut = wrap(title_text, title_style, width, most)
        if not title_cut:
            break
    ascent, descent = title_style.chain[0].at(title_style.size).getmetrics()
    title_height = ascent + descent + round(title_style.size * 0.04)
    lines += _place("title", title, title_style, title_top, title_height, title_edge)
    cut += ["title"] * title_cut

    # The hook: as many lines as the space below the title holds, at most HOOK_LINES.
    hook_text = prepared(text.hook, fonts.regular)
    hook_style = Style(fonts.regular, HOOK_SIZE, MUTED)
    hook_top = title_top + len(title) * title_height + GAP_BELOW_TITLE
    hook_height = round(HOOK_SIZE * 1.4)
    hook_edge = right if right_to_left(hook_text) else None
    most = min(HOOK_LINES, (bottom - hook_top) // hook_height)
    while most > 0:
        hook, hook_cut = wrap(hook_text, hook_style, width, most)
        hook_lines = _place("hook", hook, hook_style, hook_top, hook_height, hook_edge)
        if all(line.box[3] <= bottom for line in hook_lines):
            lines += hook_lines
            cut += ["hook"] * hook_cut
            break
        most -= 1
    return Layout(tuple(lines), pill, title_style.size, tuple(cut), frozenset(dropped))


def draw(card: Layout) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=ACCENT)
    if card.pill[2] > card.pill[0]:
        left, top, right, bottom = card.pill  # Pillow fills the right and bottom edges too
        pen.rounded_rectangle((left, top, right - 1, bottom - 1), radius=(bottom - top) // 2, fill=PILL)
    for line in card.lines:
        for run in line.shaped.runs:
            pen.text(
                (line.x + run.x, line.baseline),
                run.text,
                font=run.face.at(line.style.size),
                fill=line.style.fill,
                anchor="ls",
                stroke_width=run.stroke,
                stroke_fill=line.style.fill,
            )
    return image


def render_png(text: CardText, fonts: Fonts) -> tuple[bytes, Layout]:
    card = layout(text, fonts)
    buffer = io.BytesIO()
    # No dithering: it would speckle flat areas and cost bytes. optimize=True would save another
    # 7% for five times the encoding time.
    palette = draw(card).quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette.save(buffer, "PNG")
    return buffer.getvalue(), card


def card_key(text: CardText, fonts: Fonts) -> str:
    """A hash of everything that decides how a card looks."""
    drawn = {
        "version": LAYOUT_VERSION,
        "size": [WIDTH, HEIGHT],
        "text": [text.site, text.category, text.title, text.hook],
        "fonts": fonts.identity,
        "pillow": Image.__version__,
        "raqm": bool(features.check("raqm")),
    }
    return hashlib.sha256(json.dumps(drawn, sort_keys=True).encode()).hexdigest()


# The generator


@dataclass
class Stats:
    drawn: int = 0
    reused: int = 0
    draw_ms: list[float] = field(default_factory=list)

    @property
    def ms_per_card(self) -> float:
        return sum(self.draw_ms) / len(self.draw_ms) if self.draw_ms else 0.0


@dataclass(frozen=True)
class Card:
    path: str  # the brief's file, for messages
    save_as: str
    text: CardText


class SocialCardGenerator(Generator):
    """Gives each published brief `social_card_url`, then writes the cards, drawing only new ones."""

    def generate_context(self) -> None:
        self.cards: list[Card] = []
        self.stats = Stats()
        self.fonts: Fonts | None = None
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
            self.fonts = load_fonts(folder)
        except OSError as error:
            logger.error("Social cards are left out: cannot read the card fonts in %s (%s)", folder, error)
            return
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
        os.makedirs(cache, exist_ok=True)
        used, to_draw, to_copy = set(), [], []
        for card in self.cards:
            name = card_key(card.text, self.fonts) + ".png"
            used.add(name)
            cached = os.path.join(cache, name)
            target = os.path.join(self.output_path, card.save_as)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.exists(cached):
                self.stats.reused += 1
                to_copy.append((cached, target))
            else:
                to_draw.append((card, cached, target))
        for (card, _, target), (written, dropped, ms) in zip(to_draw, self._draw_all(to_draw), strict=True):
            self.stats.drawn += 1
            self.stats.draw_ms.append(ms)
            if dropped:
                logger.info("%s: the social card leaves out %s (no card font has them)", card.path, dropped)
            if written == target:
                logger.warning("%s: social card not cached in %s", card.path, cache)
            else:
                to_copy.append((written, target))
        for cached, target in to_copy:
            link_or_copy(cached, target)
        prune(cache, used)
        timing = f" ({self.stats.ms_per_card:.1f} ms per drawn card)" if self.stats.drawn else ""
        logger.info(
            "Social cards: drew %d, reused %d from %s%s", self.stats.drawn, self.stats.reused, cache, timing
        )

    def _draw_all(self, jobs: list) -> Iterator[tuple[str, str, float]]:
        """Draw the new cards, on every core when there are many (a first build, a new theme)."""
        global _fonts  # workers are forked, so they inherit the loaded fonts instead of pickling them
        _fonts = self.fonts
        tasks = [(card.text, cached, target) for card, cached, target in jobs]
        return on_cores(draw_job, tasks, self.settings)


def page_cards(context: dict, settings: dict):
    """(page path, card name, text) of the pages that list briefs: the home page (which other
    pages share), each recap, story, category and tag. Names hold a '/', which no brief slug has."""
    site = settings["SITENAME"]
    yield "", "site", CardText("", "", site, settings.get("SITE_DESCRIPTION", ""))
    for recap in context["site"].recaps:
        monday, sunday = (timeline_label(day.isoformat()) for day in (recap.week.monday, recap.week.sunday))
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


_fonts: Fonts | None = None


def draw_job(job: tuple[CardText, str, str]) -> tuple[str, str, float]:
    return draw_card(*job)


def draw_card(text: CardText, cached: str, target: str) -> tuple[str, str, float]:
    """Draw one card into the cache (or, when the cache cannot be written, straight to `target`):
    where it was written, the characters no font has, and the milliseconds it took."""
    start = time.perf_counter()
    png, drawn = render_png(text, _fonts)
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


def prune(cache: str, used: set[str]) -> None:
    """Remove the cards of briefs that changed or went away, so the cache holds this build's only."""
    for name in os.listdir(cache):
        if CACHE_NAME.fullmatch(name) and name not in used:
            os.remove(os.path.join(cache, name))


def get_generators(_pelican):
    return SocialCardGenerator


def register() -> None:
    # A generator of its own: its context step runs after every brief is read and before any page
    # is written (so templates see `social_card_url`), and it writes into the staging folder.
    signals.get_generators.connect(get_generators)
