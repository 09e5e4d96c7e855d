"""A rebuild over the last site writes exactly what a build from nothing writes, after every kind of
change that spans briefs, and every page written is announced with Pelican's `content_written`.

The site is the benchmark's synthetic briefs (stories, related pins, shared tags), written by the
test; each change is made to one brief's front matter, and the rebuilt site is compared byte for
byte with a fresh build of the same content (the search index aside: its file names change from
run to run; its own tests check what it holds).
"""

from __future__ import annotations

import shutil
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from pelican import signals
from test_parallel import digests

from briefs.output import staging_paths
from conftest import ROOT, Site

sys.path.insert(0, str(ROOT / "bench"))
from corpus import SyntheticBrief, brief_file, make_corpus

SMALL_PAGES = {"DEFAULT_PAGINATION": 3}  # numbered index, tag and category pages from a few briefs
# Shows, on each brief page, the story position of every related brief: a page that depends on
# another brief's story, the case a kept page once got wrong.
RELATED_STORY_LINE = (
    "{% for update in site.related_to(article) %}{% set part = site.story_part(update.article) %}"
    "{% if part %}<p class=related-part>{{ update.article.slug }}: part {{ part.number }} "
    "of {{ part.total }}</p>{% endif %}{% endfor %}"
)


class Corpus:
    """Synthetic briefs on disk, changed one front-matter field at a time."""

    def __init__(self, site: Site, count: int = 30):
        self.site = site
        self.briefs = {brief.slug: brief for brief in make_corpus(count, seed=13)}
        for brief in self.briefs.values():
            self.write(brief)

    def path(self, brief: SyntheticBrief) -> Path:
        return self.site.content / "briefs" / brief.relpath

    def write(self, brief: SyntheticBrief) -> None:
        path = self.path(brief)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(brief_file(brief), encoding="utf-8")

    def change(self, brief: SyntheticBrief, **front) -> None:
        self.path(brief).unlink()
        self.briefs[brief.slug] = changed = SyntheticBrief(brief.slug, {**brief.front, **front}, brief.body)
        self.write(changed)

    def with_field(self, name: str) -> SyntheticBrief:
        return next(b for b in self.briefs.values() if b.front.get(name))


def remove_story_part(corpus: Corpus) -> None:
    stories: dict[str, list] = {}
    for brief in corpus.briefs.values():
        stories.setdefault(brief.front.get("story"), []).append(brief)
    part = next(parts for story, parts in stories.items() if story and len(parts) >= 2)[0]
    corpus.change(part, story=None)


def rename_tag(corpus: Corpus) -> None:
    tag = corpus.with_field("tags").front["tags"][0]
    for brief in list(corpus.briefs.values()):
        if tag in brief.front["tags"]:
            corpus.change(brief, tags=[("renamed-" + t if t == tag else t) for t in brief.front["tags"]])


def delete_brief(corpus: Corpus) -> None:
    pinned = {slug for b in corpus.briefs.values() for slug in b.front.get("related") or []}
    brief = next(b for b in corpus.briefs.values() if b.slug not in pinned)
    corpus.path(brief).unlink()
    del corpus.briefs[brief.slug]


def add_related_pin(corpus: Corpus) -> None:
    first, second = sorted(corpus.briefs)[:2]
    brief = corpus.briefs[first]
    corpus.change(brief, related=[second, *(brief.front.get("related") or [])])


def move_date_to_another_week(corpus: Corpus) -> None:
    brief = sorted(corpus.briefs.values(), key=lambda b: b.slug)[0]
    corpus.change(brief, date=brief.front["date"] + timedelta(days=9))


CHANGES = [remove_story_part, rename_tag, delete_brief, add_related_pin, move_date_to_another_week]


@pytest.fixture
def theme(tmp_path) -> Path:
    copy = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", copy)
    article = copy / "templates" / "article.html"
    text = article.read_text(encoding="utf-8")
    assert text.count("{% block content %}") == 1
    article.write_text(text.replace("{% block content %}", "{% block content %}" + RELATED_STORY_LINE))
    return copy


