"""Dates and counts in words (words.py), and templates that leave both to it."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone

import pytest
from jinja2 import Environment, FileSystemLoader, nodes
from pelican.settings import DEFAULT_CONFIG

from briefs.settings import with_defaults
from briefs.words import counted, date_words, few_of, month_words
from conftest import ROOT

TEMPLATES = ROOT / "theme" / "templates"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (date(2024, 5, 4), "4 May 2024"),
        (date(2025, 12, 31), "31 December 2025"),
        # A datetime is written as the day it shows in its own offset, not in UTC.
        (datetime(2026, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=2))), "1 January 2026"),
        ("2024-05-14", "14 May 2024"),
        ("2024-05", "May 2024"),
        ("2024", "2024"),
    ],
)
def test_dates_are_written_in_words(value, words):
    assert date_words(value) == words


def test_every_month_has_its_english_name():
    names = [month_words(2025, month) for month in range(1, 13)]
    assert names[0] == "January 2025" and names[4] == "May 2025" and names[11] == "December 2025"
    assert len(set(names)) == 12


@pytest.mark.parametrize(
    ("number", "noun", "plural", "words"),
    [
        (0, "brief", None, "0 briefs"),
        (1, "brief", None, "1 brief"),
        (2, "brief", None, "2 briefs"),
        (1, "category", "categories", "1 category"),
        (3, "category", "categories", "3 categories"),
        (1, "AI brief", None, "1 AI brief"),
    ],
)
def test_counts_are_written_as_readers_say_them(number, noun, plural, words):
    assert counted(number, noun, plural) == words


def test_a_few_titles_and_how_many_more():
    assert few_of(["A", "B"]) == "A; B"
    assert few_of(["A", "B", "C", "D", "E"]) == "A; B; C and 2 more"


# What the template check below must catch: each a way a template once wrote a date or a plural.
HAND_WRITTEN = [
    "{{ value.strftime('%B %Y') }}",
    "{{ value|strftime('%d %B') }}",
    '{{ n }} brief{{ "" if n == 1 else "s" }}',
    "{{ n }} brief{% if n != 1 %}s{% endif %}",
    "{{ n }} {{ 'brief' if n == 1 else 'briefs' }}",
    '{{ n }} {{ noun if n == 1 else (plural or noun ~ "s") }}',
]


def hand_written(source: str) -> list[str]:
    """What in a template's source formats a date by strftime or picks a plural by comparing a
    number with 1; each found as the line it stands on."""
    found = []
    for node in Environment().parse(source).find_all((nodes.Getattr, nodes.Filter, nodes.CondExpr, nodes.If)):
        if isinstance(node, (nodes.Getattr, nodes.Filter)) and "strftime" in (
            getattr(node, "attr", None),
            getattr(node, "name", None),
        ):
            found.append(f"line {node.lineno}: strftime")
        elif isinstance(node, (nodes.CondExpr, nodes.If)) and _compares_with_one(node.test):
            found.append(f"line {node.lineno}: a plural by hand (use |counted)")
    return found


def _compares_with_one(test: nodes.Node) -> bool:
    return isinstance(test, nodes.Compare) and any(
        isinstance(operand.expr, nodes.Const) and operand.expr.value == 1 and operand.op in ("eq", "ne")
        for operand in test.ops
    )


@pytest.mark.parametrize("source", HAND_WRITTEN)
def test_the_template_check_finds_dates_and_plurals_written_by_hand(source):
    assert hand_written(source)


def test_no_template_formats_a_date_or_a_plural_by_hand():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 10
    found = {
        str(path.relative_to(TEMPLATES)): problems
        for path in templates
        if (problems := hand_written(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_every_filter_the_templates_use_exists():
    """Jinja names an unknown filter only when it compiles a template; compile every one with the
    filters a build gives them (Pelican's own and words.py's)."""
    settings = with_defaults(copy.deepcopy(DEFAULT_CONFIG))
    environment = Environment(loader=FileSystemLoader(TEMPLATES))
    environment.filters.update(settings["JINJA_FILTERS"])
    for path in TEMPLATES.rglob("*.html"):
        environment.get_template(str(path.relative_to(TEMPLATES)))  # raises on an unknown filter
    assert {"date_words", "counted"} <= set(settings["JINJA_FILTERS"])
