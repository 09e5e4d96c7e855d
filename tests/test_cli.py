"""The editors' command line, run as editors run it: `python -m briefs_tools ...` in a project folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from briefs.frontmatter import read_brief_file
from briefs.validate import validate
from briefs_tools.cli import schema_text
from conftest import FIXTURES, ROOT

MINIMAL = (FIXTURES / "briefs" / "brief_minimal.md").read_text()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder of its own: this repository's settings, theme and plugins, and no content."""
    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "theme", tmp_path / "theme")  # a copy, to be edited
    (tmp_path / "plugins").symlink_to(ROOT / "plugins")
    (tmp_path / "content" / "briefs").mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    return tmp_path


def briefs(project: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run(
        [sys.executable, "-m", "briefs_tools", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_help_lists_every_command(project):
    result = briefs(project, "--help")
    assert result.returncode == 0
    for command in ("new", "check", "import", "schema", "serve"):
        assert command in result.stdout


def test_new_creates_a_draft_that_validates_and_never_overwrites(project):
    result = briefs(project, "new", "Chip rules tighten again", "--date", "2026-11-20")
    assert result.returncode == 0, result.stderr
    assert "dated 2026-11-20 (the date you chose; another: DATE=YYYY-MM-DD" in result.stdout
    path = project / "content" / "briefs" / "2026" / "chip-rules-tighten-again.md"
    brief = validate(read_brief_file(str(path), "x.md"))
    assert (brief.title, brief.date, brief.status) == (
        "Chip rules tighten again",
        date(2026, 11, 20),
        "draft",
    )
    assert "TODO" in brief.hook and "TODO" in brief.tldr.what_changed
    path.write_text(path.read_text().replace("TODO the first key takeaway", "My own words"))
    again = briefs(project, "new", "Chip rules tighten again", "--date", "2026-11-20")
    assert again.returncode == 1
    assert "already exists; nothing was written" in again.stderr
    assert "My own words" in path.read_text()


def test_check_reports_every_problem_and_exits_1(project):
    (project / "content" / "briefs" / "good.md").write_text(MINIMAL)
    (project / "content" / "briefs" / "bad.md").write_text(
        MINIMAL.replace("2026-01-20", "2026-02-30").replace(
            "title: A minimal brief", "title: Another\ntitel: typo"
        )
    )
    result = briefs(project, "check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "content/briefs/bad.md:3: titel: is not a known field; did you mean 'title'?" in lines[0]
    assert lines[1].startswith("content/briefs/bad.md:4: date: 2026-02-30 is not a real date")
    assert "2 error(s), 0 warning(s)" in result.stderr


def test_check_passes_valid_content_and_names_only_the_given_files(project):
    (project / "content" / "briefs" / "good.md").write_text(MINIMAL)
    (project / "content" / "briefs" / "other.md").write_text(
        MINIMAL.replace("A minimal brief", "Other").replace(
            "category: Research", "category: Research\nrelated: [nothing-here]"
        )
    )
    assert briefs(project, "check", "content/briefs/good.md").returncode == 0
    result = briefs(project, "check", "content/briefs/other.md")
    assert result.returncode == 1
    assert "content/briefs/other.md:5: related.0: no brief has the slug 'nothing-here'" in result.stdout


def test_check_of_a_brief_that_pins_an_invalid_one_warns_and_passes(project):
    (project / "content" / "briefs" / "broken.md").write_text(MINIMAL.replace("2026-01-20", "2026-13-01"))
    (project / "content" / "briefs" / "pins.md").write_text(
        MINIMAL.replace("A minimal brief", "Pins").replace(
            "category: Research", "category: Research\nrelated: [a-minimal-brief]"
        )
    )
    result = briefs(project, "check", "content/briefs/pins.md")
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines() == [
        "content/briefs/pins.md:5: related.0: 'a-minimal-brief' is invalid: content/briefs/broken.md has "
        "errors of its own, so its page is not built; the pin is left out until that file is fixed"
    ]
    assert "0 error(s), 1 warning(s)" in result.stderr
    whole = briefs(project, "check")
    assert whole.returncode == 1 and "content/briefs/broken.md:3: date: 2026-13-01" in whole.stdout


def test_check_speaks_github_annotations(project):
    (project / "content" / "briefs" / "bad.md").write_text(
        MINIMAL.replace("Something changed [1].", "Cites [3].")
    )
    result = briefs(project, "check", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=content/briefs/bad.md,line=7,title=tldr.what_changed::"
        "cites [3] but there is only 1 source (expected a number from 1 to 1)"
    ]


def test_check_finds_bad_recap_intros(project):
    (project / "content" / "briefs" / "good.md").write_text(MINIMAL)
    (project / "content" / "recaps").mkdir()
    (project / "content" / "recaps" / "2026-W09.md").write_text("Intro.\n")
    result = briefs(project, "check")
    assert result.returncode == 1
    assert "content/recaps/2026-W09.md:1: week 2026-W09 has no published briefs" in result.stdout


def test_import_writes_a_draft_lists_what_the_editor_must_add_and_never_overwrites(project):
    export = FIXTURES / "exports" / "aggregator_sample.txt"
    result = briefs(project, "import", str(export), "--date", "2026-11-27")
    assert result.returncode == 0, result.stdout + result.stderr
    path = project / "content" / "briefs" / "2026" / "eu-opens-consultation-on-general-purpose-ai-code.md"
    assert validate(read_brief_file(str(path), "x.md")).status == "draft"
    assert (
        "Still needs the editor" in result.stdout and "dated 2026-11-27 (the date you chose" in result.stdout
    )
    assert "sources.0.url" in result.stdout
    before = path.read_text()
    again = briefs(project, "import", str(export), "--date", "2026-11-27")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_text() == before


def test_import_says_it_dated_the_draft_today(project):
    result = briefs(project, "import", str(FIXTURES / "exports" / "clean_utf8.txt"))
    assert result.returncode == 0, result.stdout + result.stderr
    today = date.today()
    assert f"dated {today.isoformat()} (today's date; another: DATE=YYYY-MM-DD" in result.stdout
    assert list((project / "content" / "briefs" / str(today.year)).glob("*.md"))


def test_committed_json_schema_is_up_to_date():
    committed = (ROOT / "docs" / "brief.schema.json").read_text()
    assert committed == schema_text(), "run `make schema` and commit docs/brief.schema.json"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_on_change_and_keeps_serving_an_invalid_brief(project):
    brief = project / "content" / "briefs" / "good.md"
    brief.write_text(MINIMAL)
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    server = subprocess.Popen(
        [sys.executable, "-m", "briefs_tools", "serve", "--port", str(port)],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    page = f"http://127.0.0.1:{port}/briefs/a-minimal-brief/"
    try:
        assert wait_for(lambda: "A minimal brief" in fetch(page))
        brief.write_text(MINIMAL.replace("title: A minimal brief", "title: A minimal brief\ncolour: red"))
        assert wait_for(lambda: "colour" in fetch(f"http://127.0.0.1:{port}/"))  # the problem is shown
        brief.write_text(MINIMAL.replace("A minimal brief", "A minimal brief, edited"))
        assert wait_for(lambda: "A minimal brief, edited" in fetch(f"http://127.0.0.1:{port}/"))
        css = project / "theme" / "static" / "css" / "site.css"
        css.write_text(css.read_text() + "\n/* edited */\n")
        assert wait_for(lambda: "/* edited */" in fetch(f"http://127.0.0.1:{port}/theme/css/site.css"))
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "colour: is not a known field" in output


def test_check_of_many_briefs_on_every_core_finds_what_one_process_finds(tmp_path):
    from pelican.settings import read_settings

    from briefs.settings import with_defaults
    from briefs_tools.check import check

    folder = tmp_path / "content" / "briefs"
    folder.mkdir(parents=True)
    for n in range(70):  # enough for worker processes (reader.PARALLEL_FROM)
        text = MINIMAL.replace("A minimal brief", f"Brief {n}")
        if n == 3:
            text = text.replace("category: Research", "category: Research\nrelated: [brief-4, brief-99]")
        if n == 4:
            text = text.replace("2026-01-20", "2026-13-01")
        (folder / f"brief-{n}.md").write_text(text)

    def settings(workers: int) -> dict:
        override = {"PATH": str(tmp_path / "content"), "BRIEFS_WORKERS": workers}
        return with_defaults(read_settings(str(ROOT / "pelicanconf.py"), override=override))

    alone = check([], settings(1))
    assert check([], settings(2)) == alone
    assert [(Path(p.path).name, p.field, p.severity) for p in alone] == [
        ("brief-3.md", "related.0", "warning"),
        ("brief-3.md", "related.1", "error"),
        ("brief-4.md", "date", "error"),
    ]
