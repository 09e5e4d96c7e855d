"""Related updates: the ranking on its own, its quality on labelled clusters, and on built pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import pytest
import yaml

from briefs.ranking import Features, score_pairs
from briefs.related import DEFAULT_WEIGHTS, Item, rank
from briefs.terms import spellings, terms
from conftest import FIXTURES

CLUSTERS = yaml.safe_load((FIXTURES / "related" / "clusters.yaml").read_text())["briefs"]


def item(slug, day, tags=(), category="Policy", story=None, text="", pins=()):
    moment = datetime(2026, 1, day, tzinfo=UTC).timestamp()
    return Item(slug, moment, category, tuple(tags), story, terms(text), tuple(pins), text)


def to_item(entry: dict, **changes) -> Item:
    entry = {**entry, **changes}
    when = entry["date"] if isinstance(entry["date"], date) else date.fromisoformat(entry["date"])
    moment = datetime(when.year, when.month, when.day, tzinfo=UTC).timestamp()
    text = " ".join([entry["title"], entry["hook"], *entry["takeaways"]])
    return Item(
        entry["slug"], moment, entry["category"], tuple(entry["tags"]), entry.get("story"), terms(text)
    )


def test_a_rare_shared_tag_scores_higher_than_a_common_one():
    items = [
        item("a", 10, ["common", "rare"]),
        item("b", 10, ["common"]),
        item("c", 10, ["rare"]),
        *(item(f"filler-{n}", 10, ["common"]) for n in range(6)),
    ]
    features = Features(items, DEFAULT_WEIGHTS)
    parts = score_pairs(features, np.array([0, 0]), np.array([1, 2]))
    assert parts["tags"][1] > parts["tags"][0] > 0
    assert next(c for c in rank(items, 8)["a"] if c.slug == "c").reason.text() == "shared tag: rare"


def test_pins_come_first_in_their_order_then_ranked_ones_up_to_the_limit():
    items = [
        item("a", 10, ["x"], pins=["d", "c"]),
        item("b", 11, ["x"]),
        item("c", 12, ["y"]),
        item("d", 13, ["z"]),
        item("e", 14, ["x"]),  # shares x too, but is further away in time than b
    ]
    choices = rank(items, 3)["a"]
    assert [(c.slug, c.pinned) for c in choices] == [("d", True), ("c", True), ("b", False)]
    assert choices[0].reason.text() == "pinned by the editor"


def test_ties_are_broken_by_date_then_slug():
    items = [item("a", 10, ["x"]), item("c", 12, ["x"]), item("b", 12, ["x"]), item("d", 8, ["x"])]
    # b and c are as close in time to a as each other and newer than d: b before c by slug.
    assert [c.slug for c in rank(items, 3)["a"]] == ["b", "c", "d"]
    assert rank(list(reversed(items)), 3) == rank(items, 3)


def test_same_story_and_similar_wording_are_given_as_reasons_in_words():
    items = [
        item("a", 10, story="s", text="Chip export licences: thresholds for training clusters"),
        item("b", 20, story="s", text="an unrelated headline"),
        item("c", 11, text="licence threshold for chip export to training clusters lowered"),
        item("d", 12, text="something else entirely about gardens"),
        item("e", 13, text="gardens and flowers and export of tulips"),
    ]
    reasons = {c.slug: c.reason for c in rank(items, 2)["a"]}
    assert reasons["b"].text("The chip rules") == "same story: The chip rules"
    words = reasons["c"].text().removeprefix("same topic: ")
    assert words != reasons["c"].text()
    # Shared terms are named as brief a writes them, never as stems ("licenc", "threshold").
    assert words.split(", ") and set(words.split(", ")) <= {
        "licences",
        "thresholds",
        "clusters",
        "training",
        "Chip",
        "export",
    }


def test_spellings_name_each_stem_by_its_most_frequent_word():
    assert spellings("Duties, duties and duty; releases") == {
        "dutie": "duties",
        "duty": "duty",
        "release": "releases",
    }
    assert spellings("OpenAI models. OpenAI said") == {"openai": "OpenAI", "model": "models"}


def test_a_brief_with_nothing_in_common_still_gets_no_error():
    assert rank([item("a", 1)], 4) == {"a": []}
    assert rank([], 4) == {}


def own_cluster_share(entries) -> float:
    cluster = {e["slug"]: e["cluster"] for e in entries}
    ranked = rank([to_item(e) for e in entries], 3)
    good = sum(
        all(cluster[c.slug] == cluster[slug] for c in choices) and len(choices) == 3
        for slug, choices in ranked.items()
    )
    return good / len(entries)


def test_top_three_come_from_the_briefs_own_cluster():
    assert len(CLUSTERS) >= 30 and len({e["cluster"] for e in CLUSTERS}) >= 5
    assert own_cluster_share(CLUSTERS) >= 0.9


def test_changing_a_briefs_tags_moves_its_neighbours():
    chips = next(e for e in CLUSTERS if e["cluster"] == "chips")
    before = rank([to_item(e) for e in CLUSTERS], 3)[chips["slug"]]
    copyright_tags = {t for e in CLUSTERS if e["cluster"] == "copyright" for t in e["tags"]}
    chip_tags = {t for e in CLUSTERS if e["cluster"] == "chips" for t in e["tags"]}
    moved = [
        to_item(e, tags=sorted(copyright_tags - chip_tags)) if e is chips else to_item(e) for e in CLUSTERS
    ]
    after = rank(moved, 3)[chips["slug"]]
    cluster = {e["slug"]: e["cluster"] for e in CLUSTERS}
    assert sum(cluster[c.slug] == "copyright" for c in after) > sum(
        cluster[c.slug] == "copyright" for c in before
    )


@pytest.fixture
def related_site(site):
    minimal = (FIXTURES / "briefs" / "brief_minimal.md").read_text()
    for n, (title, tags) in enumerate(
        [
            ("Chip rules", "[export-controls, compute]"),
            ("Chip licences", "[export-controls]"),
            ("Garden news", "[gardens]"),
        ]
    ):
        site.add_brief(
            f"b{n}.md",
            minimal.replace("A minimal brief", title)
            .replace("category: Research", f"category: Research\ntags: {tags}")
            .replace("2026-01-20", f"2026-01-2{n}"),
        )
    site.build()
    return site


def test_brief_page_shows_related_updates_with_title_date_hook_and_reason(related_site):
    page = related_site.page("briefs/chip-rules/")
    items = page.select("#related li.related__item")
    assert items
    first = items[0]
    assert first.h3.a["href"] == "/briefs/chip-licences/"
    assert first.h3.a.get_text() == "Chip licences"
    assert first.time["datetime"].startswith("2026-01-21")
    assert first.find(class_="related__hook").get_text() == "Only the required fields are filled in."
    assert first.find(class_="related__reason").get_text().startswith("Why: shared tag: export-controls")
