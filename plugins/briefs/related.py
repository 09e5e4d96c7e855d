"""Related updates: for each brief, the briefs a reader should see next, and why they were chosen.

The score of a pair of briefs a, b adds up:

    TAG_WEIGHT      x  the rarity (inverse document frequency) of each tag they share
    STORY_WEIGHT    if they follow the same `story`
    CATEGORY_WEIGHT if they share a category
    TEXT_WEIGHT     x  the TF-IDF cosine of their title, hook and takeaways (each brief's
                       TERMS_PER_BRIEF strongest terms)
    TIME_WEIGHT     x  2 ** (-days apart / TIME_HALF_LIFE_DAYS)

Editors' `related:` pins come first, in their order; ranked briefs fill the list up to
BRIEFS_RELATED_MAX, ties broken by date (newer first), then slug.

Not every pair is scored: a brief's candidates are its neighbours in time in the posting list of
each of its tags, its story and its strongest terms (WINDOW on each side). So the work and memory
grow linearly with the number of briefs, and the candidate pairs are scored together with numpy.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pelican import signals

import numpy as np

TAG_WEIGHT = 1.0
STORY_WEIGHT = 3.0
CATEGORY_WEIGHT = 0.5
TEXT_WEIGHT = 4.0
TIME_WEIGHT = 0.5
TIME_HALF_LIFE_DAYS = 30.0
TERMS_PER_BRIEF = 8
WINDOW = 4
# Text similarity is named as a reason from this cosine on (0 to 1).
MENTION_TEXT_SCORE = 0.15
# Pairs are scored in blocks so that peak memory stays small whatever the number of briefs.
BLOCK = 200_000

_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# fmt: off
STOPWORDS = frozenset({
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before",
    "being", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "how",
    "if", "in", "into", "is", "it", "its", "may", "more", "most", "much", "must", "new", "no", "not", "now",
    "of", "on", "one", "only", "or", "other", "our", "out", "over", "own", "said", "same", "says", "should",
    "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "under", "up", "us", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "will", "with", "would", "you", "your",
})
# fmt: on


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


@dataclass(frozen=True)
class Choice:
    """One related brief for one brief, with the reason a reader is shown."""

    slug: str
    reason: str
    pinned: bool = False


def terms(text: str) -> dict[str, int]:
    """Word counts for text similarity; made once per brief when it is read."""
    return Counter(w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2)


class _Features:
    """Integer-coded features of the items, in date order, as numpy arrays."""

    def __init__(self, items: list[Item]):
        self.items = items
        count = len(items)
        self.timestamp = np.array([i.timestamp for i in items], dtype=np.float64)
        self.category = _codes([i.category for i in items])
        self.story = _codes([i.story for i in items], missing=None)
        slugs = [i.slug for i in items]
        order = sorted(range(count), key=slugs.__getitem__)
        self.slug_rank = np.empty(count, dtype=np.int64)
        self.slug_rank[order] = np.arange(count)

        tag_ids: dict[str, int] = {}
        item_tags = [[tag_ids.setdefault(t, len(tag_ids)) for t in dict.fromkeys(i.tags)] for i in items]
        tag_df = np.bincount([t for tags in item_tags for t in tags], minlength=len(tag_ids))
        self.tag_names = list(tag_ids)
        # One more entry, 0, for the -1 that pads short tag rows.
        self.tag_idf = np.append(np.log1p(count / np.maximum(tag_df, 1)), 0.0)
        self.tags = _padded(item_tags)

        self._strongest_terms([i.terms for i in items])

    def _strongest_terms(self, counts: list[dict[str, int]]) -> None:
        """Each item's TERMS_PER_BRIEF highest TF-IDF terms, with L2-normalised weights."""
        term_ids: dict[str, int] = {}
        terms_a = np.array([term_ids.setdefault(t, len(term_ids)) for c in counts for t in c], dtype=np.int64)
        tf = np.array([n for c in counts for n in c.values()], dtype=np.float64)
        docs_a = np.repeat(np.arange(len(counts)), [len(c) for c in counts])
        total_docs = len(counts)
        doc_freq = np.bincount(terms_a, minlength=len(term_ids))
        # A term in one brief links nothing; one in most briefs tells nothing.
        useful = (doc_freq[terms_a] > 1) & (doc_freq[terms_a] <= max(2, total_docs // 2))
        weight = (1 + np.log(tf)) * np.log(total_docs / np.maximum(doc_freq[terms_a], 1))
        docs_a, terms_a, weight = docs_a[useful], terms_a[useful], weight[useful]
        order = np.lexsort((terms_a, -weight, docs_a))
        docs_a, terms_a, weight = docs_a[order], terms_a[order], weight[order]
        rank_in_doc = np.arange(len(docs_a)) - np.searchsorted(docs_a, docs_a, side="left")
        keep = rank_in_doc < TERMS_PER_BRIEF
        docs_a, terms_a, weight, column = docs_a[keep], terms_a[keep], weight[keep], rank_in_doc[keep]
        norms = np.sqrt(np.bincount(docs_a, weights=weight * weight, minlength=total_docs))
        norms[norms == 0] = 1.0
        self.terms = np.full((total_docs, TERMS_PER_BRIEF), -1, dtype=np.int64)
        self.term_weights = np.zeros((total_docs, TERMS_PER_BRIEF))
        self.terms[docs_a, column] = terms_a
        self.term_weights[docs_a, column] = weight / norms[docs_a]
        self.term_names = list(term_ids)

    def memberships(self) -> tuple[np.ndarray, np.ndarray]:
        """(item, feature) for every tag, story and strong term of every item."""
        tag_count, term_count = len(self.tag_names), len(self.term_names)
        parts = [
            (self.tags, 0),
            (self.story[:, None], tag_count),
            (self.terms, tag_count + term_count),
        ]
        items, features = [], []
        for codes, offset in parts:
            rows, cols = np.nonzero(codes >= 0)
            items.append(rows)
            features.append(codes[rows, cols] + offset)
        return np.concatenate(items), np.concatenate(features)


def _codes(values: list, missing: object = object()) -> np.ndarray:
    ids: dict = {}
    return np.array([-1 if v == missing else ids.setdefault(v, len(ids)) for v in values], dtype=np.int64)


def _padded(rows: list[list], fill=-1, dtype=np.int64) -> np.ndarray:
    width = max((len(r) for r in rows), default=0) or 1
    out = np.full((len(rows), width), fill, dtype=dtype)
    for index, row in enumerate(rows):
        out[index, : len(row)] = row
    return out


def candidate_pairs(features: _Features) -> tuple[np.ndarray, np.ndarray]:
    """Unique (a, b) pairs of items that are near each other in time within a shared feature."""
    item, feature = features.memberships()
    order = np.lexsort((item, feature))
    item, feature = item[order], feature[order]
    starts = np.searchsorted(feature, feature, side="left")
    ends = np.searchsorted(feature, feature, side="right")
    position = np.arange(len(item))
    firsts, seconds = [], []
    for offset in [*range(-WINDOW, 0), *range(1, WINDOW + 1)]:
        other = position + offset
        valid = (other >= starts) & (other < ends)
        firsts.append(item[valid])
        seconds.append(item[other[valid]])
    count = len(features.items)
    keys = np.sort(np.concatenate(firsts) * count + np.concatenate(seconds))
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if keys.size else keys
    return keys // count, keys % count


def score_pairs(features: _Features, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    """Each part of the score of every pair (a[i], b[i]), computed in blocks."""
    parts = {name: np.empty(len(a)) for name in ("tags", "story", "category", "text", "time")}
    for start in range(0, len(a), BLOCK):
        pa, pb = a[start : start + BLOCK], b[start : start + BLOCK]
        block = slice(start, start + len(pa))
        ta, tb = features.tags[pa], features.tags[pb]
        shared = ((ta[:, :, None] == tb[:, None, :]) & (ta[:, :, None] >= 0)).any(axis=2)
        parts["tags"][block] = (shared * features.tag_idf[ta]).sum(axis=1)
        parts["story"][block] = (features.story[pa] == features.story[pb]) & (features.story[pa] >= 0)
        parts["category"][block] = features.category[pa] == features.category[pb]
        wa, wb = features.terms[pa], features.terms[pb]
        match = (wa[:, :, None] == wb[:, None, :]) & (wa[:, :, None] >= 0)
        weights = features.term_weights[pa][:, :, None] * features.term_weights[pb][:, None, :]
        parts["text"][block] = (match * weights).sum(axis=(1, 2))
        days = np.abs(features.timestamp[pa] - features.timestamp[pb]) / 86400
        parts["time"][block] = np.exp2(-days / TIME_HALF_LIFE_DAYS)
    return parts


def total(parts: dict[str, np.ndarray]) -> np.ndarray:
    return (
        TAG_WEIGHT * parts["tags"]
        + STORY_WEIGHT * parts["story"]
        + CATEGORY_WEIGHT * parts["category"]
        + TEXT_WEIGHT * parts["text"]
        + TIME_WEIGHT * parts["time"]
    )


def rank(items: list[Item], limit: int) -> dict[str, list[Choice]]:
    """Up to `limit` related briefs for every item: its pins first, then the best-scored others."""
    if not items:
        return {}
    items = sorted(items, key=lambda i: (i.timestamp, i.slug))
    features = _Features(items)
    a, b = candidate_pairs(features)
    keep = a != b
    a, b = a[keep], b[keep]
    parts = score_pairs(features, a, b)
    score = total(parts)
    order = np.lexsort((features.slug_rank[b], -features.timestamp[b], -score, a))
    a, b = a[order], b[order]
    group_start = np.searchsorted(a, a, side="left")
    most_pins = max(len(i.pins) for i in items)
    best = np.nonzero(np.arange(len(a)) - group_start < limit + most_pins)[0]

    by_slug = {item.slug: n for n, item in enumerate(items)}
    ranked: dict[int, list[int]] = {}
    for row in best:
        ranked.setdefault(int(a[row]), []).append(int(row))
    result = {}
    for n, item in enumerate(items):
        choices = [Choice(slug, "pinned by the editor", pinned=True) for slug in item.pins if slug in by_slug]
        wanted = max(limit, len(choices))
        for row in ranked.get(n, []):
            other = int(b[row])
            if len(choices) >= wanted:
                break
            if items[other].slug in item.pins:
                continue
            pair = order[row]
            choices.append(Choice(items[other].slug, _reason(features, n, other, parts["text"][pair])))
        result[item.slug] = choices
    return result


def _reason(features: _Features, a: int, b: int, text_score: float) -> str:
    """Why b is shown beside a, in the words a reader would use; the strongest signals first."""
    reasons = []
    story = features.items[a].story
    if story is not None and story == features.items[b].story:
        reasons.append(f"same story: {story}")
    shared_tags = set(features.tags[a]) & set(features.tags[b]) - {-1}
    if shared_tags:
        rarest = sorted(shared_tags, key=lambda t: (-features.tag_idf[t], features.tag_names[t]))
        reasons.append("shares: " + ", ".join(features.tag_names[t] for t in rarest[:3]))
    if text_score >= MENTION_TEXT_SCORE:
        weight_a = dict(zip(features.terms[a], features.term_weights[a], strict=True))
        weight_b = dict(zip(features.terms[b], features.term_weights[b], strict=True))
        common = sorted(set(weight_a) & set(weight_b) - {-1}, key=lambda t: -weight_a[t] * weight_b[t])
        reasons.append("similar wording: " + ", ".join(features.term_names[t] for t in common[:3]))
    if not reasons:
        same_category = features.items[a].category == features.items[b].category
        reasons.append(f"same category: {features.items[a].category}" if same_category else "close in time")
    return "; ".join(reasons)


@dataclass(frozen=True)
class RelatedUpdate:
    """A related brief as templates show it: the article, and why it was chosen."""

    article: object
    reason: str
    pinned: bool


def attach_related(generator) -> None:
    """Give every published brief its `related_updates`."""
    articles = [a for a in generator.articles if hasattr(a, "brief")]
    by_slug = {a.slug: a for a in articles}
    items = [
        Item(
            slug=a.slug,
            timestamp=a.date.timestamp(),
            category=a.category.name,
            tags=tuple(t.name for t in getattr(a, "tags", [])),
            story=a.brief.data.story,
            terms=a.brief_terms,
            pins=tuple(a.brief.data.related),
        )
        for a in articles
    ]
    for slug, choices in rank(items, generator.settings["BRIEFS_RELATED_MAX"]).items():
        by_slug[slug].related_updates = [RelatedUpdate(by_slug[c.slug], c.reason, c.pinned) for c in choices]


def register() -> None:
    # `article_generator_finalized`: every published brief is known, and no page is written yet.
    signals.article_generator_finalized.connect(attach_related)
