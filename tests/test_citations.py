"""Citation markers and the Markdown step, one rule at a time."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from briefs.citations import CitationLedger
from briefs.markup import BriefMarkdown, is_plain, safe_href


@pytest.fixture(scope="module")
def markdown():
    return BriefMarkdown()


def cited(html):
    return [a["href"] for a in BeautifulSoup(html, "html.parser").select("sup.cite a")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One [3].", ["#source-3"]),
        ("Two [1, 4].", ["#source-1", "#source-4"]),
        ("Chained [1][4].", ["#source-1", "#source-4"]),
        ("Mixed [2, 3][4]", ["#source-2", "#source-3", "#source-4"]),
        ("A [reference][1] link is not a citation.", []),
        ("A [1](https://example.org) link is not a citation.", []),
        ("Code `[1]` is not a citation.", []),
        (r"Escaped \[1] is not a citation.", []),
        ("Words [in brackets] are not citations.", []),
    ],
)
def test_markers(markdown, text, expected):
    assert cited(markdown.inline(text, CitationLedger(5).field("hook", "Hook"))) == expected


def test_each_marker_gets_its_own_anchor_in_page_order(markdown):
    ledger = CitationLedger(2)
    html = markdown.inline("First [1], again [1, 2].", ledger.field("takeaways.0", "Takeaway 1"))
    anchors = [a["id"] for a in BeautifulSoup(html, "html.parser").select("sup.cite a")]
    assert anchors == ["cite-1-1", "cite-1-2", "cite-2-1"]
    assert [c.anchor for c in ledger.uses[1]] == ["cite-1-1", "cite-1-2"]
    assert ledger.uses[2][0].label == "Takeaway 1"


def test_unknown_numbers_are_recorded_and_not_linked(markdown):
    ledger = CitationLedger(2)
    html = markdown.inline("Out of range [2, 7] and [0].", ledger.field("tldr.why_it_matters", "TL;DR"))
    assert cited(html) == ["#source-2"]
    assert ledger.unknown == [("tldr.why_it_matters", 7), ("tldr.why_it_matters", 0)]
    assert ledger.uncited() == [1]


def test_reference_links_in_the_body_keep_working(markdown):
    body = CitationLedger(2).field("body", "Deep insight")
    html = markdown.block("See [the rule][1] and [2].\n\n[1]: https://example.org/rule\n", body)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("a", string="the rule")["href"] == "https://example.org/rule"
    assert cited(html) == ["#source-2"]


def test_card_rendering_drops_markers_and_the_space_before_them(markdown):
    assert markdown.plain("A hook [1], with more [2, 3].") == "A hook, with more."


def test_inline_text_never_becomes_a_block(markdown):
    html = markdown.inline("# Not a heading\n- not a list")
    assert BeautifulSoup(html, "html.parser").find(["h1", "h3", "ul", "p"]) is None


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://example.org/a", True),
        ("http://example.org/a", True),
        ("#source-1", True),
        ("/briefs/x/", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("ftp://example.org/", False),
        ("mailto:a@example.org", False),
        ("//evil.example/", False),
        ("https:///no-host", False),
    ],
)
def test_safe_href(url, allowed):
    assert (safe_href(url) is not None) is allowed


PLAIN_WORDS = st.lists(
    st.one_of(
        st.sampled_from(
            [" ", "  ", ".", ",", ";", ":", "-", "'", '"', "(", ")", "%", "#", "!", "?", "é", "中"]
        ),
        st.sampled_from(["[1]", "[2]", "[1, 2]", "[2][1]", " [1]", " [3]", "[0]", "[12]"]),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8),
    ),
    max_size=30,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=PLAIN_WORDS, linking=st.booleans())
def test_the_fast_path_renders_exactly_as_markdown_does(markdown, text, linking):
    assume(is_plain(text))
    fast_ledger, slow_ledger = CitationLedger(2), CitationLedger(2)
    fast = markdown._plain_inline(text, fast_ledger.field("hook", "Hook") if linking else None)
    slow = markdown._markdown_inline(text, slow_ledger.field("hook", "Hook") if linking else None)
    assert fast == slow
    assert (fast_ledger.uses, fast_ledger.unknown) == (slow_ledger.uses, slow_ledger.unknown)


def test_text_with_markdown_syntax_takes_the_markdown_path(markdown):
    assert not is_plain("[1](https://example.org)") and not is_plain("a `b`") and is_plain("a [1], b [2][3].")
    assert markdown.inline("a *b* [1]", CitationLedger(1).field("hook", "Hook")).startswith("a <em>b</em>")
    assert markdown.inline("a & b < c") == "a &amp; b &lt; c"
