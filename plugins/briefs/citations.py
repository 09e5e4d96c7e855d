"""Citation markers: `[3]`, `[1, 4]` and `[1][4]` link to numbered sources, and sources link back.

Markers are matched as a Markdown inline pattern, so code spans and escapes (`\\[1]`) keep their
meaning, and they are tried before reference links but never right after a `]`: `[text][1]` stays a
Markdown reference link. A ledger records every marker in page order, which gives each one a unique
anchor for the source list's backlinks and tells validation which numbers have no source.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import defaultdict
from dataclasses import dataclass, field

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

# At most nine digits: no brief has that many sources, and Python refuses to read a number of
# thousands of digits. `(?<!\s)` starts a match at the first space of a run, never inside it: tried
# at every space of a long run, `\s*` would take time quadratic in the run's length.
_GROUP = r"\[\d{1,9}(?:\s*,\s*\d{1,9})*\]"
CITATION_PATTERN = rf"(?<!\s)(\s*)(?<![\]\\])({_GROUP}(?:{_GROUP})*)(?![\[(:])"
CITATION_RE = re.compile(CITATION_PATTERN)
# Above 'reference' (170) so a bare [1] is a citation; below 'backtick' and 'escape'.
PRIORITY = 175


@dataclass(frozen=True)
class Citation:
    """One marker on the page: where it is (anchor) and what the reader would call that place."""

    anchor: str
    label: str


@dataclass
class CitationLedger:
    """The citations of one brief, collected while its fields are rendered in page order."""

    source_count: int
    uses: dict[int, list[Citation]] = field(default_factory=lambda: defaultdict(list))
    unknown: list[tuple[str, int]] = field(default_factory=list)

    def field(self, path: str, label: str) -> FieldCitations:
        """What renders the field at `path` (shown to readers as `label`) cites its markers with."""
        return FieldCitations(self, path, label)

    def uncited(self) -> list[int]:
        return [n for n in range(1, self.source_count + 1) if not self.uses.get(n)]


@dataclass(frozen=True)
class FieldCitations:
    """The markers of one field of a brief, recorded in its brief's ledger."""

    ledger: CitationLedger
    path: str  # the field in the file, for problems: "takeaways.2"
    label: str  # the place as readers call it, for backlinks: "Takeaway 3"

    def cite(self, number: int) -> str | None:
        """The anchor for a new marker of `number`, or None when there is no such source."""
        ledger = self.ledger
        if not 1 <= number <= ledger.source_count:
            ledger.unknown.append((self.path, number))
            return None
        anchor = f"cite-{number}-{len(ledger.uses[number]) + 1}"
        ledger.uses[number].append(Citation(anchor, self.label))
        return anchor


class _CitationProcessor(InlineProcessor):
    def __init__(self, extension: CitationExtension):
        super().__init__(CITATION_PATTERN)
        self.extension = extension

    def handleMatch(self, m, data):
        return citation_element(m, self.extension.citations), m.start(0), m.end(0)


def citation_element(m: re.Match, citations: FieldCitations | None) -> etree.Element | str:
    """The markup for a matched marker: linked numbers recorded by `citations`, or "" to drop it."""
    numbers = [int(n) for n in re.findall(r"\d+", m.group(2))]
    if citations is None:
        # Card and plain-text renderings drop markers, with the space before them.
        return ""
    # Markers are kept out of the search index, whose excerpts would show them as noise.
    sup = etree.Element("sup", {"class": "cite", "data-pagefind-ignore": ""})
    # The space before a marker becomes a no-break space, so "[2]" never starts a line alone.
    sup.text = "\u00a0[" if m.group(1) else "["
    last: etree.Element | None = None
    for position, number in enumerate(numbers):
        text = ("" if position == 0 else ", ") + str(number)
        anchor = citations.cite(number)
        if anchor is None:
            _append_text(sup, last, text)
            continue
        _append_text(sup, last, text[: -len(str(number))])
        last = etree.SubElement(
            sup, "a", {"href": f"#source-{number}", "id": anchor, "aria-label": f"Source {number}"}
        )
        last.text = str(number)
    _append_text(sup, last, "]")
    return sup


def _append_text(parent: etree.Element, last: etree.Element | None, text: str) -> None:
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


class CitationExtension(Extension):
    """Registers the marker pattern; `citations` are the field's being converted (Python-Markdown
    hands an extension no per-call arguments, so BriefMarkdown sets them for each conversion)."""

    def __init__(self, **kwargs):
        self.citations: FieldCitations | None = None
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.inlinePatterns.register(_CitationProcessor(self), "citation", PRIORITY)
