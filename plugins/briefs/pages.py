"""GitHub Pages files: `.nojekyll` always (Pages must serve the site as built), and `CNAME` when
BRIEFS_CNAME names a custom domain."""

from __future__ import annotations

import os

from pelican import signals
from pelican.generators import Generator


class PagesFilesGenerator(Generator):
    def generate_context(self) -> None:
        """Nothing to read: the files depend on settings alone."""

    def generate_output(self, writer) -> None:
        os.makedirs(self.output_path, exist_ok=True)
        files = {".nojekyll": ""}
        domain = self.settings["BRIEFS_CNAME"].strip()
        if domain:
            files["CNAME"] = domain + "\n"
        for name, text in files.items():
            with open(os.path.join(self.output_path, name), "w", encoding="utf-8") as handle:
                handle.write(text)


def get_generators(_pelican):
    return PagesFilesGenerator


def register() -> None:
    # A generator writes into the staging folder, so the files are swapped in with the site.
    signals.get_generators.connect(get_generators)
