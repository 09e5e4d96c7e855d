"""A rebuild keeps the pages whose inputs did not change, and writes exactly what a fresh build writes.

After each kind of edit an editor makes, the site rebuilt over the last one is compared byte for byte
with a build from scratch of the same content; the kept pages are checked by inode, so a rebuild that
rendered everything again (or kept nothing) fails too.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest
from test_parallel import digests

from briefs import writer
from conftest import ROOT, Site

SMALL_PAGES = {"DEFAULT_PAGINATION": 2}  # many numbered index, tag and category pages from 9 briefs


def fresh_build(site: Site, folder: Path, **overrides) -> dict:
    """The digests of a build of the site's content from nothing: its own output and cache."""
    shutil.rmtree(folder, ignore_errors=True)
    output = folder / "output"
    site.build(OUTPUT_PATH=str(output), CACHE_PATH=str(folder / "cache"), **SMALL_PAGES, **overrides)
    return digests(output)


def inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in folder.rglob("*.html")}


def brief(site: Site, slug: str) -> Path:
    return next(site.content.joinpath("briefs").rglob(f"{slug}.md"))


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def edit_takeaway(site):
    replace(brief(site, "nist-generative-ai-profile"), "takeaways:\n  - ", "takeaways:\n  - Revised. ")


def edit_title(site):
    replace(brief(site, "eu-ai-act-enters-into-force"), "title: The EU AI Act", "title: The European AI Act")


def edit_tags(site):
    replace(
        brief(site, "eu-ai-act-enters-into-force"),
        "tags: [eu-ai-act, regulation, standards]",
        "tags: [eu-ai-act, rules]",
    )


def move_date(site):
    replace(brief(site, "nist-generative-ai-profile"), "date: 2024-07-26", "date: 2024-09-02")


def add_brief(site):
    source = brief(site, "paris-ai-action-summit")
    text = source.read_text(encoding="utf-8").replace(
        "slug: paris-ai-action-summit", "slug: paris-summit-follow-up"
    )
    (source.parent / "paris-summit-follow-up.md").write_text(
        text.replace("title: ", "title: Follow-up to ", 1)
    )


def delete_brief(site):
    brief(site, "meta-llama-3-1-405b-open-weights").unlink()


def edit_page(site):
    """Every page's navigation lists the pages, so every page is rendered again."""
    replace(site.content / "pages" / "about.md", "Slug: about\n\n", "Slug: about\n\nRevised about page.\n\n")


def add_recap_intro(site):
    (site.content / "recaps").mkdir(exist_ok=True)
    (site.content / "recaps" / "2025-W07.md").write_text("An intro to the week of the Paris summit.\n")


def rename_linked_brief(site):
    """The about page links to this brief by its file, so its link follows the new address."""
    replace(
        brief(site, "eu-ai-act-enters-into-force"),
        "slug: eu-ai-act-enters-into-force",
        "slug: eu-ai-act-in-force",
    )


EDITS = [
    rename_linked_brief,
    edit_takeaway,
    edit_title,
    edit_tags,
    move_date,
    add_brief,
    delete_brief,
    edit_page,
    add_recap_intro,
]


@pytest.fixture
def built(tmp_path) -> Site:
    site = Site.of_fixture_site(tmp_path / "site")
    with (site.content / "pages" / "about.md").open("a", encoding="utf-8") as about:
        about.write("\nSee [the AI Act brief]({filename}/briefs/2024/eu-ai-act-enters-into-force.md).\n")
    site.build(**SMALL_PAGES)
    return site


def test_a_rebuild_with_no_change_keeps_every_page(built):
    before = inodes(built.output)
    built.build(**SMALL_PAGES)
    assert inodes(built.output) == before
    assert len(before) > 50


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_a_rebuild_after_an_edit_writes_what_a_fresh_build_writes(built, edit, tmp_path):
    before = inodes(built.output)
    edit(built)
    built.build(**SMALL_PAGES)
    assert digests(built.output) == fresh_build(built, tmp_path / "fresh")
    after = inodes(built.output)
    kept = [page for page in after if before.get(page) == after[page]]
    assert len(kept) < len(after), "a one-file edit rendered no page"
    if edit is not edit_page:
        assert kept, "a one-file edit kept no page"


def test_numbered_pages_that_did_not_change_are_kept_beside_those_that_did(built):
    """The index is one run of numbered pages: an edit renders the pages that list what changed
    and keeps the others, linked to the last site's files."""
    before = inodes(built.output)
    edit_takeaway(built)
    built.build(**SMALL_PAGES)
    after = inodes(built.output)
    index = [page for page in after if page == "index.html" or page.startswith("page/")]
    assert len(index) >= 4
    assert {before[page] == after[page] for page in index} == {True, False}
    assert all(os.stat(built.output / page).st_nlink == 2 for page in index if before[page] == after[page])


@pytest.mark.parametrize("workers", [1, 2])
def test_every_edit_in_a_row_ends_where_a_fresh_build_does(built, tmp_path, workers, monkeypatch):
    monkeypatch.setattr(writer, "PARALLEL_FROM", 1)  # with 2 workers, this small site's pages are split
    built.build(BRIEFS_WORKERS=workers, **SMALL_PAGES)  # settings are part of every fingerprint
    for edit in EDITS:
        before = inodes(built.output)
        edit(built)
        built.build(BRIEFS_WORKERS=workers, **SMALL_PAGES)
        after = inodes(built.output)
        assert any(before.get(page) == after[page] for page in after) or edit is edit_page
    assert digests(built.output) == fresh_build(built, tmp_path / "fresh")


def test_a_changed_template_or_setting_renders_the_pages_again(built, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    base.write_text(re.sub(r"</footer>", "<p>Revised footer.</p></footer>", base.read_text(), count=1))
    built.build(THEME=str(theme), **SMALL_PAGES)
    assert digests(built.output) == fresh_build(built, tmp_path / "fresh", THEME=str(theme))
    built.build(THEME=str(theme), SITENAME="Revised Briefs", **SMALL_PAGES)
    assert digests(built.output) == fresh_build(
        built, tmp_path / "fresh", THEME=str(theme), SITENAME="Revised Briefs"
    )


def test_a_rebuild_never_writes_into_the_files_it_shares_with_the_last_site(built, tmp_path):
    """Kept pages are hard links to the live site's files; writing into one would change the site
    that is being replaced while the build runs, and a failed build would leave it changed."""
    witness = tmp_path / "witness"
    for file in built.output.rglob("*"):
        if file.is_file():
            target = witness / file.relative_to(built.output)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(file, target)
    recorded = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in witness.rglob("*") if p.is_file()}
    for edit in EDITS:
        edit(built)
    built.build(**SMALL_PAGES)
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in recorded} == recorded
