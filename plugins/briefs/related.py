"""Related updates: for each brief, the briefs a reader should see next, and why they were chosen.

The score of a pair of briefs a, b adds up:

    TAG_WEIGHT      x  the cosine of their tags, each weighted by its rarity (inverse document
                       frequency), so a rare shared tag counts for more than a common one
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

import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from pelican import signals

TAG_WEIGHT = 2.0
STORY_WEIGHT = 3.0
CATEGORY_WEIGHT = 0.5
TEXT_WEIGHT = 6.0
TIME_WEIGHT = 0.5
TIME_HALF_LIFE_DAYS = 30.0
TERMS_PER_BRIEF = 8
FULL_TERMS = 32
# Each brief's best candidates by the quick score get the full text cosine...
SHORTLIST = 12
# ...and the best of those are checked against each other.
CONSENSUS_SIZE = 6
CONSENSUS_WEIGHT = 1.0
WINDOW = 4
# Text similarity is named as a reason from this cosine on (0 to 1).
MENTION_TEXT_SCORE = 0.15

_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_WORD_AS_WRITTEN = re.compile(_WORD.pattern, re.IGNORECASE)
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


def ranked_text(brief) -> str:
    """The words of a brief (schema.Brief) that text similarity compares: title, hook, takeaways."""
    return " ".join([brief.title, brief.hook, *brief.takeaways])


def terms(text: str) -> dict[str, int]:
    """Word counts for text similarity; made once per brief when it is read."""
    return Counter(stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 2)


def spellings(text: str) -> dict[str, str]:
    """Each term of `text` (a stem, see `terms()`) as the word it is most often written as there,
    so that a reason names words a reader knows ("duties"), never stems ("dutie")."""
    counts = Counter(w for w in _WORD_AS_WRITTEN.findall(text) if w.lower() not in STOPWORDS and len(w) > 2)
    totals = Counter()
    for word, count in counts.items():
        totals[word.lower()] += count
    words: dict[str, str] = {}
    # The most frequent word of each stem, in its most frequent case; lower case wins a tie, so a
    # word that starts a sentence is not shown capitalised.
    for word in sorted(counts, key=lambda w: (-totals[w.lower()], -counts[w], not w.islower(), w)):
        words.setdefault(stem(word.lower()), word)
    return words


def stem(word: str) -> str:
    """A light English stemmer, enough that 'licences' meets 'licence' and 'models' 'model'."""
    for suffix, replacement in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ed", ""),
        ("es", "e"),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith(("ss", "us", "is")):
            return word[: -len(suffix)] + replacement
    return word


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
        self.tag_norm = np.sqrt((self.tag_idf[self.tags] ** 2).sum(axis=1))
        self.tag_norm[self.tag_norm == 0] = 1.0

        self._strongest_terms([i.terms for i in items])

    def _strongest_terms(self, counts: list[dict[str, int]]) -> None:
        """TF-IDF weights of each item's terms: its FULL_TERMS strongest (L2-normalised) for the
        cosine, and of those the TERMS_PER_BRIEF strongest as features to find candidates by."""
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
        keep = rank_in_doc < FULL_TERMS
        docs_a, terms_a, weight, column = docs_a[keep], terms_a[keep], weight[keep], rank_in_doc[keep]
        norms = np.sqrt(np.bincount(docs_a, weights=weight * weight, minlength=total_docs))
        norms[norms == 0] = 1.0
        weight = weight / norms[docs_a]
        strong = column < TERMS_PER_BRIEF
        self.terms = np.full((total_docs, TERMS_PER_BRIEF), -1, dtype=np.int64)
        self.term_weights = np.zeros((total_docs, TERMS_PER_BRIEF))
        self.terms[docs_a[strong], column[strong]] = terms_a[strong]
        self.term_weights[docs_a[strong], column[strong]] = weight[strong]
        by_term = np.lexsort((terms_a, docs_a))  # each item's terms in id order, for merging
        self.full_terms, self.full_weights = terms_a[by_term], weight[by_term]
        self.full_start = np.concatenate(([0], np.cumsum(np.bincount(docs_a, minlength=total_docs))))
        self.term_names = list(term_ids)

    def text_cosine(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The TF-IDF cosine of every pair (a[i], b[i]) over their FULL_TERMS strongest terms."""
        index_a, owner_a = _ragged(self.full_start, a)
        index_b, owner_b = _ragged(self.full_start, b)
        vocabulary = max(len(self.term_names), 1)
        keys_a = owner_a * vocabulary + self.full_terms[index_a]  # sorted: by pair, then term
        keys_b = owner_b * vocabulary + self.full_terms[index_b]
        if not len(keys_b):
            return np.zeros(len(a))
        found = np.minimum(np.searchsorted(keys_b, keys_a), len(keys_b) - 1)
        hit = keys_b[found] == keys_a
        products = self.full_weights[index_a[hit]] * self.full_weights[index_b[found[hit]]]
        return np.bincount(owner_a[hit], weights=products, minlength=len(a))

    def memberships(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(item, feature, weight) for every tag, story and strong term of every item. Two items
        that share a feature add the product of their weights to their quick score."""
        tag_count, term_count = len(self.tag_names), len(self.term_names)
        tag_weights = math.sqrt(TAG_WEIGHT) * self.tag_idf[self.tags] / self.tag_norm[:, None]
        parts = [
            (self.tags, 0, tag_weights),
            (self.story[:, None], tag_count, np.full((len(self.items), 1), math.sqrt(STORY_WEIGHT))),
            (self.terms, tag_count + term_count, math.sqrt(TEXT_WEIGHT) * self.term_weights),
        ]
        items, features, weights = [], [], []
        for codes, offset, weight in parts:
            rows, cols = np.nonzero(codes >= 0)
            items.append(rows)
            features.append(codes[rows, cols] + offset)
            weights.append(weight[rows, cols])
        return np.concatenate(items), np.concatenate(features), np.concatenate(weights)


def _codes(values: list, missing: object = object()) -> np.ndarray:
    ids: dict = {}
    return np.array([-1 if v == missing else ids.setdefault(v, len(ids)) for v in values], dtype=np.int64)


def _padded(rows: list[list], fill=-1, dtype=np.int64) -> np.ndarray:
    width = max((len(r) for r in rows), default=0) or 1
    out = np.full((len(rows), width), fill, dtype=dtype)
    for index, row in enumerate(rows):
        out[index, : len(row)] = row
    return out


def _ragged(start: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of every entry of `rows` in a ragged array given by `start`, and whose they are."""
    lengths = start[rows + 1] - start[rows]
    owner = np.repeat(np.arange(len(rows)), lengths)
    within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return start[rows][owner] + within, owner


def candidate_pairs(features: _Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (a, b) of items near each other in time within a shared feature, sorted, with a quick
    score: what they share within those windows, their category and their distance in time."""
    item, feature, weight = features.memberships()
    order = np.lexsort((item, feature))
    item, feature, weight = item[order], feature[order], weight[order]
    starts = np.searchsorted(feature, feature, side="left")
    ends = np.searchsorted(feature, feature, side="right")
    position = np.arange(len(item))
    firsts, seconds, shared = [], [], []
    for offset in [*range(-WINDOW, 0), *range(1, WINDOW + 1)]:
        other = position + offset
        valid = (other >= starts) & (other < ends)
        firsts.append(item[valid])
        seconds.append(item[other[valid]])
        shared.append(weight[valid] * weight[other[valid]])
    count = len(features.items)
    keys = np.concatenate(firsts) * count + np.concatenate(seconds)
    if not keys.size:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    order = np.argsort(keys, kind="stable")
    keys, shared_sorted = keys[order], np.concatenate(shared)[order]
    first = np.concatenate(([True], keys[1:] != keys[:-1]))
    quick = np.add.reduceat(shared_sorted, np.nonzero(first)[0])
    keys = keys[first]
    a, b = keys // count, keys % count
    same_category = features.category[a] == features.category[b]
    return a, b, quick + CATEGORY_WEIGHT * same_category + TIME_WEIGHT * _closeness(features, a, b)


def _closeness(features: _Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    days = np.abs(features.timestamp[a] - features.timestamp[b]) / 86400
    return np.exp2(-days / TIME_HALF_LIFE_DAYS)


def score_pairs(features: _Features, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    """Each part of the exact score of every pair (a[i], b[i])."""
    ta, tb = features.tags[a], features.tags[b]
    shared = ((ta[:, :, None] == tb[:, None, :]) & (ta[:, :, None] >= 0)).any(axis=2)
    idf_a = features.tag_idf[ta]
    return {
        "tags": (shared * idf_a * idf_a).sum(axis=1) / (features.tag_norm[a] * features.tag_norm[b]),
        "story": (features.story[a] == features.story[b]) & (features.story[a] >= 0),
        "category": features.category[a] == features.category[b],
        "text": features.text_cosine(a, b),
        "time": _closeness(features, a, b),
    }


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
    count = len(items)
    # 1. Candidates, with a quick score of what they share near each other in time.
    a, b, quick = candidate_pairs(features)
    keep = a != b
    a, b, quick = a[keep], b[keep], quick[keep]
    candidate_keys = a * count + b  # sorted, for looking quick scores up
    # 2. A shortlist per item, scored exactly.
    short = _best_per_item(features, a, b, quick, SHORTLIST, ties=False)
    sa, sb = a[short], b[short]
    parts = score_pairs(features, sa, sb)
    exact = total(parts)
    # 3. The best of those, each raised by how close it is to the item's other best: a brief's
    #    true neighbours agree with each other, a lucky match on one signal does not.
    most_pins = max(len(i.pins) for i in items)
    top = _best_per_item(features, sa, sb, exact, max(CONSENSUS_SIZE, limit + most_pins))
    ta, tb, exact, text = sa[top], sb[top], exact[top], parts["text"][top]
    final = exact + CONSENSUS_WEIGHT * _consensus(ta, tb, count, candidate_keys, quick)
    order = _best_per_item(features, ta, tb, final, limit + most_pins)

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


def _best_per_item(
    features: _Features, a: np.ndarray, b: np.ndarray, score: np.ndarray, size: int, ties: bool = True
) -> np.ndarray:
    """Indices of each item's `size` best pairs, best first: by score, then newer, then by slug
    (`ties=False` skips the tie-breaks, for a shortlist that is ordered again later)."""
    keys = (features.slug_rank[b], -features.timestamp[b], -score, a) if ties else (-score, a)
    order = np.lexsort(keys)
    grouped = a[order]
    place = np.arange(len(order)) - np.searchsorted(grouped, grouped, side="left")
    return order[place < size]


def _consensus(a: np.ndarray, b: np.ndarray, count: int, keys: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """For each pair, the mean quick score between b and the other briefs shortlisted beside it."""
    rows = np.searchsorted(a, a, side="left")
    place = np.arange(len(a)) - rows
    width = int(place.max()) + 1 if len(a) else 1
    neighbours = np.full((count, width), -1, dtype=np.int64)
    neighbours[a, place] = b
    c, d = neighbours[:, :, None], neighbours[:, None, :]
    valid = (c >= 0) & (d >= 0) & (c != d)
    wanted = c * count + d
    found = np.minimum(np.searchsorted(keys, wanted), max(len(keys) - 1, 0))
    hit = valid & (keys[found] == wanted) if len(keys) else valid & False
    between = np.where(hit, scores[found] if len(keys) else 0.0, 0.0)
    mean = between.sum(axis=1) / np.maximum(valid.sum(axis=1), 1)  # per (item, neighbour d)
    return mean[a, place]


class _Reasons:
    """Why b is shown beside a, in the words a reader would use; the strongest signals first."""

    def __init__(self, features: _Features):
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
        if text_score >= MENTION_TEXT_SCORE and common:
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
    """A related brief as templates show it: the article, and why it was chosen."""

    article: object
    why: Reason
    pinned: bool

    @property
    def reason(self) -> str:
        """The reason in words; a shared story by its name, known once stories are made."""
        story_part = getattr(self.article, "story_part", None)
        return self.why.text(story_part.story.title if story_part else None)


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
            text=ranked_text(a.brief.data),
        )
        for a in articles
    ]
    for slug, choices in rank(items, generator.settings["BRIEFS_RELATED_MAX"]).items():
        by_slug[slug].related_updates = [RelatedUpdate(by_slug[c.slug], c.reason, c.pinned) for c in choices]


def register() -> None:
    # `article_generator_finalized`: every published brief is known, and no page is written yet.
    signals.article_generator_finalized.connect(attach_related)