def fresh_build(site: Site, folder: Path, **settings) -> dict:
    output = folder / "output"
    site.build(OUTPUT_PATH=str(output), CACHE_PATH=str(folder / "cache"), **settings)
    return digests(output)


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_a_rebuild_after_a_change_across_briefs_writes_what_a_fresh_build_writes(
    site, theme, tmp_path, change
):
    corpus = Corpus(site)
    settings = {"THEME": str(theme), **SMALL_PAGES}
    site.build(**settings)
    before = digests(site.output)
    change(corpus)
    site.build(**settings)
    rebuilt = digests(site.output)
    assert rebuilt != before, "the change changed no page"
    assert rebuilt == fresh_build(site, tmp_path / "fresh", **settings)


def test_a_related_brief_story_position_follows_a_removed_part(site, theme):
    """The case from the issue: a page that shows a related brief's 'part k of n'."""
    corpus = Corpus(site)
    settings = {"THEME": str(theme), **SMALL_PAGES}
    site.build(**settings)
    shown_before = related_parts(site)
    remove_story_part(corpus)
    site.build(**settings)
    shown_after = related_parts(site)
    assert shown_before and shown_after != shown_before
    totals = {}
    for brief in corpus.briefs.values():
        if brief.front.get("story"):
            totals[brief.front["story"]] = totals.get(brief.front["story"], 0) + 1
    story_of = {slug: b.front.get("story") for slug, b in corpus.briefs.items()}
    for slug, total in shown_after:
        assert total == totals[story_of[slug]], f"{slug} shows a story total that is out of date"


def related_parts(site: Site) -> set[tuple[str, int]]:
    shown = set()
    for page in site.output.glob("briefs/*/index.html"):
        soup = site.page(str(page.parent.relative_to(site.output)) + "/")
        for line in soup.find_all("p", class_="related-part"):
            slug, _, rest = line.get_text().partition(": part ")
            shown.add((slug, int(rest.split(" of ")[1])))
    return shown


def test_every_change_in_a_row_on_every_core_ends_where_a_fresh_build_does(site, tmp_path):
    corpus = Corpus(site)
    settings = {"BRIEFS_WORKERS": 2, "BRIEFS_PARALLEL_FROM": 1, **SMALL_PAGES}  # pages rendered in workers
    site.build(**settings)
    for change in CHANGES:
        change(corpus)
        site.build(**settings)
    assert digests(site.output) == fresh_build(site, tmp_path / "fresh", BRIEFS_WORKERS=1, **SMALL_PAGES)


@pytest.mark.parametrize("workers", [1, 2])
def test_content_written_is_sent_once_for_every_page_written(site, workers):
    Corpus(site, count=12)
    announced: list[str] = []
    staging = Path(staging_paths(str(site.output))[0])  # where a build writes before the swap

    def record(path, context):
        assert context["output_file"]  # the page's own context, as Pelican sends it
        announced.append(path)

    signals.content_written.connect(record)
    try:
        for _ in range(2):  # a rebuild with no change announces every page again
            announced.clear()
            site.build(BRIEFS_WORKERS=workers, BRIEFS_PARALLEL_FROM=1, **SMALL_PAGES)
            names = sorted(str(Path(path).relative_to(staging)) for path in announced)
            written = site.output.rglob("*.html")
            pages = sorted(str(p.relative_to(site.output)) for p in written if "pagefind" not in p.parts)
            assert names == pages
            assert len(pages) > 30
    finally:
        signals.content_written.disconnect(record)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_page_that_cannot_be_rendered_stops_the_build_and_names_the_page(site, theme, workers):
    corpus = Corpus(site, count=6)
    victim = sorted(corpus.briefs)[2]
    article = theme / "templates" / "article.html"
    failing = f"{{% block content %}}{{% if article.slug == '{victim}' %}}{{{{ 1 // 0 }}}}{{% endif %}}"
    article.write_text(article.read_text().replace("{% block content %}", failing, 1))
    with pytest.raises(ZeroDivisionError if workers == 1 else RuntimeError) as failure:
        site.build(THEME=str(theme), BRIEFS_WORKERS=workers, BRIEFS_PARALLEL_FROM=1)
    if workers == 2:
        assert f"briefs/{victim}/index.html: ZeroDivisionError" in str(failure.value)
    assert not site.output.exists(), "a build that failed published a site"
