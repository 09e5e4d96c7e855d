"""The editors' command line: new, check, import, schema and serve (`python -m briefs_tools --help`).

`check` validates content exactly as the build does (the same loader and cross-brief checks) without
rendering a site, so it is fast enough for a pre-commit hook and a pull request.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from briefs.frontmatter import size_problem
from briefs.load import intended_slug
from briefs.placeholders import PLACEHOLDER_URL, TODO
from briefs.problems import Problem, display_path, outside_content
from briefs.reader import as_datetime, brief_files, load_all, load_outcome
from briefs.recap import read_intros, week_of
from briefs.report import duplicate_slugs, unknown_related
from briefs.schema import Brief, slugify
from briefs.settings import with_defaults

SCHEMA_FILE = Path("docs") / "brief.schema.json"


@dataclass(frozen=True)
class CheckedBrief:
    """A brief as the cross-brief checks see it, read without Pelican."""

    brief_path: str
    slug: str
    brief: object
    brief_lines: dict


def load_settings(settings_file: str) -> dict:
    from pelican.settings import read_settings

    return with_defaults(read_settings(settings_file))


def check(paths: list[str], settings: dict) -> list[Problem]:
    """Every problem of the briefs in `paths` (all briefs if empty) and of the recap intros."""
    every = brief_files(file_finder(settings))
    wanted = {os.path.abspath(p) for p in paths} or {os.path.abspath(p) for p in every}
    problems: list[Problem] = []
    checked: list[CheckedBrief] = []
    invalid: dict[str, str] = {}
    # Every brief is loaded, on every core as the build does: cross-brief problems need them all.
    inside = [file for file in every if not outside_content(file, settings["PATH"])]
    outcomes = load_all(inside, settings)
    for file in every:
        shown = display_path(file)
        outside = outside_content(file, settings["PATH"])
        if outside:
            problems.append(outside)
            continue
        loaded, found, _ = outcomes.get(file) or load_outcome(file)
        if loaded is None:
            problems.extend(found)
            invalid[intended_slug(file, shown)] = shown
            continue
        problems.extend(loaded.warnings)
        checked.append(CheckedBrief(shown, loaded.slug, loaded.brief, loaded.lines))
    published = [c for c in checked if c.brief.data.status == "published"]
    problems += duplicate_slugs(checked) + unknown_related(checked, {c.slug for c in published}, invalid)
    weeks = {week_of(_aware(c.brief.data.date, settings), settings["TIMEZONE"]) for c in published}
    recaps = os.path.join(settings["PATH"], settings["BRIEFS_RECAPS_PATH"])
    problems += read_intros(recaps, weeks, settings["PATH"])[1]
    intros = os.path.abspath(os.path.join(settings["PATH"], settings["BRIEFS_RECAPS_PATH"]))
    return sorted(
        p for p in problems if os.path.abspath(p.path) in wanted or os.path.abspath(p.path).startswith(intros)
    )


def file_finder(settings: dict):
    """A bare Pelican generator: it finds content files exactly as the build's generators do."""
    from pelican.generators import Generator

    return Generator({}, settings, settings["PATH"], settings["THEME"], settings["OUTPUT_PATH"])


