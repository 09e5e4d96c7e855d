"""Full-text search with Pagefind: after every page is written, the bundled Pagefind binary indexes
the brief pages (their `data-pagefind-body`, with category, tag and week filters) into
`pagefind/` beside them, so search works with no server, offline and under any sub-path.

The briefs, oldest first, are indexed in parts of BRIEFS_SEARCH_PART_SIZE, one Pagefind bundle each
(`pagefind/1/`, `pagefind/2/`, ...), which the search page merges in the browser. Pagefind's memory
grows faster than the pages it reads (1.1 GB for 5,000 brief pages, 224 MB for 1,000); with parts,
no Pagefind run holds more than one part in memory. Every build indexes every part again.

A strict build whose index cannot be made stops with the reason; it never ships without search.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import tempfile

from pelican import signals
from pelican.generators import Generator

from .problems import BuildStopped

logger = logging.getLogger(__name__)

# The file of an index part that Pagefind writes last: a part without it was not written whole.
ENTRY = "pagefind-entry.json"


class SearchIndexFailed(BuildStopped):
    """Pagefind could not index the site."""


class SearchIndexGenerator(Generator):
    def generate_context(self) -> None:
        """Split the briefs into index parts, and tell the search page where they will be."""
        self.parts: list[tuple[str, list[str]]] = []
        briefs = sorted(self.context["site"].briefs, key=lambda a: (a.date, a.slug))
        if not self.settings["BRIEFS_SEARCH"] or not briefs:
            return
        size = self.settings["BRIEFS_SEARCH_PART_SIZE"] or len(briefs)
        bundle = self.settings["BRIEFS_SEARCH_BUNDLE"]
        for number, start in enumerate(range(0, len(briefs), size), start=1):
            self.parts.append((f"{bundle}/{number}", [a.save_as for a in briefs[start : start + size]]))
        self.context["SEARCH_PARTS"] = [folder for folder, _ in self.parts]

    def generate_output(self, writer) -> None:
        if not self.settings["BRIEFS_SEARCH"]:
            return
        if not self.parts:
            logger.info("No published briefs: no search index to make")
            return
        for folder, pages in self.parts:
            self._index(folder, pages)
        logger.info("Search index: %d part(s) of at most %d briefs", len(self.parts), len(self.parts[0][1]))

    def _index(self, folder: str, pages: list[str]) -> None:
        """Run Pagefind over one part's brief pages, named one by one in its configuration file."""
        # A file, as a part names too many pages for a command line; in the cache folder, as beside
        # the output it could be left in the project by a killed build.
        os.makedirs(self.settings["CACHE_PATH"], exist_ok=True)
        config = {
            "site": os.path.abspath(self.output_path),
            "glob": glob_of(pages),
            "output_path": os.path.abspath(os.path.join(self.output_path, folder)),
        }
        with tempfile.TemporaryDirectory(prefix="search-part-", dir=self.settings["CACHE_PATH"]) as work:
            with open(os.path.join(work, "pagefind.json"), "w", encoding="utf-8") as handle:
                json.dump(config, handle)
            command = [sys.executable, "-m", "pagefind", "--silent"]
            try:
                result = subprocess.run(
                    command, cwd=work, capture_output=True, text=True, timeout=600, check=False
                )
                reason = (result.stderr or result.stdout).strip() if result.returncode else ""
            except (OSError, subprocess.TimeoutExpired) as error:
                reason = str(error)
        if not reason and not os.path.isfile(os.path.join(config["output_path"], ENTRY)):
            reason = f"Pagefind exited without writing {folder}/{ENTRY}"  # a write failed under it
        if not reason:
            return
        message = f"the search index could not be made: {_first_reason(reason)}"
        if self.settings["BRIEFS_STRICT"]:
            raise SearchIndexFailed(f"{message}; nothing was published (BRIEFS_STRICT is on)")
        logger.error("%s; this preview has no search", message)


def glob_of(pages: list[str]) -> str:
    """A Pagefind glob that matches exactly these files of the output."""
    escaped = (re.sub(r"([\\*?$\[\]{}<>:,!])", r"\\\1", page) for page in pages)
    return "{" + ",".join(escaped) + "}"


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
