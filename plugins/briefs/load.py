"""Load one brief completely: read, validate, render and check its citations.

Shared by the Pelican reader and the command line, so `check` and `build` can never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from .frontmatter import BriefSource, Loc, read_brief_file
from .markup import BriefMarkdown
from .problems import ContentError, Problem
from .rendering import BODY_FIELD, RenderedBrief, render
from .schema import slugify
from .validate import validate


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
    result = render(brief, source.body, markdown)
    count = len(brief.sources)
    errors = [
        Problem(
            display_path,
            _citation_line(source, field, number),
            field,
            f"cites [{number}] but there {'is' if count == 1 else 'are'} only {count} "
            f"source{'' if count == 1 else 's'} (expected a number from 1 to {count})",
        )
        for field, number in result.unknown_citations
    ]
    if errors:
        raise ContentError(errors)
    warnings = tuple(
        Problem(
            display_path,
            source.line_of(("sources", n - 1)),
            f"sources.{n - 1}",
            f"source [{n}] is never cited (expected a [{n}] marker in the text)",
            severity="warning",
        )
        for n in result.uncited_sources
    )
    stem = PurePosixPath(display_path).stem
    slug = brief.slug or slugify(brief.title) or slugify(stem) or "brief"
    return LoadedBrief(display_path, slug, result.brief, warnings, source.lines)


def _citation_line(source: BriefSource, field: str, number: int) -> int:
    """The line of a marker: its field's line, or in the body the first line that cites `number`."""
    if field != BODY_FIELD:
        return source.line_of(tuple(int(p) if p.isdigit() else p for p in field.split(".")))
    marker = re.compile(rf"\[(?:\d+\s*,\s*)*{number}(?:\s*,\s*\d+)*\]")
    for offset, line in enumerate(source.body.split("\n")):
        if marker.search(line):
            return source.body_line + offset
    return source.body_line
