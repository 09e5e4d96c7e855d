"""What `make new` and `make import` leave for the editor: warnings in a draft, errors once published,
in `make check` and in the strict build, each at its file, line and field."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pelican.settings import read_settings

from briefs.placeholders import NEEDS_EDITOR, TODO
from briefs.report import BriefsInvalid
from briefs.settings import with_defaults
from briefs_tools.check import check
from briefs_tools.importer import import_export
from briefs_tools.new import new_brief
from conftest import FIXTURES, ROOT, Site


def settings_of(site: Site) -> dict:
    """The project's settings for `site`, as `make check` reads them."""
    return with_defaults(read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(site.content)}))


def published(text: str) -> str:
    """The brief as an editor publishes it: the `status: draft` line removed, nothing else."""
    kept = [line for line in text.splitlines(keepends=True) if not line.startswith("status: draft")]
    assert len(kept) == len(text.splitlines()) - 1
    return "".join(kept)


def placeholder_lines(text: str) -> set[int]:
    """Lines of the template that hold a placeholder: TODO values and the example.invalid address."""
    return {
        number
        for number, line in enumerate(text.splitlines(), 1)
        if not line.lstrip().startswith(("#", "status:")) and (TODO in line or ".invalid/" in line)
    }


def test_a_new_draft_warns_at_every_placeholder_and_fails_once_published(site):
    path = new_brief("Chip rules tighten again", date(2026, 11, 20), settings_of(site))
    text = path.read_text()
    expected = placeholder_lines(text)
    assert len(expected) >= 9
    warnings = check([], settings_of(site))
    assert {p.line for p in warnings} == expected
    assert {p.severity for p in warnings} == {"warning"}
    assert {p.field for p in warnings} >= {"category", "hook", "tldr.what_changed", "sources.0.url", "body"}
    status = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("status: draft"))
    path.write_text(published(text))
    errors = check([], settings_of(site))
    assert {(p.line, p.severity) for p in errors} == {(n - (n > status), "error") for n in expected}
    hook = next(p for p in errors if p.field == "hook")
    assert str(hook).startswith(f"{hook.path}:{hook.line}: hook: is still the placeholder 'TODO one line")
    assert "before the brief is published" in hook.message


def test_a_published_template_fails_the_strict_build_and_is_left_out_of_a_preview(site, caplog):
    site.add_brief("brief_minimal.md")
    path = new_brief("Unfilled", date(2026, 1, 21), settings_of(site))
    path.write_text(published(path.read_text()))
    with pytest.raises(BriefsInvalid, match=r"error\(s\) in 1 file\(s\)"):
        site.build()
    assert not (site.output / "index.html").exists()
    messages = [r.getMessage() for r in caplog.records]
    assert any(
        re.search(r"unfilled\.md:\d+: tldr\.why_it_matters: is still the placeholder", m) for m in messages
    )
    site.build(BRIEFS_STRICT=False)
    assert (site.output / "briefs" / "a-minimal-brief" / "index.html").is_file()
    assert not (site.output / "briefs" / "unfilled").exists()
    problems = [li.get_text(" ", strip=True) for li in site.page("").select(".build-problems li")]
    assert any("sources.0.url" in p and "example.invalid" in p for p in problems)


def test_a_draft_of_the_template_builds_with_warnings(site, caplog):
    new_brief("Work in progress", date(2026, 1, 21), settings_of(site))
    site.build()
    assert site.page("drafts/work-in-progress/").find(class_="label--draft")
    warned = [
        r for r in caplog.records if r.levelname == "WARNING" and "is still the placeholder" in r.getMessage()
    ]
    assert len(warned) >= 8


def test_every_note_of_the_importer_is_a_problem_at_its_line(site):
    result = import_export((FIXTURES / "exports" / "aggregator_sample.txt").read_bytes(), date(2026, 11, 27))
    path = site.add_brief("imported.md", result.text)
    notes = {
        number: line.removeprefix(NEEDS_EDITOR).split(":")[0]
        for number, line in enumerate(result.text.splitlines(), 1)
        if line.startswith(NEEDS_EDITOR)
    }
    assert len(notes) == len(result.needs_editor) >= 5
    assert "category" in notes.values() and "sources.0.url" in notes.values()
    as_draft = check([], settings_of(site))
    assert {p.severity for p in as_draft} == {"warning"}
    assert {(p.line, p.field) for p in as_draft if p.message.startswith("needs editor:")} == set(
        notes.items()
    )
    path.write_text(published(result.text))
    errors = [p for p in check([], settings_of(site)) if p.is_error]
    fields = {p.field for p in errors}
    assert {"category", "sources.0.url", "sources.4.url"} <= fields
    uncategorised = [p for p in errors if p.field == "category" and "Uncategorised" in p.message]
    assert uncategorised, "the importer's category is a placeholder even with its note deleted"


def test_filled_in_text_is_no_placeholder(site):
    text = (FIXTURES / "briefs" / "brief_minimal.md").read_text()
    site.add_brief(
        "mentions.md", text.replace("Something changed [1].", "The TODOs of last year are done [1].")
    )
    assert check([], settings_of(site)) == []
