"""The brief: the one definition of what a brief's front matter holds (contract v1).

The reader, the templates, the command line and the JSON Schema all derive from `Brief`; nothing
else restates its fields. Each field's `description` doubles as the "expected ..." hint in errors.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)

SLUG_PATTERN = r"^[a-z0-9-]+$"
# C0 controls but tab and newline (a carriage return left after decoding came from an escape), and
# the C1 controls U+0080-U+009F, which are invisible too and invalid in HTML.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A name that becomes a folder of the site (slug, story, tag, category) stays well under the
# 255-byte limit of a file name.
NAME_LENGTH = 100
# Years a brief's date may have: later ones overflow date arithmetic in other time zones.
YEARS = range(1900, 3000)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _printable(text: str) -> str:
    """Refuse control characters: they are invisible to editors and invalid in HTML."""
    found = CONTROL_CHARACTERS.search(text)
    if found:
        raise ValueError(f"contains the control character U+{ord(found.group()):04X}")
    return text


def _one_line(text: str) -> str:
    if len(text.splitlines()) > 1:  # also U+2028, U+0085 and the other line breaks
        raise ValueError("must be a single line")
    return text


def _web_url(url: str) -> str:
    """Only absolute http(s) URLs: anything else could run script or leave the web."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http(s) URL")
    if any(ch.isspace() for ch in url):
        raise ValueError(f"{url!r} contains whitespace")
    return url


def _when(value: object) -> object:
    """A date, or a datetime with an explicit offset: a naive time would be ambiguous."""
    if isinstance(value, datetime | date):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ValueError(f"got {type(value).__name__}")
    text = value.strip()
    parse = date.fromisoformat if _DATE.match(text) else None
    if _DATETIME.match(text):
        parse = datetime.fromisoformat
    if parse is None:
        raise ValueError(f"{text!r} is not a date or a datetime with an offset")
    try:
        when = parse(text.replace(" ", "T"))
    except ValueError as error:
        raise ValueError(f"{text} is not a real date: {error}") from None
    if when.year not in YEARS:
        raise ValueError(f"{text} is not between the years {YEARS[0]} and {YEARS[-1]}")
    return when


def _partial_date(value: object) -> str:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a real day of a real month."""
    text = str(value).strip() if isinstance(value, int | str | date) else None
    match = _PARTIAL_DATE.match(text or "")
    if not match:
        raise ValueError(f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError as error:
        raise ValueError(f"{text} is not a real date: {error}") from None
    return text


# The JSON Schema states each rule the validators above check, so an editor's YAML extension flags
# what the build would. Patterns are written for both ECMA-262 (editors) and Python's re
# (jsonschema): the end is "nothing follows", since Python's `$` also matches before a final newline.
_END = r"(?![\s\S])"
_NOT_CONTROL = r"[^\x00-\x08\x0b-\x1f\x7f]"
_NOT_BREAK_OR_CONTROL = r"[^\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]"  # nor what splitlines() breaks on
_YEAR = r"(?!0000)[0-9]{4}"
_LEAP_YEAR = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
_REAL_DAY = (  # a day that exists: 30 days hath September..., February 29 in leap years only
    rf"(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    rf"|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?!0000){_LEAP_YEAR}-02-29)"
)
_IN_YEARS = r"(?=(?:19|2[0-9])[0-9]{2}-)"  # YEARS (1900 to 2999), ahead of a date
assert (YEARS.start, YEARS.stop) == (1900, 3000), "_IN_YEARS states YEARS as a pattern"
_TIME_WITH_OFFSET = (
    r"[T ](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?"
    r"(?:Z|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])"
)


def _text(max_length: int | None = None, one_line: bool = False):
    """Non-blank printable text, optionally on one line and of bounded length."""
    checks = ([AfterValidator(_one_line)] if one_line else []) + [AfterValidator(_printable)]
    limits = StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)
    allowed = _NOT_BREAK_OR_CONTROL if one_line else _NOT_CONTROL
    json = {"type": "string", "minLength": 1, "pattern": rf"^(?=[\s\S]*\S){allowed}*{_END}"}
    if max_length is not None:
        json["maxLength"] = max_length
    return Annotated[(str, limits, *checks, WithJsonSchema(json))]


Text = _text()
Line = _text(one_line=True)
Title = _text(max_length=140, one_line=True)
Hook = _text(max_length=220, one_line=True)
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=NAME_LENGTH),
    WithJsonSchema({"type": "string", "pattern": rf"^[a-z0-9-]+{_END}", "maxLength": NAME_LENGTH}),
]
Name = _text(max_length=NAME_LENGTH, one_line=True)
WebUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_printable),
    AfterValidator(_web_url),
    WithJsonSchema(
        {
            "type": "string",
            "format": "uri",
            "pattern": rf"^\s*[hH][tT][tT][pP][sS]?://[^\s/?#]+[^\s]*\s*{_END}",
        }
    ),
]
When = Annotated[
    date | datetime,
    BeforeValidator(_when),
    WithJsonSchema(
        {"type": "string", "pattern": rf"^\s*{_IN_YEARS}{_REAL_DAY}(?:{_TIME_WITH_OFFSET})?\s*{_END}"}
    ),
]
PartialDate = Annotated[
    str,
    BeforeValidator(_partial_date),
    WithJsonSchema(
        {"type": "string", "pattern": rf"^\s*(?:{_REAL_DAY}|{_YEAR}(?:-(?:0[1-9]|1[0-2]))?)\s*{_END}"}
    ),
]


class _Strict(BaseModel):
    """Unknown keys are errors, so that a typo never silently drops content."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class TLDR(_Strict):
    what_changed: Text = Field(description="one or two sentences of inline Markdown")
    why_it_matters: Text = Field(description="one or two sentences of inline Markdown")
    what_to_do_next: Text = Field(description="one or two sentences of inline Markdown")


