"""The corpus of hostile and broken input: each case built by real Pelican, with its documented outcome.

Every file (or folder, for cases of several files) in tests/fixtures/hostile/ has one row in CASES;
a few cases too big or too binary to keep as files are made by GENERATED, and cases that need a
link to a file outside the content by LINKED. A file or folder case goes into content/briefs/; a
`.site` folder is laid over content/ (its pages/ and recaps/). An "error" case must stop a strict
build with every listed problem named by file, line and field, and write nothing. An "accepted"
case must build, and no page or feed may carry a script, a handler, an unsafe link, a repeated id
or a redirect.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from pelican.settings import read_settings
from test_cli import briefs, project  # noqa: F401 - a project folder to run the command line in

from briefs.problems import Problem
from briefs.reader import load_outcome
from briefs.report import BriefsInvalid
from briefs.settings import with_defaults
from briefs_tools.check import check, github_annotation, report_check
from conftest import FIXTURES, ROOT, executable_scripts

HOSTILE = FIXTURES / "hostile"
ERROR, ACCEPTED = "error", "accepted"
WRONG_TYPE_FIELDS = [
    "title",
    "date",
    "updated",
    "slug",
    "category",
    "tags",
    "hook",
    "tldr",
    "takeaways",
    "deep_dive",
    "implications",
    "timeline",
    "sources",
    "original",
    "story",
    "related",
    "disclosure",
    "status",
]

# case -> (outcome, [(file, line, field, phrase), ...] for errors)
CASES = {
    "billion_laughs.md": (ERROR, [("billion_laughs.md", 6, "", "YAML aliases (*a) are not allowed")]),
    "bom_and_crlf.md": (ACCEPTED, []),
    "citation_out_of_range.md": (ERROR, [("citation_out_of_range.md", 7, "tldr.what_changed", "cites [4]")]),
    "data_url.md": (ERROR, [("data_url.md", 14, "sources.0.url", "is not an http(s) URL")]),
    "empty.md": (ERROR, [("empty.md", 1, "", "the file is empty")]),
    "ftp_url.md": (ERROR, [("ftp_url.md", 14, "sources.0.url", "is not an http(s) URL")]),
    "impossible_date.md": (ERROR, [("impossible_date.md", 3, "date", "2026-02-30 is not a real date")]),
    "javascript_url.md": (ERROR, [("javascript_url.md", 14, "sources.0.url", "is not an http(s) URL")]),
    "no_front_matter.md": (ERROR, [("no_front_matter.md", 1, "", "no front matter")]),
    "same_slug": (
        ERROR,
        [("first.md", 3, "slug", "is also the slug of "), ("second.md", 3, "slug", "is also the slug of ")],
    ),
    "slug_set_and_slug_of_title": (  # each names the other's line too
        ERROR,
        [
            ("sets.md", 3, "slug", "slug_set_and_slug_of_title/derives.md:2 (expected"),
            ("derives.md", 2, "slug", "slug_set_and_slug_of_title/sets.md:3 (expected"),
        ],
    ),
    "script_in_every_field.md": (ACCEPTED, []),
    "unknown_related.md": (ERROR, [("unknown_related.md", 5, "related.0", "no brief has the slug")]),
    "updated_before_date.md": (ERROR, [("updated_before_date.md", 4, "updated", "is before the date")]),
    "wrong_types.md": (
        ERROR,
        [("wrong_types.md", i + 2, field, "") for i, field in enumerate(WRONG_TYPE_FIELDS)],
    ),
    # Round two. Failures no check foresaw, which once dropped the brief (or every brief) silently:
    "link_with_invalid_ipv6_host.md": (ACCEPTED, []),  # the link becomes text
    "source_url_with_invalid_ipv6_host.md": (
        ERROR,
        [("source_url_with_invalid_ipv6_host.md", 14, "sources.0.url", "invalid IPv6 URL")],
    ),
    "citation_of_5000_digits.md": (ACCEPTED, []),  # no source has such a number: it stays text
    "yaml_number_of_5000_digits.md": (
        ERROR,
        [("yaml_number_of_5000_digits.md", 4, "updated", "a number of 5,000 digits is too long")],
    ),
    "title_of_300_digits.md": (ERROR, [("title_of_300_digits.md", 2, "title", "should be a valid string")]),
    "list_nested_600_levels.md": (
        ERROR,
        [("list_nested_600_levels.md", 116, "", "more than 200 columns of indentation or list and quote")],
    ),
    "quote_nested_600_levels.md": (
        ERROR,
        [("quote_nested_600_levels.md", 215, "", "more than 200 columns of indentation or list and quote")],
    ),
    # Script and links that leave the site:
    "entity_encoded_schemes.md": (ACCEPTED, []),
    "offsite_backslash_links.md": (ACCEPTED, []),
    "mailto_and_tel_links.md": (ACCEPTED, []),
    "link_title_breaking_out.md": (ACCEPTED, []),
    "fenced_code_attributes.md": (ACCEPTED, []),
    "page_with_script_and_unsafe_links.site": (ACCEPTED, []),
    "recap_intro_with_unsafe_links.site": (ACCEPTED, []),
    # Accepted once, although invalid:
    "control_character_in_body.md": (ERROR, [("control_character_in_body.md", 18, "body", "U+0007")]),
    "c1_control_escaped_in_title.md": (ERROR, [("c1_control_escaped_in_title.md", 2, "title", "U+0090")]),
    "c1_control_raw_in_category.md": (ERROR, [("c1_control_raw_in_category.md", 4, "category", "U+0086")]),
    "recap_intro_with_control_character.site": (ERROR, [("recaps/2026-W04.md", 3, "", "U+0007")]),
    "emoji_only_tags.md": (
        ERROR,
        [
            ("emoji_only_tags.md", 5, "tags.1", "has no letters or digits"),
            ("emoji_only_tags.md", 5, "tags.2", "has no letters or digits"),
        ],
    ),
    "page_written_over_a_brief.site": (ERROR, [("pages/about.md", 2, "save_as", "which is also")]),
    "page_written_over_another_page.site": (ERROR, [("pages/other.md", 2, "save_as", "which is also")]),
    # Tracebacks once, or files silently left out:
    "date_in_year_9999.md": (ERROR, [("date_in_year_9999.md", 3, "date", "between the years 1900 and 2999")]),
    "tag_longer_than_a_file_name.md": (
        ERROR,
        [("tag_longer_than_a_file_name.md", 5, "tags.0", "at most 100 characters")],
    ),
    "category_longer_than_a_file_name.md": (
        ERROR,
        [("category_longer_than_a_file_name.md", 4, "category", "at most 100 characters")],
    ),
    "slug_longer_than_a_file_name.md": (
        ERROR,
        [("slug_longer_than_a_file_name.md", 5, "slug", "at most 100 characters")],
    ),
    "story_longer_than_a_file_name.md": (
        ERROR,
        [("story_longer_than_a_file_name.md", 5, "story", "at most 100 characters")],
    ),
    "files_that_are_not_briefs": (
        ERROR,
        [
            ("files_that_are_not_briefs/page.html", 1, "", "is not read"),
            ("files_that_are_not_briefs/notes.rst", 1, "", "is not read"),
            ("files_that_are_not_briefs/folder_named.md/notes.txt", 1, "", "is not read"),
        ],
    ),
    "raw_html_page.site": (ERROR, [("pages/raw.html", 1, "", "is not read")]),
    # Lines counted as editors count them, not as YAML does:
    "line_separator_in_front_matter.md": (
        ERROR,
        [
            ("line_separator_in_front_matter.md", 5, "hook", "must be a single line"),
            ("line_separator_in_front_matter.md", 6, "colour", "is not a known field"),
            ("line_separator_in_front_matter.md", 7, "hook2", "is not a known field"),
        ],
    ),
}

MINIMAL = (FIXTURES / "briefs" / "brief_minimal.md").read_text()
GENERATED = {
    "not_utf8.md": (
        MINIMAL.replace("A minimal brief", "Caf\xe9 brief").encode("latin-1"),
        (ERROR, [("not_utf8.md", 2, "", "not UTF-8: byte 0xe9 at offset 14")]),
    ),
    "huge_body.md": (
        (MINIMAL + "A long analysis sentence that goes on [1]. " * 120_000).encode(),
        (ERROR, [("huge_body.md", 1, "", "over the 1 MB limit")]),
    ),
    "huge_list.md": (
        MINIMAL.replace(
            "  - One takeaway [1].\n", "".join(f"  - Takeaway {i} [1].\n" for i in range(10_000))
        ).encode(),
        (ERROR, [("huge_list.md", 10, "takeaways", "at most 12 items")]),
    ),
    # The YAML library crashed the process on this (and took a minute to parse it first).
    "yaml_list_nested_400_kb.md": (
        MINIMAL.replace(
            "category: Research", "category: Research\ntags: " + "[" * 200_000 + "]" * 200_000
        ).encode(),
        (ERROR, [("yaml_list_nested_400_kb.md", 5, "", "nested more than 32 levels deep")]),
    ),
    "yaml_block_list_nested_deep.md": (
        MINIMAL.replace(
            "category: Research",
            "category: Research\ntags:\n" + "".join(" " * i + "-\n" for i in range(600)),
        ).encode(),
        (ERROR, [("yaml_block_list_nested_deep.md", 37, "", "nested more than 32 levels deep")]),
    ),
    # Each of these kept a build busy for minutes.
    "run_of_spaces.md": (
        (
            MINIMAL.replace("A minimal brief", "Run of spaces")
            + "A word"
            + " " * 500_000
            + "and a citation [1].\n"
        ).encode(),
        (ACCEPTED, []),
    ),
    "brackets_50000.md": (
        (MINIMAL + "[" * 50_000 + "\n").encode(),
        (ERROR, [("brackets_50000.md", 16, "", "more than 3,000 '[' characters")]),
    ),
    "citation_flood.md": (
        (MINIMAL + "Cited [1]" * 100_000 + "\n").encode(),
        (ERROR, [("citation_flood.md", 16, "", "more than 3,000 '[' characters")]),
    ),
    "headings_without_blank_lines.md": (
        (MINIMAL + "# A heading\n" * 50_000).encode(),
        (ERROR, [("headings_without_blank_lines.md", 116, "body", "a block of more than 100 lines")]),
    ),
    "code_spans_flood.md": (
        (MINIMAL + ("`code` " * 1_000 + "\n\n") * 100).encode(),
        (ERROR, [("code_spans_flood.md", 36, "body", "more than 20,000 of the characters")]),
    ),
}

SECRET = "the text of a file outside the content folder"
# case -> (where in content/ a link to an outside file goes, what the file holds, expected problems)
LINKED = {
    "brief_linked_outside": (
        "briefs/linked.md",
        MINIMAL.replace("A minimal brief", SECRET),
        "briefs/linked.md",
    ),
    "page_linked_outside": ("pages/linked.md", f"Title: Linked\n\n{SECRET}\n", "pages/linked.md"),
    "recap_intro_linked_outside": ("recaps/2026-W04.md", f"{SECRET}\n", "recaps/2026-W04.md"),
}


def test_every_fixture_has_a_case_and_every_case_a_fixture():
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(CASES)
    assert not set(GENERATED) & set(CASES)


def build_case(site, name: str, data: bytes | None = None):
    site.add_brief("brief_minimal.md")  # a good brief beside the bad: the whole build is judged
    target = site.content / "briefs" / name
    if data is not None:
        target.write_bytes(data)
    elif name.endswith(".site"):
        shutil.copytree(HOSTILE / name, site.content, dirs_exist_ok=True)
    elif (HOSTILE / name).is_dir():
        shutil.copytree(HOSTILE / name, target)
    else:
        shutil.copyfile(HOSTILE / name, target)


# What a link may lead to: an http(s) host; a path on this site, absolute or relative (never "//"
# or "/\", which browsers read as another host); or a fragment.
SAFE_LINK = re.compile(r"^(https?://[^/\\\s]|[/\\](?![/\\])|#|(?![a-zA-Z][a-zA-Z0-9+.-]*:)[^/\\])")
# The elements of a feed whose text feed readers render as HTML.
FEED_HTML = {"summary", "content", "description", "{http://www.w3.org/2005/Atom}summary"}
FEED_HTML |= {"{http://www.w3.org/2005/Atom}content"}


def unsafe_parts(html: str) -> list:
    """Whatever in `html` could run script, leave the site, or take over the page."""
    page = BeautifulSoup(html, "html.parser")
    found = list(executable_scripts(page))
    found += [(el.name, a) for el in page.find_all(True) for a in el.attrs if a.lower().startswith("on")]
    found += [el["href"] for el in page.find_all(href=True) if not SAFE_LINK.match(el["href"])]
    found += [el["src"] for el in page.find_all(src=True) if not SAFE_LINK.match(el["src"])]
    found += page.find_all("meta", attrs={"http-equiv": re.compile("refresh", re.IGNORECASE)})
    repeated = Counter(el["id"] for el in page.find_all(id=True))
    found += [f"id {name} repeated" for name, count in repeated.items() if count > 1]
    return found


def feed_texts(output) -> list[str]:
    """The HTML of every entry of every feed (Atom, RSS, JSON), as feed readers get it."""
    texts = []
    for feed in (output / "feeds").rglob("*"):
        if feed.suffix == ".json":
            # JSON Feed's `summary` is plain text; `content_html` is HTML
            texts += [item.get("content_html", "") for item in json.loads(feed.read_text())["items"]]
        elif feed.suffix == ".xml":
            texts += [element.text or "" for element in ET.parse(feed).iter() if element.tag in FEED_HTML]
    return texts


def check_outcome(site, caplog, outcome, problems):
    if outcome == ACCEPTED:
        site.build()
        briefs_in = list((site.content / "briefs").rglob("*.md"))
        assert len(list((site.output / "briefs").glob("*/index.html"))) == len(briefs_in)  # none left out
        pages = [
            p for p in site.output.rglob("*.html") if "pagefind" not in p.parts and p.parent.name != "search"
        ]
        assert len(pages) > 5
        for page_file in pages:
            assert unsafe_parts(page_file.read_text(encoding="utf-8")) == [], page_file
        for text in feed_texts(site.output):
            assert unsafe_parts(text) == [], text
        return
    with pytest.raises(BriefsInvalid):
        site.build()
    assert not (site.output / "index.html").exists()
    logged = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert not [m for m in logged if "Traceback" in m]
    for file, line, field, phrase in problems:
        where = f"{file}:{line}: " + (f"{field}: " if field else "")
        assert any(where in m and phrase in m for m in logged), (where, phrase, logged)


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_case(site, caplog, name):
    build_case(site, name)
    check_outcome(site, caplog, *CASES[name])


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_case(site, caplog, name):
    data, expected = GENERATED[name]
    build_case(site, name, data)
    check_outcome(site, caplog, *expected)


def test_bom_and_crlf_brief_reads_like_any_other(site):
    build_case(site, "bom_and_crlf.md")
    site.build()
    page = site.page("briefs/bom-and-crlf/")
    assert page.h1.get_text() == "Bom and CRLF"
    assert page.find(id="insight").p.get_text(" ", strip=True) == "A body line [ 1 ] ."


@pytest.mark.parametrize("name", sorted(LINKED))
def test_linked_case(site, caplog, tmp_path, name):
    """A link to a file outside the content folder is refused, whatever the content is for."""
    where, text, shown = LINKED[name]
    outside = tmp_path / "elsewhere" / "secret.md"
    outside.parent.mkdir()
    outside.write_text(text)
    site.add_brief("brief_minimal.md")
    link = site.content / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside)
    check_outcome(site, caplog, ERROR, [(shown, 1, "", "outside the content folder")])
    site.build(BRIEFS_STRICT=False)  # and a preview leaves it out
    assert not [p for p in site.output.rglob("*.html") if SECRET in p.read_text(encoding="utf-8")]


def test_fenced_code_keeps_only_its_language(site):
    build_case(site, "fenced_code_attributes.md")
    site.build()
    insight = site.page("briefs/fenced-code-attributes/").find(id="insight")
    blocks = insight.find_all("pre")
    assert [(pre.attrs, pre.code.attrs) for pre in blocks] == [
        ({}, {"class": ["language-site-header"]}),
        ({}, {"class": ["language-python"]}),
    ]


def test_entity_encoded_links_become_text(site):
    build_case(site, "entity_encoded_schemes.md")
    site.build()
    insight = site.page("briefs/entity-encoded-schemes/").find(id="insight")
    assert [a["href"] for a in insight.find_all("a") if not a["href"].startswith("#")] == []
    assert insight.find_all("span")  # each unsafe link is kept as its text


def test_page_is_held_to_the_brief_rules(site):
    build_case(site, "page_with_script_and_unsafe_links.site")
    site.build()
    prose = site.page("about/").find(class_="prose")
    assert "<script>alert(1)</script>" in prose.get_text()  # raw HTML is shown, not run
    assert '<div onclick="alert(2)">raw</div>' in prose.get_text()
    assert [a.get("href") for a in prose.find_all("a")] == []
    written = [el for el in prose.find_all(True) if not el.find_parent(class_="highlight")]
    assert [el.attrs for el in written if el.name == "div"] == [{"class": ["highlight"]}]  # codehilite's
    attributes = [el.attrs for el in written if el.name != "div"]
    assert attributes == [{"class": ["page-title"]}] + [{}] * (len(attributes) - 1)  # the theme's title


def test_one_failing_brief_never_empties_a_parallel_read(site, caplog):
    """With enough briefs to be read in parallel, a brief that once failed in an unforeseen way is
    that brief's problem: a strict build stops naming it, a preview publishes every other brief."""
    for number in range(6):
        site.add_brief(f"brief_{number}.md", MINIMAL.replace("A minimal brief", f"Brief number {number}"))
    for name in ("yaml_number_of_5000_digits.md", "link_with_invalid_ipv6_host.md"):
        shutil.copyfile(HOSTILE / name, site.content / "briefs" / name)
    parallel = {"BRIEFS_WORKERS": 2, "BRIEFS_PARALLEL_FROM": 1}
    with pytest.raises(BriefsInvalid, match="1 error"):
        site.build(**parallel)
    assert any("yaml_number_of_5000_digits.md:4: updated:" in r.getMessage() for r in caplog.records)
    site.build(**parallel, BRIEFS_STRICT=False)
    published = {p.parent.name for p in (site.output / "briefs").glob("*/index.html")}
    assert len(published) == 6 + 1
    assert "link-with-an-invalid-ipv6-host" in published