def _aware(when, settings: dict):
    from zoneinfo import ZoneInfo

    moment = as_datetime(when)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo(settings["TIMEZONE"]))


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command, so a pull request shows the problem on its line.

    Every text in it may come from a brief (a key, a value, a file name), so every one goes through
    `workflow_escape`: a brief can never end the command early or start one of its own."""
    title = f",title={workflow_escape(problem.field, True)}" if problem.field else ""
    where = f"file={workflow_escape(problem.path, True)},line={int(problem.line)}{title}"
    severity = "error" if problem.is_error else "warning"
    return f"::{severity} {where}::{workflow_escape(problem.message)}"


def workflow_escape(text: str, property_value: bool = False) -> str:
    """Text escaped by GitHub's workflow-command rules: '%', CR and LF in data, and ':' and ',' too
    in a property. Other line breaks (U+2028, NEL) are spelled out, as no runner splits on them but
    a log viewer might show them as new lines."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    text = re.sub("[\x0b\x0c\x85\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


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


def schema_text() -> str:
    schema = Brief.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "AI Briefs brief front matter"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m briefs_tools", description=__doc__.split("\n")[0])
    parser.add_argument(
        "-s", "--settings", default="pelicanconf.py", help="settings file (default: %(default)s)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    make = commands.add_parser("new", help="create a draft brief from the template")
    make.add_argument("title")
    make.add_argument(
        "--date",
        type=date.fromisoformat,
        default=date.today(),
        help="the brief's date, YYYY-MM-DD (default: today; make new DATE=...)",
    )

    validate = commands.add_parser("check", help="validate briefs and recap intros without building")
    validate.add_argument("paths", nargs="*", help="brief files to check (default: all)")
    validate.add_argument("--format", choices=["text", "github"], default="text")

    bring = commands.add_parser("import", help="turn a news aggregator's text export into a draft brief")
    bring.add_argument("source", type=Path)
    bring.add_argument(
        "--date",
        type=date.fromisoformat,
        default=date.today(),
        help="the brief's date, YYYY-MM-DD (default: today; make import DATE=...)",
    )

    schema = commands.add_parser("schema", help="write the JSON Schema of the front matter")
    schema.add_argument("--output", type=Path, default=SCHEMA_FILE)

    preview = commands.add_parser("serve", help="serve a live preview that follows every saved change")
    preview.add_argument("--port", type=int, default=8000)
    preview.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")

    args = parser.parse_args(argv)
    try:
        return run(args)
    except FileExistsError as error:
        print(
            f"{error.filename} already exists; nothing was written (edit that file instead)", file=sys.stderr
        )
        return 1


def run(args: argparse.Namespace) -> int:
    if args.command == "schema":
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(schema_text(), encoding="utf-8")
        print(f"wrote {args.output}")
        return 0
    settings = load_settings(args.settings)
    if args.command == "new":
        path = new_brief(args.title, args.date, settings)
        print(f"created {path} (status: draft), {_dated(args.date)}")
        print(f"Fill in every {TODO}: `make check` lists those left, and a published brief may have none.")
        return 0
    if args.command == "import":
        return import_export_file(args.source, args.date, settings)
    if args.command == "serve":
        from .preview import serve

        return serve(args.settings, args.port, args.host)
    return report_check(check(args.paths, settings), args.format)


def report_check(problems: list[Problem], output_format: str) -> int:
    for problem in problems:
        print(github_annotation(problem) if output_format == "github" else str(problem))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0


def import_export_file(source: Path, when: date, settings: dict) -> int:
    from .importer import import_export

    shown = display_path(str(source))
    if not source.is_file():
        what = "is a folder" if source.is_dir() else "does not exist"
        print(f"{shown} {what}; nothing was written (expected the path of an export file)", file=sys.stderr)
        return 2
    too_big = size_problem(str(source), shown)
    if too_big:
        print(f"{too_big}; nothing was written", file=sys.stderr)
        return 1
    try:
        result = import_export(source.read_bytes(), when)
    except ValueError as error:  # the importer's own "nothing to import" reasons
        print(f"{shown}: {error}; nothing was written", file=sys.stderr)
        return 1
    path = Path(settings["PATH"], settings["BRIEFS_PATH"], str(when.year), f"{result.slug}.md")
    write_new(path, result.text)
    print(f"created {path} (status: draft), {_dated(when)}")
    if result.needs_editor:
        print(
            f"Still needs the editor, each a '# needs editor:' line in the file ({len(result.needs_editor)}):"
        )
    return report_check(check([str(path)], settings), "text")


def _dated(when: date) -> str:
    """Which date a new brief got, and how to give another (the date decides its URL's folder and week)."""
    chosen = "today's date" if when == date.today() else "the date you chose"
    return f"dated {when.isoformat()} ({chosen}; another: DATE=YYYY-MM-DD, or edit `date:` in the file)"


if __name__ == "__main__":
    sys.exit(main())