class DeepDiveItem(_Strict):
    title: Line | None = Field(None, description="a short heading on one line")
    text: Text = Field(description="inline Markdown")


class TimelineEntry(_Strict):
    date: PartialDate = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    event: Text = Field(description="inline Markdown")


class Source(_Strict):
    title: Line = Field(description="the source's title on one line")
    url: WebUrl = Field(description="an absolute http:// or https:// URL")
    publisher: Line | None = Field(None, description="the publisher's name; defaults to the host")

    @property
    def publisher_name(self) -> str:
        host = urlsplit(self.url).hostname or ""
        return self.publisher or host.removeprefix("www.")


class Original(_Strict):
    name: Line = Field(description="the original publication's name")
    url: WebUrl = Field(description="an absolute http:// or https:// URL")


class Brief(_Strict):
    """The front matter of one brief; the Markdown body travels beside it."""

    title: Title = Field(description="the headline, 1-140 characters on one line")
    date: When = Field(description="a date like 2026-01-19 or a datetime with offset")
    updated: When | None = Field(None, description="a date or datetime, not before `date`")
    slug: Slug | None = Field(None, description="lowercase letters, digits and hyphens")
    category: Name = Field(description="one category name, at most 100 characters")
    tags: list[Name] = Field(
        default_factory=list, description="a list of tag names of at most 100 characters"
    )
    hook: Hook = Field(description="one line of inline Markdown, at most 220 characters")
    tldr: TLDR = Field(description="what_changed, why_it_matters and what_to_do_next")
    takeaways: list[Text] = Field(
        min_length=1, max_length=12, description="a list of 1-12 inline Markdown items"
    )
    deep_dive: list[DeepDiveItem] = Field(default_factory=list, description="a list of {title, text} items")
    implications: Text | None = Field(None, description="Markdown text")
    timeline: list[TimelineEntry] = Field(default_factory=list, description="a list of {date, event} items")
    sources: list[Source] = Field(
        min_length=1, max_length=60, description="a list of 1-60 {title, url, publisher} items"
    )
    original: Original | None = Field(None, description="{name, url} of the original source")
    story: Slug | None = Field(None, description="the slug of a developing story")
    related: list[Slug] = Field(default_factory=list, description="a list of other briefs' slugs")
    editors: list[Line] = Field(
        default_factory=list, description="a list of the names of the editors who wrote or checked it"
    )
    disclosure: Literal["editor", "ai-assisted"] = Field("editor", description="'editor' or 'ai-assisted'")
    status: Literal["published", "draft"] = Field("published", description="'published' or 'draft'")

    @field_validator("updated")
    @classmethod
    def _not_before_date(cls, updated: date | None, info: ValidationInfo) -> date | None:
        published = info.data.get("date")
        if updated is not None and published is not None and _is_before(updated, published):
            raise ValueError(f"{updated.isoformat()} is before the date {published.isoformat()}")
        return updated


class StoryFile(_Strict):
    """The front matter of a story file, `stories/<story>.md`; its Markdown body is the intro."""

    title: Title = Field(description="the story's name, 1-140 characters on one line")


def _is_before(a: date, b: date) -> bool:
    """Compare to the second where both have a time, else by calendar day."""
    if isinstance(a, datetime) and isinstance(b, datetime):
        return a < b
    return _day(a) < _day(b)


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def slugify(text: str) -> str:
    """A URL slug in the contract's alphabet ([a-z0-9-]); empty when nothing Latin is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
