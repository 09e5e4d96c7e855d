"""Card layout: where each line of a card goes, worked out before anything is drawn.

A card shows the site name, the brief's category, its title and its hook. A long title steps down
in size and, at the smallest, ends in an ellipsis, as does a long hook. `layout()` gives every line
and the box its ink covers, so that tests can check that nothing leaves the margins; drawing.py
only paints what it is given.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fonts import Fonts
from .text import Shaped, Style, clean, right_to_left, shape, wrap

WIDTH, HEIGHT = 1200, 630
MARGIN_X, MARGIN_Y = 80, 64
# Everything drawn as text lies inside this box: (left, top, right, bottom).
CONTENT = (MARGIN_X, MARGIN_Y, WIDTH - MARGIN_X, HEIGHT - MARGIN_Y)
BAND = 14  # the accent band along the bottom edge, below the margin

SITE_SIZE = 30
CATEGORY_SIZE = 24
PILL_PAD = (16, 10)  # horizontal, vertical
# Title sizes in px with the most lines each may take; the first whole fit wins, else the last is cut.
TITLE_STEPS = ((72, 2), (64, 3), (56, 3), (48, 4))
HOOK_SIZE, HOOK_LINES = 32, 3
GAP_BELOW_ROW, GAP_BELOW_TITLE = 44, 28


@dataclass(frozen=True)
class CardText:
    """What a card says: everything about it that comes from the site and the brief."""

    site: str
    category: str
    title: str
    hook: str


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
    category_style = Style(fonts.bold, CATEGORY_SIZE, embolden=True)
    category, category_cut = wrap(prepared(text.category, fonts.bold).upper(), category_style, width // 2, 1)
    ascent, descent = category_style.chain[0].at(CATEGORY_SIZE).getmetrics()
    row_height = ascent + descent + 2 * PILL_PAD[1]
    text_top, text_right = top + PILL_PAD[1], right - PILL_PAD[0]
    lines = _place("category", category, category_style, text_top, ascent + descent, text_right)
    pill_width = (lines[0].shaped.width + 2 * PILL_PAD[0]) if lines else 0
    pill = (int(right - pill_width), top, right, top + row_height) if lines else (right, top, right, top)
    site_style = Style(fonts.bold, SITE_SIZE, embolden=True)
    site_width = width - pill_width - (32 if pill_width else 0)
    site, site_cut = wrap(prepared(text.site, fonts.bold), site_style, site_width, 1)
    lines += _place("site", site, site_style, top, row_height)
    cut += ["category"] * category_cut + ["site"] * site_cut

    # The title: the largest size at which it fits whole, else the smallest, cut.
    title_text = prepared(text.title, fonts.bold)
    title_edge = right if right_to_left(title_text) else None
    title_top = top + row_height + GAP_BELOW_ROW
    for size, most in TITLE_STEPS:
        title_style = Style(fonts.bold, size, embolden=True)
        title, title_cut = wrap(title_text, title_style, width, most)
        if not title_cut:
            break
    ascent, descent = title_style.chain[0].at(title_style.size).getmetrics()
    title_height = ascent + descent + round(title_style.size * 0.04)
    lines += _place("title", title, title_style, title_top, title_height, title_edge)
    cut += ["title"] * title_cut

    # The hook: as many lines as the space below the title holds, at most HOOK_LINES.
    hook_text = prepared(text.hook, fonts.regular)
    hook_style = Style(fonts.regular, HOOK_SIZE)
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
