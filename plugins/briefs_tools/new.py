"""`new`: a draft brief from the template, every field an editor must fill marked with a placeholder.

The placeholders come from briefs.placeholders, so `check` (and a strict build) lists each one left
in a brief that is published.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from briefs.placeholders import PLACEHOLDER_URL, TODO
from briefs.schema import slugify

NEW_BRIEF = """---
title: {title}
date: {date}
# slug: made from the title when left out; lowercase letters, digits and hyphens
category: {todo} one category, such as Policy, Research, Industry or Safety
tags: []  # such as [export-controls, compute]
hook: {todo} one line, at most 220 characters, on why a reader should care
tldr:
  what_changed: {todo} what changed, citing sources like this [1]
  why_it_matters: {todo} why it matters
  what_to_do_next: {todo} what a reader should do next
takeaways:
  - {todo} the first key takeaway [1]
# deep_dive:
#   - title: A short heading
#     text: The technical detail [1]
# implications: What this may lead to.
# timeline:
#   - date: "2026-01"
#     event: What happened then [1]
sources:
  - title: {todo} the title of source 1
    url: {placeholder_url}replace-with-the-source-address
# original:
#   name: The publication the story first came from
#   url: https://example.org/
# story: a-story-slug   # groups briefs that follow one developing story
# related: [another-brief-slug]
# disclosure: ai-assisted   # if AI tools drafted the analysis
status: draft  # remove this line (or write published) when no {todo} is left: `make check` lists them
---
{todo} the deep insight: your analysis, with citations [1]. Delete this paragraph if there is none.
"""


def new_brief(title: str, when: date, settings: dict) -> Path:
    """Create a draft brief from the template; never replace an existing file."""
    slug = slugify(title)
    if not slug:
        raise SystemExit(f"cannot make a file name from the title {title!r}; use a title with Latin letters")
    path = Path(settings["PATH"], settings["BRIEFS_PATH"], str(when.year), f"{slug}.md")
    text = NEW_BRIEF.format(
        title=json.dumps(title, ensure_ascii=False),
        date=when.isoformat(),
        todo=TODO,
        placeholder_url=PLACEHOLDER_URL,
    )
    write_new(path, text)
    return path


def write_new(path: Path, text: str) -> None:
    """Write a new file, creating its folders; FileExistsError rather than replace an editor's work."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
