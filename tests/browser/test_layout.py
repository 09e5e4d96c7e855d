"""Layout on small screens, colours in the dark scheme, and screenshots of every page type."""

from __future__ import annotations

import struct

import pytest

from .support import BRIEF, CONTRAST_JS, DESCRIBE_JS, DESKTOP, PAGES, PHONE, screenshots_taken

# Text that a reader must be able to read on a brief page: body copy, muted meta text, links, the
# tinted TL;DR and AI label, citation backlinks, related reasons and the footer.
BRIEF_TEXT = [
    "body",
    ".brief__meta",
    "a.brief__category",
    ".brief__hook",
    ".label--ai",
    ".tldr h2",
    ".tldr dd",
    ".takeaways li",
    ".timeline time",
    ".sources__publisher",
    ".sources__backlinks",
    ".sources__backlinks a",
    ".related__reason",
    ".brief__recap a",
    ".site-nav a",
    ".site-footer p",
]

OVERFLOWING_JS = f"""
() => {{
  const describe = {DESCRIBE_JS};
  const width = document.documentElement.clientWidth;
  return [...document.body.querySelectorAll("*")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
    .filter((e) => ![...e.children].some((c) => c.getBoundingClientRect().right > width + 0.5))
    .slice(0, 8).map((e) => describe(e) + " right=" + Math.round(e.getBoundingClientRect().right));
}}
"""


@pytest.mark.parametrize("width", [320, 768])
@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways(open_page, name, width):
    page = open_page(PAGES[name], width=width)
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, (
        f"{name} at {width}px scrolls sideways ({scroll_width}px of content in {client_width}px); "
        f"too wide: {page.evaluate(OVERFLOWING_JS)}"
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_brief_text_keeps_its_contrast(open_page, scheme):
    page = open_page(BRIEF, scheme=scheme)
    low = []
    for selector in BRIEF_TEXT:
        elements = page.locator(selector)
        assert elements.count(), f"nothing matches {selector}"
        found = elements.first.evaluate(CONTRAST_JS)
        if found["ratio"] < 4.5:
            low.append(f"{selector}: {found['ratio']:.2f} ({found['text']} on {found['background']})")
    assert not low, f"text below 4.5:1 in the {scheme} scheme:\n" + "\n".join(low)


def test_dark_scheme_changes_the_colours(open_page):
    light, dark = (
        open_page(BRIEF, scheme=scheme).locator("body").evaluate(CONTRAST_JS) for scheme in ("light", "dark")
    )
    assert dark["background"] != light["background"], "the dark scheme keeps the light background"
    assert dark["text"] != light["text"], "the dark scheme keeps the light text colour"
    assert sum(dark["background"][:3]) < sum(light["background"][:3]), "the dark background is not darker"
    assert sum(dark["text"][:3]) > sum(dark["background"][:3]), "dark scheme text is not light on dark"
    assert dark["ratio"] >= 4.5, f"body text contrast in the dark scheme is {dark['ratio']:.2f}"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("name", PAGES)
def test_screenshots_of_every_page_type(open_page, screenshot_dir, name):
    for width in (DESKTOP, PHONE):
        for scheme in ("light", "dark"):
            page = open_page(PAGES[name], width=width, scheme=scheme)
            file = screenshot_dir / f"{name}-{width}-{scheme}.png"
            page.screenshot(path=file, full_page=True)
            shot_width, shot_height = png_size(file.read_bytes())
            assert shot_width == width and shot_height >= 300, (file, shot_width, shot_height)
            screenshots_taken.append(file)
