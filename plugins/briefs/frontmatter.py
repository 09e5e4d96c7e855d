"""Split a brief file into YAML front matter and Markdown body, and load the YAML safely.

PyYAML alone would lose what editors need to fix a mistake: the line each value came from, duplicate
keys (it silently keeps the last) and unreal dates (it raises a bare ValueError). So the YAML is
composed into nodes and turned into plain Python here, with a line recorded for every field path.
Aliases are refused, never expanded, which also defuses "billion laughs" documents.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field

import yaml

from .problems import ContentError, Problem
from .schema import CONTROL_CHARACTERS

Loc = tuple[str | int, ...]
FENCE = "---"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
# A brief is a page of text; anything far larger is a mistake, and would slow every build.
MAX_FILE_BYTES = 1_000_000
# A brief's fields are three levels deep. Composing YAML recurses in C (libyaml's composer crashes
# the process past about 20,000 levels) and parsing it slows with the square of its depth, so
# deeper front matter is refused before it is composed.
MAX_YAML_DEPTH = 32
# Each level of nesting needs a flow bracket, a '-' or '?' indicator or a new line: with fewer of
# those than this, the front matter cannot be deep enough to matter, and is not measured.
_SHALLOW_FOR_SURE = 1_000
FRONT_MATTER_HINT = "expected the file to start with a '---' line, then YAML, then another '---' line"


# libyaml's composer is ten times faster than PyYAML's own, and composing never expands an alias: an
# alias becomes a second reference to its anchor's node, which `_to_python` refuses to follow.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class AliasRefused(Exception):
    """An alias (`*name`) in front matter: refused before anything could expand it."""


@dataclass
class BriefSource:
    """The raw parts of a brief file, with the line of every front matter field."""

    path: str
    data: dict
    body: str
    body_line: int
    text: str = ""
    lines: dict[Loc, int] = field(default_factory=dict)
    # Problems that do not stop validation (a duplicate key): reported with the model's.
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest known field on `loc`: a missing key points at its parent."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1


def read_brief_file(path: str, display_path: str) -> BriefSource:
    """Read and split one brief file; raise ContentError naming the file on anything unreadable."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise ContentError([size_problem(path, display_path)])
    return parse_brief_text(decode(raw, display_path), display_path)


def size_problem(path: str, display_path: str) -> Problem | None:
    """The one size limit of a brief, also applied to an export before it becomes one."""
    size = os.path.getsize(path)
    if size <= MAX_FILE_BYTES:
        return None
    message = (
        f"the file is {size / 1_000_000:.1f} MB, over the {MAX_FILE_BYTES // 1_000_000} MB limit for a "
        "brief (expected a brief of a few pages; split long analysis into several briefs)"
    )
    return Problem(display_path, 1, "", message)


def decode(raw: bytes, display_path: str) -> str:
    """UTF-8 (a byte-order mark is allowed) with any line endings, as text with '\\n' endings."""
    start = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        text = raw[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start
        line = len(_LINE_BREAK.split(raw[:offset]))
        raise ContentError(
            [
                Problem(
                    display_path,
                    line,
                    "",
                    f"the file is not UTF-8: byte 0x{raw[offset]:02x} at offset {offset} "
                    "(expected UTF-8 text; re-save the file as UTF-8)",
                )
            ]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_brief_text(text: str, display_path: str) -> BriefSource:
    """Split `text` at its front matter fences and load the YAML between them."""
    lines = text.split("\n")

    def fail(line: int, message: str) -> ContentError:
        return ContentError([Problem(display_path, line, "", message)])

    if not text.strip():
        raise fail(1, f"the file is empty ({FRONT_MATTER_HINT})")
    if lines[0].rstrip() != FENCE:
        raise fail(1, f"no front matter ({FRONT_MATTER_HINT})")
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "...")), None)
    if closing is None:
        raise fail(1, "the front matter is never closed (expected a '---' line after the YAML)")

    source = BriefSource(
        path=display_path,
        data={},
        body="\n".join(lines[closing + 1 :]),
        body_line=closing + 2,
        text=text,
    )
    yaml_text = "\n".join(lines[1:closing])
    line = _line_counter(yaml_text, first_line=2)
    loader = None
    try:
        _check_depth(yaml_text, line, display_path)
        loader = Loader(yaml_text)
        root = loader.get_single_node()
        if isinstance(root, yaml.MappingNode):
            source.data = _to_python(root, (), source, loader, line, seen=set())
    except AliasRefused:
        raise ContentError([_alias_problem(yaml_text, display_path)]) from None
    except yaml.MarkedYAMLError as error:
        raise ContentError([yaml_problem(error, display_path, line, last_line=closing)]) from None
    except yaml.reader.ReaderError as error:
        raise ContentError(_unprintable(error, text, yaml_text, display_path)) from None
    except yaml.YAMLError as error:  # unmarked errors are rare, but must not become tracebacks
        raise fail(2, f"YAML error: {error}") from None
    except RecursionError:
        raise fail(2, "the YAML is nested too deeply (expected fields a few levels deep)") from None
    finally:
        if loader is not None:
            loader.dispose()

    if root is None:
        raise fail(2, "the front matter is empty (expected fields such as title, date, category)")
    if not isinstance(root, yaml.MappingNode):
        raise fail(2, "the front matter must be 'key: value' lines (expected a YAML mapping)")
    return source