def test_no_single_brief_takes_more_than_a_few_seconds(tmp_path):
    """Every input that once kept a build busy for minutes is read (or refused) in seconds. The bound
    is generous (10 s, against well under 1 s on an idle machine), so that a loaded machine passes."""
    floods = [data for data, _ in GENERATED.values()] + [
        (MINIMAL + ("# Heading\n" * 100 + "\n") * 99).encode(),  # as much as the limits let through
        (MINIMAL + ("*a* `b` \\* &amp; " * 400 + "\n\n") * 10).encode(),
        (MINIMAL + "".join("  " * i + "- level\n" for i in range(99)) * 3).encode(),
        (MINIMAL + "[x](http://a.example/) " * 2_900 + "\n").encode(),
    ]
    for number, data in enumerate(floods):
        path = tmp_path / f"flood_{number}.md"
        path.write_bytes(data)
        started = time.monotonic()
        load_outcome(str(path))
        assert time.monotonic() - started < 10, number


@pytest.fixture
def checked(site, monkeypatch):
    """The command line's `check` over a site of hostile briefs, run from the site's folder."""
    monkeypatch.chdir(site.root)
    settings = with_defaults(
        read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(site.content)})
    )
    return lambda: check([], settings)


def test_check_reports_what_the_build_reports(site, checked):
    names = ["yaml_number_of_5000_digits.md", "list_nested_600_levels.md", "date_in_year_9999.md"]
    for name in names:
        build_case(site, name)
    (site.content / "briefs" / "folder.md").mkdir()  # a folder is no brief, and no crash either
    problems = checked()
    assert sorted({p.path.split("/")[-1] for p in problems if p.is_error}) == sorted(names)


