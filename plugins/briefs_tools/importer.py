"""Draft a brief from a news aggregator's plain-text export of one story.

An export is a web page pasted as text: headings, bullets and separators are emoji and other glyphs,
often garbled on the way (UTF-8 read through the Thai code page turns a bullet into "โข"). So the
text is cleaned in three steps before anything is read from it:

1. Repair. A run of Thai-block characters is turned back into its Windows-874 bytes and decoded as
   UTF-8; this works when the bytes survived, and fails when the tool that made the export dropped
   some (as in the real sample, where every byte from 0x80 to 0x9F is gone). ftfy then repairs the
   usual Latin mojibake ("â€”"), and a symbol's mojibake that ftfy leaves ("âš¡") is undone too.
2. Decorations out. Emoji, bullets, arrows, box drawing and whatever mojibake is left carry no words.
   Each run of them is cut out of its line and splits it into segments there: that is all that is
   kept of a glyph, and it is enough to tell apart several items on one line or "domain — Title".
3. Sections by their words. Headings are recognised by what they say ("Key Takeaways", "Sources (5)"),
   case-insensitively and in any order, so a glyph that changes or disappears never hides a section.

Then each section fills its fields, missing required fields get a "TODO:" placeholder, citation
markers are checked against the sources, and everything an editor must still fill or check is listed
in `needs_editor` (and as `# needs editor:` comments in the YAML). The result is always a valid
draft: the editor's work starts from a file that builds. Placeholders and notes come from
placeholders.py, so a published brief that still has one fails the check.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import yaml

from briefs.citations import CITATION_PATTERN
from briefs.placeholders import NEEDS_EDITOR, PLACEHOLDER_URL, TODO, UNCATEGORISED
from briefs.schema import Brief, slugify

# Segments are the text between decorations; a line is the segments it was cut into.
Line = tuple[str, ...]
Notes = list[tuple[str, str]]  # (field path, what the editor must do)

_THAI = re.compile("[\u0e00-\u0e7f]")
_DECORATIVE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # controls but tab and newline
    "\u0e00-\u0e7f"  # Thai: mojibake that could not be repaired
    "\ufffd"  # the replacement character
    "\u200d\u20e3\ufe00-\ufe0f"  # emoji joiners, keycaps and variation selectors
    "\u2022\u2023\u2043\u2219\u203c\u2049"  # bullets, emoji punctuation
    "\u2190-\u21ff\u27f0-\u27ff\u2900-\u297f"  # arrows
    "\u2300-\u23ff"  # technical symbols (hourglasses, clocks)
    "\u2500-\u27bf"  # box drawing, blocks, shapes, symbols, dingbats
    "\u2b00-\u2bff"  # symbols and arrows (stars)
    "\ue000-\uf8ff"  # private use: icon fonts
    "\U0001f000-\U0001faff"  # emoji and pictographs
    "\U000e0020-\U000e007f"  # emoji tag characters
)
_DECORATION = re.compile(f"[{_DECORATIVE}]+")
_LIST_MARKER = re.compile(r"^(?:[-*+]|\d{1,2}[.)])(?:\s+|$)")

_HEADING_WORDS = {
    "tldr": r"(?:30[- ]second )?tl;? ?dr",
    "what_changed": r"what changed",
    "why_it_matters": r"why it matters",
    "what_to_do_next": r"what to do next",
    "insight": r"deep insights?",
    "takeaways": r"(?:enhanced )?key takeaways",
    "deep_dive": r"technical deep dive",
    "implications": r"future implications",
    "timeline": r"timeline",
    "sources": r"sources(?: ?\((?P<count>\d+)\))?",
    # The aggregator's own furniture: known so that it ends the section before, and never read.
    "recap": r"weekly ai recap",
    "related": r"related updates",
    "original": r"original source",
}
# A heading stands alone, or has text after a colon, or glued on without a space ("ImplicationsAI").
_HEADINGS = {
    name: re.compile(rf"(?i)(?:{words})(?::\s*(?P<rest>.*)|(?P<glued>(?-i:[A-Z]).*))?")
    for name, words in _HEADING_WORDS.items()
}
_BOILERPLATE = re.compile(
    r"""(?ix)
    web-grounded\ analysis\b.*
    | ai\ analysis\ grounded\ in\ cited\ sources\.?
    | factual\ claims\ are\ grounded\b.*
    | read\ this\ week['\u2019]s\b.*
    | ai-curated\ news\ aggregator\b.*
    """
)
_TLDR_PARTS = {
    "what_changed": "What Changed",
    "why_it_matters": "Why It Matters",
    "what_to_do_next": "What To Do Next",
}

_SOURCE = re.compile(
    r"(?P<site>(?:https?://)?[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?P<path>/\S*)?)"
    r"(?:\s*[\u2014\u2013:|]\s*|\s+-\s+|\s+|$)"  # "domain — Title", "domain: Title", "domain Title"
    r"(?P<title>.*)"
)
_DEEP_DIVE_ITEM = re.compile(r"(?P<title>[^:\[\]]{1,60}?):\s+(?P<text>\S.*)")
_ISO_DATE = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_NAMED_DATE = (  # "July 2025", "10 July 2025", "Jul. 10, 2025"
    r"(?:(?P<day>\d{1,2}) )?(?P<month>[A-Za-z]{3,9})\.? (?:(?P<day_after>\d{1,2}), )?(?P<year>\d{4})"
)
_TIMELINE_ENTRY = re.compile(
    rf"(?P<when>{_ISO_DATE}|{_NAMED_DATE})\s*(?:[:\u2014\u2013-]\s*|\s)(?P<event>\S.*)"
)
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass(frozen=True)
class ImportResult:
    text: str  # the whole brief file: '---\n<yaml>---\n<body>'
    slug: str  # from the title (schema.slugify)
    needs_editor: list[str]  # "field.path: what to fill or check", one per line, in file order


def import_export(raw: bytes | str, today: date) -> ImportResult:
    """A draft brief dated `today` from one exported story; ValueError if the export has no text."""
    _register_codecs()
    lines = [line for line in map(_segments, _clean(_decode(raw)).split("\n")) if line]
    if not lines:
        raise ValueError("the export has no text (expected a title line, then the story's sections)")
    sections = _Sections.split(lines)
    if not sections.lines["lead"]:
        raise ValueError("the export has only the aggregator's boilerplate (expected a title line)")
    notes: Notes = []
    data = _fields(sections, today, notes)
    body = "\n\n".join(
        _cite(_prose(line), len(data["sources"]), "body", notes) for line in sections.lines["insight"]
    )
    yaml_text, needs_editor = _front_matter(data, notes)
    text = f"---\n{yaml_text}---\n" + (f"{body}\n" if body else "")
    return ImportResult(text, slugify(data["title"]) or "brief", needs_editor)


# Cleaning


def _decode(raw: bytes | str) -> str:
    """Text with '\\n' line endings; bytes are UTF-8 (a BOM is allowed), any stray byte Windows-1252."""
    if isinstance(raw, bytes):
        raw = raw.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors=_AS_WINDOWS_1252)
    return raw.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _as_windows_1252(error: UnicodeDecodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 read as Windows-1252, the usual other encoding: it costs one character,
    where decoding the whole file as Windows-1252 would garble every UTF-8 character in it."""
    return error.object[error.start : error.end].decode("sloppy-windows-1252"), error.end


_AS_WINDOWS_1252 = "briefs_tools.importer.windows-1252"


@functools.cache
def _register_codecs() -> None:
    """Register the codecs the importer decodes with, once, when it first runs: both change the whole
    interpreter (importing ftfy registers its "sloppy" codecs), so importing this module does not."""
    import ftfy  # noqa: F401

    codecs.register_error(_AS_WINDOWS_1252, _as_windows_1252)


@dataclass(frozen=True)
class _Misreading:
    """UTF-8 that a tool read through a single-byte code page: each character stands for one byte.
    Bytes the code page leaves undefined appear as the C1 control of the same number (the convention
    of Windows and of ftfy's "sloppy" codecs)."""

    byte_of: dict[str, int]
    run: re.Pattern

    @classmethod
    def through(cls, code_page: str) -> _Misreading:
        byte_of = {chr(byte): byte for byte in range(0x80, 0xA0)} | {
            char: byte
            for byte in range(0x80, 0x100)
            if (char := bytes([byte]).decode(code_page, errors="replace")) != "\ufffd"
        }
        return cls(byte_of, re.compile("[" + re.escape("".join(byte_of)) + "]+"))

    def undo(self, run: str) -> str | None:
        """The text `run` was read from, or None when bytes were lost on the way."""
        try:
            return bytes(self.byte_of[char] for char in run).decode("utf-8")
        except UnicodeDecodeError:
            return None


_THAI_READING = _Misreading.through("cp874")
_WESTERN_READING = _Misreading.through("cp1252")


def _clean(text: str) -> str:
    """Repaired text; Thai runs first, because ftfy would read their C1 controls as Windows-1252."""
    text = _THAI_READING.run.sub(_repair_thai_run, text)
    import ftfy  # here, not at the top: see _register_codecs

    text = ftfy.fix_text(text, uncurl_quotes=False)  # curly quotes are real punctuation
    return _WESTERN_READING.run.sub(_repair_western_decoration, text)


def _repair_thai_run(match: re.Match) -> str:
    """The text a run with Thai letters was read from; U+FFFD, dropped with the other junk, if it was lost."""
    run = match.group()
    if not _THAI.search(run):
        return run  # ordinary dashes, quotes and ellipses
    return _THAI_READING.undo(run) or "\ufffd"


def _repair_western_decoration(match: re.Match) -> str:
    """ftfy leaves a lone symbol's mojibake ("âš¡" for ⚡) in a line that otherwise reads well. Undo it
    only where it gives decoration, which is dropped anyway: never to change words ("café")."""
    undone = _WESTERN_READING.undo(match.group())
    return undone if undone and _DECORATION.fullmatch(undone) else match.group()


def _segments(line: str) -> Line:
    """The words of a line, cut where decorations stood, with spacing made even."""
    return tuple(text for part in _DECORATION.split(line) if (text := " ".join(part.split())))


def _prose(line: Line) -> str:
    """A line read as running text: decorations inside it were just ornament."""
    return " ".join(_items([line]))


def _items(lines: list[Line]) -> list[str]:
    """One item per segment, list markers removed: bullets, whatever their glyph, already split them."""
    return [item for line in lines for segment in line if (item := _LIST_MARKER.sub("", segment))]


# Sections


@dataclass
class _Sections:
    """The export's lines by section name; 'lead' holds those before the first heading."""

    lines: dict[str, list[Line]] = field(default_factory=lambda: defaultdict(list))
    stated_source_count: int | None = None

    @classmethod
    def split(cls, lines: list[Line]) -> _Sections:
        sections = cls()
        current = "lead"
        for line in lines:
            heading = _heading(line) if sections.lines["lead"] else None  # the title is never one
            if heading:
                current, match = heading
                if match.groupdict().get("count"):
                    sections.stated_source_count = int(match["count"])
                line = (match["rest"] or match["glued"] or "",)
            if line[0] and not _BOILERPLATE.fullmatch(_prose(line)):
                sections.lines[current].append(line)
        return sections

    def text(self, name: str) -> str:
        return " ".join(_prose(line) for line in self.lines[name])


def _heading(line: Line) -> tuple[str, re.Match] | None:
    text = _prose(line)
    for name, pattern in _HEADINGS.items():
        match = pattern.fullmatch(text)
        if match:
            return name, match
    return None


# Fields


def _fields(sections: _Sections, today: date, notes: Notes) -> dict:
    """The front matter in the contract's order; sources first, as the citations are checked against them."""
    sources = _sources(sections, notes)
    count = len(sources)
    lead = sections.lines["lead"]
    title, hook = lead[0], lead[1] if len(lead) > 1 else ()
    data: dict = {
        "title": _shortened(_prose(title), "title", notes),
        "date": today,
        "category": UNCATEGORISED,
        "tags": [],
        "hook": _hook(_prose(hook), count, notes),
        "tldr": _tldr(sections, count, notes),
        "takeaways": _takeaways(sections, count, notes),
        "deep_dive": _deep_dive(sections, count, notes),
        "implications": "\n\n".join(
            _cite(_prose(line), count, "implications", notes) for line in sections.lines["implications"]
        ),
        "timeline": _timeline(sections, count, notes),
        "sources": sources,
        "status": "draft",
        "disclosure": "ai-assisted",  # the export says its analysis is AI-generated
    }
    notes.append(("category", f"set to '{UNCATEGORISED}'; choose the brief's category"))
    notes.append(("tags", "the export has none; add the brief's tags"))
    _note_original(sections, notes)
    _note_left_out("hook", lead[2:], notes)
    _note_left_out("tldr", sections.lines["tldr"], notes)
    # Empty optional fields are left out; `tags: []` stays, where the editor is to fill it in.
    return {key: value for key, value in data.items() if value or key == "tags"}


def _max_length(name: str) -> int:
    """A length limit as the schema states it, so that the contract is written down once."""
    rules = Brief.model_fields[name].metadata
    return next(rule.max_length for rule in rules if getattr(rule, "max_length", None))


def _shortened(text: str, name: str, notes: Notes) -> str:
    """`text` within the field's limit, cut at a word, with a note when it had to be cut."""
    limit = _max_length(name)
    if len(text) <= limit:
        return text
    notes.append((name, f"the export's text was longer than {limit} characters and was cut; rewrite it"))
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _hook(text: str, count: int, notes: Notes) -> str:
    if text:
        return _shortened(_cite(text, count, "hook", notes), "hook", notes)
    notes.append(("hook", "the export had no lead line; write why readers should care"))
    return f"{TODO}: why readers should care (the export had no lead line)"


def _tldr(sections: _Sections, count: int, notes: Notes) -> dict[str, str]:
    """The three TL;DR parts; a missing one gets a placeholder and a note, as all three are required."""
    tldr = {}
    for name, heading in _TLDR_PARTS.items():
        path = f"tldr.{name}"
        text = sections.text(name)
        if text:
            tldr[name] = _cite(text, count, path, notes)
            continue
        had_tldr = any(sections.lines[part] for part in _TLDR_PARTS)
        missing = f"the export's TL;DR had no '{heading}'" if had_tldr else "the export had no TL;DR"
        tldr[name] = f"{TODO}: {heading.lower()} ({missing})"
        notes.append((path, f"{missing}; write {heading.lower()}"))
    return tldr


def _takeaways(sections: _Sections, count: int, notes: Notes) -> list[str]:
    items = _at_most(_items(sections.lines["takeaways"]), "takeaways", notes)
    if not items:
        notes.append(("takeaways", "the export had no key takeaways; write at least one"))
        return [f"{TODO}: the key takeaways (the export had none)"]
    return [_cite(item, count, f"takeaways.{index}", notes) for index, item in enumerate(items)]


def _at_most(items: list, name: str, notes: Notes) -> list:
    """The first items up to the field's limit; the editor hears about the rest."""
    limit = _max_length(name)
    if len(items) > limit:
        notes.append((name, f"the export had {len(items)}, more than {limit}; the rest were left out"))
    return items[:limit]


def _deep_dive(sections: _Sections, count: int, notes: Notes) -> list[dict[str, str]]:
    """Items from "Title: text" segments; an item without such a title keeps only its text."""
    result = []
    for index, item in enumerate(_items(sections.lines["deep_dive"])):
        titled = _DEEP_DIVE_ITEM.fullmatch(item)
        text = _cite(titled["text"] if titled else item, count, f"deep_dive.{index}.text", notes)
        result.append({"title": titled["title"].strip(), "text": text} if titled else {"text": text})
    return result


def _timeline(sections: _Sections, count: int, notes: Notes) -> list[dict[str, str]]:
    """Entries like "2025-07-10: event" or "July 2025 — event"; a line without a date is left out."""
    entries = []
    for line in sections.lines["timeline"]:
        text = _prose(line)
        match = _TIMELINE_ENTRY.fullmatch(text)
        when = _partial_date(match) if match else None
        if when is None:
            notes.append(("timeline", f"no date could be read in {_quoted(text)}; it was left out"))
            continue
        path = f"timeline.{len(entries)}.event"
        entries.append({"date": when, "event": _cite(match["event"], count, path, notes)})
    return entries


def _partial_date(match: re.Match) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD for a real day, from an ISO or a spelled-out date."""
    if not match["month"]:
        when = match["when"]
    else:
        month = next((n for n, name in enumerate(_MONTHS, 1) if name.startswith(match["month"].lower())), 0)
        day = match["day"] or match["day_after"]
        when = f"{match['year']}-{month:02d}" + (f"-{int(day):02d}" if day else "")
    year, month, day = (*map(int, when.split("-")), 1, 1)[:3]
    try:
        date(year, month, day)
    except ValueError:
        return None
    return when


def _sources(sections: _Sections, notes: Notes) -> list[dict[str, str]]:
    """Sources from "domain — Title" lines; the export has no article addresses, so each needs one."""
    sources = [
        _source(_prose(line), index, notes)
        for index, line in enumerate(_at_most(sections.lines["sources"], "sources", notes))
    ]
    stated = sections.stated_source_count
    if stated is not None and stated != len(sources):
        message = f"the export says {stated} sources but lists {len(sources)}; check the list"
        notes.append(("sources", message))
    if not sources:
        notes.append(("sources", "the export listed no sources; add at least one"))
        return [{"title": f"{TODO}: the sources (the export listed none)", "url": PLACEHOLDER_URL}]
    return sources


def _source(text: str, index: int, notes: Notes) -> dict[str, str]:
    match = _SOURCE.fullmatch(text)
    if not match:
        message = f"the export names no site for {_quoted(text)}; add its address"
        notes.append((f"sources.{index}.url", message))
        return {"title": text, "url": PLACEHOLDER_URL}
    site = match["site"]
    has_scheme = site.startswith(("http://", "https://"))
    url = site if has_scheme else f"https://{site}" + ("" if match["path"] else "/")
    host = re.sub(r"^https?://", "", site).split("/")[0].removeprefix("www.")
    title = match["title"]
    if not title:
        notes.append((f"sources.{index}.title", f"the export gives only the site {host}; add the title"))
    if not has_scheme:
        what = f"the address {site} without http(s)" if match["path"] else f"only the site {host}"
        notes.append((f"sources.{index}.url", f"the export names {what}; put the article's address here"))
    return {"title": title or host, "url": url, "publisher": host}


def _note_original(sections: _Sections, notes: Notes) -> None:
    """The export names the original publication without its address, and `original` needs both."""
    names = [_prose(line) for line in sections.lines["original"]]
    if names:
        notes.append(
            (
                "original",
                f"the export names {_quoted(names[0])} without an address; "
                f"add original: {{name: {names[0]}, url: <the article's address>}}",
            )
        )
    _note_left_out("original", sections.lines["original"][1:], notes)


def _note_left_out(path: str, lines: list[Line], notes: Notes) -> None:
    """Text that fits no field is not guessed into one: the editor decides where it belongs."""
    for line in lines:
        text = _quoted(_prose(line))
        notes.append((path, f"the export had text here that fits no field, left out: {text}"))


def _quoted(text: str, limit: int = 80) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# Citations


def _cite(text: str, count: int, path: str, notes: Notes) -> str:
    """Markers kept as written, set off by a space, and only for numbers that have a source."""

    def fix(match: re.Match) -> str:
        numbers = [int(number) for number in re.findall(r"\d+", match[2])]
        kept = [number for number in numbers if 1 <= number <= count]
        for number in sorted(set(numbers) - set(kept)):
            message = f"the export cites [{number}] but lists {count} sources; the marker was left out"
            notes.append((path, message))
        if not kept:
            return ""
        markers = match[2] if kept == numbers else "".join(f"[{number}]" for number in kept)
        glued = not match[1] and match.start() > 0 and text[match.start() - 1] != "("
        return (" " if glued else match[1]) + markers

    return re.sub(CITATION_PATTERN, fix, text).strip()


# Output


def _front_matter(data: dict, notes: Notes) -> tuple[str, list[str]]:
    """YAML in the order of `data`, each field after '# needs editor:' comments for it; and those lines."""
    by_field = defaultdict(list)
    for path, message in notes:
        key = path.split(".")[0]
        by_field[key if key in data else ""].append(f"{path}: {message}")
    parts, needs_editor = [], []
    for key in [*data, ""]:
        needs_editor += by_field[key]
        parts += [f"{NEEDS_EDITOR}{line}\n" for line in by_field[key]]
        if key:
            value = {key: data[key]}
            parts.append(yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000))
    return "".join(parts), needs_editor


class _Dumper(yaml.SafeDumper):
    """YAML as the contract's examples write it: list items indented, paragraphs as '|' blocks, dates
    quoted (an unquoted 2025-07-10 would be read as a date, and 2025 as a number)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else "'" if re.fullmatch(_ISO_DATE, text) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)
