"""Fingerprints of pages: a hash of everything a page's template can show, to tell unchanged pages.

A page's fingerprint covers the site (settings, every theme template, this plugin's code and the
versions of the packages that render), the page's file name, and each variable its template names,
with the templates it extends, includes and imports: from the page's own arguments, else from the
global context. A brief enters by the hash of its source file plus what plugins attached to it
(related updates, recap, story part), walked a few attribute steps deep; other briefs reached from
there enter by their source alone. Rules follow for theme authors, and the byte-for-byte test of
incremental builds holds them: a template reaches at most `DEPTH` attribute steps from a variable;
a list two or more steps away counts by its length (`part.story.articles|length`); and on a
numbered page the lists being paginated, and their paginator, count by their length, while the
page's own slice counts in full (list `articles_page.object_list`), and the pages before and
after by their address; links by file name (`{filename}`) are followed in the text of the page's
own brief or page, not in the text of briefs it lists.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib.metadata
import re
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

from jinja2 import meta
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

# Attribute steps a template may take from a page variable and still be seen: article.recap.week.
DEPTH = 3
# Attributes of a brief that its source file already decides (besides its metadata), or that every
# page shares.
SOURCE_DERIVED = frozenset({"_context", "settings", "_content", "metadata", "json_ld", "_summary"})
RENDERING_PACKAGES = ("pelican", "jinja2", "markupsafe", "markdown", "pygments", "pydantic")
PRIMITIVES = (str, bytes, int, float, bool, type(None), date, time, timedelta, Decimal)
# Collections this many attribute steps from a page variable count by their length.
COUNTED_FROM = 2
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
_PLUGIN = Path(__file__).resolve().parent


def _hash(*parts: bytes) -> bytes:
    # Parts are 16-byte digests or reprs, and a repr never holds a NUL byte.
    return hashlib.blake2b(b"\0".join(parts), digest_size=16).digest()


def stable_repr(value) -> str:
    """A repr that is the same in every run: functions by name, and no memory addresses."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {stable_repr(v)}" for k, v in sorted(value.items(), key=repr)) + "}"
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
        return f"{type(value).__name__}(" + ", ".join(stable_repr(v) for v in items) + ")"
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return _ADDRESS.sub("", repr(value))


def site_digest(settings: dict) -> bytes:
    """What every page and feed depends on: settings, this plugin and the packages that render."""
    parts = [stable_repr(settings).encode()]
    for module in sorted(_PLUGIN.glob("*.py")):
        parts += [module.name.encode(), module.read_bytes()]
    parts += [f"{p}=={importlib.metadata.version(p)}".encode() for p in RENDERING_PACKAGES]
    return _hash(*parts)


def theme_digest(environment) -> bytes:
    """Every template the theme's Jinja environment can load."""
    parts = []
    for name in sorted(environment.list_templates()):
        parts += [name.encode(), environment.loader.get_source(environment, name)[0].encode()]
    return _hash(*parts)


