"""Safe output: the last good site survives failed and interrupted builds; content is never touched."""

from __future__ import annotations

import hashlib

import pytest
from pelican import signals

from briefs.output import UnsafeOutputPath
from briefs.report import BriefsInvalid


def snapshot(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def built(site):
    site.add_brief("brief_minimal.md")
    site.build()
    return site


def test_failed_build_leaves_the_last_good_site(built):
    before = snapshot(built.output)
    built.add_brief("broken.md", "---\ntitle: Broken\n---\n")
    with pytest.raises(BriefsInvalid):
        built.build()
    assert snapshot(built.output) == before


def test_interrupted_build_leaves_the_last_good_site(built):
    before = snapshot(built.output)
    built.add_brief(
        "another.md",
        (built.content / "briefs" / "brief_minimal.md")
        .read_text()
        .replace("A minimal brief", "Another brief"),
    )

    def interrupt(path, context=None):
        raise KeyboardInterrupt

    signals.content_written.connect(interrupt)
    try:
        with pytest.raises(KeyboardInterrupt):
            built.build()
    finally:
        signals.content_written.disconnect(interrupt)
    assert snapshot(built.output) == before
    built.build()  # and the next build starts clean and completes
    assert (built.output / "briefs" / "another-brief" / "index.html").exists()


def test_removed_brief_disappears_and_retained_files_stay(built):
    (built.output / ".git").mkdir()
    (built.output / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (built.content / "briefs" / "brief_minimal.md").unlink()
    built.build(OUTPUT_RETENTION=[".git"])
    assert not (built.output / "briefs" / "a-minimal-brief").exists()
    assert (built.output / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert not (built.root / ".output.staging").exists()


@pytest.mark.parametrize("where", ["content", "root", "inside", "home", "slash"])
def test_dangerous_output_paths_are_refused(site, where, monkeypatch):
    site.add_brief("brief_minimal.md")
    # A home folder of the test's own: were the check broken, only this would be emptied.
    home = site.root / "home"
    (home / "notes").mkdir(parents=True)
    (home / "notes" / "keep.txt").write_text("mine")
    monkeypatch.setenv("HOME", str(home))
    before = snapshot(site.root)
    output = {
        "content": site.content,
        "root": site.root,
        "inside": site.content / "output",
        "home": home,
        "slash": "/",
    }[where]
    with pytest.raises(UnsafeOutputPath, match="is refused"):
        site.build(OUTPUT_PATH=str(output), DELETE_OUTPUT_DIRECTORY=True)
    assert snapshot(site.root) == before


def test_a_build_never_changes_content(site):
    site.add_brief("brief_complete.md", folder="2026")
    site.add_brief("brief_minimal.md")
    (site.content / "pages" / "about.md").write_text("Title: About\n\nAbout us.\n")
    before = snapshot(site.content)
    site.build("publishconf.py")
    site.build(BRIEFS_STRICT=False)
    assert snapshot(site.content) == before
