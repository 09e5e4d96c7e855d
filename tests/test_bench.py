"""The benchmark's synthetic briefs are valid, complete and repeatable, and `bench/run.py` runs
end to end: real builds of ours and plain Pelican, a cached rebuild, and the table of ratios."""

from __future__ import annotations

import json
import subprocess
import sys

from briefs.reader import load_outcome
from briefs.schema import Brief
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from corpus import brief_file, make_corpus, write_corpus


def test_the_synthetic_briefs_are_valid_repeatable_and_fill_every_field(tmp_path):
    briefs = make_corpus(60, seed=7)
    assert [brief_file(b) for b in briefs] == [brief_file(b) for b in make_corpus(60, seed=7)]
    assert [brief_file(b) for b in briefs] != [brief_file(b) for b in make_corpus(60, seed=8)]
    write_corpus(briefs, tmp_path / "ours", tmp_path / "plain")
    for path in sorted((tmp_path / "ours" / "briefs").rglob("*.md")):
        loaded, problems, _ = load_outcome(str(path))
        assert loaded is not None and problems == [], (path, problems)
    assert len(list((tmp_path / "plain" / "briefs").rglob("*.md"))) == 60
    assert set().union(*(b.front for b in briefs)) == set(Brief.model_fields)
    assert any("story" in b.front for b in briefs) and any("related" in b.front for b in briefs)


def test_the_benchmark_builds_both_sites_and_prints_the_ratios(tmp_path):
    figures = tmp_path / "figures.json"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--sizes",
            "12",
            "--runs",
            "1",
            "--json",
            str(figures),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| 12 | ours full |" in result.stdout and "| 12 | plain rebuild |" in result.stdout
    rows = {row["build"]: row for row in json.loads(figures.read_text())["summary"]}
    assert set(rows) == {"ours full", "plain full", "ours rebuild", "plain rebuild"}
    assert all(row["wall_s"] > 0 and row["tree_pss_mib"] > 0 for row in rows.values())
    assert rows["ours rebuild"]["wall_s_ratio"] > 0 and rows["plain full"]["wall_s_ratio"] is None


def test_the_preview_benchmark_times_edits_to_a_served_page(tmp_path):
    figures = tmp_path / "preview.json"
    command = [sys.executable, str(ROOT / "bench" / "preview.py"), "--sizes", "12", "--edits", "2"]
    result = subprocess.run(
        [*command, "--json", str(figures)], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    [row] = json.loads(figures.read_text())
    assert row["n"] == 12 and row["ready_s"] > 0 and row["peak_pss_mib"] > 0
    assert len(row["edit_to_preview_s"]) == 2 and all(s > 0 for s in row["edit_to_preview_s"])
    assert "N = 12: ready in" in result.stdout
