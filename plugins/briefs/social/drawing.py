"""Card drawing: a laid-out card painted in the theme's colours and encoded as a palette PNG."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from .colours import Colours
from .fonts import Fonts
from .layout import BAND, HEIGHT, WIDTH, CardText, Layout, layout

# Cards are saved as palette PNGs: a card has five colours and their anti-aliased blends, which
# this many palette entries keep sharp, at about a third of the bytes of a full-colour PNG
# (18 KB instead of 51 KB for a long title and hook). Every link preview (Facebook, LinkedIn,
# X, Slack, Discord, Mastodon, iMessage) reads indexed PNG.
PALETTE_COLOURS = 16
FILL = {"site": "muted", "category": "accent", "title": "text", "hook": "muted"}  # by a line's role


@dataclass(frozen=True)
class Look:
    """What decides how a card looks, besides its text: read from the theme once per build."""

    fonts: Fonts
    colours: Colours


def draw(card: Layout, colours: Colours) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), colours.background)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, HEIGHT - BAND, WIDTH, HEIGHT), fill=colours.accent)
    if card.pill[2] > card.pill[0]:
        left, top, right, bottom = card.pill  # Pillow fills the right and bottom edges too
        pen.rounded_rectangle(
            (left, top, right - 1, bottom - 1), radius=(bottom - top) // 2, fill=colours.pill
        )
    for line in card.lines:
        fill = getattr(colours, FILL[line.role])
        for run in line.shaped.runs:
            pen.text(
                (line.x + run.x, line.baseline),
                run.text,
                font=run.face.at(line.style.size),
                fill=fill,
                anchor="ls",
                stroke_width=run.stroke,
                stroke_fill=fill,
            )
    return image


def render_png(text: CardText, look: Look) -> tuple[bytes, Layout]:
    card = layout(text, look.fonts)
    buffer = io.BytesIO()
    # No dithering: it would speckle flat areas and cost bytes. optimize=True would save another
    # 7% for five times the encoding time.
    palette = draw(card, look.colours).quantize(
        PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    palette.save(buffer, "PNG")
    return buffer.getvalue(), card
