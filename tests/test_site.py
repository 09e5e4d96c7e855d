"""A whole site of the tests' own (tests/fixtures/site) and the `pelican` command as editors run it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import CARD_SECTIONS, FIXTURE_SITE, ROOT, SAMPLE_CONTENT, ReadsSampleContent, Site


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Site:
    site = Site.of_fixture_site(tmp_path_factory.mktemp("fixture-site"))
    site.build()
    return site


def brief_pages(site: Site) -> dict[str, BeautifulSoup]:
    return {
        path.parent.name: BeautifulSoup(path.read_text(), "html.parser")
        for path in sorted((site.output / "briefs").glob("*/index.html"))
    }


def test_the_fixture_site_is_broad_enough(fixture_site):
    pages = brief_pages(fixture_site)
    assert len(pages) >= 8
    categories = {p.find("a", class_="brief__category").get_text() for p in pages.values()}
    assert len(categories) >= 3
    days = {date.fromisoformat(p.find("time")["datetime"][:10]) for p in pages.values()}
    iso_weeks = {day.isocalendar()[:2] for day in days}
    assert len(iso_weeks) >= 3
    tag_use = [a.get_text() for p in pages.values() for a in p.select("ul.tags a")]
    assert any(tag_use.count(tag) >= 2 for tag in set(tag_use)), "related updates need shared tags"


def test_every_fixture_brief_fills_the_card(fixture_site):
    for slug, page in brief_pages(fixture_site).items():
        headings = [h.get_text(" ", strip=True) for h in page.find("article").find_all("h2")]
        assert headings[: len(CARD_SECTIONS)] == CARD_SECTIONS, slug
        sources = page.select("ol.sources > li")
        assert f"Sources ({len(sources)})" in headings, slug
        assert headings[-1] == "Related updates", slug
        recap_link = page.find(class_="brief__recap").a["href"]
        recap = BeautifulSoup(
            (fixture_site.output / recap_link.strip("/") / "index.html").read_text(), "html.parser"
        )
        assert f"/briefs/{slug}/" in [a["href"] for a in recap.select(".card__title a")], slug
        reasons = [r.get_text() for r in page.select("#related .related__reason")]
        assert reasons and all(r.startswith("Why: ") and len(r) > 6 for r in reasons), slug
        story = page.find("nav", class_="story-part")
        if story:
            assert (fixture_site.output / story.p.a["href"].strip("/") / "index.html").exists(), slug
        assert page.find(class_="brief__hook").get_text(strip=True), slug
        ids = {tag["id"] for tag in page.find_all(id=True)}
        for link in page.select('a[href^="#"]'):
            assert link["href"][1:] in ids, (slug, link)


def test_the_eu_ai_act_story_has_its_parts(fixture_site):
    pages = brief_pages(fixture_site)
    parts = {
        slug: p.find("nav", class_="story-part") for slug, p in pages.items() if slug.startswith("eu-ai-act")
    }
    assert len(parts) == 3 and all(parts.values())
    assert sorted(" ".join(n.p.get_text().split())[:11] for n in parts.values()) == [
        "Part 1 of 3",
        "Part 2 of 3",
        "Part 3 of 3",
    ]


def test_the_recap_intro_opens_its_week(fixture_site):
    recap = BeautifulSoup(
        (fixture_site.output / "recaps" / "2025-W46" / "index.html").read_text(), "html.parser"
    )
    intro = (FIXTURE_SITE / "recaps" / "2025-W46.md").read_text().split()
    assert " ".join(intro[:6]) in " ".join(recap.find("main").get_text(" ").split())


def test_no_test_reads_the_sample_content(tmp_path):
    """content/ is an example a newsroom deletes: the audit hook in conftest fails any test that
    opens, lists or copies a file there, and no test module names the folder."""
    with pytest.raises(ReadsSampleContent):
        (SAMPLE_CONTENT / "pages" / "about.md").read_text()
    with pytest.raises(ReadsSampleContent):
        list(SAMPLE_CONTENT.glob("briefs/*/*.md"))
    with pytest.raises(ReadsSampleContent):
        shutil.copytree(SAMPLE_CONTENT, tmp_path / "copy")
    sources = [p for p in (ROOT / "tests").rglob("*.py") if "node_modules" not in p.parts]
    assert len(sources) > 20
    naming = [
        p.name
        for p in sources
        if p.name not in ("conftest.py", Path(__file__).name)
        and re.search(r'SAMPLE_CONTENT|ROOT\s*/\s*"content"', p.read_text())
    ]
    assert naming == []


def run_pelican(content: Path, output: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(ROOT / "pelicanconf.py"),
            "-o",
            str(output),
            "--log-handler",
            "plain",
            *extra,
        ],
        capture_output=True,
        text=True,
        cwd=content.parent,
        timeout=120,
        check=False,
    )


def test_pelican_command_fails_cleanly_on_an_invalid_brief(site):
    site.add_brief("brief_minimal.md")
    site.add_brief("bad.md", "---\ntitle: [unclosed\n---\n")
    result = run_pelican(site.content, site.output)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "content/briefs/bad.md:2: YAML syntax error" in output
    assert "nothing was written" in output
    assert "Traceback" not in output
    assert not (site.output / "index.html").exists()


def test_pelican_command_keeps_going_when_not_strict(site):
    site.add_brief("brief_minimal.md")
    site.add_brief("bad.md", "---\ntitle: [unclosed\n---\n")
    result = run_pelican(site.content, site.output, "-e", "BRIEFS_STRICT=false")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "content/briefs/bad.md:2: YAML syntax error" in result.stdout + result.stderr
    assert (site.output / "briefs" / "a-minimal-brief" / "index.html").exists()