def test_github_annotations_escape_every_text_of_a_brief(site, checked, capsys):
    """A brief's key, value or file name can never end a workflow command or start its own."""
    site.add_brief("brief_minimal.md")
    injected = MINIMAL.replace(
        "category: Research",
        'category: Research\n"x\\n::error file=evil.md,line=1::pwned%0A\\r::stop-commands::x": 1',
    )
    site.add_brief("a,b:c%0A.md", injected)
    problems = checked()
    problems.append(Problem("a.md", 1, "f:i,e\u2028ld", "line\u2028two\n::warning::x"))
    report_check(problems, "github")
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(problems)
    for line in lines:
        assert re.match(r"^::(error|warning) file=[^:,]*,line=\d+(,title=[^:,]*)?::", line), line
        assert "\u2028" not in line
        assert "::error file=evil.md" not in line and "::stop-commands" not in line
    assert github_annotation(Problem("x.md", 2, "a,b", "100% done\r\n")).endswith("::100%25 done%0D%0A")


@pytest.mark.parametrize("export", ["empty", "missing", "folder", "boilerplate", "50 MB"])
def test_import_refuses_what_it_cannot_import_in_one_line(project, tmp_path, export):  # noqa: F811
    source = tmp_path / "export.txt"
    if export == "empty":
        source.write_bytes(b"")
    elif export == "folder":
        source.mkdir()
    elif export == "boilerplate":
        source.write_text("Web-grounded analysis of today's news\nAI-curated news aggregator\n")
    elif export == "50 MB":
        with open(source, "wb") as handle:
            handle.truncate(50_000_000)
    result = briefs(project, "import", str(source))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "nothing was written" in result.stderr
    if export == "50 MB":
        assert "over the 1 MB limit for a brief" in result.stderr  # the build's own words
    assert not list((project / "content" / "briefs").rglob("*.md"))


def test_files_copied_as_they_are_are_not_named(site):
    """A file under STATIC_PATHS is copied into the site, so it is no file left unread."""
    site.add_brief("brief_minimal.md")
    (site.content / "briefs" / "images").mkdir()
    (site.content / "briefs" / "images" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    site.build(STATIC_PATHS=["briefs/images"])
    assert (site.output / "briefs" / "images" / "chart.png").exists()
