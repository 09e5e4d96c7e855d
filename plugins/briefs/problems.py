"""Problems found in content: one shape for every check, one format for every report."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, located precisely enough to fix it without searching."""

    path: str
    line: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def display_path(source_path: str) -> str:
    """The path editors know: relative to where the build runs, unless that climbs out of it."""
    relative = os.path.relpath(source_path)
    return source_path if relative.startswith("..") else relative


def outside_content(path: str, content_root: str) -> Problem | None:
    """The one rule for every file the build reads: it must really be inside the content folder, so
    a link to a file elsewhere (`~/.ssh/id_rsa`, another project) is never published."""
    real, root = os.path.realpath(path), os.path.realpath(content_root)
    if os.path.commonpath([real, root]) == root:
        return None
    message = (
        f"is a link to {real}, outside the content folder {content_root} "
        "(expected a file inside it: copy the file in instead of linking to it)"
    )
    return Problem(display_path(path), 1, "", message)


def unexpected_error(path: str, error: BaseException) -> Problem:
    """A failure no check foresaw, as the file's own problem rather than a traceback or a lost file."""
    text = str(error).splitlines()[0][:200] if str(error) else ""
    return Problem(
        display_path(path),
        1,
        "",
        f"could not be read: {type(error).__name__}{': ' + text if text else ''} "
        "(expected a readable brief; this is a gap in AI Briefs' checks: please report it with the file)",
    )


class ContentError(Exception):
    """Raised when a file cannot become a brief; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildStopped(SystemExit):
    """Ends a build with a one-line reason: Python prints the message and exits with status 1.

    Pelican logs any Exception from a build with a traceback; a SystemExit passes through it.
    """
