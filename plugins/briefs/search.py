"""Full-text search with Pagefind: after every page is written, the bundled Pagefind binary indexes
the brief pages (their `data-pagefind-body`, with category, tag and week filters) into
`pagefind/` beside them, so search works with no server, offline and under any sub-path.

A strict build whose index cannot be made stops with the reason; it never ships without search.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys

from pelican import signals
from pelican.generators import Generator

from .problems import BuildStopped

logger = logging.getLogger(__name__)


class SearchIndexFailed(BuildStopped):
    """Pagefind could not index the site."""


class SearchIndexGenerator(Generator):
    def generate_context(self) -> None:
        """Nothing to read: the index is made from the written pages."""

    def generate_output(self, writer) -> None:
        if not self.settings["BRIEFS_SEARCH"]:
            return
        if not any(hasattr(a, "brief") for a in self.context.get("articles", [])):
            logger.info("No published briefs: no search index to make")
            return
        # Only brief pages are indexed, so Pagefind need not parse the listings and taxonomy pages.
        brief_pages = re.sub(r"\{[^}]*\}", "*", self.settings["ARTICLE_SAVE_AS"])
        command = [sys.executable, "-m", "pagefind", "--site", self.output_path, "--glob", brief_pages]
        command += ["--output-subdir", self.settings["BRIEFS_SEARCH_BUNDLE"], "--silent"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
            reason = (result.stderr or result.stdout).strip() if result.returncode else ""
        except (OSError, subprocess.TimeoutExpired) as error:
            reason = str(error)
        if not reason:
            logger.info("Search index written to %s/", self.settings["BRIEFS_SEARCH_BUNDLE"])
            return
        message = f"the search index could not be made: {_first_reason(reason)}"
        if self.settings["BRIEFS_STRICT"]:
            raise SearchIndexFailed(f"{message}; nothing was published (BRIEFS_STRICT is on)")
        logger.error("%s; this preview has no search", message)


def _first_reason(output: str) -> str:
    """The line of Pagefind's output that says what went wrong, not the backtrace around it."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    telling = [line for line in lines if "error" in line.lower() or "err" in line.lower()]
    return (telling or lines or ["Pagefind gave no reason"])[0]


def get_generators(_pelican):
    return SearchIndexGenerator


def register() -> None:
    # Registered last of the plugin's generators, so every page is written when Pagefind runs.
    signals.get_generators.connect(get_generators)
