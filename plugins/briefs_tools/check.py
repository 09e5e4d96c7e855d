"""`check`: every problem of the briefs and recap intros, found exactly as the build finds them.

It uses the build's own loader and cross-brief checks, without rendering a site, so it is fast enough
for a pre-commit hook and a pull request; `github_annotation` puts each problem on its line there.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass

from briefs.load import intended_slug
from briefs.problems import Problem, display_path, outside_content
from briefs.reader import as_datetime, brief_files, load_all, load_outcome
from briefs.recap import read_intros, week_of
from briefs.report import duplicate_slugs, unknown_related


@dataclass(frozen=True)
class CheckedBrief:
    """A brief as the cross-brief checks see it, read without Pelican."""

    brief_path: str
    slug: str
    brief: object
    brief_lines: dict


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


def report_check(problems: list[Problem], output_format: str) -> int:
    for problem in problems:
        print(github_annotation(problem) if output_format == "github" else str(problem))
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)
    return 1 if errors else 0
