"""The Makefile as editors run it: what each command installs, and what `make clean` leaves."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib

from briefs.output import MARKER
from conftest import ROOT, Site


def make(folder, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_building_installs_only_what_the_build_needs_and_testing_adds_the_test_tools(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)  # no .venv yet: a fresh clone
    for target in ("html", "serve", "publish", "check"):
        planned = make(tmp_path, "-n", target).stdout
        installs = re.findall(r"-m pip install .*", planned)
        assert len(installs) == 1 and installs[0].endswith(" ."), (target, installs)
    planned = make(tmp_path, "-n", "test").stdout
    assert [line.split()[-1] for line in re.findall(r"-m pip install .*", planned)] == [".", "'.[test]'"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    name = re.compile(r"^[A-Za-z0-9_.-]+")
    runtime = {name.match(d)[0].lower() for d in project["dependencies"]}
    testing = {name.match(d)[0].lower() for d in project["optional-dependencies"]["test"]}
    assert "pelican" in runtime and "pytest" in testing and not runtime & testing


def test_setup_says_what_it_installs_and_pip_shows_progress(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    planned = make(tmp_path, "-n", "html").stdout
    assert "==> installing what the build needs" in planned
    assert "--quiet" not in planned and " -q " not in planned


def test_clean_removes_every_folder_the_build_makes_and_no_content(tmp_path):
    project = tmp_path / "project"
    site = Site(project)
    site.add_brief("brief_minimal.md")
    shutil.copy(ROOT / "Makefile", project)
    site.build()
    site.build()  # the second build keeps the first site beside the new one, as .output.previous
    made = {p.name for p in project.iterdir()} - {"content", "Makefile"}
    assert {"output", ".output.previous", "cache"} <= made, made
    result = make(project, "clean")
    assert result.returncode == 0, result.stderr
    assert {p.name for p in project.iterdir()} == {"content", "Makefile"}, made
    assert (project / "content" / "briefs" / "brief_minimal.md").is_file()


def test_clean_finds_the_hidden_siblings_of_any_output_folder(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path)
    for name in ("public", ".public.staging", ".public.previous", "keep", ".keep.previous"):
        (tmp_path / "sites" / name).mkdir(parents=True)
        (tmp_path / "sites" / name / MARKER).touch()  # each made by a build
    assert make(tmp_path, "clean", "OUTPUT=sites/public/").returncode == 0
    assert sorted(p.name for p in (tmp_path / "sites").iterdir()) == [".keep.previous", "keep"]
