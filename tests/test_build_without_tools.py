"""The editor tools (`briefs_tools`) stay out of a build: a build runs none of their code."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES, ROOT

# `pelican content -s pelicanconf.py -o output`, as `make html` runs it, that reports at exit
# which modules of ours the build imported.
BUILD_THEN_LIST_MODULES = """
import atexit, json, runpy, sys

def report():
    ours = sorted(name for name in sys.modules if name.split(".")[0] in ("briefs", "briefs_tools"))
    print("MODULES " + json.dumps(ours))

atexit.register(report)
sys.argv = ["pelican", *sys.argv[1:]]
runpy.run_module("pelican", run_name="__main__", alter_sys=True)
"""


def test_a_real_build_imports_no_editor_tool(tmp_path: Path):
    content = tmp_path / "content"
    (content / "briefs").mkdir(parents=True)
    (content / "pages").mkdir()
    shutil.copy(FIXTURES / "briefs" / "brief_minimal.md", content / "briefs")
    output = tmp_path / "output"
    arguments = [str(content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(output), "--log-handler=plain"]
    result = subprocess.run(
        [sys.executable, "-c", BUILD_THEN_LIST_MODULES, *arguments],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (output / "briefs" / "a-minimal-brief" / "index.html").is_file()
    reported = [line for line in result.stdout.splitlines() if line.startswith("MODULES ")]
    modules = json.loads(reported[-1].removeprefix("MODULES "))
    assert {"briefs", "briefs.reader", "briefs.writer"} <= set(modules)  # the plugin did run
    assert [name for name in modules if name.split(".")[0] == "briefs_tools"] == []


def test_no_module_of_the_build_plugin_imports_the_tools():
    """Also the imports a small build never reaches (inside a function, behind a setting)."""
    importing = []
    for path in sorted((ROOT / "plugins" / "briefs").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                tools = any(alias.name.split(".")[0] == "briefs_tools" for alias in node.names)
            elif isinstance(node, ast.ImportFrom):  # `from .. import x` leaves the package
                tools = node.level > 1 or (node.level == 0 and (node.module or "").startswith("briefs_tools"))
            else:
                continue
            if tools:
                importing.append(f"{path.name}:{node.lineno}")
    assert importing == []
