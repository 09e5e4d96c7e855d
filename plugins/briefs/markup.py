"""Markdown for untrusted text: raw HTML escaped, only safe links and attributes, citations linked.

Raw HTML is *escaped*, not sanitised: Python-Markdown's raw-HTML processors are removed, so
`<script>` shows as the literal text an editor typed. Every tag in the output therefore comes from
Markdown syntax, and a tree processor then keeps only http(s), same-site and `#fragment` links and
the attributes Markdown itself makes. This one policy (`SafeMarkdown`) renders every piece of
Markdown on the site: briefs, recap intros and, through Pelican's MARKDOWN setting, pages.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.fenced_code import FencedBlockPreprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from markupsafe import Markup

from .citations import CITATION_RE, CitationExtension, FieldCitations, citation_element

# What would make Markdown do anything to inline text but escape it; citation markers aside. Text
# with none of these (nor '&', '<', '>', which need escaping) takes the fast path of `inline`.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_<>&\[\]\n\x02\x03]|://")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Ids and classes that Markdown or our extensions make; any other (from `{#id .class}` attributes)
# could repeat an id of the theme (`#main`, `#source-1`) or borrow its styles.
# (tag, id) and (tag, class) pairs that our citations and Pelican's footnotes make.
_OWN_ID = re.compile(r"^(a cite-\d+-\d+|li fn:[\w.-]+|sup fnref\d*:[\w.-]+)$")
_OWN_CLASSES = {("sup", "cite"), ("div", "footnote"), ("sup", "footnote-ref"), ("a", "footnote-backref")}
_OWN_CLASSES |= {("a", "footnote-ref")}
_ATTRIBUTES = {"href", "src", "alt", "title", "id", "class", "rel", "start", "align", "colspan", "rowspan"}
_ATTRIBUTES |= {"aria-label", "data-pagefind-ignore", "role", "rev"}
# Text headings sit under the page's h1 title and h2 section headings: '#' and '##' become h3.
TOP_TEXT_HEADING = 3


def is_plain(text: str) -> bool:
    """True if Markdown would do nothing to `text` but link its citation markers."""
    return not _MARKDOWN_SYNTAX.search(CITATION_RE.sub("", text))


def safe_href(url: str) -> str | None:
    """The address a browser would follow, if a reader may: absolute http(s), a fragment, or a path
    on this site; None for anything else."""
    decoded = _decoded(url)
    squeezed = _INVISIBLE.sub("", decoded)  # browsers ignore these inside schemes ("java\tscript:")
    scheme = _SCHEME.match(squeezed)
    if scheme:
        try:
            host = urlsplit(squeezed).netloc
        except ValueError:  # an unclosed IPv6 host, "http://[::1"
            return None
        allowed = scheme.group(1).lower() in ("http", "https") and host and "\\" not in squeezed
        return decoded.strip() if allowed else None
    if re.match(r"^[/\\]{2}", squeezed.replace("\\", "/")):
        return None  # scheme-relative ("//host", "/\\host"): another host, with no scheme to check
    return decoded.strip()


def _decoded(url: str) -> str:
    """`url` as the browser reads the attribute: Markdown's escaped '&' restored, character references
    decoded until none is left (so "jav&#x61;script:" is seen as "javascript:")."""
    text = url.replace(AMP_SUBSTITUTE, "&")
    while "&" in text:
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text


def is_external(url: str) -> bool:
    return bool(_SCHEME.match(url))


class _SafeTree(Treeprocessor):
    """Unwraps unsafe links, marks external ones, turns remote images into links, keeps only the
    attributes Markdown makes, and (in briefs) demotes headings below the page's own."""

    def __init__(self, md, demote_headings: bool):
        super().__init__(md)
        self.demote_headings = demote_headings

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            _own_attributes(element)
            if element.tag == "a":
                self._link(element)
            elif element.tag == "img":
                self._image(element)
            elif self.demote_headings and re.fullmatch(r"h[1-6]", element.tag):
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


def _own_attributes(element: etree.Element) -> None:
    """Drop attributes Markdown would not make (`{: onclick=...}` of attr_list), and foreign ids and
    classes."""
    for name in list(element.attrib):
        value = element.attrib[name]
        if name not in _ATTRIBUTES or (name == "id" and not _OWN_ID.match(f"{element.tag} {value}")):
            del element.attrib[name]
        elif name == "class":
            kept = [c for c in value.split() if (element.tag, c) in _OWN_CLASSES]
            if kept:
                element.set("class", " ".join(kept))
            else:
                del element.attrib[name]


class _FencedCode(FencedBlockPreprocessor):
    """Fenced code whose `{#id .class key=value}` keeps only the language: an id or class of the
    editor's could repeat one of the page's or take on the theme's styles."""

    def handle_attrs(self, attrs):
        _, classes, configs = super().handle_attrs(attrs)
        return "", classes[:1], {k: v for k, v in configs.items() if k in ("hl_lines", "linenums")}


class SafeMarkdown(Extension):
    """The site's one policy for untrusted Markdown: raw HTML escaped, only safe links and
    attributes. Load it last, so that it sees what every other extension made."""

    def __init__(self, demote_headings: bool = False, **kwargs):
        self.demote_headings = demote_headings
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        if "html_block" in md.preprocessors:
            md.preprocessors.deregister("html_block")
        for name in ("html", "automail"):  # automail: `<a@b.example>` would make a mailto: link
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        if "fenced_code_block" in md.preprocessors:
            fenced = md.preprocessors["fenced_code_block"]
            md.preprocessors.register(_FencedCode(md, fenced.config), "fenced_code_block", 25)
        # After 'inline' (20), which builds the links, and 'attr_list' (8), which sets attributes.
        md.treeprocessors.register(_SafeTree(md, self.demote_headings), "brief_safety", 5)


class BriefMarkdown:
    """Renders the text of briefs; one instance per process, reused because setting up is slow."""

    def __init__(self):
        self._citations = CitationExtension()
        self._md = markdown.Markdown(
            extensions=[
                self._citations,
                "fenced_code",
                "tables",
                "sane_lists",
                SafeMarkdown(demote_headings=True),
            ],
            output_format="html",
        )

    def block(self, text: str, citations: FieldCitations | None = None) -> Markup:
        """Markdown paragraphs, lists and so on; citation markers linked and recorded by `citations`,
        or left out without them."""
        self._citations.citations = citations
        self._md.reset()
        return Markup(self._md.convert(text))

    def inline(self, text: str, citations: FieldCitations | None = None) -> Markup:
        """Markdown spans only: a leading '#' or '-' stays text, so one line never becomes a heading."""
        if is_plain(text):
            return self._plain_inline(text, citations)
        return self._markdown_inline(text, citations)

    def _markdown_inline(self, text: str, citations: FieldCitations | None) -> Markup:
        self._citations.citations = citations
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

    def _plain_inline(self, text: str, citations: FieldCitations | None) -> Markup:
        """The same HTML as `inline` for text whose only syntax is citation markers, without the
        Markdown pipeline, which is most of the time a build spends on briefs."""
        pieces, end = [], 0
        for match in CITATION_RE.finditer(text):
            element = citation_element(match, citations)
            pieces.append(text[end : match.start()])
            pieces.append(self._md.serializer(element) if isinstance(element, etree.Element) else element)
            end = match.end()
        pieces.append(text[end:])
        return Markup("".join(pieces))

    def plain(self, text: str) -> str:
        """Text without markup or citation markers, for titles, meta tags and feeds."""
        return self.inline(text).striptags()
