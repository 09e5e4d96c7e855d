"""Every file Pelican reads as an article under BRIEFS_PATH is a brief, whatever Markdown extension
it has: validated, counted by strict mode, and checked by `make check`, from one list of files."""

from __future__ import annotations

import pytest
from test_cli import MINIMAL, briefs, project  # noqa: F401 - `project` is a fixture

from briefs.problems import BuildStopped

EXTENSIONS = ["md", "markdown", "mkd", "mdown"]
INVALID = MINIMAL.replace("title: A minimal brief", "title: A minimal brief\ncolour: red")


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_a_strict_build_fails_on_an_invalid_brief_of_any_markdown_extension(site, extension, caplog):
    site.add_brief("good.md", MINIMAL.replace("A minimal brief", "Another brief"))
    site.add_brief(f"bad.{extension}", INVALID)
    with pytest.raises(BuildStopped, match=r"1 error\(s\) in 1 file\(s\)"):
        site.build()
    assert f"bad.{extension}:3: colour: is not a known field" in caplog.text
    assert not site.output.exists()


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_a_brief_of_any_markdown_extension_is_read_as_a_brief(site, extension):
    site.add_brief(f"good.{extension}", MINIMAL)
    site.build()
    page = site.page("briefs/a-minimal-brief/")
    assert page.find("h1").get_text(strip=True) == "A minimal brief"


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_check_reads_the_files_the_build_reads(project, extension):  # noqa: F811
    (project / "content" / "briefs" / "good.md").write_text(MINIMAL.replace("A minimal brief", "Another"))
    (project / "content" / "briefs" / f"bad.{extension}").write_text(INVALID)
    (project / "content" / "briefs" / "notes.txt").write_text("not a brief: Pelican reads no .txt")
    result = briefs(project, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith(f"content/briefs/bad.{extension}:3: colour: is not a known field")
    assert "1 error(s), 0 warning(s)" in result.stderr
