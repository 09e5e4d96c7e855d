"""Turn pydantic's verdict on front matter into Problems an editor can act on."""

from __future__ import annotations

import difflib
import types
import typing

from pydantic import BaseModel, ValidationError

from .frontmatter import BriefSource, Loc, dotted
from .problems import ContentError, Problem
from .schema import Brief


def validate(source: BriefSource, model: type[BaseModel] = Brief) -> BaseModel:
    """The Brief (or other `model`) in `source`, or ContentError listing every problem with its line."""
    problems = list(source.problems)
    try:
        brief = model.model_validate(source.data)
    except ValidationError as error:
        already = {p.field for p in problems}  # a value YAML could not read is not re-reported
        found = [_problem(source, detail, model) for detail in error.errors(include_url=False)]
        problems += [p for p in found if p.field not in already]
    if problems:
        raise ContentError(problems)
    return brief


def _problem(source: BriefSource, detail: dict, root: type[BaseModel]) -> Problem:
    loc: Loc = tuple(part for part in detail["loc"] if isinstance(part, str | int))
    kind = detail["type"]
    field_info, _ = _field_at(loc, root)
    expected = f" (expected {field_info.description})" if field_info and field_info.description else ""
    if kind == "missing":
        message = f"is required but missing{expected}"
    elif kind == "extra_forbidden":
        message = _unknown_key(str(loc[-1]), _field_at(loc[:-1], root)[1] or root)
    else:
        text = detail["msg"].removeprefix("Value error, ")
        text = text[:1].lower() + text[1:]
        if kind.endswith("_type") or kind.endswith("_parsing"):
            text += f", got {_describe(detail.get('input'))}"
        message = f"{text}{expected}"
    return Problem(source.path, source.line_of(loc), dotted(loc), message)


def _unknown_key(key: str, model: type[BaseModel]) -> str:
    known = list(model.model_fields)
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"is not a known field; {hint}(expected one of: {', '.join(known)})"


def _field_at(loc: Loc, root: type[BaseModel]):
    """The FieldInfo at `loc` and the model that holds the fields below it (None past a leaf)."""
    model: type[BaseModel] | None = root
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None, None
        info = model.model_fields[part]
        model = _model_inside(info.annotation)
    return info, model


def _model_inside(annotation) -> type[BaseModel] | None:
    """The BaseModel in an annotation like `list[Source]` or `Original | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for arg in typing.get_args(annotation):
            found = _model_inside(arg)
            if found:
                return found
    return None


def _describe(value: object) -> str:
    names = {
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "a mapping",
        type(None): "nothing",
    }
    kind = names.get(type(value), type(value).__name__)
    if isinstance(value, list | dict) or value is None:
        return kind
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
    return f"{kind} {shown}"
