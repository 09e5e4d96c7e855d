"""The arithmetic of related updates: briefs as numpy arrays, candidate pairs, and their scores.

`related.rank` reads as the steps; this module does each step for every brief at once. The numbers
it weighs by are `Weights`, read from the BRIEFS_RELATED_* settings (documented in settings.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Weights:
    """What each signal adds to a pair's score, and the sizes of the search (BRIEFS_RELATED_*)."""

    tags: float  # x the IDF-weighted cosine of their tags
    story: float  # if they follow the same story
    category: float  # if they share a category
    text: float  # x the TF-IDF cosine of title, hook and takeaways
    time: float  # x 2 ** (-days apart / time_half_life_days)
    time_half_life_days: float
    consensus: float  # x how close a candidate is to the brief's other best candidates
    terms_per_brief: int  # a brief's strongest terms, by which candidates are found
    full_terms: int  # a brief's terms in the text cosine
    window: int  # neighbours in time on each side, within each shared tag, story and term
    shortlist: int  # candidates per brief scored exactly
    consensus_size: int  # of those, how many are checked against each other
    mention_text_score: float  # from this text cosine (0 to 1) on, shared words are named as a reason

    @classmethod
    def from_settings(cls, settings: dict) -> Weights:
        return cls(**{name: settings[f"BRIEFS_RELATED_{name.upper()}"] for name in cls.__dataclass_fields__})


class Features:
    """Integer-coded features of the items, in date order, as numpy arrays."""

    def __init__(self, items: list, weights: Weights):
        self.items = items
        self.weights = weights
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
        """TF-IDF weights of each item's terms: its `full_terms` strongest (L2-normalised) for the
        cosine, and of those the `terms_per_brief` strongest as features to find candidates by."""
        full, strongest = self.weights.full_terms, self.weights.terms_per_brief
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
        keep = rank_in_doc < full
        docs_a, terms_a, weight, column = docs_a[keep], terms_a[keep], weight[keep], rank_in_doc[keep]
        norms = np.sqrt(np.bincount(docs_a, weights=weight * weight, minlength=total_docs))
        norms[norms == 0] = 1.0
        weight = weight / norms[docs_a]
        strong = column < strongest
        self.terms = np.full((total_docs, strongest), -1, dtype=np.int64)
        self.term_weights = np.zeros((total_docs, strongest))
        self.terms[docs_a[strong], column[strong]] = terms_a[strong]
        self.term_weights[docs_a[strong], column[strong]] = weight[strong]
        by_term = np.lexsort((terms_a, docs_a))  # each item's terms in id order, for merging
        self.full_terms, self.full_weights = terms_a[by_term], weight[by_term]
        self.full_start = np.concatenate(([0], np.cumsum(np.bincount(docs_a, minlength=total_docs))))
        self.term_names = list(term_ids)

    def text_cosine(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The TF-IDF cosine of every pair (a[i], b[i]) over their `full_terms` strongest terms."""
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
        tag_count, term_count, w = len(self.tag_names), len(self.term_names), self.weights
        tag_weights = math.sqrt(w.tags) * self.tag_idf[self.tags] / self.tag_norm[:, None]
        parts = [
            (self.tags, 0, tag_weights),
            (self.story[:, None], tag_count, np.full((len(self.items), 1), math.sqrt(w.story))),
            (self.terms, tag_count + term_count, math.sqrt(w.text) * self.term_weights),
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


def candidate_pairs(features: Features) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (a, b) of items near each other in time within a shared feature, sorted, with a quick
    score: what they share within those windows, their category and their distance in time."""
    item, feature, weight = features.memberships()
    order = np.lexsort((item, feature))
    item, feature, weight = item[order], feature[order], weight[order]
    starts = np.searchsorted(feature, feature, side="left")
    ends = np.searchsorted(feature, feature, side="right")
    position = np.arange(len(item))
    firsts, seconds, shared = [], [], []
    window = features.weights.window
    for offset in [*range(-window, 0), *range(1, window + 1)]:
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
    w = features.weights
    return a, b, quick + w.category * same_category + w.time * _closeness(features, a, b)


def _closeness(features: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    days = np.abs(features.timestamp[a] - features.timestamp[b]) / 86400
    return np.exp2(-days / features.weights.time_half_life_days)


def score_pairs(features: Features, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
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


def total(parts: dict[str, np.ndarray], w: Weights) -> np.ndarray:
    return (
        w.tags * parts["tags"]
        + w.story * parts["story"]
        + w.category * parts["category"]
        + w.text * parts["text"]
        + w.time * parts["time"]
    )


def best_per_item(
    features: Features, a: np.ndarray, b: np.ndarray, score: np.ndarray, size: int, ties: bool = True
) -> np.ndarray:
    """Indices of each item's `size` best pairs, best first: by score, then newer, then by slug
    (`ties=False` skips the tie-breaks, for a shortlist that is ordered again later)."""
    keys = (features.slug_rank[b], -features.timestamp[b], -score, a) if ties else (-score, a)
    order = np.lexsort(keys)
    grouped = a[order]
    place = np.arange(len(order)) - np.searchsorted(grouped, grouped, side="left")
    return order[place < size]


def consensus(a: np.ndarray, b: np.ndarray, count: int, keys: np.ndarray, scores: np.ndarray) -> np.ndarray:
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
