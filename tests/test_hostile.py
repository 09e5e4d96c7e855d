"""The corpus of hostile and broken input: each case built by real Pelican, with its documented outcome.

Every file (or folder, for cases of several files) in tests/fixtures/hostile/ has one row in CASES;
a few cases too big or too binary to keep as files are made by GENERATED. An "error" case must stop
a strict build with every listed problem named by file, line and field, and write nothing. An
"accepted" case must build, and its page must carry no script, handler or unsafe link.
"""

from __future__ import annotations

import re
import shutil

import pytest

from briefs.report import BriefsInvalid
from conftest import FIXTURES, executable_scripts

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
        [("first.md", 3, "slug", "is also the slug of"), ("second.md", 3, "slug", "is also the slug of")],
    ),
    "script_in_every_field.md": (ACCEPTED, []),
    "unknown_related.md": (ERROR, [("unknown_related.md", 5, "related.0", "no brief has the slug")]),
    "updated_before_date.md": (ERROR, [("updated_before_date.md", 4, "updated", "is before the date")]),
    "wrong_types.md": (
        ERROR,
        [("wrong_types.md", i + 2, field, "") for i, field in enumerate(WRONG_TYPE_FIELDS)],
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
}


def test_every_fixture_has_a_case_and_every_case_a_fixture():
    assert sorted(p.name for p in HOSTILE.iterdir()) == sorted(CASES)


def build_case(site, name: str, data: bytes | None = None):
    site.add_brief("brief_minimal.md")  # a good brief beside the bad: the whole build is judged
    target = site.content / "briefs" / name
    if data is not None:
        target.write_bytes(data)
    elif (HOSTILE / name).is_dir():
        shutil.copytree(HOSTILE / name, target)
    else:
        shutil.copyfile(HOSTILE / name, target)


def check_outcome(site, caplog, outcome, problems):
    if outcome == ACCEPTED:
        site.build()
        for page_file in (site.output / "briefs").glob("*/index.html"):
            page = site.page(str(page_file.relative_to(site.output)))
            assert executable_scripts(page) == []
            assert not [a for el in page.find_all(True) for a in el.attrs if a.lower().startswith("on")]
            assert all(re.match(r"^(https?://|/|#)", el["href"]) for el in page.find_all(href=True))
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