def _line_counter(yaml_text: str, first_line: int):
    """The file line of a YAML mark. YAML also ends lines at U+0085, U+2028 and U+2029, which our
    lines (and editors' editors) do not; where the text has any, lines are counted from the offset."""
    if not re.search("[\x85\u2028\u2029]", yaml_text):
        return lambda mark: mark.line + first_line
    return lambda mark: yaml_text.count("\n", 0, mark.index) + first_line


def _check_depth(yaml_text: str, line, display_path: str) -> None:
    """Refuse front matter nested deeper than MAX_YAML_DEPTH, measured only where it could be."""
    if sum(yaml_text.count(c) for c in "[{-?\n") < _SHALLOW_FOR_SURE:
        return
    depth = 0
    for event in yaml.parse(yaml_text, Loader=Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                message = (
                    f"the YAML is nested more than {MAX_YAML_DEPTH} levels deep "
                    "(expected fields a few levels deep)"
                )
                raise ContentError([Problem(display_path, line(event.start_mark), "", message)])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _unprintable(error, text: str, yaml_text: str, display_path: str) -> list[Problem]:
    """YAML stops at the first unprintable character; name each one and the field it is in."""
    if not CONTROL_CHARACTERS.search(yaml_text):  # one YAML refuses that we let through
        line = yaml_text.count("\n", 0, error.position) + 2
        message = f"contains the unprintable character U+{error.character:04X} (expected printable text)"
        return [Problem(display_path, line, "", message)]
    readable = parse_brief_text(CONTROL_CHARACTERS.sub("\ufffd", text), display_path)
    fields_by_line = {line: loc for loc, line in sorted(readable.lines.items(), key=lambda i: len(i[0]))}
    problems = []
    for match in CONTROL_CHARACTERS.finditer(yaml_text):
        line = yaml_text.count("\n", 0, match.start()) + 2
        problems.append(
            Problem(
                display_path,
                line,
                dotted(fields_by_line.get(line, ())),
                f"contains the control character U+{ord(match.group()):04X} (expected printable text)",
            )
        )
    return problems


def yaml_problem(error: yaml.MarkedYAMLError, display_path: str, line, last_line: int) -> Problem:
    """A YAML syntax error as a Problem at the right file line and column.

    An unclosed bracket or quote is found only at the end of the front matter; the line where the
    unclosed construct began is then the one to fix.
    """
    mark = error.problem_mark or error.context_mark
    if error.context_mark and mark and line(mark) > last_line:
        mark = error.context_mark
    where = line(mark) if mark else 2
    column = f", column {mark.column + 1}" if mark else ""
    what = error.problem or error.context or "invalid YAML"
    context = f" ({error.context})" if error.context and error.problem else ""
    return Problem(display_path, where, "", f"YAML syntax error{column}: {what}{context}")


def _alias_problem(yaml_text: str, display_path: str) -> Problem:
    """Name the first alias and its line; found again with the event parser, only when there is one."""
    line = _line_counter(yaml_text, first_line=2)
    for event in yaml.parse(yaml_text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            return Problem(
                display_path,
                line(event.start_mark),
                "",
                f"YAML aliases (*{event.anchor}) are not allowed in briefs; write the value out",
            )
    return Problem(display_path, 2, "", "YAML aliases are not allowed in briefs; write the value out")


def _to_python(node, loc: Loc, source: BriefSource, loader, line, seen: set[int]):
    """Plain Python from a YAML node; timestamps stay text so the model can judge them."""
    if id(node) in seen:
        raise AliasRefused
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            key_line = line(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                source.problems.append(
                    Problem(source.path, key_line, dotted(loc), "a key must be a plain name")
                )
                continue
            key = key_node.value
            if key in result:
                first = source.lines[(*loc, key)]
                source.problems.append(
                    Problem(
                        source.path,
                        key_line,
                        dotted((*loc, key)),
                        f"appears twice (first on line {first}; expected each field once)",
                    )
                )
                continue
            source.lines[(*loc, key)] = key_line
            result[key] = _to_python(value_node, (*loc, key), source, loader, line, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            source.lines[(*loc, index)] = line(item.start_mark)
            items.append(_to_python(item, (*loc, index), source, loader, line, seen))
        return items
    if node.tag == TIMESTAMP_TAG:
        return node.value
    try:
        return loader.construct_object(node)
    except (yaml.YAMLError, ValueError) as error:  # ValueError: a number of thousands of digits
        where = line(node.start_mark)
        if isinstance(error, ValueError):
            digits = len(node.value)
            reason = f"a number of {digits:,} digits is too long (expected a few digits, or text in quotes)"
        else:
            reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        source.problems.append(Problem(source.path, where, dotted(loc), f"cannot be read: {reason}"))
        return None


def dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)
