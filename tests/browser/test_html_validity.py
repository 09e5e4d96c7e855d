"""Every page the build writes is valid HTML for the Nu Html Checker (vnu.jar from the npm package
vnu-jar, pinned in tests/browser/package.json, run with Java). vnu runs once over all pages."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from .support import PAGES, output_file

VNU_JAR = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu(files: list[Path]) -> dict[Path, list[str]]:
    """Errors per file, as 'line:column: message', from one run of the checker over all `files`."""
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is needed for the HTML checker: run `apt-get install -y default-jre-headless`",
            pytrace=False,
        )
    if not VNU_JAR.is_file():
        pytest.fail(
            f"{VNU_JAR} is missing: run `npm ci --prefix tests/browser --ignore-scripts`", pytrace=False
        )
    result = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr  # 1 means "errors found"; others are crashes
    errors: dict[Path, list[str]] = {file: [] for file in files}
    for message in json.loads(result.stderr)["messages"]:  # vnu writes its JSON report to stderr
        file = Path(unquote(urlsplit(message.get("url", "")).path))
        where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
        errors.setdefault(file, []).append(f"{where}: {message['type']}: {message['message']}")
    return errors


@pytest.fixture(scope="session")
def html_errors(built_site) -> dict[Path, list[str]]:
    return vnu(sorted(built_site.output.rglob("*.html")))


def describe(errors: dict[Path, list[str]], root: Path) -> str:
    return "\n".join(
        f"{file.relative_to(root) if file.is_relative_to(root) else file}:{line}"
        for file, lines in errors.items()
        for line in lines
    )


@pytest.mark.parametrize("name", sorted({n for n, path in PAGES.items() if "?" not in path}))
def test_page_type_is_valid_html(built_site, html_errors, name):
    file = output_file(built_site.output, PAGES[name])
    assert file in html_errors, f"vnu did not check {file}"
    assert not html_errors[file], describe({file: html_errors[file]}, built_site.output)


def test_every_written_page_is_valid_html(built_site, html_errors):
    pages = [file for file in html_errors if file.is_relative_to(built_site.output)]
    assert len(pages) >= 40, "the sample site has briefs, tags, categories, recaps and stories"
    invalid = {file: lines for file, lines in html_errors.items() if lines}
    assert not invalid, describe(invalid, built_site.output)


def test_vnu_reports_invalid_html(tmp_path):
    """The check itself works: a stray end tag and a missing alt are errors."""
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><html lang="en"><title>x</title><div>x</p></div><img src="a.png">')
    errors = vnu([page])[page]
    assert any("alt" in line for line in errors), errors
    assert any("No “p” element in scope" in line for line in errors), errors
