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


class ContentError(Exception):
    """Raised when a file cannot become a brief; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildStopped(SystemExit):
    """Ends a build with a one-line reason: Python prints the message and exits with status 1.

    Pelican logs any Exception from a build with a traceback; a SystemExit passes through it.
    """
