"""The live preview as an editor uses it: `python -m briefs_tools serve` in a project folder, a real
Chromium tab open on a brief, and files saved on disk. The tab must follow each save by itself."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import FIXTURES, ROOT

COMPLETE = (FIXTURES / "briefs" / "brief_complete.md").read_text(encoding="utf-8")
# With its slug written out, so that a new title keeps the brief at its address.
MINIMAL = (
    (FIXTURES / "briefs" / "brief_minimal.md")
    .read_text(encoding="utf-8")
    .replace("date: ", "slug: a-minimal-brief\ndate: ", 1)
)


def retitled(title: str, extra: str = "") -> str:
    return MINIMAL.replace("title: A minimal brief", f"title: {title}{extra}")


WAIT_MS = 60_000  # a shared, loaded machine; a quiet one follows a save in well under a second


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def preview(tmp_path):
    """A project of its own (this repository's settings, a copy of the theme, the plugins) with two
    briefs, and its preview running on a free port; yields (project, base URL, process)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "theme", project / "theme")
    (project / "plugins").symlink_to(ROOT / "plugins")
    briefs = project / "content" / "briefs"
    briefs.mkdir(parents=True)
    (project / "content" / "pages").mkdir()
    (briefs / "complete.md").write_text(COMPLETE, encoding="utf-8")
    (briefs / "minimal.md").write_text(MINIMAL, encoding="utf-8")
    port = free_port()
    log = (tmp_path / "preview.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "briefs_tools", "serve", "--port", str(port)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + WAIT_MS / 1000
    while status_of(base + "/") != 200:
        assert process.poll() is None, (tmp_path / "preview.log").read_text()
        assert time.monotonic() < deadline, "the preview never served its home page"
        time.sleep(0.2)
    yield project, base, process
    if process.poll() is None:
        process.kill()
        process.wait()
    log.close()


def test_the_tab_follows_each_save_and_shows_then_clears_a_brief_error(preview, browser):
    project, base, _ = preview
    brief = project / "content" / "briefs" / "minimal.md"
    content_before = files_of(project / "content")
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda message: message.type == "error" and violations.append(message.text))
    try:
        page.goto(base + "/briefs/a-minimal-brief/")
        title = page.locator("h1")
        expect(title).to_have_text("A minimal brief")
        assert page.locator(".build-problems").count() == 0

        page.evaluate("window.notReloaded = true")
        brief.write_text(retitled("A minimal brief, edited"))
        expect(title).to_have_text("A minimal brief, edited", timeout=WAIT_MS)
        assert page.evaluate("window.notReloaded") is None, "the text changed without a reload"

        brief.write_text(retitled("A minimal brief, edited", "\ncolour: red"))
        banner = page.locator(".build-problems")
        problem = "content/briefs/minimal.md:3: colour: is not a known field"
        expect(banner).to_contain_text(problem, timeout=WAIT_MS)
        expect(title).to_have_text("A minimal brief, edited")  # the last good version stays on screen

        brief.write_text(retitled("A minimal brief, fixed"))
        expect(title).to_have_text("A minimal brief, fixed", timeout=WAIT_MS)
        expect(banner).to_have_count(0)

        base_template = project / "theme" / "templates" / "base.html"
        edited = "<p class=edited-footer>Footer, edited.</p></footer>"
        base_template.write_text(base_template.read_text().replace("</footer>", edited))
        expect(page.locator(".edited-footer")).to_have_text("Footer, edited.", timeout=WAIT_MS)
    finally:
        page.close()
    assert violations == []
    written = files_of(project / "content")
    assert set(written) == set(content_before), "the preview wrote into content/"


def test_a_deleted_brief_is_gone_and_a_new_one_appears(preview):
    project, base, _ = preview
    assert status_of(base + "/briefs/a-minimal-brief/") == 200  # rendered into the preview's folder
    (project / "content" / "briefs" / "minimal.md").unlink()
    deadline = time.monotonic() + WAIT_MS / 1000
    while status_of(base + "/briefs/a-minimal-brief/") != 404:
        assert time.monotonic() < deadline, "the deleted brief is still served"
        time.sleep(0.1)
    another = MINIMAL.replace("A minimal brief", "Another").replace("a-minimal-brief", "another")
    (project / "content" / "briefs" / "another.md").write_text(another)
    while status_of(base + "/briefs/another/") != 200:
        assert time.monotonic() < deadline, "the new brief is not served"
        time.sleep(0.1)


