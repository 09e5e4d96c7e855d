"""Bounds on Markdown text (a brief's body and fields, recap intros, story intros), checked before
it is rendered: text that would keep Python-Markdown busy for minutes, or that HTML cannot hold, is
refused with the line where it crosses the bound.
"""

from __future__ import annotations

import re

from .frontmatter import BriefSource
from .problems import ContentError, Problem
from .schema import CONTROL_CHARACTERS

# Python-Markdown's time grows with the square of the unmatched '[' in a paragraph (each one looks for
# its ']'), and of the links and markers in one; no brief needs more than a few hundred.
MAX_BRACKETS = 3_000
# Markdown nests a list or quote for each indent or marker at the start of a line, by recursion and
# in time that grows with the depth: more than this many leading columns of them is refused.
MAX_LEADING = 200
_LEADING = re.compile(r"^(?:[ \t>*+-]|\d{1,9}[.)])+", re.MULTILINE)
# Python-Markdown's block parser reworks a whole block (lines up to a blank line) for each heading,
# rule or list item in it, and its inline pass rebuilds a paragraph for each span (an escape, an
# entity, a code span), so both take time that grows with the square of a block; and it handles
# about 10,000 lines or spans a second. So a block has at most MAX_BLOCK_LINES lines, and a text at
# most so many lines, characters that start a span, and code fences (each rebuilds the text):
# a brief of a few pages uses a tenth of each, and no text takes Markdown more than a few seconds.
MAX_BLOCK_LINES = 100
MAX_LINES = 10_000
MAX_SPANS = 20_000
MAX_FENCES = 200
_SPAN_START = re.compile(r"[\\`*_&<!~]")
_FENCE = re.compile(r"^\s*(```|~~~)")


def check_printable(text: str, display_path: str, first_line: int = 1, field: str = "") -> None:
    """Markdown text is held to the fields' rule: no control characters, invisible and invalid in HTML."""
    problems = [
        Problem(
            display_path,
            first_line + text.count("\n", 0, match.start()),
            field,
            f"contains the control character U+{ord(match.group()):04X} (expected printable text)",
        )
        for match in CONTROL_CHARACTERS.finditer(text)
    ]
    if problems:
        raise ContentError(problems[:20])  # the first few say it; a binary file has thousands


def check_blocks(text: str, display_path: str, first_line: int = 1, field: str = "") -> None:
    """Refuse Markdown whose blocks would keep Python-Markdown busy for minutes (see MAX_BLOCK_LINES)."""

    def fail(offset: int, message: str) -> ContentError:
        return ContentError([Problem(display_path, first_line + offset, field, message)])

    expected = "(expected a brief of a few pages: split it into several briefs)"
    fences, in_fence, block, lines, spans = 0, False, 0, 0, 0
    for offset, line in enumerate(text.split("\n")):
        if _FENCE.match(line):
            fences += 1
            in_fence = not in_fence
            if fences > MAX_FENCES * 2:
                raise fail(offset, f"has more than {MAX_FENCES} code blocks {expected}")
            block = 0
            continue
        if in_fence:
            continue
        if not line.strip():
            block = 0
            continue
        block += 1
        lines += 1
        spans += len(_SPAN_START.findall(line))
        if block > MAX_BLOCK_LINES:
            raise fail(
                offset,
                f"has a block of more than {MAX_BLOCK_LINES} lines with no blank line "
                "(expected a blank line between paragraphs, headings and long lists)",
            )
        if lines > MAX_LINES:
            raise fail(offset, f"has more than {MAX_LINES:,} lines of Markdown {expected}")
        if spans > MAX_SPANS:
            raise fail(offset, f"has more than {MAX_SPANS:,} of the characters \\ ` * _ & < ! ~ {expected}")


def check_body(source: BriefSource, display_path: str, field: str) -> None:
    """The Markdown after the front matter of a brief or a story file: printable and in bounds."""
    check_printable(source.body, display_path, source.body_line, field)
    check_markup_limits(source.text, display_path)
    check_blocks(source.body, display_path, source.body_line, field)


def check_markup_limits(text: str, display_path: str) -> None:
    """Refuse text that would keep Markdown busy for minutes, naming the line where it crosses the line."""
    for match in _LEADING.finditer(text):
        if match.end() - match.start() > MAX_LEADING:
            message = (
                f"starts with more than {MAX_LEADING} columns of indentation or list and quote marks "
                "(expected lists and quotes a few levels deep)"
            )
            raise ContentError([Problem(display_path, text.count("\n", 0, match.start()) + 1, "", message)])
    if text.count("[") <= MAX_BRACKETS:
        return
    offset = -1
    for _ in range(MAX_BRACKETS + 1):
        offset = text.index("[", offset + 1)
    message = (
        f"has more than {MAX_BRACKETS:,} '[' characters (links and citation markers; expected a brief "
        "of a few pages: split it into several briefs)"
    )
    raise ContentError([Problem(display_path, text.count("\n", 0, offset) + 1, "", message)])
