"""docs/brief.schema.json is as strict as the model: each date, slug, address and text case gets the
same verdict from the JSON Schema (as an editor's YAML extension applies it) and from the build."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from briefs.frontmatter import parse_brief_text
from briefs.problems import ContentError
from briefs.validate import validate
from briefs_tools.cli import schema_text
from conftest import FIXTURES

SCHEMA = Draft202012Validator(json.loads(schema_text()))
MINIMAL = (FIXTURES / "briefs" / "brief_minimal.md").read_text()
FRONT = MINIMAL.split("---\n")[1]


class YamlOneTwo(yaml.SafeLoader):
    """YAML as the editors' YAML extension reads it (YAML 1.2): 2026-01-20 is a string, not a date."""


YamlOneTwo.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def verdicts(front: str) -> tuple[bool, bool]:
    """(the build accepts it, the JSON Schema accepts it) for one front matter text."""
    try:
        validate(parse_brief_text(f"---\n{front}---\nThe body.\n", "x.md"))
        built = True
    except ContentError:
        built = False
    return built, SCHEMA.is_valid(yaml.load(front, Loader=YamlOneTwo))


def with_value(key: str, value: str) -> str:
    """The minimal front matter with `key` set to `value`, written as YAML would quote it."""
    line = f"{key}: {json.dumps(value)}\n"
    if re.search(rf"^{key}:", FRONT, flags=re.M):
        return re.sub(rf"^{key}:.*\n", lambda _: line, FRONT, count=1, flags=re.M)
    return FRONT + line


DATES = {
    "2026-01-20": True,
    "2024-02-29": True,  # a leap year
    "2000-02-29": True,  # divisible by 400
    "2026-01-19T08:30:00+08:00": True,
    "2026-01-19T08:30Z": True,
    "2026-01-19 08:30:00.250-05:00": True,
    "2026-01-19T23:59:59+0530": True,
    "2026-13-01": False,  # the case: month 13
    "2026-00-10": False,
    "2026-02-30": False,
    "2025-02-29": False,  # not a leap year
    "1900-02-29": False,  # a century not divisible by 400
    "2026-04-31": False,
    "2026-01-32": False,
    "0000-01-01": False,
    "2026-1-5": False,
    "2026-01-19T08:30:00": False,  # a time without an offset is ambiguous
    "2026-01-19T24:00+00:00": False,
    "2026-01-19T08:60+00:00": False,
    "2026-01-19T08:30:60+00:00": False,
    "2026-01-19T08:30+24:00": False,
    "20260120": False,
    "next Monday": False,
}


@pytest.mark.parametrize("key", ["date", "updated"])
@pytest.mark.parametrize(("value", "valid"), DATES.items(), ids=list(DATES))
def test_a_date_gets_one_verdict_from_the_build_and_the_schema(key, value, valid):
    front = with_value(key, value)
    if key == "updated":  # after an early date, so that no updated date is before it
        front = front.replace("date: 2026-01-20", 'date: "2000-01-01"')
    assert verdicts(front) == (valid, valid)


def test_an_unquoted_impossible_date_is_rejected_by_both():
    """YAML 1.1 (the build) reads 2026-13-01 as a timestamp and YAML 1.2 (editors) as a string."""
    front = FRONT.replace("date: 2026-01-20", "date: 2026-13-01")
    assert verdicts(front) == (False, False)


TIMELINE_DATES = {
    "2026": True,
    "2026-02": True,
    "2024-02-29": True,
    "2026-13": False,
    "2026-00": False,
    "2026-02-30": False,
    "0000": False,
    "26": False,
    "2026-1": False,
}


@pytest.mark.parametrize(("value", "valid"), TIMELINE_DATES.items(), ids=list(TIMELINE_DATES))
def test_a_timeline_date_gets_one_verdict(value, valid):
    front = FRONT + f"timeline:\n  - date: {json.dumps(value)}\n    event: Something happened.\n"
    assert verdicts(front) == (valid, valid)


OTHER = [
    ("slug", "a-good-slug", True),
    ("slug", "Not A Slug", False),
    ("slug", "trailing-newline\n", False),
    ("title", "A title\twith a tab", True),
    ("title", "Two\nlines", False),
    ("title", "Two\u2028lines", False),
    ("title", "A bell \x07", False),
    ("title", "   ", False),
    ("hook", "x" * 220, True),
    ("hook", "x" * 221, False),
    ("category", "Policy", True),
    ("category", "", False),
]


@pytest.mark.parametrize(("key", "value", "valid"), OTHER, ids=[f"{k}={v!r}"[:40] for k, v, _ in OTHER])
def test_slugs_and_text_get_one_verdict(key, value, valid):
    assert verdicts(with_value(key, value)) == (valid, valid)


URLS = [
    ("https://example.org/a", True),
    ("HTTP://example.org/", True),
    ("https://example.org/a b", False),
    ("https:///no-host", False),
    ("ftp://example.org/", False),
    ("javascript:alert(1)", False),
    ("//example.org/", False),
]


@pytest.mark.parametrize(("url", "valid"), URLS, ids=[u for u, _ in URLS])
def test_source_addresses_get_one_verdict(url, valid):
    front = FRONT.replace("url: https://example.org/source", f"url: {json.dumps(url)}")
    assert verdicts(front) == (valid, valid)


DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(
    year=st.text(alphabet="0123456789", min_size=4, max_size=4),
    month=st.text(alphabet="0123456789", min_size=2, max_size=2),
    day=st.text(alphabet="0123456789", min_size=2, max_size=2),
    time=st.one_of(
        st.just(""),
        st.builds(
            lambda sep, h, m, zone: f"{sep}{h}:{m}{zone}",
            st.sampled_from(["T", " "]),
            DIGITS,
            DIGITS,
            st.sampled_from(["", "Z", "+08:00", "-0530", "+24:00", "+23:59"]),
        ),
    ),
)
def test_any_date_shaped_text_gets_one_verdict(year, month, day, time):
    assert len(set(verdicts(with_value("date", f"{year}-{month}-{day}{time}")))) == 1


def test_the_documented_editor_setting_names_the_committed_schema():
    """docs/editing-and-publishing.md's .vscode/settings.json: valid JSON, a schema path that exists
    from the repository's root, and a pattern that matches a scratch draft in any folder."""
    from fnmatch import fnmatch

    from conftest import ROOT

    doc = (ROOT / "docs" / "editing-and-publishing.md").read_text()
    (snippet,) = re.findall(r"```json\n(\s*\{\s*\"yaml\.schemas\".*?)```", doc, flags=re.S)
    ((schema, patterns),) = json.loads(snippet)["yaml.schemas"].items()
    assert json.loads((ROOT / schema).read_text()) == json.loads(schema_text())
    assert all(fnmatch("drafts/chip-rules.brief.yaml", p) for p in patterns)
    assert "*.brief.yaml" in (ROOT / ".gitignore").read_text().split()
