"""What `make new` and `make import` leave for the editor to fill, and the rule that finds it.

The template (briefs_tools.new) and the importer write their placeholders from the constants here, and
`find_placeholders` looks for exactly these, so the three cannot disagree. A placeholder is an error
in a published brief (the check and the strict build fail) and a warning in a draft.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pydantic import BaseModel

from .frontmatter import BriefSource, Loc, dotted
from .problems import Problem
from .schema import Brief

# Text still to be written starts with this word ("TODO what changed", "TODO: the sources").
TODO = "TODO"
# The importer's category when the export names none.
UNCATEGORISED = "Uncategorised"
# A reserved domain (RFC 2606): a placeholder source can never point at a real page.
PLACEHOLDER_URL = "https://example.invalid/"
# The importer's note above a value it could only guess (a publisher's home page for the article's
# address, text cut to fit): "# needs editor: sources.0.url: put the article's address here".
NEEDS_EDITOR = "# needs editor: "

_TODO_TEXT = re.compile(rf"^\s*{TODO}\b")
_NOTE = re.compile(rf"^{re.escape(NEEDS_EDITOR)}(?P<field>[\w.]*): (?P<message>.*)$")


def find_placeholders(brief: Brief, source: BriefSource, front_matter: str) -> list[Problem]:
    """Every placeholder in one brief, each at its line and field: errors if the brief is published.

    `front_matter` is the text between the `---` lines, where the importer's notes are comments.
    """
    severity = "error" if brief.status == "published" else "warning"
    until = "before the brief is published" if severity == "error" else "before `status: draft` goes"
    found = [
        (source.line_of(loc), dotted(loc), f"{what}, {until})")
        for loc, what in _placeholder_values(brief, ())
    ]
    found += [
        (
            source.body_line + offset,
            "body",
            f"is still the placeholder {_shown(line)} (expected your analysis, or no body, {until})",
        )
        for offset, line in enumerate(source.body.split("\n"))
        if _TODO_TEXT.match(line)
    ]
    for offset, line in enumerate(front_matter.split("\n")):
        note = _NOTE.match(line.strip())
        if note:
            message = f"needs editor: {note['message']} (delete the note once done, {until})"
            found.append((offset + 2, note["field"], message))
    return [Problem(source.path, line, field, message, severity) for line, field, message in found]


def _placeholder_values(model: BaseModel, loc: Loc):
    """(loc, what is wrong) for each placeholder value in `model`, in field order."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = (*loc, name) if index is None else (*loc, name, index)
            if isinstance(item, BaseModel):
                yield from _placeholder_values(item, here)
            elif isinstance(item, str):
                what = _placeholder(name, item)
                if what:
                    yield here, what


def _placeholder(name: str, text: str) -> str | None:
    """What is wrong with a placeholder value, up to its "(expected ..." hint; None for real text."""
    if _TODO_TEXT.match(text):
        return f"is still the placeholder {_shown(text)} (expected your own words"
    if name == "category" and text.strip().casefold() == UNCATEGORISED.casefold():
        return f"is '{UNCATEGORISED}', the importer's placeholder (expected the brief's category"
    if name == "url" and (urlsplit(text).hostname or "").endswith(".invalid"):
        return f"{text} is a placeholder (expected the address of the page itself"
    return None


def _shown(text: str, limit: int = 50) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
