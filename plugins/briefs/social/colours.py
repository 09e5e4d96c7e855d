"""The card's colours, read from the theme's colour tokens, so that a card looks like the site in
dark mode and follows the theme when its colours change.

The theme's stylesheet (THEME/static/css/site.css) is read once per build, with tinycss2. A token
gets the value that a browser in dark mode gives `:root`: the declarations of the `:root` rules at
the top level and inside `@media (prefers-color-scheme: dark)`, in source order, the last winning;
a value `var(--other)` is looked up in turn. A token that is missing or not an opaque colour gets
one warning naming the file and the token, and the card uses a plain built-in colour for it.
"""

from __future__ import annotations

import logging
import os
from dataclasses import astuple, dataclass

import tinycss2
from PIL import ImageColor

logger = logging.getLogger(__name__)

STYLESHEET = os.path.join("static", "css", "site.css")  # inside THEME

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Colours:
    background: RGB
    text: RGB  # the title
    muted: RGB  # the site name and the hook
    accent: RGB  # the category and the band along the bottom edge
    pill: RGB  # behind the category

    @property
    def identity(self) -> list:
        return [list(colour) for colour in astuple(self)]


# The theme token each colour is read from.
TOKENS = {"background": "--bg", "text": "--text", "muted": "--muted", "accent": "--link", "pill": "--tint"}
# Used only for a token the theme does not give, with a warning: plain greys that stay legible
# whatever the theme's other colours are (white text on near-black), not a copy of any theme.
BUILT_IN = Colours((18, 18, 18), (255, 255, 255), (192, 192, 192), (255, 255, 255), (58, 58, 58))


def theme_colours(theme: str | os.PathLike) -> Colours:
    """The card colours of the theme in folder `theme`; logs one warning for all it lacks."""
    path = os.path.join(theme, STYLESHEET)
    try:
        with open(path, encoding="utf-8") as handle:
            tokens = dark_mode_tokens(handle.read())
    except (OSError, UnicodeDecodeError) as error:
        logger.warning(
            "%s: cannot read the theme's colour tokens (%s); social cards use built-in colours", path, error
        )
        return BUILT_IN
    found, problems = {}, []
    for name, token in TOKENS.items():
        value = resolve(tokens, token)
        colour = _opaque(value) if value is not None else None
        if colour is None:
            problems.append(
                f"{token} is missing" if value is None else f"{token} is {value!r}, not an opaque colour"
            )
        found[name] = colour or getattr(BUILT_IN, name)
    if problems:
        logger.warning(
            "%s: %s (the social cards take %s from :root as dark mode sets it, each a colour such as "
            "#1e2a44); a built-in colour stands in",
            path,
            "; ".join(problems),
            ", ".join(TOKENS.values()),
        )
    return Colours(**found)


def dark_mode_tokens(css: str) -> dict[str, str]:
    """The custom properties of `:root` in dark mode, each as the text of its value."""
    found: dict[str, str] = {}
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        inside = [rule]
        if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content is not None:
            dark = "(prefers-color-scheme:dark)" in _compact(rule.prelude)
            inside = (
                tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
                if dark
                else []
            )
        for inner in inside:
            if inner.type == "qualified-rule":
                found.update(_root_properties(inner))
    return found


def resolve(tokens: dict[str, str], name: str, seen: frozenset[str] = frozenset()) -> str | None:
    """The value of custom property `name`, following `var(--other, fallback)`; None when unset."""
    value = tokens.get(name)
    if value is None or name in seen:
        return None
    parts = _significant(tinycss2.parse_component_value_list(value, skip_comments=True))
    if len(parts) != 1 or parts[0].type != "function" or parts[0].lower_name != "var":
        return value
    arguments = parts[0].arguments
    comma = next((i for i, part in enumerate(arguments) if part == ","), len(arguments))
    referred = _significant(arguments[:comma])
    if len(referred) == 1 and referred[0].type == "ident":
        found = resolve(tokens, referred[0].value, seen | {name})
        if found is not None:
            return found
    return tinycss2.serialize(arguments[comma + 1 :]).strip() or None


def _opaque(value: str) -> RGB | None:
    try:
        colour = ImageColor.getrgb(value)
    except ValueError:
        return None
    return None if len(colour) == 4 and colour[3] != 255 else colour[:3]


def _root_properties(rule) -> dict[str, str]:
    if ":root" not in _compact(rule.prelude).split(","):
        return {}
    declarations = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    return {
        item.name: tinycss2.serialize(item.value).strip()
        for item in declarations
        if item.type == "declaration" and item.name.startswith("--")
    }


def _compact(tokens) -> str:
    return "".join(tinycss2.serialize(tokens).lower().split())


def _significant(tokens) -> list:
    return [token for token in tokens if token.type not in ("whitespace", "comment")]
