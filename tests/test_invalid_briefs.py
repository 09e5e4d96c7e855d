"""Whole brief files with one mistake each, loaded as the build loads them, and the problems they give.

Every file in tests/fixtures/invalid/ has one row below: the (line, field, key phrase) of each
problem it must report, in report order. A file without a row, or a row without a file, fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefs.load import load_brief
from briefs.markup import BriefMarkdown
from briefs.problems import ContentError

INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"
MARKDOWN = BriefMarkdown()

# Files that must not load: every problem they must report.
ERRORS = {
    "brief_with_bad_yaml.md": [(6, "", "YAML syntax error, column 17: mapping values are not allowed")],
    "brief_with_citation_in_body_after_code_span.md": [(22, "body", "cites [3]")],
    "brief_with_citation_in_body_out_of_range.md": [(24, "body", "cites [5] but there are only 2 sources")],
    "brief_with_citation_in_body_twice_out_of_range.md": [
        (20, "body", "cites [3]"),
        (22, "body", "cites [3]"),
    ],
    "brief_with_control_character.md": [(10, "tldr.what_to_do_next", "0007")],
    "brief_with_duplicate_key.md": [(5, "category", "appears twice (first on line 4")],
    "brief_with_impossible_date.md": [(3, "date", "2026-02-30 is not a real date")],
    "brief_with_javascript_url.md": [(18, "sources.1.url", "is not an http(s) URL")],
    "brief_with_missing_tldr_field.md": [(7, "tldr.what_to_do_next", "is required but missing")],
    "brief_with_several_problems.md": [
        (1, "hook", "is required but missing"),
        (3, "date", "is not a date or a datetime with an offset"),
        (5, "slug", "should match pattern"),
    ],
    "brief_with_too_many_takeaways.md": [(11, "takeaways", "at most 12")],
    "brief_with_unclosed_front_matter.md": [(1, "", "the front matter is never closed")],
    "brief_with_unknown_citation.md": [(9, "tldr.why_it_matters", "cites [7] but there are only 2 sources")],
    "brief_with_unknown_key.md": [(5, "tag", "is not a known field; did you mean 'tags'?")],
    "brief_with_updated_before_date.md": [(4, "updated", "2026-11-19 is before the date 2026-11-20")],
    "brief_with_yaml_alias.md": [(5, "", "YAML aliases (*topic) are not allowed")],
    "brief_without_front_matter.md": [(1, "", "no front matter")],
}

# Files that load, with these warnings.
WARNINGS = {
    "brief_with_uncited_source.md": [(17, "sources.1", "source [2] is never cited")],
}


def load(name: str):
    return load_brief(str(INVALID / name), f"content/briefs/{name}", MARKDOWN)


def test_every_fixture_has_a_row_and_every_row_a_fixture():
    assert sorted(path.name for path in INVALID.iterdir()) == sorted([*ERRORS, *WARNINGS])


@pytest.mark.parametrize(("name", "expected"), ERRORS.items(), ids=list(ERRORS))
def test_an_invalid_brief_reports_each_of_its_problems(name, expected):
    with pytest.raises(ContentError) as caught:
        load(name)
    problems = caught.value.problems
    assert [(p.line, p.field) for p in problems] == [(line, field) for line, field, _ in expected], [
        str(p) for p in problems
    ]
    for problem, (line, _, phrase) in zip(problems, expected, strict=True):
        assert phrase in problem.message, str(problem)
        assert str(problem).startswith(f"content/briefs/{name}:{line}: ")
        assert problem.is_error


@pytest.mark.parametrize(("name", "expected"), WARNINGS.items(), ids=list(WARNINGS))
def test_a_brief_with_only_warnings_loads_and_reports_them(name, expected):
    loaded = load(name)
    assert [(w.line, w.field) for w in loaded.warnings] == [(line, field) for line, field, _ in expected]
    for warning, (line, _, phrase) in zip(loaded.warnings, expected, strict=True):
        assert phrase in warning.message
        assert warning.severity == "warning"
        assert not warning.is_error
        assert str(warning).startswith(f"content/briefs/{name}:{line}: ")


def test_an_uncited_source_is_still_listed():
    first, second = load("brief_with_uncited_source.md").brief.sources
    assert (first.number, second.number) == (1, 2)
    assert first.cited_at
    assert second.cited_at == ()


def test_a_file_that_is_not_utf8_names_the_line_and_byte(tmp_path):
    # Written here, not kept as a fixture: ruff format reads every .md file under tests/ as UTF-8.
    name = "brief_with_latin1_byte.md"
    raw = (INVALID / "brief_with_unknown_key.md").read_bytes().replace(b"Policy", b"Soci\xe9t\xe9")
    (tmp_path / name).write_bytes(raw)
    with pytest.raises(ContentError) as caught:
        load_brief(str(tmp_path / name), f"content/briefs/{name}", MARKDOWN)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"content/briefs/{name}:4: the file is not UTF-8: ")
    offset = raw.index(b"\xe9")
    assert f"byte 0xe9 at offset {offset} " in problem.message


def test_a_body_citation_problem_points_at_the_line_that_holds_the_marker():
    name = "brief_with_citation_in_body_out_of_range.md"
    with pytest.raises(ContentError) as caught:
        load(name)
    [problem] = caught.value.problems
    lines = (INVALID / name).read_text(encoding="utf-8").split("\n")
    assert "[5]" in lines[problem.line - 1]
