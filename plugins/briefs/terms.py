"""The words a brief is compared by for related updates: counted once, when the brief is read.

Title, hook and takeaways are split into words, stop words dropped, and each word reduced by a light
English stemmer, so that 'licences' meets 'licence'. A reason shown to readers names the shared
words as the brief writes them (`spellings`), never as stems.
"""

from __future__ import annotations

import re
from collections import Counter

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
