"""Load one brief completely: read, validate, render and check its citations.

Shared by the Pelican reader and the command line, so `check` and `build` can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from .citations import CITATION_PATTERN
from .frontmatter import BriefSource, Loc, read_brief_file
from .markdown_limits import check_blocks, check_body
from .markup import BriefMarkdown
from .placeholders import find_placeholders
from .problems import ContentError, Problem
from .rendering import BODY_FIELD, RenderedBrief, render
from .schema import slugify
from .validate import validate
from .words import counted


@dataclass(frozen=True)
class LoadedBrief:
    path: str
    slug: str
    brief: RenderedBrief
    warnings: tuple[Problem, ...]
    lines: dict[Loc, int]


def load_brief(path: str, display_path: str, markdown: BriefMarkdown) -> LoadedBrief:
    """The brief in the file at `path`; ContentError with every problem if it has any."""
    source = read_brief_file(path, display_path)
    brief = validate(source)
    check_body(source, display_path, BODY_FIELD)
    if brief.implications:
        check_blocks(brief.implications, display_path, source.line_of(("implications",)), "implications")
    try:
        result = render(brief, source.body, markdown)
    except RecursionError:  # Markdown parses nested lists and quotes by recursion
        message = "the text is nested too deeply (expected lists and quotes a few levels deep)"
        raise ContentError([Problem(display_path, source.body_line, "", message)]) from None
    count = len(brief.sources)
    body_lines = _BodyMarkerLines(source)
    errors = [
        Problem(
            display_path,
            body_lines.next(number) if field == BODY_FIELD else source.line_of(_loc(field)),
            field,
            f"cites [{number}] but there {'is' if count == 1 else 'are'} only {counted(count, 'source')} "
            f"(expected a number from 1 to {count})",
        )
        for field, number in result.unknown_citations
    ]
    placeholders = find_placeholders(brief, source, _front_matter_text(path, source))
    errors += [p for p in placeholders if p.is_error]
    if errors:
        raise ContentError(errors)
    warnings = (
        *placeholders,
        *(
            Problem(
                display_path,
                source.line_of(("sources", n - 1)),
                f"sources.{n - 1}",
                f"source [{n}] is never cited (expected a [{n}] marker in the text)",
                severity="warning",
            )
            for n in result.uncited_sources
        ),
    )
    slug = _slug(brief.slug, brief.title, display_path)
    return LoadedBrief(display_path, slug, result.brief, warnings, source.lines)


def intended_slug(path: str, display_path: str) -> str:
    """The slug a brief that failed to load was meant to have, from what of its front matter could be
    read, so that a pin to it can be told from a pin to no brief at all."""
    try:
        data = read_brief_file(path, display_path).data
    except (ContentError, OSError):
        data = {}
    slug, title = data.get("slug"), data.get("title")
    return _slug(
        slug if isinstance(slug, str) else None, title if isinstance(title, str) else "", display_path
    )


def _slug(slug: str | None, title: str, display_path: str) -> str:
    """The brief's `slug`, else its title's, else its file name's. A title's letters may spread out
    on the way to ASCII ("\ufdfa" is 18 letters): a made slug is kept well under the 255 bytes of a
    file name."""
    made = slugify(title)[:200].strip("-") or slugify(PurePosixPath(display_path).stem)[:200].strip("-")
    return slug or made or "brief"


def _front_matter_text(path: str, source: BriefSource) -> str:
    """The lines between the `---` lines, comments included (BriefSource keeps only their values)."""
    with open(path, encoding="utf-8-sig", errors="replace") as handle:
        lines = [next(handle, "") for _ in range(source.body_line - 1)]
    return "".join(lines[1:-1])


def _loc(field: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in field.split("."))


class _BodyMarkerLines:
    """File lines of the body's citation markers, outside code, handed out in reading order.

    Python-Markdown tells an inline pattern nothing of where its text was in the file, so the
    rendering cannot say which line an unknown marker is on; this finds the markers' lines with
    the same pattern, skipping code as Markdown does."""

    _CODE_SPAN = re.compile(r"(`+).+?\1")

    def __init__(self, source: BriefSource):
        self.found: dict[int, list[int]] = {}
        in_fence = False
        for offset, line in enumerate(source.body.split("\n")):
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            for match in re.finditer(CITATION_PATTERN, self._CODE_SPAN.sub("", line)):
                for number in re.findall(r"\d+", match.group(2)):
                    self.found.setdefault(int(number), []).append(source.body_line + offset)
        self.fallback = source.body_line

    def next(self, number: int) -> int:
        lines = self.found.get(number) or [self.fallback]
        return lines.pop(0) if len(lines) > 1 else lines[0]
