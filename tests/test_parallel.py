"""Reading briefs, drawing cards and writing pages on several cores must not change a byte of the site."""

from __future__ import annotations

import hashlib
import os
import shutil

from briefs import reader
from conftest import FIXTURES

COMPLETE = (FIXTURES / "briefs" / "brief_complete.md").read_text()


def digests(folder):
    """Every written file's hash; Pagefind's index is left out, as its file names differ from run
    to run even for the same pages (its own test checks what it indexes)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"
    }


def test_parallel_and_sequential_builds_write_identical_sites(site):
    for n in range(12):
        site.add_brief(
            f"b{n:03d}.md",
            COMPLETE.replace("slug: chip-export-rules-tighten", f"slug: brief-{n:03d}")
            .replace("2026-01-19", f"2026-01-{1 + n % 19:02d}")
            .replace("Chip export rules tighten", f"Chip export rules tighten, part {n}")
            .replace("tags: [export-controls, compute, us-china]", f"tags: [export-controls, topic-{n % 7}]"),
            folder=str(2026),
        )
    site.add_brief("broken.md", "---\ntitle: Broken\n---\n")
    site.build(BRIEFS_WORKERS=1, BRIEFS_STRICT=False)  # one process, whatever the number of items
    sequential = digests(site.output)
    shutil.rmtree(site.root / "cache")  # social cards are drawn again, in parallel
    site.build(BRIEFS_WORKERS=2, BRIEFS_PARALLEL_FROM=1, BRIEFS_STRICT=False)  # every job on two cores
    assert digests(site.output) == sequential
    assert len([p for p in sequential if p.startswith("briefs/")]) == 12


def test_with_the_content_cache_on_the_briefs_pelican_will_read_are_read_ahead(site, monkeypatch):
    """An empty cache reads every brief on every core; a rebuild reads only the edited ones."""
    read_ahead: list[list[str]] = []
    load_all = reader.load_all

    def spy(paths, settings):
        read_ahead.append([os.path.basename(p) for p in paths])
        return load_all(paths, settings)

    monkeypatch.setattr(reader, "load_all", spy)
    for n in range(3):
        site.add_brief(f"b{n}.md", COMPLETE.replace("slug: chip-export-rules-tighten", f"slug: brief-{n}"))
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    cache |= {"BRIEFS_WORKERS": 2, "BRIEFS_PARALLEL_FROM": 1}
    site.build(**cache)
    takeaway = "Cloud providers carry part"
    for name in ("b1.md", "b2.md"):
        edited = site.content / "briefs" / name
        assert takeaway in edited.read_text()
        edited.write_text(edited.read_text().replace(takeaway, "Revised, cloud providers carry part"))
    site.build(**cache)
    assert read_ahead == [["b0.md", "b1.md", "b2.md"], ["b1.md", "b2.md"]]
    takeaways = site.page("briefs/brief-1/").find("ul", class_="takeaways").get_text()
    assert "Revised, cloud providers carry part" in takeaways
