"""Dates and counts as readers say them, in English words, the same on every machine.

strftime's month names follow the machine's locale (a build on a German runner wrote "Mai"), and
hand-written plural endings drift apart; so the plugin and every template use these (templates get
them as Jinja filters, settings.py says how).
"""

from __future__ import annotations

from datetime import date

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_words(value: date | str) -> str:
    """'14 May 2024' for a date (a datetime: its own day); a partial ISO date such as a timeline's
    '2024-05' or '2024' gives 'May 2024' or '2024'. Written out so no reader misreads 05/04."""
    if isinstance(value, str):
        parts = [int(part) for part in value.split("-")]
    else:
        parts = [value.year, value.month, value.day]
    if len(parts) == 1:
        return str(parts[0])
    month = month_words(parts[0], parts[1])
    return f"{parts[2]} {month}" if len(parts) > 2 else month


def month_words(year: int, month: int) -> str:
    """'January 2025': how a month is written on the site."""
    return f"{MONTHS[month - 1]} {year}"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """'1 brief', '2 briefs', '3 categories' (with `plural`): a count as readers say it."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def few_of(titles: list[str], most: int = 3) -> str:
    """'A; B; C and 4 more': a few titles, for summaries that stay short."""
    shown = "; ".join(titles[:most])
    return f"{shown} and {len(titles) - most} more" if len(titles) > most else shown


# What templates can use: `{{ article.date|date_words }}`, `{{ briefs|length|counted("brief") }}`.
FILTERS = {"date_words": date_words, "counted": counted}
