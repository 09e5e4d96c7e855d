"""Related updates: for each brief, the briefs a reader should see next, and why they were chosen.

The score of a pair of briefs a, b adds up (each weight a BRIEFS_RELATED_* setting, see settings.py):

    TAGS       x  the cosine of their tags, each weighted by its rarity (inverse document
                  frequency), so a rare shared tag counts for more than a common one
    STORY      if they follow the same `story`
    CATEGORY   if they share a category
    TEXT       x  the TF-IDF cosine of their title, hook and takeaways (terms.py)
    TIME       x  2 ** (-days apart / TIME_HALF_LIFE_DAYS)
    CONSENSUS  x  how well b agrees with a's other best candidates

Editors' `related:` pins come first, in their order; ranked briefs fill the list up to
BRIEFS_RELATED_MAX, ties broken by date (newer first), then slug.

Not every pair is scored: a brief's candidates are its neighbours in time in the posting list of
each of its tags, its story and its strongest terms (WINDOW on each side). So the work and memory
grow linearly with the number of briefs; ranking.py scores the candidate pairs together with numpy.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from .ranking import Features, Weights, best_per_item, candidate_pairs, consensus, score_pairs, total
from .settings import DEFAULTS
from .terms import ranked_text, spellings

DEFAULT_WEIGHTS = Weights.from_settings(DEFAULTS)


@dataclass(frozen=True)
class Item:
    """What the ranking needs to know of one brief."""

    slug: str
    timestamp: float
    category: str
    tags: tuple[str, ...]
    story: str | None
    terms: dict[str, int]  # word counts of title, hook and takeaways: see `terms()`
    pins: tuple[str, ...] = ()
    text: str = ""  # the text the terms come from, to name shared terms as words: see `spellings()`


@dataclass(frozen=True)
class Reason:
    """Why one brief is shown beside another: what they share, strongest first."""

    pinned: bool = False
    story: bool = False
    tags: tuple[str, ...] = ()  # tag names as editors wrote them, rarest first
    words: tuple[str, ...] = ()  # shared words as written in the brief, strongest first
    category: str | None = None  # named only when they share nothing else
    close_in_time: bool = False

    def text(self, story_title: str | None = None) -> str:
        """The reason in words, e.g. "same story: EU AI Act; shared tags: compute, standards"."""
        if self.pinned:
            return "pinned by the editor"
        reasons = []
        if self.story:
            reasons.append(f"same story: {story_title}" if story_title else "same story")
        if self.tags:
            reasons.append(
                ("shared tag: " if len(self.tags) == 1 else "shared tags: ") + ", ".join(self.tags)
            )
        if self.words:
            reasons.append("same topic: " + ", ".join(self.words))
        if self.category:
            reasons.append(f"same category: {self.category}")
        if self.close_in_time:
            reasons.append("close in time")
        return "; ".join(reasons)


PINNED = Reason(pinned=True)


@dataclass(frozen=True)
class Choice:
    """One related brief for one brief, with the reason a reader is shown."""

    slug: str
    reason: Reason
    pinned: bool = False


def rank(items: list[Item], limit: int, weights: Weights = DEFAULT_WEIGHTS) -> dict[str, list[Choice]]:
    """Up to `limit` related briefs for every item: its pins first, then the best-scored others."""
    if not items:
        return {}
    items = sorted(items, key=lambda i: (i.timestamp, i.slug))
    features = Features(items, weights)
    count = len(items)
    # 1. Candidates, with a quick score of what they share near each other in time.
    a, b, quick = candidate_pairs(features)
    keep = a != b
    a, b, quick = a[keep], b[keep], quick[keep]
    candidate_keys = a * count + b  # sorted, for looking quick scores up
    # 2. A shortlist per item, scored exactly.
    short = best_per_item(features, a, b, quick, weights.shortlist, ties=False)
    sa, sb = a[short], b[short]
    parts = score_pairs(features, sa, sb)
    exact = total(parts, weights)
    # 3. The best of those, each raised by how close it is to the item's other best: a brief's
    #    true neighbours agree with each other, a lucky match on one signal does not.
    most_pins = max(len(i.pins) for i in items)
    top = best_per_item(features, sa, sb, exact, max(weights.consensus_size, limit + most_pins))
    ta, tb, exact, text = sa[top], sb[top], exact[top], parts["text"][top]
    final = exact + weights.consensus * consensus(ta, tb, count, candidate_keys, quick)
    order = best_per_item(features, ta, tb, final, limit + most_pins)

    by_slug = {item.slug: n for n, item in enumerate(items)}
    ranked: dict[int, list[int]] = {}
    for row in order:
        ranked.setdefault(int(ta[row]), []).append(int(row))
    reason = _Reasons(features)
    result = {}
    for n, item in enumerate(items):
        choices = [Choice(slug, PINNED, pinned=True) for slug in item.pins if slug in by_slug]
        wanted = max(limit, len(choices))
        for row in ranked.get(n, []):
            other = int(tb[row])
            if len(choices) >= wanted:
                break
            if items[other].slug not in item.pins:
                choices.append(Choice(items[other].slug, reason(n, other, text[row])))
        result[item.slug] = choices
    return result


class _Reasons:
    """Why b is shown beside a, in the words a reader would use; the strongest signals first."""

    def __init__(self, features: Features):
        self.features = features
        self.tag_sets = [set(row) - {-1} for row in features.tags.tolist()]
        start, terms, weights = (
            features.full_start.tolist(),
            features.full_terms.tolist(),
            features.full_weights,
        )
        weights = weights.tolist()
        self.term_weights = [dict(zip(terms[i:j], weights[i:j], strict=True)) for i, j in pairwise(start)]
        self.written: dict[int, dict[str, str]] = {}

    def __call__(self, a: int, b: int, text_score: float) -> Reason:
        features, items = self.features, self.features.items
        story = items[a].story is not None and items[a].story == items[b].story
        shared_tags = self.tag_sets[a] & self.tag_sets[b]
        rarest = sorted(shared_tags, key=lambda t: (-features.tag_idf[t], features.tag_names[t]))
        tags = tuple(features.tag_names[t] for t in rarest[:3])
        words: tuple[str, ...] = ()
        weight_a, weight_b = self.term_weights[a], self.term_weights[b]
        common = sorted(weight_a.keys() & weight_b.keys(), key=lambda t: -weight_a[t] * weight_b[t])
        if text_score >= features.weights.mention_text_score and common:
            if a not in self.written:
                self.written[a] = spellings(items[a].text)
            written = self.written[a]
            names = [features.term_names[t] for t in common[:3]]
            words = tuple(written.get(name, name) for name in names)
        if story or tags or words:
            return Reason(story=story, tags=tags, words=words)
        if items[a].category == items[b].category:
            return Reason(category=items[a].category)
        return Reason(close_in_time=True)


@dataclass(frozen=True)
class RelatedUpdate:
    """A related brief as templates show it: the article, and why it was chosen, in words."""

    article: object
    reason: str
    pinned: bool


def related_updates(briefs: tuple, settings: dict, story_titles: dict[str, str]) -> dict[str, tuple]:
    """Every published brief's related updates, by slug; a shared story is named by its title
    (`story_titles`, by story slug)."""
    by_slug = {a.slug: a for a in briefs}
    items = [
        Item(
            slug=a.slug,
            timestamp=a.date.timestamp(),
            category=a.category.name,
            tags=tuple(t.name for t in getattr(a, "tags", [])),
            story=a.brief.data.story,
            terms=a.brief_terms,
            pins=tuple(a.brief.data.related),
            text=ranked_text(a.brief.data),
        )
        for a in briefs
    ]
    ranked = rank(items, settings["BRIEFS_RELATED_MAX"], Weights.from_settings(settings))
    return {
        slug: tuple(
            RelatedUpdate(
                by_slug[c.slug], c.reason.text(story_titles.get(by_slug[c.slug].brief.data.story)), c.pinned
            )
            for c in choices
        )
        for slug, choices in ranked.items()
    }
