"""Property-based tests: generated and mutated briefs either build with every string escaped, or fail
with validation problems. No other exception may escape, whatever the input."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from briefs.load import load_brief
from briefs.markup import BriefMarkdown
from briefs.problems import ContentError
from briefs.report import BriefsInvalid
from conftest import FIXTURES, Site, executable_scripts

MARKDOWN = BriefMarkdown()
COMPLETE = (FIXTURES / "briefs" / "brief_complete.md").read_text()
# Markup, quotes, Markdown syntax, citations, non-Latin text: pieces of text to join.
PIECES = [
    *"<>&\"'`*_[](){}#!:;/\\=- \n\t",
    "[1]",
    "[2, 3]",
    "<script>",
    "javascript:",
    "é",
    "中",
    "🙂",
    "onerror=",
    "</a>",
    "[x](javascript:alert(1))",
]
# Ways to break an otherwise valid brief, one per example at most.
BREAKAGES = {
    "control character": ("title", "bad\x07title"),
    "line separator": ("hook", "one\u2028two"),
    "unreal date": ("date", "2026-02-30"),
    "unknown key": ("titel", "typo"),
    "no takeaways": ("takeaways", []),
    "unsafe url": ("sources", [{"title": "x", "url": "javascript:alert(1)"}]),
}
printable = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))
text = st.lists(st.one_of(st.sampled_from(PIECES), printable), max_size=15).map(
    lambda s: "A" + "".join(s) + "z"
)
line = text.map(lambda s: " ".join(s.split()))


@st.composite
def briefs(draw):
    """Front matter with hostile text in every field: valid unless one breakage is drawn."""
    data = {
        "title": draw(line)[:140],
        "date": draw(st.sampled_from(["2026-01-19", "2026-01-19T08:30:00+08:00"])),
        "category": draw(line),
        "tags": draw(st.lists(line, max_size=3)),
        "hook": draw(line)[:220],
        "tldr": {"what_changed": draw(text), "why_it_matters": draw(text), "what_to_do_next": draw(text)},
        "takeaways": draw(st.lists(text, min_size=1, max_size=3)),
        "deep_dive": draw(st.lists(st.fixed_dictionaries({"title": line, "text": text}), max_size=2)),
        "implications": draw(text),
        "timeline": draw(
            st.lists(
                st.fixed_dictionaries(
                    {"date": st.sampled_from(["2024", "2024-05", "2024-05-14"]), "event": text}
                ),
                max_size=2,
            )
        ),
        "sources": [
            {"title": draw(line), "url": url, "publisher": draw(line)}
            for url in ("https://example.org/a", "http://example.net/?q=<b>&c='d'", "https://x.example/")
        ],
        "original": {"name": draw(line), "url": "https://example.org/original"},
    }
    breakage = draw(st.sampled_from([None, None, None, *BREAKAGES]))
    if breakage:
        key, value = BREAKAGES[breakage]
        data[key] = value
    return "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n" + draw(text) + "\n"


def load_text(tmp: Path, content: str):
    path = tmp / "brief.md"
    path.write_text(content, encoding="utf-8")
    return load_brief(str(path), "content/briefs/brief.md", MARKDOWN)


@settings(max_examples=150, deadline=None)
@given(briefs())
def test_generated_briefs_load_or_report_problems(content):
    with tempfile.TemporaryDirectory() as tmp:
        try:
            load_text(Path(tmp), content)
        except ContentError as error:
            assert error.problems
            assert all(str(p).startswith("content/briefs/brief.md:") for p in error.problems)


@st.composite
def mutations(draw):
    """The complete example brief with lines deleted, repeated, swapped or with text spliced in."""
    lines = COMPLETE.split("\n")
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "repeat", "swap", "splice", "truncate"]))
        if kind == "delete":
            del lines[index]
        elif kind == "repeat":
            lines.insert(index, lines[index])
        elif kind == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif kind == "splice":
            at = draw(st.integers(min_value=0, max_value=len(lines[index])))
            lines[index] = lines[index][:at] + draw(text) + lines[index][at:]
        else:
            lines = lines[: index + 1]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@settings(max_examples=300, deadline=None)
@given(mutations())
def test_mutated_briefs_load_or_report_problems(content):
    with tempfile.TemporaryDirectory() as tmp:
        try:
            load_text(Path(tmp), content)
        except ContentError as error:
            assert error.problems


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefs())
def test_built_pages_escape_every_string(content):
    with tempfile.TemporaryDirectory() as tmp:
        try:
            load_text(Path(tmp), content)
        except ContentError:
            valid = False
        else:
            valid = True
        site = Site(Path(tmp) / "site")
        site.add_brief("brief.md", content)
        if not valid:
            with pytest.raises(BriefsInvalid):
                site.build()
            assert not (site.output / "index.html").exists()
            return
        site.build()
        data = yaml.safe_load(content.split("---\n")[1])
        page = next((site.output / "briefs").glob("*/index.html"))
        soup = site.page(str(page.relative_to(site.output)))
        assert executable_scripts(soup) == []
        assert not [a for el in soup.find_all(True) for a in el.attrs if a.lower().startswith("on")]
        shown = " ".join(soup.get_text(" ").split())
        for plain in [data["title"], data["category"], *(s["title"] for s in data["sources"])]:
            assert " ".join(plain.split()) in shown


def test_the_generator_makes_both_valid_and_invalid_briefs():
    def loads(content):
        with tempfile.TemporaryDirectory() as tmp:
            try:
                return bool(load_text(Path(tmp), content))
            except ContentError:
                return False

    quick = settings(deadline=None, database=None)
    assert loads(find(briefs(), loads, settings=quick))
    assert not loads(find(briefs(), lambda c: not loads(c), settings=quick))
