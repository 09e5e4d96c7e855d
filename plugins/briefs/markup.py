"""Markdown for untrusted brief text: raw HTML escaped, only safe links, citations linked.

Raw HTML in a brief is *escaped*, not sanitised: Python-Markdown's raw-HTML processors are removed,
so `<script>` shows as the literal text an editor typed. Every tag in the output therefore comes from
Markdown syntax, and a tree processor then keeps only http(s), same-site and `#fragment` links.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .citations import CITATION_RE, CitationExtension, CitationLedger, citation_element

# What would make Markdown do anything to inline text but escape it; citation markers aside. Text
# with none of these (nor '&', '<', '>', which need escaping) takes the fast path of `inline`.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_<>&\[\]\n\x02\x03]|://")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Text headings sit under the page's h1 title and h2 section headings: '#' and '##' become h3.
TOP_TEXT_HEADING = 3


def is_plain(text: str) -> bool:
    """True if Markdown would do nothing to `text` but link its citation markers."""
    return not _MARKDOWN_SYNTAX.search(CITATION_RE.sub("", text))


def safe_href(url: str) -> str | None:
    """`url` if a reader may follow it: absolute http(s), a fragment, or a path on this site."""
    squeezed = _INVISIBLE.sub("", url)  # browsers ignore these inside schemes ("java\tscript:")
    scheme = _SCHEME.match(squeezed)
    if scheme:
        allowed = scheme.group(1).lower() in ("http", "https") and urlsplit(squeezed).netloc
        return url.strip() if allowed else None
    if squeezed.startswith("//") or squeezed.startswith("\\"):
        return None  # scheme-relative: another host, with no scheme to check
    return url.strip()


def is_external(url: str) -> bool:
    return bool(_SCHEME.match(url))


class _SafeTree(Treeprocessor):
    """Unwraps unsafe links, marks external ones, demotes headings, turns remote images into links."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "a":
                self._link(element)
            elif element.tag == "img":
                self._image(element)
            elif re.fullmatch(r"h[1-6]", element.tag):
                level = max(int(element.tag[1]) + 1, TOP_TEXT_HEADING)
                element.tag = f"h{min(level, 6)}"

    @staticmethod
    def _link(element: etree.Element) -> None:
        href = safe_href(element.get("href", ""))
        if href is None:
            element.tag = "span"
            element.attrib.clear()
            return
        element.set("href", href)
        if is_external(href):
            element.set("rel", "noopener")

    @staticmethod
    def _image(element: etree.Element) -> None:
        """Pages load nothing from other hosts, so a remote image becomes a link to it."""
        src = safe_href(element.get("src", ""))
        alt = element.get("alt") or "image"
        if src is not None and not is_external(src):
            element.set("src", src)
            return
        element.attrib.clear()
        element.text = f"Image: {alt}"
        if src is None:
            element.tag = "span"
        else:
            element.tag = "a"
            element.attrib.update(href=src, rel="noopener")


class _BriefSafety(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After 'inline' (20), which builds the links, and before 'prettify' (10).
        md.treeprocessors.register(_SafeTree(md), "brief_safety", 15)


class BriefMarkdown:
    """Renders the text of briefs; one instance per process, reused because setting up is slow."""

    def __init__(self):
        self._citations = CitationExtension()
        self._md = markdown.Markdown(
            extensions=[_BriefSafety(), self._citations, "fenced_code", "tables", "sane_lists"],
            output_format="html",
        )

    def block(self, text: str, ledger: CitationLedger | None = None) -> Markup:
        """Markdown paragraphs, lists and so on."""
        self._citations.ledger = ledger
        self._md.reset()
        return Markup(self._md.convert(text))

    def inline(self, text: str, ledger: CitationLedger | None = None) -> Markup:
        """Markdown spans only: a leading '#' or '-' stays text, so one line never becomes a heading."""
        if is_plain(text):
            return self._plain_inline(text, ledger)
        return self._markdown_inline(text, ledger)

    def _markdown_inline(self, text: str, ledger: CitationLedger | None) -> Markup:
        self._citations.ledger = ledger
        md = self._md
        md.reset()
        root = etree.Element("div")
        paragraph = etree.SubElement(root, "p")
        paragraph.text = text.replace("\x02", "").replace("\x03", "")
        for processor in md.treeprocessors:
            root = processor.run(root) or root
        html = md.serializer(root[0]).strip()
        for processor in md.postprocessors:
            html = processor.run(html)
        return Markup(html.removeprefix("<p>").removesuffix("</p>"))

    def _plain_inline(self, text: str, ledger: CitationLedger | None) -> Markup:
        """The same HTML as `inline` for text whose only syntax is citation markers, without the
        Markdown pipeline, which is most of the time a build spends on briefs."""
        pieces, end = [], 0
        for match in CITATION_RE.finditer(text):
            element = citation_element(match, ledger)
            pieces.append(text[end : match.start()])
            pieces.append(self._md.serializer(element) if isinstance(element, etree.Element) else element)
            end = match.end()
        pieces.append(text[end:])
        return Markup("".join(pieces))

    def plain(self, text: str) -> str:
        """Text without markup or citation markers, for titles, meta tags and feeds."""
        return self.inline(text, CitationLedger(0, linking=False)).striptags()
