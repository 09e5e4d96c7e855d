"""A validated Brief rendered for templates: every text field as safe HTML, citations linked.

Fields are rendered in the order the page shows them, so citation anchors (`cite-N-K`) count up
down the page and each source's backlinks are listed in reading order.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from markupsafe import Markup

from .citations import Citation, CitationLedger
from .markup import BriefMarkdown
from .schema import Brief, Original
from .words import date_words

WORDS_PER_MINUTE = 220
BODY_FIELD = "body"


@dataclass(frozen=True)
class SourceView:
    number: int
    title: str
    url: str
    publisher: str
    cited_at: tuple[Citation, ...]

    @property
    def anchor(self) -> str:
        return f"source-{self.number}"


@dataclass(frozen=True)
class DeepDiveView:
    title: str | None
    text: Markup


@dataclass(frozen=True)
class TimelineView:
    iso: str
    label: str
    event: Markup
    event_card: Markup  # without citation markers, for pages that do not list the sources


@dataclass(frozen=True)
class RenderedBrief:
    """What templates get as `article.brief`; `data` keeps the validated front matter."""

    data: Brief
    hook: Markup
    hook_card: Markup
    hook_text: str
    what_changed: Markup
    what_changed_card: Markup
    why_it_matters: Markup
    what_to_do_next: Markup
    takeaways: tuple[Markup, ...]
    deep_dive: tuple[DeepDiveView, ...]
    implications: Markup | None
    timeline: tuple[TimelineView, ...]
    sources: tuple[SourceView, ...]
    body: Markup
    reading_minutes: int

    @property
    def original(self) -> Original | None:
        return self.data.original

    @property
    def ai_assisted(self) -> bool:
        return self.data.disclosure == "ai-assisted"


@dataclass(frozen=True)
class RenderResult:
    brief: RenderedBrief
    unknown_citations: list[tuple[str, int]]
    uncited_sources: list[int]


def render(brief: Brief, body: str, markdown: BriefMarkdown) -> RenderResult:
    """Render every field of `brief` and its Markdown `body`, collecting citation problems."""
    ledger = CitationLedger(len(brief.sources))

    def inline(text: str, path: str, label: str) -> Markup:
        return markdown.inline(text, ledger.field(path, label))

    def card(text: str) -> Markup:
        return markdown.inline(text)  # no sources listed beside it: markers are left out

    tldr = brief.tldr
    hook = inline(brief.hook, "hook", "Hook")
    what_changed = inline(tldr.what_changed, "tldr.what_changed", "TL;DR")
    why_it_matters = inline(tldr.why_it_matters, "tldr.why_it_matters", "TL;DR")
    what_to_do_next = inline(tldr.what_to_do_next, "tldr.what_to_do_next", "TL;DR")
    takeaways = tuple(
        inline(text, f"takeaways.{i}", f"Takeaway {i + 1}") for i, text in enumerate(brief.takeaways)
    )
    deep_dive = tuple(
        DeepDiveView(item.title, inline(item.text, f"deep_dive.{i}.text", f"Deep dive {i + 1}"))
        for i, item in enumerate(brief.deep_dive)
    )
    implications = None
    if brief.implications:
        implications = markdown.block(brief.implications, ledger.field("implications", "Implications"))
    timeline = tuple(
        TimelineView(
            entry.date, date_words(entry.date), inline(entry.event, path, "Timeline"), card(entry.event)
        )
        for path, entry in _timeline_paths(brief)
    )
    body_html = markdown.block(body, ledger.field(BODY_FIELD, "Deep insight")) if body.strip() else Markup("")

    sources = tuple(
        SourceView(n, s.title, s.url, s.publisher_name, tuple(ledger.uses.get(n, ())))
        for n, s in enumerate(brief.sources, start=1)
    )
    hook_card = card(brief.hook)
    rendered = RenderedBrief(
        data=brief,
        hook=hook,
        hook_card=hook_card,
        hook_text=hook_card.striptags(),
        what_changed=what_changed,
        what_changed_card=card(tldr.what_changed),
        why_it_matters=why_it_matters,
        what_to_do_next=what_to_do_next,
        takeaways=takeaways,
        deep_dive=deep_dive,
        implications=implications,
        timeline=timeline,
        sources=sources,
        body=body_html,
        reading_minutes=reading_minutes(brief, body),
    )
    return RenderResult(rendered, list(ledger.unknown), ledger.uncited())


def _timeline_paths(brief: Brief):
    """Timeline entries oldest first, each with its field path in the file as written."""
    indexed = sorted(enumerate(brief.timeline), key=lambda pair: pair[1].date)
    return [(f"timeline.{i}.event", entry) for i, entry in indexed]


def reading_minutes(brief: Brief, body: str) -> int:
    """Minutes to read every text on the card and the body, rounded up."""
    texts = [
        brief.hook,
        brief.tldr.what_changed,
        brief.tldr.why_it_matters,
        brief.tldr.what_to_do_next,
        *brief.takeaways,
        *(f"{item.title or ''} {item.text}" for item in brief.deep_dive),
        brief.implications or "",
        *(entry.event for entry in brief.timeline),
        body,
    ]
    words = sum(len(re.findall(r"\w+", text)) for text in texts)
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def feed_summary(brief) -> Markup:
    """The hook and what changed, as HTML without citation markers (they point into the page):
    Pelican's summary of the brief, and the feeds' short summary beside the whole card."""
    return Markup("<p>{}</p><p><strong>What changed:</strong> {}</p>").format(
        brief.hook_card, brief.what_changed_card
    )