class Fingerprints:
    """Fingerprints of one build's pages and feeds; digests of shared objects are computed once."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.site = site_digest(settings)
        self._themes: dict[int, bytes] = {}
        self._site_addresses: bytes | None = None
        self._names: dict[str, frozenset[str] | None] = {}
        self._sources: dict[str, bytes] = {}
        self._memo: dict[tuple[int, int], bytes] = {}
        self._alive: list = []  # keeps memoised objects alive, so that their ids stay theirs

    def page(
        self, template, name: str, context: dict, page_variables: dict, relative_urls: bool
    ) -> str | None:
        """The fingerprint of one page, or None when its template's variables cannot be known."""
        names = self.names(template)
        if names is None:
            return None
        environment = template.environment
        if id(environment) not in self._themes:
            self._themes[id(environment)] = theme_digest(environment)
        parts = [self.site, self._themes[id(environment)], name.encode(), str(bool(relative_urls)).encode()]
        for variable in sorted(names):
            if variable in page_variables:
                value = page_variables[variable]
            elif variable in context and not (
                variable in self.settings and context[variable] is self.settings[variable]
            ):
                value = context[variable]
            else:
                continue  # a setting (in the site digest), a Jinja global or an unset name
            parts += [variable.encode(), self.value(value, 0)]
            if isinstance(value, Content):
                parts.append(self._links(value))
        return _hash(*parts).hex()

    def feed(self, elements: list, path: str, url, feed_type: str, feed_title) -> str:
        """A feed shows its items' own fields: their sources, and the feed's settings and place."""
        shown = elements[: self.settings.get("FEED_MAX_ITEMS")]
        parts = [self.site, stable_repr((path, url, feed_type, feed_title)).encode()]
        return _hash(*parts, *(self.value(item, DEPTH) for item in shown)).hex()

    def names(self, template) -> frozenset[str] | None:
        """Variables that `template` and the templates it pulls in name but do not define."""
        if template.name not in self._names:
            environment = template.environment
            names: set[str] = set()
            waiting, seen = [template.name], set()
            while waiting:
                current = waiting.pop()
                if current is None:  # a template chosen at render time: no way to know its variables
                    names = None
                    break
                if current in seen:
                    continue
                seen.add(current)
                tree = environment.parse(environment.loader.get_source(environment, current)[0])
                names |= meta.find_undeclared_variables(tree)
                waiting += list(meta.find_referenced_templates(tree))
            self._names[template.name] = None if names is None else frozenset(names)
        return self._names[template.name]

    def value(self, value, depth: int) -> bytes:
        """The digest of what a template can show of `value`, `depth` attribute steps from a page variable."""
        if isinstance(value, PRIMITIVES):
            return repr(value).encode()
        key = (id(value), depth)
        known = self._memo.get(key)
        if known is None:
            known = self._memo[key] = self._digest(value, depth)
            self._alive.append(value)
        return known

    def _digest(self, value, depth: int) -> bytes:
        kind = type(value).__name__.encode()
        if isinstance(value, Content):
            return self._content(value, depth)
        if isinstance(value, URLWrapper):
            return _hash(kind, value.name.encode(), value.slug.encode())
        if isinstance(value, Page):
            return _hash(
                kind,
                str(value.number).encode(),
                self.value(value.paginator, depth),
                self.value(value.object_list, depth),
            )
        if isinstance(value, Paginator):
            return _hash(
                kind,
                stable_repr((value.name, value.url, value.per_page, value.orphans, value.count)).encode(),
            )
        if isinstance(value, dict):
            return _hash(kind, *(_hash(self.value(k, depth), self.value(v, depth)) for k, v in value.items()))
        if isinstance(value, list | tuple | set | frozenset):
            if depth >= COUNTED_FROM:
                return _hash(kind, str(len(value)).encode())
            items = sorted(value, key=repr) if isinstance(value, set | frozenset) else value
            return _hash(kind, *(self.value(item, depth) for item in items))
        if depth >= DEPTH:
            return kind  # beyond what templates reach
        if dataclasses.is_dataclass(value):
            fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            return self._attributes(kind, fields, depth + 1)
        if hasattr(value, "__dict__") and type(value).__module__.startswith(__package__):
            return self._attributes(kind, vars(value), depth + 1)
        return _ADDRESS.sub("", repr(value)).encode()

    def _content(self, content: Content, depth: int) -> bytes:
        """A brief or page: its source file, and at the top what plugins attached to it."""
        source = self.source(content)
        if depth > 0:
            return source
        derived = SOURCE_DERIVED.union(content.metadata)
        attached = {k: v for k, v in vars(content).items() if k not in derived}
        return self._attributes(source, attached, depth + 1)

    def _links(self, content: Content) -> bytes:
        """Where every file of the site is, when the text of the page's own brief or page links to
        other files by name ({filename}...), which Pelican turns into their addresses."""
        if not content._content or not re.search(self.settings["INTRASITE_LINK_REGEX"], content._content):
            return b""
        return self._addresses(content._context)

    def _addresses(self, context: dict) -> bytes:
        """Every generated and static file of the site by its source and its address."""
        if self._site_addresses is None:
            files = {**context.get("generated_content", {}), **context.get("static_content", {})}
            pairs = sorted(f"{path}\0{getattr(item, 'url', '')}" for path, item in files.items())
            self._site_addresses = _hash(*(pair.encode() for pair in pairs))
        return self._site_addresses

    def _attributes(self, kind: bytes, attributes: dict, depth: int) -> bytes:
        parts = [kind]
        for name in sorted(attributes):
            parts += [name.encode(), self.value(attributes[name], depth)]
        return _hash(*parts)

    def source(self, content: Content) -> bytes:
        """The hash of the file a brief or page was read from (its metadata when it has none)."""
        path = content.source_path
        if path is None:
            return _hash(stable_repr(content.metadata).encode())
        if path not in self._sources:
            self._sources[path] = _hash(path.encode(), Path(path).read_bytes())
        return self._sources[path]
