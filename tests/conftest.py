"""Shared test support: real Pelican builds of small sites into temporary folders."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import settings
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A site of the tests' own (briefs of three years' weeks, a story, a page, a recap intro), so that
# the suite passes whatever a newsroom puts in content/: the samples there are for deleting.
FIXTURE_SITE = FIXTURES / "site"
SAMPLE_CONTENT = ROOT / "content"
# The h2 headings of a brief that fills every section, in page order, before "Sources (N)".
CARD_SECTIONS = [
    "30-second TL;DR",
    "Key takeaways",
    "Technical deep dive",
    "Future implications",
    "Timeline",
    "Deep insight",
]


class Site:
    """A site built from fixture files; `page()` parses what a reader would get."""

    def __init__(self, root: Path):
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        (self.content / "briefs").mkdir(parents=True)
        (self.content / "pages").mkdir()

    @classmethod
    def of_fixture_site(cls, root: Path) -> Site:
        """A copy of tests/fixtures/site, so that a build or an edit never touches the fixture."""
        site = cls(root)
        shutil.rmtree(site.content)
        shutil.copytree(FIXTURE_SITE, site.content)
        return site

    def add_brief(self, name: str, text: str | None = None, folder: str = "") -> Path:
        """Add `name` from tests/fixtures/briefs (or with `text`) under content/briefs/`folder`."""
        target = self.content / "briefs" / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if text is None:
            shutil.copyfile(FIXTURES / "briefs" / name, target)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def build(self, settings_file: str = "pelicanconf.py", **overrides) -> None:
        settings = read_settings(
            str(ROOT / settings_file),
            override={
                "PATH": str(self.content),
                "OUTPUT_PATH": str(self.output),
                "CACHE_PATH": str(self.root / "cache"),
                **overrides,
            },
        )
        Pelican(settings).run()

    def page(self, url_path: str) -> BeautifulSoup:
        """Parse the HTML written for a site path such as 'briefs/x/' or '404.html'."""
        file = self.output / url_path
        if url_path.endswith("/") or not url_path:
            file = file / "index.html"
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


# The theme's own script of every page (the phone menu), an empty element loading a site file.
THEME_SCRIPT = "/theme/js/site.js"


def executable_scripts(page: BeautifulSoup) -> list:
    """Script elements a browser would run: all but JSON-LD data blocks, whose JSON must parse
    and must not be able to end its element early, and the theme's own THEME_SCRIPT."""
    data_blocks = page.find_all("script", type="application/ld+json")
    for block in data_blocks:
        json.loads(block.string)
        assert "</" not in block.string
    theme = [s for s in page.find_all("script", src=True) if s["src"].endswith(THEME_SCRIPT) and not s.string]
    return [s for s in page.find_all("script") if s not in data_blocks and s not in theme]


class ReadsSampleContent(RuntimeError):
    """A test opened or listed a file of content/, which a newsroom replaces with its own briefs."""


def refuse_sample_content(event: str, args: tuple) -> None:
    """An audit hook: opening, listing or copying anything under content/ fails the test that did it,
    so no test can come to depend on the samples (subprocesses are run on tmp folders, not ROOT)."""
    if event not in AUDITED or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.fsdecode(args[0])
    if not os.path.isabs(path):
        if event == "open":  # may be relative to a dir_fd the event does not name (shutil.rmtree)
            return
        path = os.path.abspath(path)
    if path == str(SAMPLE_CONTENT) or path.startswith(str(SAMPLE_CONTENT) + os.sep):
        raise ReadsSampleContent(f"a test read {path}: tests build from tests/fixtures/ only")


AUDITED = frozenset({"open", "os.listdir", "os.scandir", "shutil.copytree", "glob.glob", "pathlib.Path.glob"})
sys.addaudithook(refuse_sample_content)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


# Property tests explore new examples on a developer's machine; in CI (CI=true) they are derandomized,
# so that a run is repeatable and a failure can be run again as it was.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