def test_a_brief_that_never_built_shows_its_problems_at_its_address(preview):
    project, base, _ = preview
    broken = MINIMAL.replace("a-minimal-brief", "never-built").replace("category: Research\n", "")
    (project / "content" / "briefs" / "never-built.md").write_text(broken)
    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        try:
            urllib.request.urlopen(base + "/briefs/never-built/", timeout=30)
            raise AssertionError("a brief with errors and no good version was served")
        except urllib.error.HTTPError as error:
            assert error.code == 404
            page = BeautifulSoup(error.read().decode(), "html.parser")
        problems = page.find(class_="build-problems")
        if problems and "never-built.md" in problems.get_text():
            break
        assert time.monotonic() < deadline, "the problems never showed"
        time.sleep(0.1)
    assert "content/briefs/never-built.md:1: category: is required but missing" in problems.get_text(" ")


def test_a_settings_change_restarts_the_preview_and_ctrl_c_stops_it(preview, browser):
    project, base, process = preview
    page = browser.new_page()
    try:
        page.goto(base + "/")
        settings = project / "pelicanconf.py"
        renamed = settings.read_text().replace('SITENAME = "AI Briefs"', 'SITENAME = "Renamed Briefs"')
        settings.write_text(renamed)
        expect(page.locator(".site-name")).to_have_text("Renamed Briefs", timeout=WAIT_MS)
    finally:
        page.close()
    assert process.poll() is None
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0


def test_numbered_pages_are_rendered_one_at_a_time_and_stay_whole(preview):
    project, base, _ = preview
    for day in (21, 22, 23):
        slug = f"brief-of-the-{day}th"
        text = MINIMAL.replace("a-minimal-brief", slug).replace("2026-01-20", f"2026-01-{day}")
        (project / "content" / "briefs" / f"{slug}.md").write_text(text.replace("A minimal brief", slug))
    settings = project / "pelicanconf.py"
    settings.write_text(settings.read_text() + "\nDEFAULT_PAGINATION = 2\n")  # restarts the preview
    deadline = time.monotonic() + WAIT_MS / 1000
    while status_of(base + "/page/3/") != 200:
        assert time.monotonic() < deadline, "the third page of the home page never came"
        time.sleep(0.2)

    def listed(path: str) -> list[str]:
        with urllib.request.urlopen(base + path, timeout=30) as response:
            page = BeautifulSoup(response.read().decode(), "html.parser")
        main = page.find("main")
        return [a["href"] for a in main.find_all("a", href=True) if a["href"].startswith("/briefs/")]

    third, first, second = listed("/page/3/"), listed("/"), listed("/page/2/")
    assert listed("/page/3/") == third and listed("/") == first  # asked again, still whole
    pages = [set(first), set(second), set(third)]
    assert all(pages) and set.union(*pages) == {
        f"/briefs/{slug}/"
        for slug in ("brief-of-the-23th", "brief-of-the-22th", "brief-of-the-21th", "a-minimal-brief")
    } | {"/briefs/chip-export-rules-tighten/"}
    assert sum(len(p) for p in pages) == 5, "a brief is listed on two pages"


def test_feeds_are_written_when_they_are_asked_for(preview):
    project, base, _ = preview
    feed_file = project / "cache" / "preview" / "feeds" / "all.atom.xml"
    assert not feed_file.exists(), "the preview wrote a feed nobody asked for"
    with urllib.request.urlopen(base + "/feeds/all.atom.xml", timeout=30) as response:
        assert "xml" in response.headers["Content-Type"]
        feed = ElementTree.fromstring(response.read())
    atom = "{http://www.w3.org/2005/Atom}"
    titles = sorted(entry.find(atom + "title").text for entry in feed.iter(atom + "entry"))
    assert titles == sorted(["A minimal brief", "Chip export rules tighten for frontier training clusters"])
