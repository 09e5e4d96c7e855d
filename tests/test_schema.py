"""The brief schema rule by rule: a valid minimal brief with one thing changed, and the exact problem."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest

from briefs.frontmatter import decode, parse_brief_text
from briefs.problems import ContentError, Problem
from briefs.schema import Brief
from briefs.validate import validate

PATH = "content/briefs/x.md"

# A valid brief; each test changes one thing in it.
MINIMAL = """\
---
title: A minimal brief
date: 2026-01-20
category: Research
hook: Only the required fields are filled in.
tldr:
  what_changed: Something changed [1].
  why_it_matters: It matters.
  what_to_do_next: Read on.
takeaways:
  - One takeaway [1].
sources:
  - title: The one source
    url: https://example.org/source
---
The body.
"""
# Lines: title 2, date 3, category 4, hook 5, tldr 6 (7, 8, 9), takeaways 10 (11), sources 12 (13, url 14)
EXTRA_LINE = 15  # the first line of anything `added()` to the front matter


def edited(old: str, new: str) -> str:
    """MINIMAL with the one occurrence of `old` replaced by `new`."""
    assert MINIMAL.count(old) == 1, old
    return MINIMAL.replace(old, new)


def added(yaml: str) -> str:
    """MINIMAL with `yaml` appended to the front matter, starting at EXTRA_LINE."""
    return edited("    url: https://example.org/source\n", f"    url: https://example.org/source\n{yaml}\n")


def check(text: str) -> Brief:
    return validate(parse_brief_text(text, PATH))


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(ContentError) as caught:
        check(text)
    return caught.value.problems


def only_problem(text: str) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def assert_problem(problem: Problem, line: int, field: str, *phrases: str) -> None:
    assert (problem.line, problem.field) == (line, field), str(problem)
    for phrase in phrases:
        assert phrase in problem.message, str(problem)
    assert problem.severity == "error"
    assert str(problem).startswith(f"{PATH}:{line}: {field}: " if field else f"{PATH}:{line}: ")


def test_the_minimal_brief_is_valid():
    brief = check(MINIMAL)
    assert brief.title == "A minimal brief"
    assert (brief.disclosure, brief.status, brief.tags) == ("editor", "published", [])


# Required fields


@pytest.mark.parametrize(
    ("removed", "field", "line"),
    [
        ("title: A minimal brief\n", "title", 1),
        ("date: 2026-01-20\n", "date", 1),
        ("category: Research\n", "category", 1),
        ("hook: Only the required fields are filled in.\n", "hook", 1),
        (
            "tldr:\n  what_changed: Something changed [1].\n  why_it_matters: It matters.\n"
            "  what_to_do_next: Read on.\n",
            "tldr",
            1,
        ),
        ("  what_changed: Something changed [1].\n", "tldr.what_changed", 6),
        ("  why_it_matters: It matters.\n", "tldr.why_it_matters", 6),
        ("  what_to_do_next: Read on.\n", "tldr.what_to_do_next", 6),
        ("takeaways:\n  - One takeaway [1].\n", "takeaways", 1),
        ("sources:\n  - title: The one source\n    url: https://example.org/source\n", "sources", 1),
    ],
)
def test_a_missing_required_field_is_reported(removed, field, line):
    assert_problem(only_problem(edited(removed, "")), line, field, "is required but missing", "expected")


# Title and hook


def test_a_title_of_140_characters_is_accepted():
    assert check(edited("A minimal brief", "x" * 140)).title == "x" * 140


def test_a_title_over_140_characters_is_rejected():
    assert_problem(only_problem(edited("A minimal brief", "x" * 141)), 2, "title", "at most 140")


@pytest.mark.parametrize(
    "title",
    ["|\n  First line\n  second line", '"First line\\nsecond line"', '"First line\\rsecond line"'],
    ids=["block-scalar", "escaped-newline", "escaped-carriage-return"],
)
def test_a_title_on_several_lines_is_rejected(title):
    assert_problem(only_problem(edited("A minimal brief", title)), 2, "title", "single line")


def test_a_hook_of_220_characters_is_accepted():
    assert check(edited("Only the required fields are filled in.", "h" * 220)).hook == "h" * 220


def test_a_hook_over_220_characters_is_rejected():
    problem = only_problem(edited("Only the required fields are filled in.", "h" * 221))
    assert_problem(problem, 5, "hook", "at most 220")


def test_a_hook_on_several_lines_is_rejected():
    problem = only_problem(edited("Only the required fields are filled in.", '"One line\\nand another"'))
    assert_problem(problem, 5, "hook", "single line")


# Dates


def test_a_plain_date_is_accepted():
    assert check(edited("2026-01-20", "2026-01-19")).date == date(2026, 1, 19)


def test_a_datetime_with_an_offset_is_accepted():
    when = check(edited("2026-01-20", "2026-01-19T08:30:00+08:00")).date
    assert when == datetime(2026, 1, 19, 8, 30).replace(tzinfo=when.tzinfo)
    assert when.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize(
    ("value", "phrase"),
    [
        ("2026-01-19T08:30:00", "is not a date or a datetime with an offset"),
        ("2026-02-30", "is not a real date"),
        ("'2026-02-30'", "is not a real date"),
        ("garbage", "is not a date or a datetime with an offset"),
    ],
    ids=["naive-datetime", "february-30", "quoted-february-30", "garbage"],
)
def test_a_bad_date_is_rejected(value, phrase):
    assert_problem(only_problem(edited("2026-01-20", value)), 3, "date", phrase)


def dated(published: str, updated: str) -> str:
    return added(f"updated: {updated}").replace("\ndate: 2026-01-20\n", f"\ndate: {published}\n")


@pytest.mark.parametrize(
    ("published", "updated"),
    [("2026-01-20", "2026-01-19"), ("2026-01-20T10:00:00+00:00", "2026-01-20T11:59:00+02:00")],
    ids=["days", "times"],
)
def test_updated_before_date_is_rejected_on_updated(published, updated):
    problem = only_problem(dated(published, updated))
    assert_problem(problem, EXTRA_LINE, "updated", f"{updated} is before the date {published}")


@pytest.mark.parametrize(
    ("published", "updated"),
    [
        ("2026-01-20", "2026-01-20"),
        ("2026-01-20", "2026-01-20T00:00:00+00:00"),
        ("2026-01-20T10:00:00+00:00", "2026-01-20"),
        ("2026-01-20T10:00:00+00:00", "2026-01-20T12:00:00+02:00"),
    ],
    ids=["same-day", "date-then-time", "time-then-date", "same-instant"],
)
def test_updated_on_the_same_day_or_instant_is_accepted(published, updated):
    brief = check(dated(published, updated))
    assert (str(brief.date), str(brief.updated)) == (published.replace("T", " "), updated.replace("T", " "))


# Slug and tags


def test_a_slug_of_lowercase_letters_digits_and_hyphens_is_accepted():
    assert check(added("slug: chip-rules-2026")).slug == "chip-rules-2026"


def test_a_slug_with_capitals_and_spaces_is_rejected():
    assert_problem(only_problem(added("slug: Bad Slug")), EXTRA_LINE, "slug", "[a-z0-9-]+")


@pytest.mark.parametrize(
    ("tags", "field", "phrase"),
    [
        ("5", "tags", "valid list, got a number 5"),
        ("export-controls, compute", "tags", "valid list, got text"),
        ("[compute, 5]", "tags.1", "valid string, got a number 5"),
    ],
    ids=["a-number", "text-not-a-list", "a-number-in-the-list"],
)
def test_tags_of_the_wrong_type_are_rejected(tags, field, phrase):
    assert_problem(only_problem(added(f"tags: {tags}")), EXTRA_LINE, field, phrase)


# Takeaways, deep dive, timeline


def takeaways(count: int) -> str:
    return edited("  - One takeaway [1].\n", "".join(f"  - Takeaway {n} [1].\n" for n in range(count)))


def test_twelve_takeaways_are_accepted():
    assert len(check(takeaways(12)).takeaways) == 12


@pytest.mark.parametrize(("count", "phrase"), [(0, "at least 1"), (13, "at most 12")])
def test_too_few_or_too_many_takeaways_are_rejected(count, phrase):
    text = takeaways(count) if count else edited("takeaways:\n  - One takeaway [1].\n", "takeaways: []\n")
    assert_problem(only_problem(text), 10, "takeaways", phrase)


def test_a_deep_dive_item_without_text_is_rejected():
    problem = only_problem(added("deep_dive:\n  - title: A heading only"))
    assert_problem(problem, EXTRA_LINE + 1, "deep_dive.0.text", "is required but missing")


def test_a_deep_dive_item_without_title_is_accepted():
    item = check(added("deep_dive:\n  - text: Just the text [1].")).deep_dive[0]
    assert (item.title, item.text) == (None, "Just the text [1].")


@pytest.mark.parametrize("value", ["2024", "'2024'", "2024-05", "2024-05-14", "'2024-05-14'"])
def test_a_timeline_date_of_year_month_or_day_is_accepted(value):
    entry = check(added(f"timeline:\n  - date: {value}\n    event: Something happened.")).timeline[0]
    assert entry.date == value.strip("'")


@pytest.mark.parametrize("value", ["2024-13", "2024-02-30"])
def test_an_unreal_timeline_date_is_rejected(value):
    problem = only_problem(added(f"timeline:\n  - date: {value}\n    event: Something happened."))
    assert_problem(problem, EXTRA_LINE + 1, "timeline.0.date", f"{value} is not a real date")


# Sources and original


def sources(count: int) -> str:
    listed = "".join(f"  - title: Source {n}\n    url: https://example.org/{n}\n" for n in range(count))
    return edited(
        "sources:\n  - title: The one source\n    url: https://example.org/source\n",
        f"sources:\n{listed}" if count else "sources: []\n",
    )


def test_sixty_sources_are_accepted():
    assert len(check(sources(60)).sources) == 60


@pytest.mark.parametrize(("count", "phrase"), [(0, "at least 1"), (61, "at most 60")])
def test_too_few_or_too_many_sources_are_rejected(count, phrase):
    assert_problem(only_problem(sources(count)), 12, "sources", phrase)


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,hello", "ftp://example.org/file", "/relative/path"]
)
def test_a_source_url_that_is_not_http_is_rejected(url):
    problem = only_problem(edited("https://example.org/source", url))
    assert_problem(problem, 14, "sources.0.url", "is not an http(s) URL")


@pytest.mark.parametrize("url", ["http://example.org/a", "https://example.org/a"])
def test_a_source_url_over_http_or_https_is_accepted(url):
    assert check(edited("https://example.org/source", url)).sources[0].url == url


@pytest.mark.parametrize(
    ("url", "publisher", "shown"),
    [
        ("https://www.example.org/a", None, "example.org"),
        ("https://news.example.org/a", None, "news.example.org"),
        ("https://www.example.org/a", "Example Press", "Example Press"),
    ],
)
def test_the_publisher_defaults_to_the_host_without_www(url, publisher, shown):
    text = added(f"    publisher: {publisher}") if publisher else MINIMAL
    assert check(text.replace("https://example.org/source", url)).sources[0].publisher_name == shown


def test_an_original_with_name_and_url_is_accepted():
    original = check(added("original:\n  name: Example Wire\n  url: https://wire.example.com/a")).original
    assert (original.name, original.url) == ("Example Wire", "https://wire.example.com/a")


@pytest.mark.parametrize(
    ("yaml", "field"),
    [
        ("original:\n  name: Example Wire", "original.url"),
        ("original:\n  url: https://e.com/a", "original.name"),
    ],
)
def test_an_original_needs_name_and_url(yaml, field):
    assert_problem(only_problem(added(yaml)), EXTRA_LINE, field, "is required but missing")


# Disclosure and status


@pytest.mark.parametrize(
    ("key", "value"), [("disclosure", "editor"), ("disclosure", "ai-assisted"), ("status", "draft")]
)
def test_allowed_disclosure_and_status_values_are_accepted(key, value):
    assert getattr(check(added(f"{key}: {value}")), key) == value


@pytest.mark.parametrize(
    ("key", "value", "allowed"),
    [("disclosure", "human", "'editor' or 'ai-assisted'"), ("status", "hidden", "'published' or 'draft'")],
)
def test_other_disclosure_and_status_values_are_rejected(key, value, allowed):
    assert_problem(only_problem(added(f"{key}: {value}")), EXTRA_LINE, key, allowed)


# Unknown keys


def test_an_unknown_top_level_key_suggests_the_close_field():
    title_missing, typo = problems_of(edited("title: A minimal", "titel: A minimal"))
    assert_problem(title_missing, 1, "title", "is required but missing")
    assert_problem(typo, 2, "titel", "is not a known field", "did you mean 'title'?")


def test_an_unknown_nested_key_suggests_the_close_field():
    missing, typo = problems_of(edited("what_changed:", "what_chnged:"))
    assert_problem(missing, 6, "tldr.what_changed", "is required but missing")
    assert_problem(typo, 7, "tldr.what_chnged", "did you mean 'what_changed'?")


def test_an_unknown_key_without_a_close_field_lists_the_known_ones():
    problem = only_problem(added("author: Jane Doe"))
    assert_problem(problem, EXTRA_LINE, "author", "is not a known field", "expected one of: title, date")
    assert "did you mean" not in problem.message


# Control characters


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "code"),
    [
        ("It matters.", '"It \\x07matters."', 8, "tldr.why_it_matters", "U+0007"),
        ("A minimal brief", '"A \\x1b[31mred\\x1b[0m brief"', 2, "title", "U+001B"),
        ("https://example.org/source", '"https://example.org/a\\x01b"', 14, "sources.0.url", "U+0001"),
    ],
    ids=["tldr", "title", "url"],
)
def test_an_escaped_control_character_is_rejected(old, new, line, field, code):
    assert_problem(only_problem(edited(old, new)), line, field, f"control character {code}")


def test_a_raw_control_character_is_reported_as_a_problem_not_a_crash():
    problem = only_problem(edited("It matters.", "It \x07matters."))
    assert problem.line == 8, str(problem)
    assert "0007" in problem.message


# Duplicate keys, aliases, YAML errors


def test_a_duplicate_key_is_reported_with_both_lines():
    problem = only_problem(edited("category: Research\n", "category: Research\ncategory: Other\n"))
    assert_problem(problem, 5, "category", "appears twice", "first on line 4")


def test_a_duplicate_nested_key_is_reported_with_both_lines():
    problem = only_problem(
        edited("  why_it_matters: It matters.\n", "  why_it_matters: A.\n  why_it_matters: B.\n")
    )
    assert_problem(problem, 9, "tldr.why_it_matters", "appears twice", "first on line 8")


def test_a_yaml_alias_is_refused():
    text = added("tags: [*c]").replace("category: Research\n", "category: &c Research\n")
    assert_problem(only_problem(text), EXTRA_LINE, "", "YAML aliases (*c) are not allowed")


def test_a_billion_laughs_document_is_refused_quickly():
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    text = "---\n" + "\n".join(levels) + "\n---\n"
    start = time.perf_counter()
    problem = only_problem(text)
    assert time.perf_counter() - start < 1.0
    assert_problem(problem, 3, "", "alias")


def test_deeply_nested_yaml_is_reported_as_a_problem_not_a_crash():
    problem = only_problem(added("tags: " + "[" * 5000 + "]" * 5000))
    assert str(problem).startswith(f"{PATH}:")


def test_a_yaml_syntax_error_gives_its_line_and_column():
    problem = only_problem(edited("category: Research", "category: Research: again"))
    assert_problem(problem, 4, "", "YAML syntax error, column 19", "mapping values are not allowed")


def test_a_value_yaml_cannot_construct_is_reported_on_one_line():
    problem = only_problem(edited("category: Research", "category: !!python/name:os.system x"))
    assert_problem(problem, 4, "category", "cannot be read")
    assert "\n" not in str(problem)


@pytest.mark.parametrize("yaml", ["- a list\n- of items", "just some text"])
def test_front_matter_that_is_not_a_mapping_is_rejected(yaml):
    assert_problem(only_problem(f"---\n{yaml}\n---\nBody.\n"), 2, "", "expected a YAML mapping")


# The file's shape


@pytest.mark.parametrize(
    ("text", "line", "phrase"),
    [
        ("", 1, "the file is empty"),
        ("  \n\n", 1, "the file is empty"),
        ("---\n---\nBody.\n", 2, "the front matter is empty"),
        ("title: No fences\ndate: 2026-01-20\n", 1, "no front matter"),
        ("Body first.\n---\ntitle: Late\n---\n", 1, "no front matter"),
        ("---\ntitle: Never closed\ndate: 2026-01-20\n", 1, "the front matter is never closed"),
    ],
    ids=["empty", "blank", "empty-front-matter", "no-fences", "fences-not-first", "unclosed"],
)
def test_a_file_without_usable_front_matter_is_rejected(text, line, phrase):
    assert_problem(only_problem(text), line, "", phrase)


def test_a_byte_order_mark_and_windows_line_endings_are_accepted():
    raw = b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode("utf-8")
    source = parse_brief_text(decode(raw, PATH), PATH)
    assert (source.body, source.body_line) == ("The body.\n", 16)
    brief = validate(source)
    assert (brief.title, brief.sources[0].url) == ("A minimal brief", "https://example.org/source")


def decode_problem(raw: bytes) -> Problem:
    with pytest.raises(ContentError) as caught:
        decode(raw, PATH)
    [problem] = caught.value.problems
    return problem


@pytest.mark.parametrize(
    ("newline", "bom"),
    [("\n", b""), ("\r\n", b""), ("\r", b""), ("\n", b"\xef\xbb\xbf")],
    ids=["lf", "crlf", "cr", "bom"],
)
def test_a_byte_that_is_not_utf8_is_reported_with_its_line_and_offset(newline, bom):
    head = bom + f"---{newline}title: A minimal brief{newline}category: Caf".encode()
    problem = decode_problem(head + b"\xe9" + newline.encode())
    assert_problem(problem, 3, "", f"byte 0xe9 at offset {len(head)}", "not UTF-8")


# All at once, and the JSON Schema


def test_every_problem_of_a_brief_is_reported_at_once():
    text = edited("title: A minimal brief\n", "").replace("2026-01-20", "2026-02-30")
    text = text.replace("https://example.org/source", "javascript:alert(1)")
    missing, bad_date, bad_url = problems_of(text)
    assert_problem(missing, 1, "title", "is required but missing")
    assert_problem(bad_date, 2, "date", "is not a real date")
    assert_problem(bad_url, 13, "sources.0.url", "is not an http(s) URL")


def test_a_duplicate_key_does_not_hide_the_other_problems():
    text = edited("category: Research\n", "category: Research\ncategory: Other\n")
    text = text.replace("2026-01-20", "2026-02-30").replace("https://example.org/source", "javascript:x")
    assert [(p.line, p.field) for p in problems_of(text)] == [
        (3, "date"),
        (5, "category"),
        (15, "sources.0.url"),
    ]


def test_the_json_schema_lists_the_required_fields_exactly():
    schema = Brief.model_json_schema()
    required = ["title", "date", "category", "hook", "tldr", "takeaways", "sources"]
    assert sorted(schema["required"]) == sorted(required)
    assert schema["additionalProperties"] is False
    assert sorted(schema["$defs"]["TLDR"]["required"]) == [
        "what_changed",
        "what_to_do_next",
        "why_it_matters",
    ]
    assert set(schema["properties"]) == set(Brief.model_fields)
