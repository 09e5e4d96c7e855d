"""Card drawing: a laid-out card painted in the theme's colours and encoded as a palette PNG."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from PIL import Image, ImageDraw

from .colours import RGB, Colours
from .fonts import Fonts
from .layout import BAND, HEIGHT, WIDTH, CardText, Layout, layout

# Cards are saved as palette PNGs of 4 bits a pixel, which every link preview (Facebook, LinkedIn,
# X, Slack, Discord, Mastodon, iMessage) reads. Every pixel of a card is the background, an ink,
# or an ink anti-aliased into what it is drawn on; so the palette is the five colours and, between
# each ink and its ground, this many evenly spaced blends (the most for the title, the largest
# text): 16 entries, the theme's colours exact, text as sharp as in full colour.
BLENDS = (
    ("text", "background", 4),
    ("muted", "background", 3),
    ("accent", "pill", 3),
    ("pill", "background", 1),
)
DEFLATE_LEVEL = 8  # level 9 saves 0.7% more for twice the time
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
    entries = palette(look.colours)
    holder = Image.new("P", (1, 1))  # how Pillow's quantize is given a palette
    holder.putpalette([channel for colour in entries for channel in colour])
    # Each pixel takes the nearest entry; dithering would only speckle flat areas and cost bytes.
    indexed = draw(card, look.colours).quantize(palette=holder, dither=Image.Dither.NONE)
    return png(indexed, entries), card


def palette(colours: Colours) -> list[RGB]:
    """The five colours of a card, then the blends of each ink into its ground (see BLENDS): 16
    entries, as a 4-bit PNG holds."""
    found = [colours.background, colours.pill, colours.text, colours.muted, colours.accent]
    for ink, ground, steps in BLENDS:
        top, bottom = getattr(colours, ink), getattr(colours, ground)
        for step in range(1, steps + 1):
            found.append(
                tuple(round(b + (t - b) * step / (steps + 1)) for t, b in zip(top, bottom, strict=True))
            )
    return found


def png(indexed: Image.Image, colours: list[RGB]) -> bytes:
    """`indexed` as a PNG of 4 bits a pixel, its rows unfiltered.

    Pillow filters each row by a rule made for photographs; for palette images the PNG
    specification advises no filter, which saves a fifth of a card's bytes, and Pillow's PNG
    writer has no option for it. The four chunks are written here instead."""
    width, height = indexed.size
    packed = indexed.tobytes("raw", "P;4")  # two pixels a byte, each row padded to a whole byte
    stride = (width + 1) // 2
    # Each row starts with its filter type: 0, none.
    rows = b"".join(b"\0" + packed[start : start + stride] for start in range(0, len(packed), stride))
    chunks = (
        (b"IHDR", struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0)),  # 4-bit palette, not interlaced
        (b"PLTE", bytes(channel for colour in colours for channel in colour)),
        (b"IDAT", zlib.compress(rows, DEFLATE_LEVEL)),
        (b"IEND", b""),
    )
    return b"\x89PNG\r\n\x1a\n" + b"".join(
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        for kind, data in chunks
    )
