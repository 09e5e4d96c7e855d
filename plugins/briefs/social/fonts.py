"""The card fonts: the faces that draw a card's text, each a chain in which a character is drawn with
the first face that has it.

Fonts come with the project, never from the machine: DejaVu Sans (theme/fonts) draws Latin,
Greek, Cyrillic, Hebrew and Arabic; Noto Sans SC (the pinned `pylopdf-fonts-zh-cn` package, too big
to keep in the repository) draws each character that DejaVu lacks, such as Chinese and Japanese.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import pylopdf_fonts_zh_cn
from fontTools.ttLib import TTFont
from PIL import ImageFont

FONT_FOLDER = "fonts"  # inside THEME, beside static/ so the fonts are not published with the site
FONT_FILES = {"bold": "DejaVuSans-Bold.ttf", "regular": "DejaVuSans.ttf"}


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
