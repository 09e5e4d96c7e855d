"""Story threads: a page per story with its parts and one merged timeline; parts link to each other."""

from __future__ import annotations

import pytest

from briefs.report import BriefsInvalid
from conftest import FIXTURES

MINIMAL = (FIXTURES / "briefs" / "brief_minimal.md").read_text()


def part(title: str, when: str, timeline: list[tuple[str, str]], story: str = "chip-rules") -> str:
    entries = "".join(f'  - date: "{d}"\n    event: {e} [1].\n' for d, e in timeline)
    extra = f"story: {story}\n" + (f"timeline:\n{entries}" if entries else "")
    return (
        MINIMAL.replace("A minimal brief", title)
        .replace("2026-01-20", when)
        .replace("category: Research\n", f"category: Research\n{extra}")
    )


@pytest.fixture
def story_site(site):
    site.add_brief("one.md", part("Draft rule proposed", "2025-10-02", [("2025-09", "Consultation opens")]))
    site.add_brief("three.md", part("Rule takes effect", "2026-01-15", [("2026-01-15", "Rule in force")]))
    site.add_brief(
        "two.md",
        part(
            "Final rule published",
            "2025-12-01",
            [("2025", "Year of drafting"), ("2025-11-30", "Rule signed")],
        ),
    )
    site.add_brief("alone.md", part("Unrelated brief", "2025-12-02", [], story="other-story"))
    stories = site.content / "stories"
    stories.mkdir()
    (stories / "other-story.md").write_text("---\ntitle: The other story\n---\nWhy we follow *this* one.\n")
    site.build()
    return site


def test_story_page_lists_the_parts_in_order(story_site):
    page = story_site.page("stories/chip-rules/")
    # Without a story file a story is named by its first part, which stays put as parts are added.
    assert page.h1.get_text() == "Draft rule proposed"
    assert page.find(class_="story__intro") is None
    parts = [a.get_text() for a in page.select(".story__parts .card__title a")]
    assert parts == ["Draft rule proposed", "Final rule published", "Rule takes effect"]


def test_story_timeline_merges_entries_and_parts_oldest_first(story_site):
    lines = story_site.page("stories/chip-rules/").select("ol.timeline > li")
    shown = [
        (li.time["datetime"], " ".join(li.find(class_="timeline__event").get_text().split())) for li in lines
    ]
    assert shown == [
        ("2025", "Year of drafting. (from Final rule published)"),
        ("2025-09", "Consultation opens. (from Draft rule proposed)"),
        ("2025-10-02", "Brief: Draft rule proposed"),
        ("2025-11-30", "Rule signed. (from Final rule published)"),
        ("2025-12-01", "Brief: Final rule published"),
        ("2026-01-15", "Rule in force. (from Rule takes effect)"),
        ("2026-01-15", "Brief: Rule takes effect"),
    ]
    ids = {tag["id"] for tag in story_site.page("stories/chip-rules/").find_all(id=True)}
    fragments = [a["href"] for a in story_site.page("stories/chip-rules/").select('a[href^="#"]')]
    assert all(f[1:] in ids for f in fragments)  # no citation links to sources of other pages


@pytest.mark.parametrize(
    ("slug", "number", "previous", "following"),
    [
        ("draft-rule-proposed", 1, None, "/briefs/final-rule-published/"),
        ("final-rule-published", 2, "/briefs/draft-rule-proposed/", "/briefs/rule-takes-effect/"),
        ("rule-takes-effect", 3, "/briefs/final-rule-published/", None),
    ],
)
def test_each_part_shows_part_k_of_n_and_its_neighbours(story_site, slug, number, previous, following):
    nav = story_site.page(f"briefs/{slug}/").find("nav", class_="story-part")
    assert " ".join(nav.p.get_text().split()) == f"Part {number} of 3 of the story Draft rule proposed"
    assert nav.p.a["href"] == "/stories/chip-rules/"
    prev_link, next_link = nav.find("a", rel="prev"), nav.find("a", rel="next")
    assert (prev_link["href"] if prev_link else None) == previous
    assert (next_link["href"] if next_link else None) == following


def test_stories_index_lists_every_story_latest_first(story_site):
    links = [a["href"] for a in story_site.page("stories/").select("ul.term-list a")]
    assert links == ["/stories/chip-rules/", "/stories/other-story/"]


def test_a_brief_without_a_story_shows_no_story_part(site):
    site.add_brief("brief_minimal.md")
    site.build()
    assert site.page("briefs/a-minimal-brief/").find(class_="story-part") is None
    assert not (site.output / "stories").exists()


def test_a_story_file_names_the_story_and_gives_its_intro(story_site):
    page = story_site.page("stories/other-story/")
    assert page.h1.get_text() == "The other story"
    assert page.find(class_="story__intro").em.get_text() == "this"
    nav = story_site.page("briefs/unrelated-brief/").find("nav", class_="story-part")
    assert nav.p.a.get_text() == "The other story"
    names = [a.get_text() for a in story_site.page("stories/").select("ul.term-list a")]
    assert names == ["Draft rule proposed", "The other story"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "chip-rules.md",
            "---\ntitel: Chip rules\n---\n",
            "chip-rules.md:2: titel: is not a known field; did you mean 'title'?",
        ),
        ("chip-rules.md", "---\ntitle: [a, b]\n---\n", "chip-rules.md:2: title:"),
        ("chip-rules.md", "---\ntitle: x\n  : y: z\n---\n", "chip-rules.md:3:"),
        ("no-such-story.md", "---\ntitle: Lost\n---\n", "no published brief has `story: no-such-story`"),
        ("chip-rules.txt", "title: Chip rules\n", "'chip-rules.txt' is not a story file"),
        ("chip-rules.md", "---\ntitle: x\n---\nA bell \x07 rings.\n", "chip-rules.md:4: intro: contains"),
        ("chip-rules.md", "---\ntitle: x\n---\n" + "[" * 5000 + "\n", "chip-rules.md:"),
    ],
    ids=["unknown-key", "wrong-type", "bad-yaml", "unknown-story", "not-markdown", "control", "flood"],
)
def test_an_invalid_story_file_stops_a_strict_build_naming_file_and_field(site, caplog, name, text, expected):
    site.add_brief("one.md", part("Draft rule proposed", "2025-10-02", []))
    (site.content / "stories").mkdir()
    (site.content / "stories" / name).write_text(text)
    with pytest.raises(BriefsInvalid):
        site.build()
    assert any(expected in record.getMessage() for record in caplog.records), [
        r.getMessage() for r in caplog.records
    ]


def test_a_story_file_that_links_outside_the_content_is_refused(site, caplog, tmp_path):
    site.add_brief("one.md", part("Draft rule proposed", "2025-10-02", []))
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nPrivate words.\n")
    (site.content / "stories").mkdir()
    (site.content / "stories" / "chip-rules.md").symlink_to(secret)
    with pytest.raises(BriefsInvalid):
        site.build()
    assert any("outside the content folder" in record.getMessage() for record in caplog.records)
