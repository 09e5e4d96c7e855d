"""Safe output: the last good site survives failed and interrupted builds; content is never touched."""

from __future__ import annotations

import hashlib
import logging
import os
import subprocess
import sys
import threading
import time

import pytest
from pelican import signals

from briefs.output import MARKER, BuildFailed, UnsafeOutputPath
from briefs.problems import BuildStopped
from briefs.report import BriefsInvalid
from conftest import FIXTURES, ROOT

MINIMAL = (FIXTURES / "briefs" / "brief_minimal.md").read_text()


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


def test_an_existing_folder_no_build_made_is_refused_and_kept(site):
    """`make html OUTPUT=docs` must not replace docs/ with the site (nor the next build delete it)."""
    site.add_brief("brief_minimal.md")
    docs = site.root / "docs"
    docs.mkdir()
    (docs / "guide.md").write_text("Our guide.\n")
    before = snapshot(site.root)
    with pytest.raises(UnsafeOutputPath, match="was not made by an AI Briefs build"):
        site.build(OUTPUT_PATH=str(docs))
    assert snapshot(site.root) == before
    for hidden in (".public.staging", ".public.previous"):  # nor a folder named like our own
        (site.root / hidden).mkdir()
        (site.root / hidden / "keep.txt").write_text("mine")
        with pytest.raises(UnsafeOutputPath, match="was not made by an AI Briefs build"):
            site.build(OUTPUT_PATH=str(site.root / "public"))
        assert (site.root / hidden / "keep.txt").read_text() == "mine"
        (site.root / hidden).rename(site.root / f"kept{hidden}")


def test_an_empty_folder_is_built_into(site):
    site.add_brief("brief_minimal.md")
    site.output.mkdir()
    site.build()
    assert (site.output / "briefs" / "a-minimal-brief" / "index.html").exists()
    assert (site.output / MARKER).is_file()


def hold_lock(path):
    """Another process holding the output folder's lock, as a running build does."""
    code = (
        "import fcntl, os, sys, time\n"
        "handle = open(sys.argv[1], 'a+')\n"
        "fcntl.flock(handle, fcntl.LOCK_EX)\n"
        "handle.seek(0); handle.truncate(); handle.write(str(os.getpid())); handle.flush()\n"
        "print('held', flush=True)\n"
        "time.sleep(120)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_build_into_one_folder_is_refused_while_one_runs(site):
    site.add_brief("brief_minimal.md")
    holder = hold_lock(site.root / ".output.lock")
    try:
        with pytest.raises(BuildStopped, match=rf"another build is writing .*output/ \(pid {holder.pid}\)"):
            site.build()
        assert not site.output.exists()
    finally:
        holder.kill()
        holder.wait()
    site.build()  # the lock dies with its process
    assert (site.output / "index.html").exists()
    other = hold_lock(site.root / ".output.lock")  # and a finished build lets it go
    other.kill()
    other.wait()


def test_the_next_build_puts_back_a_site_left_aside(built):
    """A build stopped between its two renames (where the system has no atomic exchange) leaves the
    last good site in .output.previous: the next build, even a failing one, must not delete it."""
    before = snapshot(built.output)
    built.output.rename(built.root / ".output.previous")
    built.add_brief("broken.md", "---\ntitle: Broken\n---\n")
    with pytest.raises(BriefsInvalid):
        built.build()
    assert snapshot(built.output) == before


def test_the_output_folder_is_complete_at_every_instant(built):
    """While sites are swapped in, a reader (or a web server) always finds a whole site."""
    missing = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            if not (built.output / "index.html").exists():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for number in range(3):
            built.add_brief(f"brief_{number}.md", MINIMAL.replace("A minimal brief", f"Brief {number}"))
            built.build()
    finally:
        stop.set()
        watcher.join()
    assert missing == []
    assert (built.output / "briefs" / "brief-2" / "index.html").exists()


def test_a_failed_step_fails_the_strict_build(built):
    """An error logged by any step (here: a page that could not be written) keeps the last good site,
    even where Pelican would carry on and publish without that page."""
    before = snapshot(built.output)
    built.add_brief("another.md", MINIMAL.replace("A minimal brief", "Another brief"))

    def failed_write(path, context=None):
        logging.getLogger("pelican.writers").error("Could not write %s: No space left on device", path)

    signals.content_written.connect(failed_write)
    try:
        with pytest.raises(BuildFailed, match="No space left on device"):
            built.build()
    finally:
        signals.content_written.disconnect(failed_write)
    assert snapshot(built.output) == before


@pytest.mark.parametrize("how", ["environment", "command line"])
def test_make_clean_never_deletes_a_folder_no_build_made(tmp_path, how):
    (tmp_path / "content" / "briefs").mkdir(parents=True)
    (tmp_path / "content" / "briefs" / "brief.md").write_text("mine")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / MARKER).write_text("")
    env = {**os.environ, "OUTPUT": "content"} if how == "environment" else dict(os.environ)
    args = [] if how == "environment" else ["OUTPUT=content"]
    result = subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), "clean", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "content" / "briefs" / "brief.md").read_text() == "mine"
    assert (tmp_path / "output").exists() == (how == "command line")  # only the named folder is cleaned
