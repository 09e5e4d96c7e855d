"""Text for the cards: a line of text cleaned, split into runs by face, measured, and wrapped.

Text is wrapped by measuring it with the fonts that draw it. Text without spaces (Chinese,
Japanese) breaks between characters, no line starts with closing punctuation or ends with opening
punctuation, a word wider than the line breaks where it must, and text cut short ends in an
ellipsis. A character no face has (most emoji) is left out rather than drawn as an empty box, as is
a pile of combining marks beyond the second on one letter.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .fonts import Face

ELLIPSIS = "\u2026"

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
class Style:
    """How a line is set (its colour is the drawing's business: see drawing.py)."""

    chain: tuple[Face, ...]
    size: int
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
